import { simulatedNodesReconciler } from './simulated-nodes.reconciler';
import { plan, summary } from './testing/cache.given';

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
});
