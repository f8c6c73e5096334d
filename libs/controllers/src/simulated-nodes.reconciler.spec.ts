import { simulatedNodesReconciler } from './simulated-nodes.reconciler';
import { plan, summary } from './testing/cache.given';
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
});
