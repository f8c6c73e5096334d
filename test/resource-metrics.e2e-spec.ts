/**
 * Resource metrics with the real kubectl against `bosun up` with its local node agent (real
 * processes; run under `flock /tmp/bosun-net.lock`): the agent samples its containers' usage and
 * serves it as the kubelet's Summary, the gateway serves metrics.k8s.io from it, `kubectl top`
 * shows a pod burning CPU and one sleeping, and a HorizontalPodAutoscaler scales a Deployment whose
 * pod burns more CPU than it requests.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { networkTraces } from './support/host-network';
import { podProcesses } from './support/pod-processes';
import { waitFor } from './support/wait-for';

jest.setTimeout(240_000);

const marker = `bosun-e2e-${randomUUID().slice(0, 8)}`;
const tracesBefore = networkTraces();

/** `123m` → 123, `2` → 2000 (kubectl top prints millicores). */
const millicores = (cell: string): number => (cell.endsWith('m') ? Number(cell.slice(0, -1)) : Number(cell) * 1000);

describe('resource metrics from the local node agent', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bosun-metrics-e2e-'));
  const node = `metrics-${marker.slice(-8)}`;
  let bosun: BosunUnderTest;
  const ok = (args: string[], input?: string): string => bosun.ok(args, input);
  // A busy loop held to 200m by its CPU limit (a cgroup), requesting 100m; and a pod that sleeps.
  const burner = { name: 'burn', image: 'busybox', command: ['sh', '-c', 'while :; do :; done', marker], resources: { requests: { cpu: '100m', memory: '16Mi' }, limits: { cpu: '200m', memory: '64Mi' } } };
  const pod = (name: string, container: Record<string, unknown>) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { role: name } }, spec: { terminationGracePeriodSeconds: 1, containers: [container] } });

  beforeAll(async () => {
    bosun = await startBosun(dataDir, 0, ['--node-agent', 'local', '--node-name', node]);
  });
  afterAll(async () => {
    await bosun?.stop();
    for (const pid of podProcesses(marker)) process.kill(pid, 'SIGKILL');
    expect(networkTraces()).toEqual(tracesBefore);
  });

  it('kubectl top pod shows a pod burning CPU well above one that sleeps, with --containers, -A and -l; kubectl top node shows the node', async () => {
    await waitFor('the node Ready', () => bosun.kubectl(['get', 'node', node, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']).stdout === 'True', 30_000);
    expect(ok(['api-versions'])).toContain('metrics.k8s.io/v1beta1');
    ok(['apply', '-f', '-'], pod('burn', burner));
    ok(['apply', '-f', '-'], pod('idle', { name: 'sleeper', image: 'busybox', command: ['sh', '-c', 'sleep 3600', marker] }));
    // Two samples (10 s apart) make a rate; the gateway scrapes when asked.
    const table = await waitFor(
      'both pods in kubectl top',
      () => {
        const r = bosun.kubectl(['top', 'pod']);
        if (r.code !== 0 || !/^burn\s/m.test(r.stdout) || !/^idle\s/m.test(r.stdout)) throw new Error(`${r.stdout}${r.stderr}`);
        return r.stdout;
      },
      90_000,
    );
    expect(table).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/m);
    const row = (name: string) => new RegExp(`^${name}\\s+(\\d+m?)\\s+(\\d+)(Ki|Mi)\\s*$`, 'm').exec(table);
    const [burn, idle] = [row('burn'), row('idle')];
    expect(burn).not.toBeNull();
    expect(idle).not.toBeNull();
    expect(millicores(burn![1]!)).toBeGreaterThanOrEqual(50);
    expect(millicores(burn![1]!)).toBeLessThanOrEqual(260); // its limit, give or take a sample's edges
    expect(millicores(idle![1]!)).toBeLessThan(20);
    expect(Number(idle![2])).toBeGreaterThan(0);

    expect(ok(['top', 'pod', 'burn', '--containers'])).toMatch(/^POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\nburn\s+burn\s+\d+m\s+\d+(Ki|Mi)\s*$/m);
    expect(ok(['top', 'pod', '-A'])).toMatch(/^default\s+idle\s+\d+m\s+\d+(Ki|Mi)\s*$/m);
    const selected = ok(['top', 'pod', '-l', 'role=idle']);
    expect(selected).toMatch(/^idle\s/m);
    expect(selected).not.toMatch(/^burn\s/m);
    expect(bosun.fails(['top', 'pod', 'nope'])).toContain('podmetrics.metrics.k8s.io "default/nope" not found');

    // The raw objects, in metrics-server's shape: cpu in nanocores (or a whole m), memory in Ki, the sample's window.
    const raw = JSON.parse(ok(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/burn']));
    expect(raw).toMatchObject({ kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', metadata: { name: 'burn', namespace: 'default', labels: { role: 'burn' } }, window: '10s' });
    expect(raw.containers[0].usage.cpu).toMatch(/^\d+(n|u|m)$/);
    expect(raw.containers[0].usage.memory).toMatch(/^\d+(Ki)?$/);

    // kubectl get asks for a Table: metrics-server's columns.
    expect(ok(['get', 'podmetrics', 'burn'])).toMatch(/^NAME\s+CPU\s+MEMORY\s+WINDOW\s*\nburn\s+\d+(n|u|m)?\s+\d+(Ki)?\s+10s\s*$/);
    const nodes = await waitFor('the node in kubectl top node', () => {
      const r = bosun.kubectl(['top', 'node']);
      if (r.code !== 0 || !r.stdout.includes(node)) throw new Error(`${r.stdout}${r.stderr}`);
      return r.stdout;
    }, 30_000);
    expect(nodes).toMatch(new RegExp(`^${node}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%\\s*$`, 'm'));
    expect(millicores(new RegExp(`^${node}\\s+(\\d+m)`, 'm').exec(nodes)![1]!)).toBeGreaterThanOrEqual(millicores(burn![1]!) / 2);
  });

  it('an autoscaler scales a Deployment whose pod burns more CPU than it requests', async () => {
    ok(['delete', 'pod', 'burn', 'idle', '--wait=false']);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'hot' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'hot' } }, template: { metadata: { labels: { app: 'hot' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ ...burner, name: 'hot' }] } } },
    };
    ok(['apply', '-f', '-'], JSON.stringify(deployment));
    expect(ok(['autoscale', 'deployment', 'hot', '--cpu-percent=50', '--min=1', '--max=2'])).toBe('horizontalpodautoscaler.autoscaling/hot autoscaled\n');
    // ~200m of 100m requested is ~200 %, four times the target: up to maxReplicas.
    await waitFor('scaled to 2', () => bosun.kubectl(['get', 'deploy', 'hot', '-o', 'jsonpath={.spec.replicas}']).stdout === '2', 150_000);
    const described = await waitFor('the rescale described', () => {
      const text = ok(['describe', 'hpa', 'hot']);
      if (!text.includes('New size: 2')) throw new Error(text);
      return text;
    }, 30_000);
    expect(described).toMatch(/Normal\s+SuccessfulRescale\s+\S+\s+horizontal-pod-autoscaler\s+New size: 2; reason: cpu resource utilization \(percentage of request\) above target/);
    expect(described).toMatch(/resource cpu on pods\s+\(as a percentage of request\):\s+\d+% \(\d+m\) \/ 50%/);
    expect(described).toMatch(/ScalingActive\s+True\s+ValidMetricFound\s+the HPA was able to successfully calculate a replica count from cpu resource utilization \(percentage of request\)/);
    ok(['delete', 'hpa', 'hot']);
    ok(['delete', 'deployment', 'hot']);
  });
});
