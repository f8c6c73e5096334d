import type { KubeObject, PodDisruptionBudgetStatus } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import { keyOfObject } from './controller';
import { disruptionReconciler } from './disruption.reconciler';
import { cacheOf, meta } from './testing/cache.given';
import { pod, rc } from './testing/objects.fixtures';

const NOW = '2026-11-28T10:00:00Z';
const pdb = (spec: Record<string, unknown>, status?: Partial<PodDisruptionBudgetStatus>, generation = 1): KubeObject =>
  ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: 'default', uid: 'pdb-uid', generation, resourceVersion: '7' },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...status },
  }) as unknown as KubeObject;
const ready = (name: string, extra: Parameters<typeof pod>[1] = {}) => pod(name, { phase: 'Running', ready: true, ...extra });
const statusAfter = (objects: readonly KubeObject[], time = NOW): Record<string, unknown> | undefined => {
  const budget = objects.find((o) => o.kind === 'PodDisruptionBudget')!;
  const plan = disruptionReconciler.plan(keyOfObject(budget), cacheOf(objects), (): CommandMetadata => ({ ...meta(), time }));
  expect(plan.length).toBeLessThanOrEqual(1);
  return plan[0] === undefined ? undefined : (plan[0].command.data as { status: Record<string, unknown> }).status;
};

describe('disruption reconciler', () => {
  it('counts an integer minAvailable against the Ready pods it selects: disruptions allowed above it, DisruptionAllowed True (SufficientPods)', () => {
    const status = statusAfter([rc(3), ready('web-a'), ready('web-b'), pod('web-c'), pod('other', { labels: { app: 'db' } }), pdb({ minAvailable: 1 })]);
    expect(status).toEqual({
      observedGeneration: 1,
      disruptionsAllowed: 1,
      currentHealthy: 2,
      desiredHealthy: 1,
      expectedPods: 3,
      conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: NOW }],
    });
  });

  it('allows none when the healthy pods are not above the floor: DisruptionAllowed False (InsufficientPods)', () => {
    const status = statusAfter([rc(2), ready('web-a'), ready('web-b'), pdb({ minAvailable: 2 })]);
    expect(status).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' }] });
  });

  it('counts maxUnavailable and a percentage minAvailable from the controllers\' scale, rounding up', () => {
    expect(statusAfter([rc(4), ready('web-a'), ready('web-b'), ready('web-c'), pdb({ maxUnavailable: '25%' })])).toMatchObject({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 });
    expect(statusAfter([rc(4), ready('web-a'), ready('web-b'), ready('web-c'), pdb({ minAvailable: '30%' })])).toMatchObject({ expectedPods: 4, desiredHealthy: 2, disruptionsAllowed: 1 });
  });

  it('takes a Deployment\'s replicas for the pods of its ReplicaSets', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'd-uid' }, spec: { replicas: 5 } } as unknown as KubeObject;
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'default', uid: 'rs-uid', ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true }] }, spec: { replicas: 2 } } as unknown as KubeObject;
    const owned = (name: string) => ({ ...ready(name), metadata: { ...(ready(name) as { metadata: object }).metadata, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', uid: 'rs-uid', controller: true }] } }) as unknown as KubeObject;
    expect(statusAfter([deployment, rs, owned('web-a'), owned('web-b'), pdb({ maxUnavailable: 1 })])).toMatchObject({ expectedPods: 5, desiredHealthy: 4, currentHealthy: 2, disruptionsAllowed: 0 });
  });

  it('takes a StatefulSet\'s replicas for its pods', () => {
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default', uid: 'sts-uid' }, spec: { replicas: 3 } } as unknown as KubeObject;
    const owned = (name: string) => ({ ...ready(name), metadata: { ...(ready(name) as { metadata: object }).metadata, ownerReferences: [{ kind: 'StatefulSet', name: 'db', uid: 'sts-uid', controller: true }] } }) as unknown as KubeObject;
    expect(statusAfter([sts, owned('db-0'), owned('db-1'), owned('db-2'), pdb({ maxUnavailable: 1 })])).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
  });

  it('fails safe, allowing nothing (SyncFailed), when a pod\'s controller is unknown', () => {
    const status = statusAfter([ready('web-a'), pdb({ maxUnavailable: 1 }, { disruptionsAllowed: 1 })]);
    expect(status).toMatchObject({ disruptionsAllowed: 0, conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "web-a"' }] });
  });

  it('keeps an evicted pod uncounted in disruptedPods until it is being deleted or 2 minutes passed', () => {
    const evicted = { disruptedPods: { 'web-a': '2026-11-28T09:59:30Z' } };
    expect(statusAfter([rc(2), ready('web-a'), ready('web-b'), pdb({ minAvailable: 1 }, evicted)])).toMatchObject({ ...evicted, currentHealthy: 1, disruptionsAllowed: 0 });
    expect(statusAfter([rc(2), ready('web-a'), ready('web-b'), pdb({ minAvailable: 1 }, evicted)], '2026-11-28T10:01:31Z')).not.toHaveProperty('disruptedPods');
    const deleting = { ...ready('web-a'), metadata: { ...(ready('web-a') as { metadata: object }).metadata, deletionTimestamp: NOW } } as unknown as KubeObject;
    expect(statusAfter([rc(2), deleting, ready('web-b'), pdb({ minAvailable: 1 }, evicted)])).not.toHaveProperty('disruptedPods');
  });

  it('allows nothing while it expects no pods, and writes nothing when its status is up to date', () => {
    expect(statusAfter([pdb({ minAvailable: 0 })])).toMatchObject({ expectedPods: 0, disruptionsAllowed: 0 });
    const objects = [rc(2), ready('web-a'), ready('web-b')];
    const settled = statusAfter([...objects, pdb({ minAvailable: 1 })]);
    expect(statusAfter([...objects, pdb({ minAvailable: 1 }, settled)])).toBeUndefined();
    // A new generation is observed again.
    expect(statusAfter([...objects, pdb({ minAvailable: 1 }, settled, 2)])).toMatchObject({ observedGeneration: 2 });
  });

  it('is keyed by the pods it selects and by the workloads of its namespace', () => {
    const state = cacheOf([pdb({ minAvailable: 1 })]);
    const change = (object: KubeObject) => ({ type: 'MODIFIED' as const, key: keyOfObject(object), object, offset: 1 });
    expect(disruptionReconciler.keysFor(change(ready('web-a')), state)).toEqual([keyOfObject(pdb({}))]);
    expect(disruptionReconciler.keysFor(change(pod('db', { labels: { app: 'db' } })), state)).toEqual([]);
    expect(disruptionReconciler.keysFor(change(rc(3)), state)).toEqual([keyOfObject(pdb({}))]);
  });
});
