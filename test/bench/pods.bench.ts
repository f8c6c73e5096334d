/**
 * `npm run bench:pods` (root, Linux: pods are sandboxed processes): pod startup latency and the
 * service proxy's cost, against `bosun up` run as its own process with two node agents.
 * - startup: 100 pods (BOSUN_BENCH_PODS) created 10 at a time; for each, create → phase Running as
 *   seen through a watch; p50 and p99 (target p99 ≤ 1 s);
 * - proxy: a sink pod behind a Service; throughput of 256 MiB sent to the pod IP directly and to the
 *   cluster IP through the proxy (target ≥ 50 %), and the round trip of a small request both ways.
 * BOSUN_BENCH_PROXY_MODE=nftables (default) or userspace picks the agents' --proxy-mode.
 * BOSUN_BENCH_LOG=embedded (default: the second agent reads the same data directory) or kafka (a
 * broker from scripts/kafka). BOSUN_BENCH_PROXY=0 measures startup only. Cleans up its pods, agents
 * and network on the way out.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const PODS = Number(process.env.BOSUN_BENCH_PODS ?? 100);
const LOG = process.env.BOSUN_BENCH_LOG ?? 'embedded';
const PROXY = process.env.BOSUN_BENCH_PROXY !== '0';
const root = join(__dirname, '..', '..', '..');
const BIN = join(root, 'bin', 'bosun');

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

/** The agents' --proxy-mode: nftables (the default: kernel DNAT) or userspace (every byte relayed). */
const PROXY_MODE = process.env.BOSUN_BENCH_PROXY_MODE ?? 'nftables';

