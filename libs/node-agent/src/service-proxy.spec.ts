import type { LogRecord, NewRecord } from '@bosun/event-log';
import { claimRecord, ClusterState, eventToRecord } from '@bosun/runtime';
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { ServiceProxy, targetsOf } from './service-proxy';

describe('service proxy targets', () => {
  const endpoints = {
    subsets: [
      { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], notReadyAddresses: [{ ip: '10.0.0.3' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.0.0.4' }], ports: [{ name: 'http', port: 8081, protocol: 'TCP' }] },
    ],
  };

  it('relays a service port to the ready addresses of the Endpoints port of the same name', () => {
    expect(targetsOf(endpoints, { name: 'http', port: 80 })).toEqual([
      { host: '10.0.0.1', port: 8080 },
      { host: '10.0.0.2', port: 8080 },
      { host: '10.0.0.4', port: 8081 },
    ]);
    expect(targetsOf(endpoints, { name: 'metrics', port: 9 })).toEqual([{ host: '10.0.0.1', port: 9090 }, { host: '10.0.0.2', port: 9090 }]);
  });

  it('matches an unnamed single port, and has nothing without Endpoints or for another protocol', () => {
    const single = { subsets: [{ addresses: [{ ip: '10.0.0.9' }], ports: [{ port: 6379 }] }] };
    expect(targetsOf(single, { port: 6379 })).toEqual([{ host: '10.0.0.9', port: 6379 }]);
    expect(targetsOf(single, { port: 6379, protocol: 'UDP' })).toEqual([]);
    expect(targetsOf(null, { port: 80 })).toEqual([]);
  });
});

describe('service proxy relays (loopback)', () => {
  const fence = { partition: 0, epoch: 1, owner: 'test' };
  let offset = 0;
  const stored = (r: NewRecord): LogRecord => ({ topic: 'bosun.events', partition: 0, offset: offset++, timestamp: 0, headers: {}, ...r }) as LogRecord;
  const created = (kind: 'Service' | 'Endpoints', object: Record<string, unknown>): LogRecord =>
    stored(
      eventToRecord({ kind, namespace: 'default', name: 'echo' }, { type: `${kind}Created`, data: { object }, metadata: { machineVersion: 1, commandId: `c${offset}`, time: '2026-11-28T10:00:00Z', source: '/test' } }, 0, fence),
    );
  const freePort = async (type: 'udp4' | 'tcp'): Promise<number> => {
    if (type === 'udp4') {
      const s = createSocket('udp4');
      await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
      const port = s.address().port;
      await new Promise<void>((r) => s.close(() => r()));
      return port;
    }
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    return port;
  };

  it('relays UDP datagrams and TCP connections (half-closed too) on a node port to a ready endpoint, and answers back', async () => {
    // One echo endpoint on both protocols.
    // Answers once the client has finished sending (a half-close), as a sink or an HTTP/1.0 server may.
    const tcpEcho = createServer({ allowHalfOpen: true }, (c) => {
      const got: Buffer[] = [];
      c.on('data', (d) => got.push(d));
      c.on('end', () => c.end(Buffer.concat([Buffer.from('echo:'), ...got])));
    });
    // The TCP port the kernel picks may be taken for UDP (or the other way round): try until one
    // number is free on both.
    let udpEcho = createSocket('udp4');
    for (let attempt = 0; ; attempt++) {
      await new Promise<void>((resolve, reject) => tcpEcho.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
      const tcpPort = (tcpEcho.address() as { port: number }).port;
      const bound = await new Promise<boolean>((resolve) => {
        udpEcho.once('error', () => resolve(false));
        udpEcho.bind(tcpPort, '127.0.0.1', () => resolve(true));
      });
      if (bound) break;
      udpEcho.close();
      udpEcho = createSocket('udp4');
      await new Promise<void>((r) => tcpEcho.close(() => r()));
      if (attempt === 20) throw new Error('no port free for both TCP and UDP');
    }
    udpEcho.on('message', (m, from) => udpEcho.send(Buffer.concat([Buffer.from('echo:'), m]), from.port, from.address));
    const port = udpEcho.address().port;
    const [udpNodePort, tcpNodePort] = [await freePort('udp4'), await freePort('tcp')];
    const state = new ClusterState();
    state.applyAll([
      stored(claimRecord(fence, 't')),
      created('Service', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'echo', namespace: 'default', uid: 'u1' },
        spec: { type: 'NodePort', clusterIP: '10.96.0.77', ports: [{ name: 'dns', protocol: 'UDP', port: 53, nodePort: udpNodePort }, { name: 'tcp', protocol: 'TCP', port: 53, nodePort: tcpNodePort }] },
      }),
      created('Endpoints', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'echo', namespace: 'default', uid: 'u2' },
        subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'dns', protocol: 'UDP', port }, { name: 'tcp', protocol: 'TCP', port }] }],
      }),
    ]);
    const proxy = new ServiceProxy(state, { nodeAddress: '127.0.0.1', manageAddresses: false, log: () => undefined });
    await proxy.start();
    const client = createSocket('udp4');
    try {
      expect(proxy.listening().sort()).toEqual([`TCP|127.0.0.1|${tcpNodePort}`, `UDP|127.0.0.1|${udpNodePort}`]);
      const answers: string[] = [];
      client.on('message', (m) => answers.push(m.toString()));
      for (const word of ['one', 'two']) {
        client.send(word, udpNodePort, '127.0.0.1');
        const deadline = Date.now() + 5_000;
        while (!answers.includes(`echo:${word}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      }
      expect(answers).toEqual(['echo:one', 'echo:two']);
      const reply = await new Promise<string>((resolve, reject) => {
        const c = connect(tcpNodePort, '127.0.0.1', () => c.end('three'));
        let data = '';
        c.on('data', (d) => (data += d.toString()));
        c.on('end', () => resolve(data));
        c.on('error', reject);
      });
      expect(reply).toBe('echo:three');
    } finally {
      client.close();
      await proxy.stop();
      udpEcho.close();
      tcpEcho.close();
    }
    expect(proxy.listening()).toEqual([]);
  });

  it('takes over a listen address another process held, once it is free (an agent killed on the same machine)', async () => {
    const nodePort = await freePort('tcp');
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(nodePort, '127.0.0.1', () => r()));
    const state = new ClusterState();
    state.applyAll([
      stored(claimRecord(fence, 't')),
      created('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace: 'default', uid: 'u3' }, spec: { type: 'NodePort', ports: [{ protocol: 'TCP', port: 80, nodePort }] } }),
    ]);
    const said: string[] = [];
    const proxy = new ServiceProxy(state, { nodeAddress: '127.0.0.1', manageAddresses: false, retryIntervalMs: 20, log: (m) => said.push(m) });
    await proxy.start();
    try {
      expect(proxy.listening()).toEqual([]);
      await new Promise<void>((r) => holder.close(() => r()));
      const deadline = Date.now() + 5_000;
      while (proxy.listening().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(proxy.listening()).toEqual([`TCP|127.0.0.1|${nodePort}`]);
      // The refusal is said once, however often it was tried, and so is the take-over.
      expect(said.filter((m) => m.includes('cannot listen'))).toHaveLength(1);
      expect(said.filter((m) => m.includes('now listening'))).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
  });

  // Two agents on one machine share lo: the cluster IP must stay there while either listens on it.
  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('keeps a cluster IP it listens on, on lo: neither an agent that lost the race to bind it nor a removal takes it away', async () => {
    const clusterIP = '10.111.255.7';
    const hello = createServer((c) => c.end('hello'));
    await new Promise<void>((r) => hello.listen(0, '127.0.0.1', () => r()));
    const target = (hello.address() as { port: number }).port;
    const state = new ClusterState();
    state.applyAll([
      stored(claimRecord(fence, 't')),
      created('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace: 'default', uid: 'u4' }, spec: { type: 'ClusterIP', clusterIP, ports: [{ protocol: 'TCP', port: 80 }] } }),
      created('Endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'echo', namespace: 'default', uid: 'u5' }, subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ port: target, protocol: 'TCP' }] }] }),
    ]);
    const options = { nodeAddress: '127.0.0.1', manageAddresses: true, serviceCidr: '10.111.255.0/28', log: () => undefined };
    const onLo = (): boolean => (networkInterfaces().lo ?? []).some((a) => a.address === clusterIP);
    const get = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const c = connect(80, clusterIP);
        let data = '';
        c.on('data', (d) => (data += d.toString()));
        c.on('end', () => resolve(data));
        c.on('error', reject);
      });
    const first = new ServiceProxy(state, { ...options, retryIntervalMs: 50 });
    let second: ServiceProxy | undefined;
    await first.start();
    try {
      expect(await get()).toBe('hello');
      // The IP went (another agent stopped): it is put back.
      spawnSync('ip', ['addr', 'del', `${clusterIP}/32`, 'dev', 'lo']);
      const deadline = Date.now() + 5_000;
      while (!onLo() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(onLo()).toBe(true);
      expect(await get()).toBe('hello');
      // The race: another agent adds the IP and is refused the port, because the first holds it.
      spawnSync('ip', ['addr', 'del', `${clusterIP}/32`, 'dev', 'lo']);
      await first.stop();
      const first2 = new ServiceProxy(state, { ...options, retryIntervalMs: 60_000 });
      await first2.start();
      spawnSync('ip', ['addr', 'del', `${clusterIP}/32`, 'dev', 'lo']);
      second = new ServiceProxy(state, { ...options, retryIntervalMs: 60_000 });
      await second.start();
      expect(second.listening()).toEqual([]);
      expect(onLo()).toBe(true);
      expect(await get()).toBe('hello');
      await second.stop();
      await first2.stop();
      expect(onLo()).toBe(false);
    } finally {
      await first.stop();
      await second?.stop();
      spawnSync('ip', ['addr', 'del', `${clusterIP}/32`, 'dev', 'lo']);
      hello.close();
    }
  });

  asRoot('removes cluster IPs of services that are gone from lo, and leaves the shared route to the other agents on this machine', async () => {
    const stale = '10.111.255.9';
    const cidr = '10.111.255.0/28';
    spawnSync('ip', ['addr', 'add', `${stale}/32`, 'dev', 'lo']);
    const state = new ClusterState();
    state.applyAll([stored(claimRecord(fence, 't'))]);
    const proxy = new ServiceProxy(state, { nodeAddress: '127.0.0.1', manageAddresses: true, serviceCidr: cidr, retryIntervalMs: 20, othersOnHost: () => true, log: () => undefined });
    const onLo = (): boolean => (networkInterfaces().lo ?? []).some((a) => a.address === stale);
    const routed = (): boolean => spawnSync('ip', ['route', 'show', 'type', 'blackhole', cidr], { encoding: 'utf8' }).stdout.includes(cidr);
    await proxy.start();
    try {
      const deadline = Date.now() + 5_000;
      while (onLo() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(onLo()).toBe(false);
      expect(routed()).toBe(true);
      await proxy.stop();
      expect(routed()).toBe(true);
    } finally {
      await proxy.stop();
      spawnSync('ip', ['addr', 'del', `${stale}/32`, 'dev', 'lo']);
      spawnSync('ip', ['route', 'del', 'blackhole', cidr]);
    }
    expect(routed()).toBe(false);
  });
});
