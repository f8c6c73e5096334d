import type { KubeObject } from '@bosun/api';
import { cacheOf, meta, summary } from './testing/cache.given';
import { node, pod } from './testing/objects.fixtures';
import { podGcReconciler, TERMINATED_PODS_KEY, terminatedPodGcThreshold, type PodGcOptions } from './pod-gc.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const T0 = Date.parse('2026-11-28T10:00:00Z');

/** A podgc whose clock the test moves. */
function given(options: Omit<PodGcOptions, 'now'> = {}) {
  let now = T0;
  const gc = podGcReconciler({ ...options, now: () => now });
  return {
    gc,
    at: (ms: number) => void (now = T0 + ms),
    plan: (objects: readonly KubeObject[], key: string) => gc.plan(key, cacheOf(objects), meta),
  };
}
const objectOf = (c: { command: unknown }): Anything => (c.command as { data: Anything }).data;
const terminating = (p: KubeObject): KubeObject => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: '2026-11-28T09:59:00Z', deletionGracePeriodSeconds: 30 } }) as KubeObject;
const outOfService = (name: string): KubeObject => {
  const n = node(name, { ready: false }) as unknown as Anything;
  n.spec = { taints: [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] };
  return n as KubeObject;
};

describe('pod garbage collector (podgc)', () => {
  describe('orphaned pods', () => {
    it('leaves the pods of a gone node for the 40 s quarantine, then marks them Failed (DisruptionTarget, DeletionByPodGC) and deletes them at once', () => {
      const { gc, at, plan } = given();
      const objects = [pod('a', { node: 'gone', phase: 'Running', ready: true }), pod('b', { node: 'gone', phase: 'Succeeded' })];
      expect(plan(objects, 'nodes/gone')).toEqual([]);
      expect(gc.requeueAfterMs!('nodes/gone', cacheOf(objects))).toBe(40_050);
      at(39_999);
      expect(plan(objects, 'nodes/gone')).toEqual([]);
      at(40_000);
      const commands = plan(objects, 'nodes/gone');
      expect(summary(commands)).toEqual(['UpdateStatus Pod/a', 'Delete Pod/a', 'Delete Pod/b']);
      expect(objectOf(commands[0]!).status).toMatchObject({
        phase: 'Failed',
        conditions: [{ type: 'Ready', status: 'True' }, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastProbeTime: null }],
      });
      expect(objectOf(commands[1]!)).toEqual({ gracePeriodSeconds: 0 });
    });

    it('forgets the quarantine when the node comes back, and starts it anew when it goes again', () => {
      const { at, plan } = given();
      const orphan = pod('a', { node: 'n', phase: 'Running' });
      expect(plan([orphan], 'nodes/n')).toEqual([]);
      at(20_000);
      expect(plan([orphan, node('n')], 'nodes/n')).toEqual([]);
      at(50_000);
      expect(plan([orphan], 'nodes/n')).toEqual([]);
      at(90_000);
      expect(summary(plan([orphan], 'nodes/n'))).toEqual(['UpdateStatus Pod/a', 'Delete Pod/a']);
    });

    it('does nothing for the pods of a node that exists and is in service', () => {
      const { at, plan } = given();
      at(100_000);
      expect(plan([node('n'), pod('a', { node: 'n', phase: 'Running' }), terminating(pod('b', { node: 'n', phase: 'Running' }))], 'nodes/n')).toEqual([]);
    });

    it('keys a pod bound to a gone node by that node, not one bound to a node that exists', () => {
      const { gc } = given();
      const state = cacheOf([node('n')]);
      const change = (p: KubeObject) => ({ type: 'ADDED' as const, key: `pods/default/${p.metadata.name}`, object: p });
      expect(gc.keysFor(change(pod('a', { node: 'gone' })) as never, state)).toEqual(['nodes/gone']);
      expect(gc.keysFor(change(pod('b', { node: 'n' })) as never, state)).toEqual([]);
    });
  });

  it('force-deletes the terminating pods of a node not Ready with the out-of-service taint (gcTerminating), oldest first, and leaves the others', () => {
    const { plan } = given();
    const objects = [
      outOfService('n'),
      terminating(pod('young', { node: 'n', phase: 'Running', created: '2026-11-28T09:30:00Z' })),
      terminating(pod('old', { node: 'n', phase: 'Running', created: '2026-11-28T09:00:00Z' })),
      pod('running', { node: 'n', phase: 'Running' }),
    ];
    expect(summary(plan(objects, 'nodes/n'))).toEqual(['UpdateStatus Pod/old', 'Delete Pod/old', 'UpdateStatus Pod/young', 'Delete Pod/young']);
    expect(objectOf(plan(objects, 'nodes/n')[0]!).status).toEqual({ phase: 'Failed', conditions: [] });
    // Ready, or without the taint: the node itself will confirm.
    expect(plan([{ ...outOfService('n'), status: (node('n') as unknown as Anything).status } as KubeObject, ...objects.slice(1)], 'nodes/n')).toEqual([]);
  });

  describe('terminated pods', () => {
    it('deletes the terminated pods beyond the threshold, evicted ones first, then the oldest', () => {
      const { plan } = given({ terminatedPodThreshold: 2 });
      const evicted = pod('evicted', { node: 'n', phase: 'Failed', created: '2026-11-28T09:50:00Z' }) as unknown as Anything;
      evicted.status.reason = 'Evicted';
      const objects = [
        pod('old', { node: 'n', phase: 'Succeeded', created: '2026-11-28T08:00:00Z' }),
        pod('newer', { node: 'n', phase: 'Failed', created: '2026-11-28T09:00:00Z' }),
        pod('newest', { node: 'n', phase: 'Succeeded', created: '2026-11-28T09:40:00Z' }),
        evicted as KubeObject,
        pod('running', { node: 'n', phase: 'Running', created: '2026-11-28T07:00:00Z' }),
      ];
      const commands = plan(objects, TERMINATED_PODS_KEY);
      expect(summary(commands)).toEqual(['Delete Pod/evicted', 'Delete Pod/old']);
      expect(objectOf(commands[0]!)).toEqual({ gracePeriodSeconds: 0 });
      expect(plan(objects.slice(2), TERMINATED_PODS_KEY)).toEqual([]);
    });

    it('never collects terminated pods with a threshold of 0, and keys none', () => {
      const { gc, plan } = given({ terminatedPodThreshold: 0 });
      expect(plan([pod('a', { phase: 'Succeeded' })], TERMINATED_PODS_KEY)).toEqual([]);
      expect(gc.initialKeys(cacheOf([]))).toEqual([]);
      expect(gc.keysFor({ type: 'MODIFIED', key: 'pods/default/a', object: pod('a', { phase: 'Succeeded' }) } as never, cacheOf([]))).toEqual([]);
    });

    it('is 12500 by default (kube-controller-manager\'s --terminated-pod-gc-threshold)', () => {
      const { plan } = given();
      expect(plan([pod('a', { phase: 'Succeeded' })], TERMINATED_PODS_KEY)).toEqual([]);
      expect(terminatedPodGcThreshold('12500')).toBe(12_500);
      expect(() => terminatedPodGcThreshold('many')).toThrow('--terminated-pod-gc-threshold must be a whole number of pods, got "many"');
    });
  });
});
