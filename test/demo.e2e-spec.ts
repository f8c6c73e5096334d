/**
 * The seed's demo (examples/visits) as the README walks through it, with real processes, on both
 * logs. On the embedded log with the local node agent: kubectl applies Redis and the web app; curl
 * reaches the web pods through the service proxy, on the node port and on the cluster IP, and the
 * counter kept in Redis rises; scaled to 3 every replica answers; a web container killed with
 * kill -9 is restarted; a deleted web pod is replaced by its ReplicationController. On Kafka with
 * two `bosun agent` processes: the same demo spread over both nodes, so that web pods on one node
 * reach Redis on the other through the service proxy; one agent killed with kill -9 → its node
 * NotReady → its pods recreated on the other and the count goes on; the agent restarted → no
 * orphan, no pod running twice. Afterwards nothing of the demo is left on this machine.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { killHard, spawnLines, type LineChild } from './support/child-process';
import { networkTraces } from './support/host-network';
import { testKafkaBrokers } from './support/test-kafka';
import { curl, hostBaseline, VisitsDemo, webProcessOf, type HostBaseline } from './support/visits-demo';
import { waitFor } from './support/wait-for';

jest.setTimeout(240_000);

const BOSUN = join(__dirname, '..', 'bin', 'bosun');

describe('the visits demo: web + Redis on the local node agent', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bosun-demo-e2e-'));
  const node = `demo-${process.pid}`;
  let bosun: BosunUnderTest | undefined;
  let baseline: HostBaseline;
  const demo = new VisitsDemo(() => bosun!);
  let nodeURL = '';

  beforeAll(async () => {
    baseline = hostBaseline();
    bosun = await startBosun(dataDir, 0, ['--node-agent', 'local', '--node-name', node]);
  });

  afterAll(async () => {
    // Also after a failed test: stop bosun (Ctrl-C stops every pod), kill what it left, then say so.
    const exit = await bosun?.stop('SIGINT').catch((error: Error) => error.message);
    const left = baseline.killLeftovers();
    rmSync(dataDir, { recursive: true, force: true });
    expect({ exit, left }).toEqual({ exit: 0, left: [] });
    expect(networkTraces()).toEqual(baseline.networkTraces);
  });

  it('runs Redis and the web app from the manifests in examples/visits', async () => {
    await waitFor('the node Ready', () => demo.nodeReady(node) === 'True', 30_000);
    await demo.apply();
    nodeURL = demo.nodeURL(node);
  });

  it('counts visits through the node port and the cluster IP, in Redis as kubectl exec shows', () => {
    const pods = demo.webPods();
    for (const pod of [...demo.visits(nodeURL, 3), ...demo.visits(demo.clusterURL, 3)]) expect(pods).toContain(pod);
    expect(demo.ok(['exec', 'redis', '--', 'redis-cli', 'get', 'visits'])).toBe('6\n');
  });

  it('spreads the traffic over all three replicas once scaled to 3', async () => {
    await demo.scaleToThree();
  });

  it('restarts a web container killed with kill -9', async () => {
    const [pod] = demo.webPods();
    const [pid] = webProcessOf(pod);
    process.kill(pid, 'SIGKILL');
    await waitFor(`${pod} restarted`, () => demo.get('pod', pod, '.status.containerStatuses[0].restartCount') === '1' && demo.get('pod', pod, '.status.containerStatuses[0].ready') === 'true', 60_000);
    expect(JSON.parse(demo.get('pod', pod, '.status.containerStatuses[0].lastState'))).toMatchObject({ terminated: { exitCode: 137 } });
    expect(webProcessOf(pod)).toHaveLength(1);
    expect(webProcessOf(pod)[0]).not.toBe(pid);
    await demo.webReady(3);
    await demo.reachAll(demo.clusterURL, [pod]);
  });

  it('replaces a deleted web pod, and the count goes on', async () => {
    const before = demo.webPods();
    const doomed = before[before.length - 1];
    demo.ok(['delete', 'pod', doomed]); // kubectl waits until the pod and its processes are gone
    expect(webProcessOf(doomed)).toEqual([]);
    const after = await demo.webReady(3);
    const [replacement] = after.filter((pod) => !before.includes(pod));
    expect(replacement).toBeDefined();
    expect(after).not.toContain(doomed);
    expect(await demo.reachAll(nodeURL, after)).toEqual(new Set(after));
  });

  it('stops everything when the demo is deleted', async () => {
    await demo.remove(baseline);
    expect(curl(nodeURL)).toBeUndefined();
  });
});

describe('the visits demo: web + Redis on Kafka with two node agents', () => {
  const prefix = `demo${randomUUID().slice(0, 8)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bosun-demo-kafka-e2e-'));
  const log = (): string[] => ['--kafka', testKafkaBrokers().join(','), '--topic-prefix', prefix, '--data-dir', dataDir];
  const addresses: Record<string, string> = { [`demo-a-${process.pid}`]: '127.0.0.2', [`demo-b-${process.pid}`]: '127.0.0.3' };
  const nodes = Object.keys(addresses);
  const agents = new Map<string, LineChild>();
  let bosun: BosunUnderTest | undefined;
  let baseline: HostBaseline;
  const demo = new VisitsDemo(() => bosun!);
  /** The node whose agent is killed (the one without Redis, so the count survives), and the other. */
  let victim = '';
  let survivor = '';
  let lost: string[] = [];

  const agent = (name: string): LineChild => {
    const child = spawnLines(process.execPath, [BOSUN, 'agent', ...log(), '--pod-dns-upstream', 'none', '--name', name, '--address', addresses[name]]);
    agents.set(name, child);
    return child;
  };
  const agentOutput = (): string =>
    [...agents].map(([name, a]) => `--- ${name}: ${a.lines.slice(-30).join('\n')}\n${a.stderr().slice(-3000)}`).join('\n');
  const webOn = (node: string): string[] => demo.webPods().filter((pod) => demo.placement().get(pod) === node);

  beforeAll(async () => {
    baseline = hostBaseline();
    // The control plane alone; a node that misses heartbeats for 3 s is NotReady, its pods evicted 2 s later.
    bosun = await startBosun(dataDir, 0, [...log(), '--node-agent', 'none', '--node-monitor-grace-period', '3s', '--pod-eviction-timeout', '2s']);
    for (const node of nodes) agent(node);
  });

  afterAll(async () => {
    // Also after a failed test: Ctrl-C stops each agent and its pods, then the control plane; kill
    // what is left and say so.
    const codes = await Promise.all([...agents.values()].map((a) => (a.process.exitCode === null && a.process.signalCode === null ? (a.process.kill('SIGINT'), a.exited) : undefined)));
    const exit = await bosun?.stop('SIGINT').catch((error: Error) => error.message);
    const left = baseline.killLeftovers();
    rmSync(dataDir, { recursive: true, force: true });
    expect({ exit, agents: codes.filter((c) => c !== undefined), left }).toEqual({ exit: 0, agents: [0, 0], left: [] });
    expect(networkTraces()).toEqual(baseline.networkTraces);
  });

  it('runs Redis and the web app from the manifests in examples/visits, over both nodes', async () => {
    await waitFor('both nodes Ready', () => nodes.every((node) => demo.nodeReady(node) === 'True'), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${agentOutput()}`);
    });
    await demo.apply();
  });

  it('counts visits through each node’s node port and the cluster IP', async () => {
    const pods = demo.webPods();
    for (const url of [...nodes.map((node) => demo.nodeURL(node)), demo.clusterURL]) {
      // Each agent follows the Endpoints from Kafka on its own: it may see them a moment after kubectl does.
      const first = await waitFor(`an answer through ${url}`, () => demo.visits(url, 1), 10_000);
      for (const pod of [...first, ...demo.visits(url, 2)]) expect(pods).toContain(pod);
    }
  });

  it('scaled to 3, spreads web over both nodes, and a web pod reaches Redis on the other node', async () => {
    const pods = await demo.scaleToThree();
    const placement = demo.placement();
    expect(new Set(pods.map((pod) => placement.get(pod)))).toEqual(new Set(nodes));
    // scaleToThree had every replica answer, and an answer is an INCR in Redis: so did those here.
    expect(pods.filter((pod) => placement.get(pod) !== placement.get('redis')).length).toBeGreaterThan(0);
    survivor = placement.get('redis')!;
    victim = nodes.find((node) => node !== survivor)!;
  });

  it('moves the pods of an agent killed with kill -9 to the other node, and the count goes on', async () => {
    lost = webOn(victim);
    expect(lost.length).toBeGreaterThan(0);
    await killHard(agents.get(victim)!);
    // A dead kubelet leaves its containers running: its pods' processes stay until it comes back.
    for (const pod of lost) expect(webProcessOf(pod)).toHaveLength(1);
    await waitFor(`${victim} NotReady`, () => demo.nodeReady(victim) === 'Unknown', 60_000);
    expect(demo.ok(['get', 'node', victim])).toMatch(/NotReady/);
    const pods = await waitFor('3 web pods ready, all on the surviving node', async () => {
      const ready = await demo.webReady(3, 1_000).catch(() => []);
      return ready.length === 3 && ready.every((pod) => demo.placement().get(pod) === survivor) && ready;
    }, 90_000);
    for (const pod of lost) expect(pods).not.toContain(pod);
    expect(demo.placement().get('redis')).toBe(survivor);
    expect(await demo.reachAll(demo.nodeURL(survivor), pods)).toEqual(new Set(pods));
    expect(await demo.reachAll(demo.clusterURL, pods)).toEqual(new Set(pods));
  });

  it('the killed agent, restarted, stops the processes of the pods it lost: no orphan, no duplicate', async () => {
    agent(victim);
    await waitFor(`${victim} Ready again`, () => demo.nodeReady(victim) === 'True', 60_000);
    await waitFor('the lost pods’ processes gone', () => lost.every((pod) => webProcessOf(pod).length === 0), 60_000);
    const pods = await demo.webReady(3);
    expect(pods.map((pod) => webProcessOf(pod).length)).toEqual([1, 1, 1]);
    // The demo's processes: three web apps, one redis-server, four pause processes.
    await waitFor('only the live pods’ processes', () => {
      const pids = baseline.demoProcesses();
      if (pids.length !== 8) throw new Error(spawnSync('ps', ['-o', 'pid,ppid,etimes,args', '-p', pids.join(',')], { encoding: 'utf8' }).stdout);
      return true;
    }, 30_000);
    // Its proxy serves the node port again, relaying to the pods on the other node.
    expect(await demo.reachAll(demo.nodeURL(victim), pods)).toEqual(new Set(pods));
    demo.visits(demo.clusterURL, 3);
  });

  it('stops everything when the demo is deleted', async () => {
    await demo.remove(baseline);
    for (const node of nodes) expect(curl(demo.nodeURL(node))).toBeUndefined();
  });
});