function startProcess(args: string[], ready: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const lines = [...[child.stdout!, child.stderr!]].map((s) => createInterface({ input: s }));
    for (const l of lines) l.on('line', (line) => line.includes(ready) && resolve({ child, line }));
    child.once('exit', (code) => reject(new Error(`bosun ${args[0]} exited with ${code}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:pods needs root: its pods are sandboxed processes on a bridge');
  const dir = mkdtempSync(join(tmpdir(), 'bosun-bench-pods-'));
  const children: ChildProcess[] = [];
  let kafkaDir: string | undefined;
  try {
    let logArgs = ['--data-dir', dir];
    if (LOG === 'kafka') {
      kafkaDir = mkdtempSync(join(tmpdir(), 'bosun-bench-kafka-'));
      const brokers = execFileSync(join(root, 'scripts', 'kafka', 'start.sh'), ['--dir', kafkaDir, '--port', '39792'], { encoding: 'utf8' }).trim();
      logArgs = ['--kafka', brokers, '--data-dir', dir];
    }
    const up = await startProcess(['up', ...logArgs, '--port', '0', '--node-agent', 'local', '--node-name', 'bench-a', '--proxy-mode', PROXY_MODE], 'Kubernetes API at ');
    children.push(up.child);
    const url = up.line.slice(up.line.indexOf('http'));
    const agent = await startProcess(['agent', ...logArgs, '--name', 'bench-b', '--address', '127.0.0.3', '--proxy-mode', PROXY_MODE], 'ready at');
    children.push(agent.child);
    const api = (path: string, init?: RequestInit): Promise<Response> => fetch(`${url}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
    const waitRunning = async (): Promise<void> => {
      for (;;) {
        const nodes = (await (await api('/api/v1/nodes')).json()) as { items: { status: { conditions?: { type: string; status: string }[] } }[] };
        if (nodes.items.length === 2 && nodes.items.every((n) => n.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await waitRunning();

    // Startup latency, through one watch of all pods.
    const created = new Map<string, number>();
    const running = new Map<string, number>();
    const watch = await api('/api/v1/namespaces/default/pods?watch=1');
    const reader = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of watch.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const event = JSON.parse(buffer.slice(0, nl)) as { object: { metadata: { name: string }; status?: { phase?: string } } };
          buffer = buffer.slice(nl + 1);
          const name = event.object.metadata.name;
          if (event.object.status?.phase === 'Running' && !running.has(name)) running.set(name, performance.now());
        }
        if (running.size >= PODS) return;
      }
    })();
    const pod = (name: string, command: string[], labels: Record<string, string> = {}): string =>
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox', command }] } });
    for (let i = 0; i < PODS; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, PODS - i) }, async (_, j) => {
          const name = `start-${i + j}`;
          created.set(name, performance.now());
          const res = await api('/api/v1/namespaces/default/pods', { method: 'POST', body: pod(name, ['sleep', '3600']) });
          if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${await res.text()}`);
        }),
      );
    }
    await reader;
    const latencies = [...created].map(([name, t]) => running.get(name)! - t);
    const placed = (await (await api('/api/v1/namespaces/default/pods')).json()) as { items: { metadata: { name: string }; spec: { nodeName: string } }[] };
    const byNode = new Map<string, number[]>();
    for (const p of placed.items) byNode.set(p.spec.nodeName, [...(byNode.get(p.spec.nodeName) ?? []), running.get(p.metadata.name)! - created.get(p.metadata.name)!]);
    console.log(`log: ${LOG}; ${PODS} pods over ${[...byNode].map(([n, c]) => `${n} (${c.length})`).join(', ')}`);
    console.log(`pod startup, create → Running seen by a watch: p50 ${pct(latencies, 50).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms`);
    for (const [node, l] of byNode) console.log(`  on ${node}${node === 'bench-a' ? ' (in the bosun up process)' : ' (bosun agent, its own process)'}: p50 ${pct(l, 50).toFixed(0)} ms, p99 ${pct(l, 99).toFixed(0)} ms`);
    await Promise.all([...created.keys()].map((name) => api(`/api/v1/namespaces/default/pods/${name}?gracePeriodSeconds=0`, { method: 'DELETE' })));
    // The proxy is measured on a quiet node: every started pod gone first.
    while (((await (await api('/api/v1/namespaces/default/pods')).json()) as { items: unknown[] }).items.length > 0) await new Promise((r) => setTimeout(r, 200));
    if (!PROXY) return;

    // The proxy: a sink that counts bytes and echoes single lines.
    const sink = `import socket,threading
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', 9000)); s.listen(64)
def serve(c):
    data=c.recv(65536)
    if data.startswith(b'ECHO'):
        while data:
            c.sendall(data)
            data=c.recv(65536)
    else:
        n=len(data)
        while data:
            data=c.recv(1<<20)
            n+=len(data)
        c.sendall(str(n).encode())
    c.close()
while True:
    c,_=s.accept(); threading.Thread(target=serve,args=(c,),daemon=True).start()`;
    await api('/api/v1/namespaces/default/pods', { method: 'POST', body: pod('sink', ['python3', '-c', sink], { app: 'sink' }) });
    await api('/api/v1/namespaces/default/services', { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'sink' }, spec: { selector: { app: 'sink' }, ports: [{ port: 9000 }] } }) });
    let podIP = '';
    let clusterIP = '';
    for (;;) {
      const p = (await (await api('/api/v1/namespaces/default/pods/sink')).json()) as { status?: { podIP?: string } };
      const e = (await (await api('/api/v1/namespaces/default/endpoints/sink')).json()) as { subsets?: { addresses?: unknown[] }[] };
      const s = (await (await api('/api/v1/namespaces/default/services/sink')).json()) as { spec: { clusterIP: string } };
      podIP = p.status?.podIP ?? '';
      clusterIP = s.spec.clusterIP;
      if (podIP && (e.subsets?.[0]?.addresses?.length ?? 0) > 0 && (await canConnect(podIP, 9000))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(`sink pod at ${podIP}, service at ${clusterIP}`);
    const BYTES = 256 * 1024 * 1024;
    const direct: number[] = [];
    const proxied: number[] = [];
    for (let run = 0; run < 3; run++) {
      direct.push(await throughput(podIP, BYTES));
      proxied.push(await throughput(clusterIP, BYTES));
    }
    const mb = (x: number): string => `${(x / 1024 / 1024).toFixed(0)} MiB/s`;
    const [d, p] = [pct(direct, 50), pct(proxied, 50)];
    console.log(`proxy throughput (median of 3, ${BYTES / 1024 / 1024} MiB): direct ${mb(d)}, through the cluster IP ${mb(p)}: ${((p / d) * 100).toFixed(0)} % of direct`);
    const [rd, rp] = [await roundTrips(podIP), await roundTrips(clusterIP)];
    console.log(`round trip of a line (p50 over 1,000): direct ${(rd * 1000).toFixed(0)} µs, through the cluster IP ${(rp * 1000).toFixed(0)} µs (+${((rp - rd) * 1000).toFixed(0)} µs)`);
  } finally {
    for (const child of children.reverse()) await stop(child);
    if (kafkaDir) execFileSync(join(root, 'scripts', 'kafka', 'stop.sh'), ['--dir', kafkaDir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, host, () => {
      s.end('ECHO\n');
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** Bytes per second of `bytes` written to host:9000 until the sink's count comes back. */
function throughput(host: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(1 << 20, 120);
    const t = performance.now();
    const s = connect(9000, host, () => {
      let sent = 0;
      const pump = (): void => {
        while (sent < bytes) {
          sent += chunk.length;
          if (!s.write(chunk)) {
            s.once('drain', pump);
            return;
          }
        }
        s.end();
      };
      pump();
    });
    let answer = '';
    s.on('data', (b) => (answer += b.toString()));
    s.on('end', () => (Number(answer) === bytes ? resolve(bytes / ((performance.now() - t) / 1000)) : reject(new Error(`the sink at ${host} counted "${answer}" of ${bytes} bytes`))));
    s.on('error', reject);
  });
}

/** Median milliseconds for a line to go to the echo and back, over one connection. */
function roundTrips(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let t = 0;
    const s = connect(9000, host, () => {
      t = performance.now();
      s.write('ECHO\n');
    });
    let pending = '';
    s.on('data', (b) => {
      pending += b.toString();
      while (pending.includes('\n')) {
        pending = pending.slice(pending.indexOf('\n') + 1);
        times.push(performance.now() - t);
        if (times.length === 1_001) {
          s.end();
          resolve(pct(times.slice(1), 50));
          return;
        }
        t = performance.now();
        s.write('x\n');
      }
    });
    s.on('error', reject);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
