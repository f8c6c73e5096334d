import { simulatedNodesReconciler } from './simulated-nodes.reconciler';
import { cacheOf, meta, plan, summary } from './testing/cache.given';
import { pod } from './testing/objects.fixtures';

describe('simulated nodes reconciler', () => {
  it('registers a node with the labels a kubelet gives its node, so pods that select linux nodes schedule', () => {
    const commands = plan(simulatedNodesReconciler(['sim-1']), [], 'nodes/sim-1');
    expect(summary(commands)).toEqual(['Create Node/sim-1']);
    expect((commands[0].command as { data: { object: { metadata: { labels: unknown } } } }).data.object.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'sim-1',
      'kubernetes.io/os': 'linux',
      type: 'simulated',
    });
  });

  it('confirms a graceful deletion no sooner than a kubelet would (NODE_DELETION_SETTLE_MS), and is asked again then', () => {
    let time = 1_000_000;
    const sim = simulatedNodesReconciler(['sim-1'], { now: () => time });
    const p = pod('p', { node: 'sim-1' }) as any;
    p.metadata.deletionTimestamp = '2026-11-28T10:00:00Z';
    const state = cacheOf([p]);
    expect(sim.plan('pods/default/p', state, meta)).toEqual([]);
    expect(sim.requeueAfterMs?.('pods/default/p', state)).toBe(250);
    time += 100;
    expect(sim.plan('pods/default/p', state, meta)).toEqual([]);
    expect(sim.requeueAfterMs?.('pods/default/p', state)).toBe(150);
    time += 150;
    expect(summary(sim.plan('pods/default/p', state, meta))).toEqual(['ConfirmDeletion Pod/p']);
    expect(sim.requeueAfterMs?.('pods/default/p', state)).toBeUndefined();
  });

  it('reports a pod on the host network at the node’s address, and others at a pod address', () => {
    const statusOf = (hostNetwork: boolean): { podIP: string; hostIP: string } => {
      const p = pod('p', { node: 'sim-1' }) as any;
      if (hostNetwork) p.spec.hostNetwork = true;
      return (plan(simulatedNodesReconciler(['sim-1']), [p], 'pods/default/p')[0].command as { data: { status: any } }).data.status;
    };
    const host = statusOf(true);
    expect(host.podIP).toBe(host.hostIP);
    expect(statusOf(false).podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect((statusOf(false) as any).containerStatuses[0]).toMatchObject({ ready: true, started: true, restartCount: 0, lastState: {} });
  });

  it('keeps the conditions others set, and reports Ready only once the readiness gates’ conditions are True, as a kubelet', () => {
    const p = pod('p', { node: 'sim-1' }) as any;
    p.spec.readinessGates = [{ conditionType: 'example.com/lb' }];
    p.status = { phase: 'Pending', conditions: [{ type: 'example.com/lb', status: 'False' }] };
    const first = (plan(simulatedNodesReconciler(['sim-1']), [p], 'pods/default/p')[0].command as { data: { status: any } }).data.status;
    expect(first.conditions.map((c: any) => c.type)).toEqual(['example.com/lb', 'PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    expect(first.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady', message: 'the status of pod readiness gate "example.com/lb" is not "True", but False' });
    // Nothing to say while the gate stays False; Ready once it is True.
    const running = { ...p, status: first };
    expect(plan(simulatedNodesReconciler(['sim-1']), [running], 'pods/default/p')).toEqual([]);
    const opened = { ...p, status: { ...first, conditions: first.conditions.map((c: any) => (c.type === 'example.com/lb' ? { ...c, status: 'True' } : c)) } };
    const next = (plan(simulatedNodesReconciler(['sim-1']), [opened], 'pods/default/p')[0].command as { data: { status: any } }).data.status;
    expect(next.conditions.find((c: any) => c.type === 'Ready')).toEqual({ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: expect.any(String) });
    expect(next.conditions.find((c: any) => c.type === 'example.com/lb')).toMatchObject({ status: 'True' });
  });
});

