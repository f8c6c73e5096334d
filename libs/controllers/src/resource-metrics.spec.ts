import type { KubeObject, NodeSummary } from '@bosun/api';
import { ResourceMetrics, simulatedNodeSummary } from './resource-metrics';
import { cacheOf } from './testing/cache.given';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NOW = Date.parse('2026-11-28T10:00:00Z');
const simulatedNode = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'sim-1', uid: 'n1', labels: { type: 'simulated' } }, status: { nodeInfo: { containerRuntimeVersion: 'simulated://0' } } } as unknown as KubeObject;
const agentNode = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'real', uid: 'n2' }, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.9' }], daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } } } as unknown as KubeObject;
const pod = (name: string, node: string, annotations: Record<string, string> = {}, phase = 'Running'): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, annotations },
    spec: { nodeName: node, containers: [{ name: 'app', resources: { requests: { cpu: '250m', memory: '64Mi' } } }, { name: 'side' }] },
    status: { phase },
  }) as unknown as KubeObject;

describe('resource metrics', () => {
  it('a simulated node reports its Running pods\' requests (else 1m and 4Mi), or their simulated.bosun.io usage, and its overhead', () => {
    const summary = simulatedNodeSummary(simulatedNode as Anything, [pod('a', 'sim-1') as Anything, pod('b', 'sim-1', { 'simulated.bosun.io/cpu-usage': '900m', 'simulated.bosun.io/memory-usage': '1Gi' }) as Anything, pod('c', 'sim-1', {}, 'Pending') as Anything], new Date(NOW));
    expect(summary.pods.map((p) => [p.podRef.name, p.containers.map((c) => [c.name, c.cpu!.usageNanoCores, c.memory!.workingSetBytes])])).toEqual([
      ['a', [['app', 250_000_000, 64 * 2 ** 20], ['side', 1_000_000, 4 * 2 ** 20]]],
      ['b', [['app', 900_000_000, 2 ** 30], ['side', 900_000_000, 2 ** 30]]],
    ]);
    expect(summary.node.cpu!.usageNanoCores).toBe(100_000_000 + 251_000_000 + 1_800_000_000);
  });

  it('scrapes node agents over HTTP and simulated nodes by computing, answers NodeMetrics and PodMetrics joined to the pods that exist', async () => {
    const time = '2026-11-28T09:59:55Z';
    const real: NodeSummary = {
      node: { nodeName: 'real', cpu: { time, usageNanoCores: 1_500_000, usageCoreNanoSeconds: 9 }, memory: { time, workingSetBytes: 2 ** 30 } },
      pods: [
        { podRef: { name: 'r', namespace: 'default', uid: 'uid-r' }, containers: [{ name: 'app', cpu: { time, usageNanoCores: 123_456, usageCoreNanoSeconds: 1 }, memory: { time, workingSetBytes: 13_959_168 } }, { name: 'side', cpu: { time, usageNanoCores: 0, usageCoreNanoSeconds: 0 }, memory: { time, workingSetBytes: 4096 } }] },
        // a pod since remade under its name (another uid) and one not measured yet: not answered
        { podRef: { name: 'old', namespace: 'default', uid: 'uid-gone' }, containers: [{ name: 'app', cpu: { time, usageNanoCores: 1, usageCoreNanoSeconds: 1 }, memory: { time, workingSetBytes: 1 } }] },
        { podRef: { name: 'new', namespace: 'default', uid: 'uid-new' }, containers: [{ name: 'app', memory: { time, workingSetBytes: 1 } }] },
      ],
    };
    const asked: string[] = [];
    const state = cacheOf([simulatedNode, agentNode, pod('s', 'sim-1'), pod('r', 'real'), pod('old', 'real'), pod('new', 'real')]);
    const metrics = new ResourceMetrics(state, { now: () => NOW, fetch: async (host, port) => (asked.push(`${host}:${port}`), real) });
    await metrics.refresh();
    expect(asked).toEqual(['127.0.0.9:10250']);
    expect(metrics.nodeMetrics().map((m) => [m.metadata.name, m.usage])).toEqual([
      ['real', { cpu: '1500u', memory: '1Gi' }],
      ['sim-1', { cpu: '351m', memory: '580Mi' }],
    ]);
    const pods = metrics.podMetrics('default');
    expect(pods.map((p) => p.metadata.name)).toEqual(['r', 's']);
    expect(pods[0]).toEqual({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: 'r', namespace: 'default', creationTimestamp: '2026-11-28T10:00:00Z', labels: { app: 'web' } },
      timestamp: time,
      window: '10s',
      containers: [
        { name: 'app', usage: { cpu: '123456n', memory: '13632Ki' } },
        { name: 'side', usage: { cpu: '0', memory: '4Ki' } },
      ],
    });
    expect(metrics.podMetrics('other')).toEqual([]);
    // The autoscaler's view: millicores rounded up per container, as Quantity.MilliValue.
    expect(metrics.podUsage('default').get('r')?.containers.get('app')).toEqual({ cpu: 1, memory: 13_959_168_000 });
    // Refreshed again within its age: no scrape.
    await metrics.refresh(60_000);
    expect(asked).toHaveLength(1);
  });

  it('forgets a node that fails its scrape, as metrics-server does', async () => {
    let fail = false;
    const summary: NodeSummary = { node: { nodeName: 'real', cpu: { time: '2026-11-28T10:00:00Z', usageNanoCores: 1, usageCoreNanoSeconds: 1 }, memory: { time: '2026-11-28T10:00:00Z', workingSetBytes: 1 } }, pods: [] };
    const said: string[] = [];
    const metrics = new ResourceMetrics(cacheOf([agentNode]), { now: () => NOW, fetch: async () => (fail ? Promise.reject(new Error('connect ECONNREFUSED')) : summary), log: (m) => said.push(m) });
    await metrics.refresh();
    expect(metrics.nodeMetrics()).toHaveLength(1);
    fail = true;
    await metrics.refresh();
    expect(metrics.nodeMetrics()).toEqual([]);
    expect(said).toEqual(['resource metrics: could not scrape node real at 127.0.0.9:10250: connect ECONNREFUSED']);
  });
});
