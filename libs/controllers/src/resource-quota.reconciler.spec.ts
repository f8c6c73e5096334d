import type { KubeObject } from '@bosun/api';
import { keyOfObject } from './controller';
import { resourceQuotaReconciler } from './resource-quota.reconciler';
import { replicationReconciler } from './replication.reconciler';
import { cacheOf, plan } from './testing/cache.given';
import { pod, rc } from './testing/objects.fixtures';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const quota = (hard: Record<string, string>, status?: Anything): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default', uid: 'q-uid', resourceVersion: '3' }, spec: { hard }, ...(status ? { status } : {}) }) as unknown as KubeObject;
const limits = (items: Anything[]): KubeObject => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'default', uid: 'lr-uid' }, spec: { limits: items } }) as unknown as KubeObject;
const statusOf = (objects: readonly KubeObject[]): Anything | undefined => {
  const commands = plan(resourceQuotaReconciler, objects, 'resourcequotas/default/q');
  return commands.length === 0 ? undefined : (commands[0]!.command.data as { status: Anything }).status;
};

describe('resource quota reconciler', () => {
  it('writes hard and used: the pods of the namespace that have not ended', () => {
    expect(statusOf([quota({ pods: '5' }), pod('a'), pod('b'), pod('c', { phase: 'Failed' })])).toEqual({ hard: { pods: '5' }, used: { pods: '2' } });
  });

  it('does nothing when the status is true', () => {
    expect(statusOf([quota({ pods: '5' }, { hard: { pods: '5' }, used: { pods: '1' } }), pod('a')])).toBeUndefined();
  });

  it('looks again at the quotas that count a kind when one of its objects changes, not at others', () => {
    const state = cacheOf([quota({ pods: '5' })]);
    const change = (object: KubeObject) => resourceQuotaReconciler.keysFor({ key: keyOfObject(object), object } as never, state);
    expect(change(pod('a'))).toEqual(['resourcequotas/default/q']);
    expect(change({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } } as KubeObject)).toEqual([]);
  });
});

describe('replication reconciler under quota and limit ranges', () => {
  const KEY = 'replicationcontrollers/default/web';
  const creates = (objects: readonly KubeObject[]) => plan(replicationReconciler, objects, KEY).filter((c) => c.command.type === 'Create');
  const statusUpdate = (objects: readonly KubeObject[]): Anything | undefined =>
    (plan(replicationReconciler, objects, KEY).find((c) => c.command.type === 'UpdateStatus')?.command.data as { status: Anything } | undefined)?.status;

  it('creates only as many pods as the quota has room for, and says why in ReplicaFailure (FailedCreate)', () => {
    expect(creates([rc(3), quota({ pods: '2' })])).toHaveLength(2);
    const failure = (statusUpdate([rc(3), quota({ pods: '2' })])?.conditions as Anything[]).find((c) => c.type === 'ReplicaFailure');
    expect(failure).toMatchObject({ status: 'True', reason: 'FailedCreate', message: expect.stringMatching(/^pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2$/) });
  });

  it('drops ReplicaFailure once its pods can be created', () => {
    const failed = rc(1, { status: { replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-x" is forbidden: exceeded quota' }] } });
    expect(creates([failed])).toHaveLength(1);
    expect(statusUpdate([failed])?.conditions).toBeUndefined();
  });

  it('gives its pods the namespace\'s container defaults (LimitRanger)', () => {
    const [create] = creates([rc(1), limits([{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' } }])]);
    expect((create!.command.data as { object: Anything }).object.spec.containers[0].resources).toEqual({ requests: { cpu: '100m' }, limits: { cpu: '500m' } });
  });

  it('syncs the controllers refused before when a quota changes', () => {
    const failed = rc(3, { status: { replicas: 2, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'x' }] } });
    const q = quota({ pods: '5' });
    expect(replicationReconciler.keysFor({ key: keyOfObject(q), object: q } as never, cacheOf([failed, q]))).toEqual([KEY]);
    expect(replicationReconciler.keysFor({ key: keyOfObject(q), object: q } as never, cacheOf([rc(3), q]))).toEqual([]);
  });
});
