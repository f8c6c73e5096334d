import type { KubeObject } from '@bosun/api';
import { cacheOf, plan, summary } from './testing/cache.given';
import { pod } from './testing/objects.fixtures';
import { replicationReconciler } from './replication.reconciler';

const KEY = 'replicasets/default/web';
const rs = (replicas: number, selector: Record<string, unknown> = { matchLabels: { app: 'web' } }, extra: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default', uid: 'rs-uid', generation: 3 },
    spec: { replicas, selector, template: { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    ...extra,
  }) as unknown as KubeObject;
/** A pod the ReplicaSet owns (controller reference to rs-uid). */
const owned = (name: string, o: Parameters<typeof pod>[1] = {}): KubeObject => {
  const p = pod(name, { labels: { app: 'web', tier: 'front' }, ...o }) as unknown as { metadata: Record<string, unknown> };
  if (o.owned !== false) p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }];
  return p as unknown as KubeObject;
};
const p = (objects: readonly KubeObject[]) => plan(replicationReconciler, objects, KEY);
const statusOf = (commands: ReturnType<typeof p>): unknown => (commands.find((c) => c.command.type === 'UpdateStatus')!.command as { data: { status: unknown } }).data.status;

describe('replication reconciler, for ReplicaSets', () => {
  it('creates missing replicas from the template, owned by the ReplicaSet (apps/v1, controller)', () => {
    const creates = p([rs(2)]).filter((c) => c.command.type === 'Create');
    expect(creates).toHaveLength(2);
    const object = (creates[0]!.command as { data: { object: any } }).data.object; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(object.metadata).toMatchObject({ generateName: 'web-', labels: { app: 'web', tier: 'front' } });
    expect(object.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }]);
  });

  it('counts the pods its set-based selector matches, and adopts a matching orphan', () => {
    const selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'www'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    const commands = p([rs(2, selector), owned('a', { ready: true, phase: 'Running', node: 'n' }), owned('orphan', { owned: false }), owned('canary', { owned: false, labels: { app: 'web', canary: 'yes' } })]);
    expect(summary(commands)).toEqual(['Replace Pod/orphan', 'UpdateStatus ReplicaSet/web']);
    const adopted = (commands[0]!.command as { data: { object: { metadata: { ownerReferences: unknown } } } }).data.object;
    expect(adopted.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'ReplicaSet', uid: 'rs-uid', controller: true })]);
  });

  it('keeps status: replicas, fullyLabeledReplicas (template labels), ready, available, observedGeneration', () => {
    const commands = p([rs(2), owned('a', { ready: true, phase: 'Running', node: 'n' }), owned('b', { labels: { app: 'web' } })]);
    expect(statusOf(commands)).toEqual({ replicas: 2, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 3 });
  });

  it('counts a ready pod available only once it has been ready for minReadySeconds, and looks again then', () => {
    const readySince = (name: string, time: string): KubeObject => {
      const p = owned(name, { phase: 'Running', node: 'n' }) as unknown as { status: Record<string, unknown> };
      p.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: time }];
      return p as unknown as KubeObject;
    };
    const slow = rs(2, undefined, {}) as unknown as { spec: Record<string, unknown> };
    slow.spec.minReadySeconds = 30;
    // The plan's time is 2026-11-28T10:00:00Z.
    const commands = p([slow as unknown as KubeObject, readySince('old', '2026-11-28T09:59:00Z'), readySince('new', '2026-11-28T09:59:50Z')]);
    expect(statusOf(commands)).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 1 });
    const recent = new Date(Date.now() - 10_000).toISOString();
    const wait = replicationReconciler.requeueAfterMs!(KEY, cacheOf([slow as unknown as KubeObject, readySince('new', recent)]))!;
    expect(wait).toBeGreaterThan(19_000);
    expect(wait).toBeLessThanOrEqual(20_200);
  });

  it('deletes the excess, and does nothing when satisfied', () => {
    const status = { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 3 };
    expect(summary(p([rs(1, undefined, { status }), owned('a', { ready: true, phase: 'Running', node: 'n' }), owned('b')])).filter((s) => s.startsWith('Delete'))).toEqual(['Delete Pod/b']);
    expect(summary(p([rs(1, undefined, { status }), owned('a', { ready: true, phase: 'Running', node: 'n' })]))).toEqual([]);
  });

  it('ignores the pods a ReplicationController of the same selector owns', () => {
    const rcPod = pod('rc-pod', { labels: { app: 'web', tier: 'front' } });
    expect(summary(p([rs(0, undefined, { status: { replicas: 0, observedGeneration: 3 } }), rcPod]))).toEqual([]);
  });

  it('is queued by a change of a pod it owns or its selector matches', () => {
    const state = cacheOf([rs(1)]);
    const keys = replicationReconciler.keysFor({ type: 'ADDED', key: 'pods/default/x', object: owned('x', { owned: false }) } as never, state);
    expect(keys).toEqual([KEY]);
    expect(replicationReconciler.initialKeys!(state)).toEqual([KEY]);
  });
});
