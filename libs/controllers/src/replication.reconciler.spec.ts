import { plan, summary } from './testing/cache.given';
import { node, pod, rc } from './testing/objects.fixtures';
import { replicationReconciler } from './replication.reconciler';

const KEY = 'replicationcontrollers/default/web';
const p = (objects: Parameters<typeof plan>[1]) => plan(replicationReconciler, objects, KEY);

describe('replication reconciler', () => {
  it('creates missing replicas from the template, owned by the RC', () => {
    const commands = p([rc(3)]);
    const creates = commands.filter((c) => c.command.type === 'Create');
    expect(creates).toHaveLength(3);
    const object = (creates[0].command as { data: { object: any } }).data.object;
    expect(object.metadata).toMatchObject({ generateName: 'web-', labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicationController', uid: 'rc-uid', controller: true }] });
    expect(object.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(object.spec).toMatchObject({ restartPolicy: 'Always', serviceAccountName: 'default', serviceAccount: 'default', containers: [{ name: 'web', image: 'python:3' }] });
    // As a pod created through the API: Pending, with its QoS class (kubectl describe shows it).
    expect(object.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('admits its pods as the API would: the API credentials mounted unless their ServiceAccount says not to', () => {
    const created = (objects: Parameters<typeof plan>[1]) => (p(objects).find((c) => c.command.type === 'Create')!.command as { data: { object: any } }).data.object;
    const mounted = created([rc(1)]);
    expect(mounted.spec.volumes).toEqual([expect.objectContaining({ name: expect.stringMatching(/^kube-api-access-[a-z0-9]{5}$/) })]);
    expect(mounted.spec.containers[0].volumeMounts).toEqual([{ name: mounted.spec.volumes[0].name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default', uid: 'sa' }, automountServiceAccountToken: false } as unknown as Parameters<typeof plan>[1][number];
    const unmounted = created([rc(1), account]);
    expect(unmounted.spec.volumes).toBeUndefined();
    expect(unmounted.spec.containers[0].volumeMounts).toBeUndefined();
  });

  it('does nothing when satisfied and status is current', () => {
    const status = { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 2 };
    expect(summary(p([rc(2, { status }), pod('a', { ready: true }), pod('b', { ready: true })]))).toEqual([]);
  });

  it('reports status: replicas, ready and available, observedGeneration', () => {
    const commands = p([rc(2), pod('a', { ready: true, phase: 'Running', node: 'n' }), pod('b')]);
    expect(summary(commands)).toEqual(['UpdateStatus ReplicationController/web']);
    expect((commands[0].command as { data: { status: unknown } }).data.status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 2 });
  });

  it('leaves counts of zero out of the status, as Go omits them, and drops ones that fell to zero', () => {
    const none = p([rc(0, { status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 2 } })]);
    expect(summary(none)).toEqual(['UpdateStatus ReplicationController/web']);
    expect((none[0].command as { data: { status: unknown } }).data.status).toEqual({ replicas: 0, observedGeneration: 2 });
    const unready = p([rc(1), pod('a')]);
    expect((unready[0].command as { data: { status: unknown } }).data.status).toEqual({ replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 2 });
    // Written so, it is current: nothing more to do, whatever the order of its keys.
    expect(summary(p([rc(0, { status: { observedGeneration: 2, replicas: 0 } })]))).toEqual([]);
  });

  it('deletes the excess in Kubernetes order: unscheduled, pending, not ready, newest first', () => {
    const objects = [
      rc(2),
      pod('running-ready-old', { node: 'n', phase: 'Running', ready: true, created: '2026-11-28T08:00:00Z' }),
      pod('running-ready-new', { node: 'n', phase: 'Running', ready: true, created: '2026-11-28T09:30:00Z' }),
      pod('running-not-ready', { node: 'n', phase: 'Running' }),
      pod('scheduled-pending', { node: 'n' }),
      pod('unscheduled'),
    ];
    expect(summary(p(objects)).filter((s) => s.startsWith('Delete'))).toEqual([
      'Delete Pod/unscheduled',
      'Delete Pod/scheduled-pending',
      'Delete Pod/running-not-ready',
    ]);
  });

  it('adopts a matching orphan instead of creating a pod', () => {
    const commands = p([rc(1), pod('orphan', { owned: false })]);
    expect(summary(commands).filter((s) => !s.startsWith('UpdateStatus'))).toEqual(['Replace Pod/orphan']);
    expect((commands[0].command as { data: { object: any } }).data.object.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: 'rc-uid', controller: true, blockOwnerDeletion: true },
    ]);
  });

  it('releases an owned pod whose labels stopped matching, and replaces it', () => {
    const commands = summary(p([rc(1), pod('relabelled', { labels: { app: 'debug' } })]));
    expect(commands).toContain('Replace Pod/relabelled');
    expect(commands.filter((c) => c.startsWith('Create'))).toHaveLength(1);
  });

  it('ignores pods it does not own and that do not match, and replaces failed pods', () => {
    const commands = summary(p([rc(1), pod('other', { owned: false, labels: { app: 'db' } }), pod('failed', { phase: 'Failed', node: 'n' })]));
    expect(commands.filter((c) => c.startsWith('Create'))).toHaveLength(1);
    expect(commands.some((c) => c.includes('other'))).toBe(false);
  });

  it('does nothing for an RC being deleted or gone', () => {
    expect(p([rc(3, { metadata: { name: 'web', namespace: 'default', uid: 'rc-uid', deletionTimestamp: '2026-11-28T10:00:00Z' } })])).toEqual([]);
    expect(p([node('n')])).toEqual([]);
  });
});
