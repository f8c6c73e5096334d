/**
 * The seed's demo (examples/visits) driven as the README walks through it, for the suites that run
 * it on a cluster of their own (test/demo.e2e-spec.ts: the embedded log with the local node agent,
 * and Kafka with two `bosun agent` processes). Steps are functions of a running cluster; the
 * suites decide the order and what happens to the nodes in between.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BosunUnderTest } from './bosun-process';
import { networkTraces } from './host-network';
import { podProcesses } from './pod-processes';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..');
const DEMO = join(ROOT, 'examples', 'visits');

/**
 * The processes a run of the demo starts: the web app, redis-server, and the pods' pause processes
 * (`unshare … sleep infinity`). Their command lines carry no marker of a suite, so a suite tells
 * them apart by comparing with what ran before it started.
 */
const DEMO_PROCESSES = 'visits\\.py|redis-server|unshare --pid --uts';

/** GET through curl, as the README does; undefined when curl fails (refused, timed out, an HTTP error). */
export const curl = (url: string): string | undefined => {
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

/** What this machine held before a suite began: its processes and network traces compared after it. */
export interface HostBaseline {
  /** Demo processes started since the baseline was taken. */
  demoProcesses(): number[];
  /** Kills what `demoProcesses` finds, and says what it was: after a suite, anything is a leak. */
  killLeftovers(): number[];
  readonly networkTraces: string[];
}

export function hostBaseline(): HostBaseline {
  const before = new Set(podProcesses(DEMO_PROCESSES));
  const demoProcesses = (): number[] => podProcesses(DEMO_PROCESSES).filter((pid) => !before.has(pid));
  return {
    demoProcesses,
    killLeftovers() {
      const left = demoProcesses();
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      return left;
    },
    networkTraces: networkTraces(),
  };
}

/** The pids of the web app in `pod`: its process sees the pod's name as HOSTNAME. */
export const webProcessOf = (pod: string): number[] =>
  podProcesses('visits\\.py').filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`HOSTNAME=${pod}`);
    } catch {
      return false; // gone meanwhile
    }
  });

/** The demo on one cluster, seen through kubectl and curl. */
export class VisitsDemo {
  /** Visits counted so far: every successful request adds one, whichever replica answers. */
  private counted = 0;
  /** The web Service's cluster IP, known once the demo is applied. */
  clusterURL = '';

  constructor(private readonly cluster: () => BosunUnderTest) {}

  ok(args: string[], input?: string): string {
    const r = this.cluster().kubectl(args, input);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  }

  get(kind: string, name: string, path: string): string {
    return this.cluster().kubectl(['get', kind, name, '-o', `jsonpath={${path}}`]).stdout;
  }

  nodeReady(node: string): string {
    return this.get('node', node, '.status.conditions[?(@.type=="Ready")].status');
  }

  /** The web Service at its nodePort on `node`'s address. */
  nodeURL(node: string): string {
    const address = this.get('node', node, '.status.addresses[?(@.type=="InternalIP")].address');
    return `http://${address}:${this.get('service', 'web', '.spec.ports[0].nodePort')}/`;
  }

  webPods(): string[] {
    return this.ok(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').filter(Boolean).sort();
  }

  /** The node each pod runs on, by pod name (`redis` and the web pods). */
  placement(): Map<string, string> {
    const pods = JSON.parse(this.ok(['get', 'pods', '-o', 'json'])).items as { metadata: { name: string }; spec: { nodeName?: string } }[];
    return new Map(pods.map((p) => [p.metadata.name, p.spec.nodeName ?? '']));
  }

  private readyWebAddresses(): string[] {
    return this.get('endpoints', 'web', '.subsets[*].addresses[*].ip').split(' ').filter(Boolean);
  }

  /** All `replicas` web pods exist, run, and are ready in the web Service's Endpoints. */
  webReady(replicas: number, timeoutMs = 60_000): Promise<string[]> {
    return waitFor(`${replicas} web pods ready behind the web Service`, () => {
      const pods = this.webPods();
      const seen = `pods ${pods.join(',')}, ready addresses ${this.readyWebAddresses().join(',')}`;
      if (pods.length !== replicas || this.readyWebAddresses().length !== replicas) throw new Error(seen);
      return pods;
    }, timeoutMs);
  }

  /** Redis is ready behind its Service at the pod's IP. */
  redisReady(): Promise<unknown> {
    return waitFor('redis ready behind its Service', () => {
      const podIP = this.get('pod', 'redis', '.status.podIP');
      return podIP !== '' && this.get('endpoints', 'redis', '.subsets[*].addresses[*].ip') === podIP;
    }, 30_000);
  }

  /**
   * Applies the demo as the README does — Redis first, then the web app with the path of this
   * checkout — and waits until Redis and both web pods are ready; each web pod found Redis through
   * the service variables, at the redis Service's cluster IP. Returns the web pods.
   */
  async apply(): Promise<string[]> {
    this.ok(['apply', '-f', join(DEMO, 'redis.yaml')]);
    this.ok(['apply', '-f', '-'], readFileSync(join(DEMO, 'web.yaml'), 'utf8').replaceAll('/path/to/bosun', ROOT));
    await this.redisReady();
    const pods = await this.webReady(2);
    expect(this.ok(['get', 'pods', '-o', 'wide'])).toMatch(/redis\s+1\/1\s+Running/);
    const redisIP = this.get('service', 'redis', '.spec.clusterIP');
    for (const pod of pods) expect(this.ok(['logs', pod])).toContain(`${pod} listening on :8080, Redis at ${redisIP}:6379`);
    this.clusterURL = `http://${this.get('service', 'web', '.spec.clusterIP')}/`;
    return pods;
  }

  /** `n` visits through `url`, checking that the counter rises by one each time; the pods that answered. */
  visits(url: string, n: number): string[] {
    return Array.from({ length: n }, () => {
      const { count, pod } = visit(url);
      expect(count).toBe(++this.counted);
      return pod;
    });
  }

  /** Visits through `url` until each of `pods` has answered; traffic spreads round robin, so it takes a few. */
  reachAll(url: string, pods: readonly string[], timeoutMs = 30_000): Promise<Set<string>> {
    const answered = new Set<string>();
    return waitFor(`answers from ${pods.join(', ')} through ${url}`, () => {
      for (const pod of this.visits(url, 1)) answered.add(pod);
      if (!pods.every((pod) => answered.has(pod))) throw new Error(`answers so far from ${[...answered].join(', ')}`);
      return answered;
    }, timeoutMs);
  }

  /** Scales web to 3 and waits until all three are ready and have answered on the cluster IP. */
  async scaleToThree(): Promise<string[]> {
    this.ok(['scale', 'rc', 'web', '--replicas=3']);
    const pods = await this.webReady(3);
    expect(await this.reachAll(this.clusterURL, pods)).toEqual(new Set(pods));
    expect(pods.map((pod) => webProcessOf(pod).length)).toEqual([1, 1, 1]);
    return pods;
  }

  /** Deletes the demo and waits until its pods and their processes are gone. */
  async remove(baseline: HostBaseline): Promise<void> {
    this.ok(['delete', '-f', join(DEMO, 'web.yaml'), '-f', join(DEMO, 'redis.yaml')]);
    await waitFor('no pod left', () => this.ok(['get', 'pods', '-o', 'name']) === '', 60_000);
    await waitFor('no process of the demo left', () => baseline.demoProcesses().length === 0, 30_000);
  }
}
