import type { LogRecord, NewRecord } from '@bosun/event-log';
import { claimRecord, ClusterState, eventToRecord } from '@bosun/runtime';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { ServiceProxy } from './service-proxy';
import { bosunTables, inPodRange, rulesScript, ServiceRules, tableName } from './service-rules';

const network = { bridge: 'bsn-br-feedf00d', podCidr: '10.244.250.0/24', podRange: '10.244.0.0/16', serviceCidr: '10.111.255.0/28' };

describe('service rules (nftables)', () => {
  const rules = [
    { protocol: 'TCP' as const, clusterIP: '10.111.255.3', port: 80, targets: [{ host: '10.244.250.2', port: 8080 }] },
    { protocol: 'UDP' as const, clusterIP: '10.111.255.3', port: 53, targets: [{ host: '10.244.250.2', port: 53 }, { host: '10.244.1.7', port: 5353 }] },
    { protocol: 'TCP' as const, clusterIP: '10.111.255.4', port: 80, targets: [] },
  ];

  it('DNATs each service port with endpoints to one of them, and leaves those without to the relays', () => {
    const script = rulesScript('bosun-t', network, rules);
    expect(script).toContain('ip daddr 10.111.255.3 tcp dport 80 counter dnat to 10.244.250.2:8080');
    expect(script).toContain('ip daddr 10.111.255.3 udp dport 53 counter dnat ip to numgen random mod 2 map { 0 : 10.244.250.2 . 53, 1 : 10.244.1.7 . 5353 }');
    expect(script).not.toContain('10.111.255.4');
    // Replaced whole in one transaction; hairpin masquerade on this node's bridge only; no forwarding off the pod bridges.
    expect(script.split('\n').slice(0, 3)).toEqual(['table ip bosun-t {}', 'delete table ip bosun-t', 'table ip bosun-t {']);
    expect(script).toContain('oifname "bsn-br-feedf00d" ip saddr 10.244.250.0/24 ct status dnat masquerade');
    expect(script).toContain('iifname "bsn-br-*" oifname != "bsn-br-*" counter drop');
  });

  it('forwards in the kernel only to pod addresses', () => {
    expect(inPodRange([{ host: '10.244.3.4', port: 1 }], '10.244.0.0/16')).toBe(true);
    expect(inPodRange([{ host: '10.244.3.4', port: 1 }, { host: '127.0.0.1', port: 1 }], '10.244.0.0/16')).toBe(false);
    expect(inPodRange([{ host: 'example.com', port: 1 }], '10.244.0.0/16')).toBe(false);
  });

  const asRoot = ServiceRules.available() ? it : it.skip;
  asRoot('is a script nft accepts', () => {
    const r = spawnSync('nft', ['-c', '-f', '-'], { input: rulesScript('bosun-check', network, rules), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  /**
   * Two pods (network namespaces on a bridge of this test's own), one serving on 8080 behind a
   * service: the host and both pods — the server itself too, through the hairpin — reach it on the
   * cluster IP through the DNAT rule, not a relay.
   */
  asRoot('forwards the host’s and pods’ connections to a cluster IP in the kernel, hairpin included, and leaves no trace', async () => {
    // Names and addresses of this process's own: another test run on the machine (a second
    // checkout, CI) builds its bridge, namespaces and tables beside these, not over them.
    const k = process.pid % 50;
    const network = { bridge: `bsn-br-feed${k.toString(16).padStart(4, '0')}`, podCidr: `10.244.${200 + k}.0/24`, podRange: '10.244.0.0/16', serviceCidr: `10.111.${k}.0/28` };
    const pod = (host: number): string => `10.244.${200 + k}.${host}`;
    const [way, wayPeer] = [`bsnspd${k}`, `bsnspe${k}`];
    const fence = { partition: 0, epoch: 1, owner: 'test' };
    let offset = 0;
    const stored = (r: NewRecord): LogRecord => ({ topic: 'bosun.events', partition: 0, offset: offset++, timestamp: 0, headers: {}, ...r }) as LogRecord;
    const created = (kind: 'Service' | 'Endpoints', object: Record<string, unknown>): LogRecord =>
      stored(eventToRecord({ kind, namespace: 'default', name: 'web' }, { type: `${kind}Created`, data: { object }, metadata: { machineVersion: 1, commandId: `c${offset}`, time: '2026-11-28T10:00:00Z', source: '/test' } }, 0, fence));
    const sh = (args: string[]): void => {
      const r = spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    };
    const pods = [`bsnspec${k}a`, `bsnspec${k}b`];
    const clean = (): void => {
      for (const ns of pods) spawnSync('ip', ['netns', 'del', ns]);
      spawnSync('ip', ['link', 'del', network.bridge]);
      spawnSync('ip', ['link', 'del', way]);
    };
    const dead = tableName(network.bridge.replace('feed', 'dead'), 4_000_000);
    let server: ChildProcess | undefined;
    let proxy: ServiceProxy | undefined;
    clean();
    try {
      sh(['ip', 'link', 'add', network.bridge, 'type', 'bridge']);
      sh(['ip', 'addr', 'add', `${pod(1)}/24`, 'dev', network.bridge]);
      sh(['ip', 'link', 'set', network.bridge, 'up']);
      pods.forEach((ns, i) => {
        sh(['ip', 'netns', 'add', ns]);
        sh(['ip', 'link', 'add', `${ns}h`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
        sh(['ip', 'link', 'set', `${ns}h`, 'master', network.bridge, 'up']);
        sh(['ip', 'link', 'set', `${ns}h`, 'type', 'bridge_slave', 'hairpin', 'on']);
        sh(['ip', '-n', ns, 'addr', 'add', `${pod(i + 2)}/24`, 'dev', 'eth0']);
        sh(['ip', '-n', ns, 'link', 'set', 'eth0', 'up']);
        sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
        sh(['ip', '-n', ns, 'route', 'add', 'default', 'via', pod(1)]);
      });
      // An agent killed with kill -9 left its table: the next proxy removes it.
      sh(['nft', 'add', 'table', 'ip', dead]);
      // The second pod answers with the address it sees the client at.
      server = spawn('ip', ['netns', 'exec', pods[1], process.execPath, '-e', "require('net').createServer((c) => c.end(c.remoteAddress)).listen(8080, '0.0.0.0', () => console.log('up'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve) => server!.stdout!.once('data', resolve));

      const clusterIP = `10.111.${k}.3`;
      const state = new ClusterState();
      state.applyAll([
        stored(claimRecord(fence, 't')),
        created('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'u1' }, spec: { type: 'ClusterIP', clusterIP, ports: [{ protocol: 'TCP', port: 80 }] } }),
        created('Endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', uid: 'u2' }, subsets: [{ addresses: [{ ip: pod(3) }], ports: [{ port: 8080, protocol: 'TCP' }] }] }),
      ]);
      const said: string[] = [];
      proxy = new ServiceProxy(state, { nodeAddress: '127.0.0.1', manageAddresses: true, serviceCidr: network.serviceCidr, retryIntervalMs: 60_000, kernel: network, log: (m) => said.push(m) });
      await proxy.start();
      expect(proxy.forwardsInKernel).toBe(true);
      expect(await bosunTables()).toContain(tableName(network.bridge));
      expect(await bosunTables()).not.toContain(dead);
      expect(readFileSync(`/proc/sys/net/ipv4/conf/${network.bridge}/forwarding`, 'utf8').trim()).toBe('1');

      const fetch = (ns?: string): string => {
        const code = `const c = require('net').connect(80, '${clusterIP}'); let d = ''; c.on('data', (x) => (d += x)); c.on('end', () => console.log(d)); c.on('error', (e) => { console.error(e.message); process.exit(1); })`;
        const argv = ns === undefined ? [process.execPath, '-e', code] : ['ip', 'netns', 'exec', ns, process.execPath, '-e', code];
        const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
        if (r.status !== 0) throw new Error(`connect from ${ns ?? 'the host'}: ${r.stderr}`);
        return r.stdout.trim();
      };
      // From the host: DNAT in output, the source stays the cluster IP (a relay would connect from the bridge's address).
      expect(fetch()).toBe(clusterIP);
      // From the other pod and from the endpoint itself: masqueraded to the bridge's address.
      expect(fetch(pods[0])).toBe(pod(1));
      expect(fetch(pods[1])).toBe(pod(1));
      const counted = spawnSync('nft', ['list', 'chain', 'ip', tableName(network.bridge), 'services'], { encoding: 'utf8' }).stdout;
      expect(counted).toMatch(/tcp dport 80 counter packets [1-9]\d* bytes/);
      // A pod's packet for anywhere off the pod bridges is dropped, not forwarded: here a
      // veth pair of the test's (both ends on the host) stands for the way out.
      sh(['ip', 'link', 'add', way, 'type', 'veth', 'peer', 'name', wayPeer]);
      sh(['ip', 'addr', 'add', `198.51.100.${4 * k + 1}/30`, 'dev', way]);
      sh(['ip', 'link', 'set', way, 'up']);
      sh(['ip', 'link', 'set', wayPeer, 'up']);
      spawnSync('ip', ['netns', 'exec', pods[0], process.execPath, '-e', `require('net').connect({ port: 9, host: '198.51.100.${4 * k + 2}', timeout: 1500 }).on('timeout', () => process.exit(3)).on('error', () => process.exit(4))`], { timeout: 10_000 });
      const forward = spawnSync('nft', ['list', 'chain', 'ip', tableName(network.bridge), 'forward'], { encoding: 'utf8' }).stdout;
      expect(forward).toMatch(/counter packets [1-9]\d* bytes \d+ drop/);

      await proxy.stop();
      expect(await bosunTables()).not.toContain(tableName(network.bridge));
      expect(readFileSync(`/proc/sys/net/ipv4/conf/${network.bridge}/forwarding`, 'utf8').trim()).toBe('0');
      expect(said.some((m) => m.includes(`removed ${dead}`))).toBe(true);
    } finally {
      await proxy?.stop();
      server?.kill();
      spawnSync('nft', ['delete', 'table', 'ip', dead]);
      clean();
    }
    expect(existsSync(`/sys/class/net/${network.bridge}`)).toBe(false);
  }, 30_000);
});
