/**
 * npm run bench:api — latency (p50, p99) and throughput of create / get / list at 1, 10 and 50
 * concurrent clients, and watch fan-out to 100 watchers, against `bosun up` run as its own process,
 * on the embedded log and on Kafka.
 *
 * The server runs no node agent (`--node-agent none`): the pods stay Pending, and the figures are the API's.
 * Env: BOSUN_BENCH_REQUESTS (per client count and verb, default 2,000), BOSUN_BENCH_WARMUP (untimed
 * creates first, default 500; each client count also sends 5 untimed creates per client before its
 * figures, over the connections it then measures on), BOSUN_BENCH_KAFKA (brokers to use
 * instead of a broker of its own), BOSUN_BENCH_LOGS (`embedded`, `kafka` or both, the default),
 * BOSUN_BENCH_NODE_ARGS (options for the server's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const REQUESTS = Number(process.env.BOSUN_BENCH_REQUESTS ?? 2_000);
/** Creates sent before any figure is taken (BOSUN_BENCH_WARMUP). */
const WARMUP = Number(process.env.BOSUN_BENCH_WARMUP ?? 500);
/** Node options for the server process, e.g. `--cpu-prof` to profile it (BOSUN_BENCH_NODE_ARGS). */
const NODE_ARGS = (process.env.BOSUN_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
const root = join(__dirname, '..', '..', '..');
const scripts = join(root, 'scripts', 'kafka');

async function startBosun(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...NODE_ARGS, join(root, 'bin', 'bosun'), 'up', '--port', '0', '--node-agent', 'none', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (l) => l.includes('Kubernetes API at ') && resolve(l.slice(l.indexOf('http'))));
    child.once('exit', (code) => reject(new Error(`bosun up exited with ${code}`)));
  });
  return { url, child };
}

/**
 * CPU time (user + system, ms) the server process has used so far, from /proc (Linux); undefined
 * elsewhere. Per request it is a figure that load on the machine moves far less than latency.
 */
function serverCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (x: number): string => `${x.toFixed(1)} ms`;

async function load(clients: number, total: number, op: (i: number) => Promise<Response>): Promise<{ p50: number; p99: number; perSecond: number }> {
  const latencies: number[] = [];
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const s = performance.now();
        const res = await op(i);
        await res.arrayBuffer();
        if (res.status >= 300) throw new Error(`request ${i}: HTTP ${res.status}`);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { p50: pct(latencies, 50), p99: pct(latencies, 99), perSecond: Math.round((total / (performance.now() - t)) * 1000) };
}

