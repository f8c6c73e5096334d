import type { KubeObject } from '@bosun/api';
import { WorkQueue } from '@bosun/runtime';
import { cacheOf, meta, summary } from './testing/cache.given';
import { node, pod } from './testing/objects.fixtures';
import { schedulerReconciler } from './scheduler.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A pod with a priority (as the Priority admission left it) asking for `cpu`, bound to `on` or pending. */
function prioritized(name: string, priority: number, o: { cpu?: string; on?: string; created?: string; labels?: Record<string, string>; policy?: string; nominated?: string } = {}): KubeObject {
  const p = pod(name, { owned: false, cpu: o.cpu ?? '1', ...(o.on ? { node: o.on, phase: 'Running', ready: true } : {}), ...(o.created ? { created: o.created } : {}), ...(o.labels ? { labels: o.labels } : {}) }) as Anything;
  p.spec.priority = priority;
  p.spec.preemptionPolicy = o.policy ?? 'PreemptLowerPriority';
  if (o.nominated) p.status.nominatedNodeName = o.nominated;
  return p as KubeObject;
}

const given = (objects: readonly KubeObject[]) => {
  const state = cacheOf(objects);
  const reconciler = schedulerReconciler();
  reconciler.initialKeys(state);
  return { when: (name: string) => ({ then: () => reconciler.plan(`pods/default/${name}`, state, meta) }), state, reconciler };
};

const statusOf = (plan: readonly Anything[], name: string): Anything => plan.filter((c) => c.name === name && c.command.type === 'UpdateStatus').at(-1)!.command.data.status;
const scheduledMessage = (status: Anything): string => status.conditions.find((c: Anything) => c.type === 'PodScheduled').message;

