import { plan, summary } from './testing/cache.given';
import { node, pod } from './testing/objects.fixtures';
import { schedulerReconciler } from './scheduler.reconciler';

const KEY = 'pods/default/p';
const p = (objects: Parameters<typeof plan>[1]) => plan(schedulerReconciler, objects, KEY);
const bindTarget = (objects: Parameters<typeof plan>[1]) => (p(objects)[0]?.command as { type: string; data: { nodeName?: string } }) ?? undefined;

describe('scheduler reconciler', () => {
  it('binds a pending pod to a ready node', () => {
    expect(bindTarget([pod('p', { owned: false }), node('n1')])).toEqual(expect.objectContaining({ type: 'Bind', data: { nodeName: 'n1' } }));
  });

  it('skips nodes that are not ready, unschedulable or do not match the nodeSelector', () => {
    const objects = [pod('p', { owned: false, selector: { disk: 'ssd' } }), node('a', { ready: false }), node('b', { unschedulable: true }), node('c'), node('d', { labels: { disk: 'ssd' } })];
    expect(bindTarget(objects)).toMatchObject({ type: 'Bind', data: { nodeName: 'd' } });
  });

  it('prefers the least allocated node, and spreads the pods of one controller', () => {
    expect(bindTarget([pod('p', { owned: false, cpu: '1' }), node('busy'), node('idle'), pod('x', { owned: false, node: 'busy', cpu: '3' })])).toMatchObject({ data: { nodeName: 'idle' } });
    expect(bindTarget([pod('p'), node('n1'), node('n2'), pod('sibling', { node: 'n1' })])).toMatchObject({ data: { nodeName: 'n2' } });
  });

  it('marks a pod that fits nowhere Unschedulable with kube-scheduler’s message', () => {
    const commands = p([pod('p', { owned: false, cpu: '3', selector: { zone: 'a' } }), node('a', { labels: { zone: 'a' }, cpu: '2' }), node('b'), node('c', { ready: false })]);
    expect(summary(commands)).toEqual(['UpdateStatus Pod/p']);
    const status = (commands[0].command as { data: { status: any } }).data.status;
    expect(status.conditions).toEqual([
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.",
      }),
    ]);
  });

  it('says so when there are no nodes, and does not repeat an unchanged verdict', () => {
    const commands = p([pod('p', { owned: false })]);
    expect((commands[0].command as { data: { status: any } }).data.status.conditions[0].message).toBe('no nodes available to schedule pods');
    const marked = pod('p', { owned: false });
    (marked as any).status.conditions = [{ type: 'PodScheduled', status: 'False', message: 'no nodes available to schedule pods' }];
    expect(p([marked])).toEqual([]);
  });

  it('leaves bound and terminating pods alone', () => {
    expect(p([pod('p', { node: 'n1' }), node('n1')])).toEqual([]);
  });
});
