/**
 * The seed's demo (examples/visits) as the README walks through it, with real processes: kubectl
 * applies Redis and the web app; curl reaches the web pods through the service proxy, on the node
 * port and on the cluster IP, and the counter kept in Redis rises; scaled to 3 every replica answers;
 * a web container killed with kill -9 is restarted; a deleted web pod is replaced by its
 * ReplicationController. Afterwards nothing of the demo is left on this machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { networkTraces } from './support/host-network';
import { podProcesses } from './support/pod-processes';
import { waitFor } from './support/wait-for';

jest.setTimeout(240_000);

const ROOT = join(__dirname, '..');
const DEMO = join(ROOT, 'examples', 'visits');

/**
 * The processes a run of the demo starts: the web app, redis-server, and the pods' pause processes
 * (`unshare … sleep infinity`). Their command lines carry no marker of this suite, so the suite tells
 * them apart by comparing with what ran before it started.
 */
const demoProcessPattern = 'visits\\.py|redis-server|unshare --pid --uts';
const processesBefore = new Set(podProcesses(demoProcessPattern));
const demoProcesses = (): number[] => podProcesses(demoProcessPattern).filter((pid) => !processesBefore.has(pid));
const tracesBefore = networkTraces();

/** GET through curl, as the README does; undefined when curl fails (refused, timed out). */
const curl = (url: string): string | undefined => {
  const r = spawnSync('curl', ['-sS', '--fail', '--max-time', '5', url], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
};

/** One answer of the web app: `visit N, served by POD`. */
const visit = (url: string): { count: number; pod: string } => {
  const body = curl(url);
  const match = /^visit (\d+), served by (\S+)\n$/.exec(body ?? '');
  if (match === null) throw new Error(`unexpected answer from ${url}: ${JSON.stringify(body)}`);
  return { count: Number(match[1]), pod: match[2] };
};

describe('the visits demo: web + Redis on the local node agent', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bosun-demo-e2e-'));
  const node = `demo-${process.pid}`;
  let bosun: BosunUnderTest | undefined;
  let nodeURL = '';
  let clusterURL = '';
  /** Visits counted so far: every successful request adds one, whichever replica answers. */
  let counted = 0;

  const ok = (args: string[], input?: string): string => {
    const r = bosun!.kubectl(args, input);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };
  const get = (kind: string, name: string, path: string): string => bosun!.kubectl(['get', kind, name, '-o', `jsonpath={${path}}`]).stdout;
  const webPods = (): string[] => ok(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').filter(Boolean).sort();
  const readyWebAddresses = (): string[] => get('endpoints', 'web', '.subsets[*].addresses[*].ip').split(' ').filter(Boolean);
  /** All `replicas` web pods exist, run, and are ready in the web Service's Endpoints. */
  const webReady = async (replicas: number): Promise<string[]> =>
    waitFor(`${replicas} web pods ready behind the web Service`, () => {
      const pods = webPods();
      const seen = `pods ${pods.join(',')}, ready addresses ${readyWebAddresses().join(',')}`;
      if (pods.length !== replicas || readyWebAddresses().length !== replicas) throw new Error(seen);
      return pods;
    }, 60_000);
  /** `n` visits through `url`, checking that the counter rises by one each time. */
  const visits = (url: string, n: number): string[] =>
    Array.from({ length: n }, () => {
      const { count, pod } = visit(url);
      expect(count).toBe(++counted);
      return pod;
    });
  /** Visits through `url` until each of `pods` has answered; traffic spreads round robin, so it takes a few. */
  const reachAll = (url: string, pods: readonly string[]): Promise<Set<string>> => {
    const answered = new Set<string>();
    return waitFor(`answers from ${pods.join(', ')} through ${url}`, () => {
      for (const pod of visits(url, 1)) answered.add(pod);
      if (!pods.every((pod) => answered.has(pod))) throw new Error(`answers so far from ${[...answered].join(', ')}`);
      return answered;
    }, 30_000);
  };
  /** The pid of the web app in `pod`: its process sees the pod's name as HOSTNAME. */
  const webProcessOf = (pod: string): number[] =>
    podProcesses('visits\\.py').filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`HOSTNAME=${pod}`);
      } catch {
        return false; // gone meanwhile
      }
    });

  beforeAll(async () => {
    bosun = await startBosun(dataDir, 0, ['--node-agent', 'local', '--node-name', node]);
  });

  afterAll(async () => {
    // Also after a failed test: stop bosun (Ctrl-C stops every pod), kill what it left, then say so.
    const exit = await bosun?.stop('SIGINT').catch((error: Error) => error.message);
    const left = demoProcesses();
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    expect({ exit, left }).toEqual({ exit: 0, left: [] });
    expect(networkTraces()).toEqual(tracesBefore);
  });

  it('runs Redis and the web app from the manifests in examples/visits', async () => {
    await waitFor('the node Ready', () => get('node', node, '.status.conditions[?(@.type=="Ready")].status') === 'True', 30_000);
    ok(['apply', '-f', join(DEMO, 'redis.yaml')]);
    // The pods run the script from this checkout: the README's sed, done here.
    ok(['apply', '-f', '-'], readFileSync(join(DEMO, 'web.yaml'), 'utf8').replaceAll('/path/to/bosun', ROOT));
    await waitFor('redis ready behind its Service', () => get('endpoints', 'redis', '.subsets[*].addresses[*].ip') === get('pod', 'redis', '.status.podIP') && get('pod', 'redis', '.status.podIP') !== '', 30_000);
    const pods = await webReady(2);
    expect(ok(['get', 'pods', '-o', 'wide'])).toMatch(/redis\s+1\/1\s+Running/);
    // Each web pod found Redis through the service variables, at the redis Service's cluster IP.
    const redisIP = get('service', 'redis', '.spec.clusterIP');
    for (const pod of pods) expect(ok(['logs', pod])).toContain(`${pod} listening on :8080, Redis at ${redisIP}:6379`);

    const address = get('node', node, '.status.addresses[?(@.type=="InternalIP")].address');
    nodeURL = `http://${address}:${get('service', 'web', '.spec.ports[0].nodePort')}/`;
    clusterURL = `http://${get('service', 'web', '.spec.clusterIP')}/`;
  });

  it('counts visits through the node port and the cluster IP', () => {
    const pods = webPods();
    for (const pod of [...visits(nodeURL, 3), ...visits(clusterURL, 3)]) expect(pods).toContain(pod);
  });

  it('spreads the traffic over all three replicas once scaled to 3', async () => {
    ok(['scale', 'rc', 'web', '--replicas=3']);
    const pods = await webReady(3);
    expect(await reachAll(clusterURL, pods)).toEqual(new Set(pods));
    expect(pods.map((pod) => webProcessOf(pod).length)).toEqual([1, 1, 1]);
  });

  it('restarts a web container killed with kill -9', async () => {
    const [pod] = webPods();
    const [pid] = webProcessOf(pod);
    process.kill(pid, 'SIGKILL');
    await waitFor(`${pod} restarted`, () => get('pod', pod, '.status.containerStatuses[0].restartCount') === '1' && get('pod', pod, '.status.containerStatuses[0].ready') === 'true', 60_000);
    expect(JSON.parse(get('pod', pod, '.status.containerStatuses[0].lastState'))).toMatchObject({ terminated: { exitCode: 137 } });
    expect(webProcessOf(pod)).toHaveLength(1);
    expect(webProcessOf(pod)[0]).not.toBe(pid);
    await webReady(3);
    await reachAll(clusterURL, [pod]);
  });

  it('replaces a deleted web pod, and the count goes on', async () => {
    const before = webPods();
    const doomed = before[before.length - 1];
    ok(['delete', 'pod', doomed]); // kubectl waits until the pod and its processes are gone
    expect(webProcessOf(doomed)).toEqual([]);
    const after = await webReady(3);
    const [replacement] = after.filter((pod) => !before.includes(pod));
    expect(replacement).toBeDefined();
    expect(after).not.toContain(doomed);
    expect(await reachAll(nodeURL, after)).toEqual(new Set(after));
  });

  it('stops everything when the demo is deleted', async () => {
    ok(['delete', '-f', join(DEMO, 'web.yaml'), '-f', join(DEMO, 'redis.yaml')]);
    await waitFor('no pod left', () => ok(['get', 'pods', '-o', 'name']) === '', 60_000);
    await waitFor('no process of the demo left', () => demoProcesses().length === 0, 30_000);
    expect(curl(nodeURL)).toBeUndefined();
  });
});