describe('scheduler: priority and preemption', () => {
  it('queues pending pods by priority, higher first, then the older first', () => {
    const objects = [
      prioritized('late-low', 0, { created: '2026-11-28T09:00:03Z' }),
      prioritized('high', 1000, { created: '2026-11-28T09:00:05Z' }),
      prioritized('early-low', 0, { created: '2026-11-28T09:00:01Z' }),
      prioritized('middle', 10, { created: '2026-11-28T09:00:04Z' }),
    ];
    const { state, reconciler } = given(objects);
    const queue = new WorkQueue(undefined, undefined, (a, b) => reconciler.compareKeys!(a, b, state));
    for (const o of objects) queue.add(`pods/default/${o.metadata.name}`);
    const order: string[] = [];
    const run = queue.run(async (key) => {
      order.push(key.split('/')[2]);
      if (order.length === objects.length) queue.stop();
    }, () => undefined);
    return run.then(() => expect(order).toEqual(['high', 'middle', 'early-low', 'late-low']));
  });

  it('preempts a lower-priority pod when the preemptor fits nowhere: DisruptionTarget, graceful delete, Preempted Event, nominated node', () => {
    const plan = given([node('n1', { cpu: '1' }), prioritized('low', 0, { on: 'n1' }), prioritized('high', 1000)]).when('high').then();
    expect(summary(plan)).toEqual(['UpdateStatus Pod/low', 'Delete Pod/low', expect.stringMatching(/^Create Event\/low\.[0-9a-f]+$/), 'UpdateStatus Pod/high']);
    expect(statusOf(plan, 'low').conditions).toContainEqual(
      expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' }),
    );
    // Deleted with its own grace period, as the scheduler's DeletePod does.
    expect((plan[1].command as Anything).data).toEqual({});
    expect((plan[2].command as Anything).data.object).toMatchObject({
      reason: 'Preempted',
      type: 'Normal',
      message: 'Preempted by pod uid-high on node n1',
      involvedObject: { kind: 'Pod', name: 'low', uid: 'uid-low' },
      source: { component: 'default-scheduler' },
    });
    const high = statusOf(plan, 'high');
    expect(high.nominatedNodeName).toBe('n1');
    expect(scheduledMessage(high)).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('does not preempt for a pod whose preemptionPolicy is Never, in kube-scheduler\'s words', () => {
    const plan = given([node('n1', { cpu: '1' }), prioritized('low', 0, { on: 'n1' }), prioritized('high', 1000, { policy: 'Never' })]).when('high').then();
    expect(summary(plan)).toEqual(['UpdateStatus Pod/high']);
    expect(scheduledMessage(statusOf(plan, 'high'))).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
    expect(statusOf(plan, 'high').nominatedNodeName).toBeUndefined();
  });

  it('never takes off a pod of the same or a higher priority', () => {
    const plan = given([node('n1', { cpu: '1' }), prioritized('peer', 1000, { on: 'n1' }), prioritized('high', 1000)]).when('high').then();
    expect(summary(plan)).toEqual(['UpdateStatus Pod/high']);
    expect(scheduledMessage(statusOf(plan, 'high'))).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });

  it('leaves nodes a taint or selector refuses out of it: preemption is not helpful there', () => {
    const plan = given([node('n1', { cpu: '1', ready: false }), prioritized('low', 0, { on: 'n1' }), prioritized('high', 1000)]).when('high').then();
    expect(summary(plan)).toEqual(['UpdateStatus Pod/high']);
    expect(scheduledMessage(statusOf(plan, 'high'))).toContain('preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });

  it('takes off as few pods as it needs, the least important first (the others are reprieved)', () => {
    const plan = given([
      node('n1', { cpu: '2' }),
      prioritized('older', 5, { on: 'n1', created: '2026-11-28T08:00:00Z' }),
      prioritized('lowest', 1, { on: 'n1' }),
      prioritized('high', 1000),
    ]).when('high').then();
    expect(summary(plan).filter((s) => s.startsWith('Delete'))).toEqual(['Delete Pod/lowest']);
  });

  it('chooses the node whose victims matter least: lowest highest priority, then fewest victims', () => {
    const byPriority = given([node('a', { cpu: '1' }), node('b', { cpu: '1' }), prioritized('on-a', 100, { on: 'a' }), prioritized('on-b', 10, { on: 'b' }), prioritized('high', 1000)]).when('high').then();
    expect(statusOf(byPriority, 'high').nominatedNodeName).toBe('b');
    expect(summary(byPriority).filter((s) => s.startsWith('Delete'))).toEqual(['Delete Pod/on-b']);
    const byCount = given([
      node('a', { cpu: '2' }),
      node('b', { cpu: '2' }),
      prioritized('a1', 10, { on: 'a', cpu: '1' }),
      prioritized('a2', 10, { on: 'a', cpu: '1' }),
      prioritized('b1', 10, { on: 'b', cpu: '2' }),
      prioritized('high', 1000, { cpu: '2' }),
    ]).when('high').then();
    expect(statusOf(byCount, 'high').nominatedNodeName).toBe('b');
  });

  it('prefers a node where no PodDisruptionBudget is violated', () => {
    const budget = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'db', namespace: 'default', uid: 'pdb' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } },
      status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, observedGeneration: 1 },
    } as unknown as KubeObject;
    const objects = [node('a', { cpu: '1' }), node('b', { cpu: '1' }), prioritized('db', 0, { on: 'a', labels: { app: 'db' } }), prioritized('web', 0, { on: 'b', labels: { app: 'web' } }), prioritized('high', 1000)];
    const plan = given([...objects, budget]).when('high').then();
    expect(summary(plan).filter((s) => s.startsWith('Delete'))).toEqual(['Delete Pod/web']);
    // Without the budget, the first node found would do.
    expect(summary(given(objects).when('high').then()).filter((s) => s.startsWith('Delete'))).toEqual(['Delete Pod/db']);
  });

  it('still preempts when every choice violates a budget (where feasible, not at all costs)', () => {
    const budget = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'db', namespace: 'default', uid: 'pdb' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } },
      status: { disruptionsAllowed: 0 },
    } as unknown as KubeObject;
    const plan = given([node('a', { cpu: '1' }), prioritized('db', 0, { on: 'a', labels: { app: 'db' } }), prioritized('high', 1000), budget]).when('high').then();
    expect(summary(plan).filter((s) => s.startsWith('Delete'))).toEqual(['Delete Pod/db']);
  });

  it('waits while its victims terminate on its nominated node, without preempting more', () => {
    const going = prioritized('low', 0, { on: 'n1' }) as Anything;
    going.metadata.deletionTimestamp = '2026-11-28T10:00:00Z';
    going.status.conditions.push({ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' });
    const plan = given([node('n1', { cpu: '2' }), going as KubeObject, prioritized('other', 0, { on: 'n1' }), prioritized('high', 1000, { nominated: 'n1', cpu: '2' })]).when('high').then();
    expect(summary(plan)).toEqual(['UpdateStatus Pod/high']);
    expect(scheduledMessage(statusOf(plan, 'high'))).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.');
    expect(statusOf(plan, 'high').nominatedNodeName).toBe('n1');
  });

  it('binds the preemptor once room appears, and keeps a lower-priority pod out of the room held for it', () => {
    const { when } = given([node('n1', { cpu: '1' }), prioritized('high', 1000, { nominated: 'n1' }), prioritized('late', 0)]);
    const late = when('late').then();
    expect(summary(late)).toEqual(['UpdateStatus Pod/late']);
    expect(scheduledMessage(statusOf(late, 'late'))).toContain('1 Insufficient cpu');
    expect(when('high').then()).toEqual([expect.objectContaining({ name: 'high', command: expect.objectContaining({ type: 'Bind', data: { nodeName: 'n1' } }) })]);
  });

  it('clears the nomination when preemption finds no victims any more', () => {
    const plan = given([node('n1', { cpu: '1' }), prioritized('peer', 1000, { on: 'n1' }), prioritized('high', 1000, { nominated: 'n1' })]).when('high').then();
    expect(statusOf(plan, 'high').nominatedNodeName).toBeUndefined();
  });
});