async function scenario(name: string, args: string[]): Promise<void> {
  const { url, child } = await startBosun(args);
  try {
    const ns = `/api/v1/namespaces/default/pods`;
    const pod = (n: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: n, labels: { bench: 'api' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    // Untimed first: the first requests pay for the JIT's compiles and the lazy loading of
    // validation and OpenAPI, which a running server has long paid (bench:api measures one that runs).
    // Labelled apart, so the lists below count only the measured pods.
    const untimed = (name: string) => fetch(`${url}${ns}`, { method: 'POST', body: pod(name).replace('"bench":"api"', '"bench":"warmup"'), headers: { 'Content-Type': 'application/json' } });
    await load(10, WARMUP, (i) => untimed(`warmup-${i}`));
    let run = 0;
    for (const clients of [1, 10, 50]) {
      const prefix = `b${run++}-${Date.now() % 100000}`;
      // Untimed, at this concurrency: opens the clients' connections (a pool of `clients` keep-alive
      // sockets), so that the figures are the steady state's, not 50 connects at once.
      await load(clients, clients * 5, (i) => untimed(`${prefix}-warm-${i}`));
      const cpuBefore = serverCpuMs(child.pid);
      const create = await load(clients, REQUESTS, (i) => fetch(`${url}${ns}`, { method: 'POST', body: pod(`${prefix}-${i}`), headers: { 'Content-Type': 'application/json' } }));
      const cpuAfter = serverCpuMs(child.pid);
      const cpu = cpuBefore === undefined || cpuAfter === undefined ? '' : ` (server CPU ${Math.round(((cpuAfter - cpuBefore) * 1000) / REQUESTS)} µs/create)`;
      const get = await load(clients, REQUESTS, (i) => fetch(`${url}${ns}/${prefix}-${i % REQUESTS}`));
      const list = await load(clients, Math.max(50, REQUESTS / 20), () => fetch(`${url}${ns}?labelSelector=bench%3Dapi&limit=500`));
      console.log(`${name}: ${clients} clients: create p50 ${ms(create.p50)} p99 ${ms(create.p99)} ${create.perSecond}/s${cpu} | get p50 ${ms(get.p50)} p99 ${ms(get.p99)} ${get.perSecond}/s | list (${(run) * REQUESTS} pods) p50 ${ms(list.p50)} p99 ${ms(list.p99)} ${list.perSecond}/s`);
    }
    // Watch fan-out: 100 watchers, 100 creates; every watcher must see every ADDED.
    const watchers = 100;
    const seen = Array.from({ length: watchers }, () => new Map<string, number>());
    const controllers = Array.from({ length: watchers }, () => new AbortController());
    const rv = ((await (await fetch(`${url}${ns}?limit=1`)).json()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    await Promise.all(
      controllers.map(async (c, w) => {
        const res = await fetch(`${url}${ns}?watch=true&resourceVersion=${rv}&labelSelector=fan%3Dout`, { signal: c.signal });
        void (async () => {
          let buffer = '';
          try {
            for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
              buffer += Buffer.from(chunk).toString();
              let nl;
              while ((nl = buffer.indexOf('\n')) >= 0) {
                const line = JSON.parse(buffer.slice(0, nl)) as { type: string; object: { metadata: { name: string } } };
                buffer = buffer.slice(nl + 1);
                if (line.type === 'ADDED') seen[w].set(line.object.metadata.name, performance.now());
              }
            }
          } catch {
            /* aborted */
          }
        })();
      }),
    );
    const created = new Map<string, number>();
    for (let i = 0; i < 100; i++) {
      const n = `fan-${Date.now() % 100000}-${i}`;
      created.set(n, performance.now());
      const res = await fetch(`${url}${ns}`, { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: n, labels: { fan: 'out' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }), headers: { 'Content-Type': 'application/json' } });
      await res.arrayBuffer();
    }
    const deadline = Date.now() + 30_000;
    while (seen.some((s) => s.size < 100) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const delays = seen.flatMap((s) => [...s].map(([n, at]) => at - (created.get(n) ?? at)));
    const complete = seen.filter((s) => s.size === 100).length;
    console.log(`${name}: watch fan-out: ${complete}/${watchers} watchers saw all 100 creates; delivery after create p50 ${ms(pct(delays, 50))} p99 ${ms(pct(delays, 99))}`);
    controllers.forEach((c) => c.abort());
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bosun-bench-api-'));
  let kafkaDir: string | undefined;
  const logs = (process.env.BOSUN_BENCH_LOGS ?? 'embedded,kafka').split(',');
  try {
    if (logs.includes('embedded')) await scenario('embedded', ['--data-dir', join(scratch, 'data')]);
    if (!logs.includes('kafka')) return;
    let brokers = process.env.BOSUN_BENCH_KAFKA;
    if (!brokers) {
      kafkaDir = mkdtempSync(join(tmpdir(), 'bosun-bench-kafka-'));
      brokers = execFileSync(join(scripts, 'start.sh'), ['--dir', kafkaDir, '--port', '39792'], { encoding: 'utf8' }).trim();
    }
    await scenario('kafka', ['--data-dir', join(scratch, 'kafka'), '--kafka', brokers]);
  } finally {
    if (kafkaDir) execFileSync(join(scripts, 'stop.sh'), ['--dir', kafkaDir, '--wipe'], { stdio: 'inherit' });
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
