import type { KubeObject } from '@bosun/api';
import { garbageCollectorReconciler } from './garbage-collector.reconciler';
import { cacheOf, plan, summary } from './testing/cache.given';
import { pod, rc } from './testing/objects.fixtures';

const namespace = (name: string, deleting: boolean): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `ns-${name}`, ...(deleting ? { deletionTimestamp: '2026-11-28T10:00:00Z' } : {}) } }) as unknown as KubeObject;
const inNamespace = (o: KubeObject, ns: string): KubeObject => ({ ...o, metadata: { ...o.metadata, namespace: ns } }) as KubeObject;

describe('garbage collector', () => {
  it('deletes a pod whose controller no longer exists', () => {
    expect(summary(plan(garbageCollectorReconciler, [pod('a')], 'pods/default/a'))).toEqual(['Delete Pod/a']);
  });

  it('deletes a Deployment’s ReplicaSets once it is gone, and a ReplicaSet’s pods once that is gone (apps/v1 owners)', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'd-uid' }, spec: {} } as unknown as KubeObject;
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'default', uid: 'rs-uid', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true }] }, spec: {} } as unknown as KubeObject;
    const rsPod = { ...pod('p', { owned: false }), metadata: { ...pod('p', { owned: false }).metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true }] } } as KubeObject;
    expect(plan(garbageCollectorReconciler, [deployment, rs], 'replicasets/default/web-abc')).toEqual([]);
    expect(summary(plan(garbageCollectorReconciler, [rs], 'replicasets/default/web-abc'))).toEqual(['Delete ReplicaSet/web-abc']);
    expect(summary(plan(garbageCollectorReconciler, [rsPod], 'pods/default/p'))).toEqual(['Delete Pod/p']);
    // The Deployment's deletion queues its ReplicaSets; the ReplicaSet's, its pods.
    expect(garbageCollectorReconciler.keysFor({ type: 'DELETED', key: 'deployments/default/web', object: deployment } as never, cacheOf([rs]))).toContain('replicasets/default/web-abc');
    expect(garbageCollectorReconciler.keysFor({ type: 'DELETED', key: 'replicasets/default/web-abc', object: rs } as never, cacheOf([rsPod]))).toContain('pods/default/p');
  });

  it('keeps pods whose owner exists, and pods without an owner', () => {
    expect(plan(garbageCollectorReconciler, [rc(1), pod('a')], 'pods/default/a')).toEqual([]);
    expect(plan(garbageCollectorReconciler, [pod('b', { owned: false })], 'pods/default/b')).toEqual([]);
  });

  const configMap = (name: string, owners: { kind: string; name: string; uid: string }[]): KubeObject =>
    ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', uid: `cm-${name}`, ownerReferences: owners.map((o) => ({ apiVersion: 'v1', ...o })) }, data: {} }) as unknown as KubeObject;
  const owner = pod('owner', { owned: false });
  const ownerRef = { kind: 'Pod', name: 'owner', uid: owner.metadata.uid! };

  it('deletes any object all of whose owners are gone, whatever the kinds: a ConfigMap owned by a Pod', () => {
    expect(plan(garbageCollectorReconciler, [owner, configMap('settings', [ownerRef])], 'configmaps/default/settings')).toEqual([]);
    expect(summary(plan(garbageCollectorReconciler, [configMap('settings', [ownerRef])], 'configmaps/default/settings'))).toEqual(['Delete ConfigMap/settings']);
    // The same name with another uid is another owner: this one is gone.
    const successor = { ...owner, metadata: { ...owner.metadata, uid: 'other-uid' } } as KubeObject;
    expect(summary(plan(garbageCollectorReconciler, [successor, configMap('settings', [ownerRef])], 'configmaps/default/settings'))).toEqual(['Delete ConfigMap/settings']);
  });

  it('keeps an object while one of its owners exists, and one whose owner is of a kind Bosun cannot look up', () => {
    const gone = { kind: 'Secret', name: 'gone', uid: 'secret-uid' };
    expect(plan(garbageCollectorReconciler, [owner, configMap('shared', [gone, ownerRef])], 'configmaps/default/shared')).toEqual([]);
    expect(plan(garbageCollectorReconciler, [configMap('custom', [{ kind: 'RuntimeClass', name: 'd', uid: 'd-uid' }])], 'configmaps/default/custom')).toEqual([]);
  });

  it('looks at what a deleted owner owned', () => {
    const dependent = configMap('settings', [ownerRef]);
    const keys = garbageCollectorReconciler.keysFor({ type: 'DELETED', key: 'pods/default/owner', object: owner, offset: 9 } as never, cacheOf([dependent]));
    expect(keys).toContain('configmaps/default/settings');
  });

  it('orphans the dependents of an owner deleted with the orphan finalizer, then lets it go', () => {
    const deleting = rc(1, { metadata: { name: 'web', namespace: 'default', uid: 'rc-uid', deletionTimestamp: '2026-11-28T10:00:00Z', finalizers: ['orphan'] } });
    const commands = plan(garbageCollectorReconciler, [deleting, pod('a')], 'replicationcontrollers/default/web');
    expect(summary(commands)).toEqual(['Replace Pod/a']);
    expect((commands[0].command as { data: { object: any } }).data.object.metadata.ownerReferences).toBeUndefined();
    const released = plan(garbageCollectorReconciler, [deleting, pod('a', { owned: false })], 'replicationcontrollers/default/web');
    expect(summary(released)).toEqual(['Replace ReplicationController/web']);
    expect((released[0].command as { data: { object: any } }).data.object.metadata.finalizers).toEqual([]);
    expect(plan(garbageCollectorReconciler, [deleting, pod('a')], 'pods/default/a')).toEqual([]);
  });

  it('lets any object deleted with the orphan finalizer go, a ConfigMap or a Pod, after releasing what it owned', () => {
    const deletingCm = { ...configMap('lonely', []), metadata: { name: 'lonely', namespace: 'default', uid: 'cm-lonely', deletionTimestamp: '2026-11-28T10:00:00Z', finalizers: ['orphan'] } } as KubeObject;
    const keys = garbageCollectorReconciler.keysFor({ type: 'MODIFIED', key: 'configmaps/default/lonely', object: deletingCm, offset: 9 } as never, cacheOf([deletingCm]));
    expect(keys).toContain('configmaps/default/lonely');
    const released = plan(garbageCollectorReconciler, [deletingCm], 'configmaps/default/lonely');
    expect(summary(released)).toEqual(['Replace ConfigMap/lonely']);
    expect((released[0].command as { data: { object: any } }).data.object.metadata.finalizers).toEqual([]);
    // Also looked at when the collector starts (a restart, a new leader), not only when it changes.
    expect(garbageCollectorReconciler.initialKeys!(cacheOf([deletingCm, configMap('plain', [])]))).toEqual(['configmaps/default/lonely']);
    // A Pod that owns a ConfigMap: the ConfigMap is released first.
    const deletingPod = { ...owner, metadata: { ...owner.metadata, deletionTimestamp: '2026-11-28T10:00:00Z', finalizers: ['orphan'] } } as KubeObject;
    const commands = plan(garbageCollectorReconciler, [deletingPod, configMap('settings', [ownerRef])], 'pods/default/owner');
    expect(summary(commands)).toEqual(['Replace ConfigMap/settings']);
    expect((commands[0].command as { data: { object: any } }).data.object.metadata.ownerReferences).toBeUndefined();
  });

  it('deletes the dependents of any kind of an owner deleted in the foreground: a Pod’s ConfigMap, and is told when it goes', () => {
    const deletingPod = { ...owner, metadata: { ...owner.metadata, deletionTimestamp: '2026-11-28T10:00:00Z', finalizers: ['foregroundDeletion'] } } as KubeObject;
    const settings = configMap('settings', [ownerRef]);
    expect(summary(plan(garbageCollectorReconciler, [deletingPod, settings], 'pods/default/owner'))).toEqual(['Delete ConfigMap/settings']);
    const keys = garbageCollectorReconciler.keysFor({ type: 'DELETED', key: 'configmaps/default/settings', object: settings, offset: 9 } as never, cacheOf([deletingPod]));
    expect(keys).toContain('pods/default/owner');
    expect(summary(plan(garbageCollectorReconciler, [deletingPod], 'pods/default/owner'))).toEqual(['Replace Pod/owner']);
  });

  it('deletes the dependents of an owner deleted in the foreground, and lets it go only once they are gone', () => {
    const deleting = rc(1, { metadata: { name: 'web', namespace: 'default', uid: 'rc-uid', deletionTimestamp: '2026-11-28T10:00:00Z', finalizers: ['foregroundDeletion'] } });
    expect(summary(plan(garbageCollectorReconciler, [deleting, pod('a'), pod('b')], 'replicationcontrollers/default/web')).sort()).toEqual(['Delete Pod/a', 'Delete Pod/b']);
    // A dependent still terminating holds the owner.
    const terminating = pod('a');
    (terminating.metadata as { deletionTimestamp?: string }).deletionTimestamp = '2026-11-28T10:00:01Z';
    expect(plan(garbageCollectorReconciler, [deleting, terminating], 'replicationcontrollers/default/web')).toEqual([]);
    const released = plan(garbageCollectorReconciler, [deleting, pod('x', { owned: false })], 'replicationcontrollers/default/web');
    expect(summary(released)).toEqual(['Replace ReplicationController/web']);
    expect((released[0].command as { data: { object: any } }).data.object.metadata.finalizers).toEqual([]);
  });

  it('says on a terminating namespace what remains in it and which finalizers hold it, as kube-controller-manager does', () => {
    const held = inNamespace(pod('a', { owned: false }), 'team');
    held.metadata = { ...held.metadata, deletionTimestamp: '2026-11-28T10:00:01Z', finalizers: ['example.com/hold'] };
    const commands = plan(garbageCollectorReconciler, [namespace('team', true), held, inNamespace(pod('b', { owned: false }), 'team'), inNamespace(configMap('c', []), 'team')], 'namespaces/team');
    const update = commands.find((c) => c.command.type === 'UpdateStatus')!.command as unknown as { data: { status: any }; metadata: { time: string } };
    expect(update.data.status.phase).toBe('Terminating');
    expect(update.data.status.conditions.map((c: any) => `${c.type} ${c.status} ${c.reason}: ${c.message}`)).toEqual([
      'NamespaceDeletionDiscoveryFailure False ResourcesDiscovered: All resources successfully discovered',
      'NamespaceDeletionGroupVersionParsingFailure False ParsedGroupVersions: All legacy kube types successfully parsed',
      'NamespaceDeletionContentFailure False ContentDeleted: All content successfully deleted, may be waiting on finalization',
      'NamespaceContentRemaining True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances, pods. has 2 resource instances',
      'NamespaceFinalizersRemaining True SomeFinalizersRemain: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    ]);
    // Level-triggered: the same conditions again change nothing.
    const noted = { ...namespace('team', true), status: update.data.status } as KubeObject;
    expect(summary(plan(garbageCollectorReconciler, [noted, held], 'namespaces/team'))).toEqual(['UpdateStatus Namespace/team']);
    const again = plan(garbageCollectorReconciler, [noted, held, inNamespace(pod('b', { owned: false }), 'team'), inNamespace(configMap('c', []), 'team')], 'namespaces/team');
    expect(summary(again).filter((c) => c.startsWith('UpdateStatus'))).toEqual([]);
  });

  it('deletes what a terminating namespace holds, then confirms it gone once empty', () => {
    const holding = [namespace('team', true), inNamespace(rc(1), 'team'), inNamespace(pod('a'), 'team')];
    expect(summary(plan(garbageCollectorReconciler, holding, 'namespaces/team')).sort()).toEqual(['Delete Pod/a', 'Delete ReplicationController/web', 'UpdateStatus Namespace/team']);
    expect(summary(plan(garbageCollectorReconciler, [namespace('team', true)], 'namespaces/team'))).toEqual(['ConfirmDeletion Namespace/team']);
    expect(plan(garbageCollectorReconciler, [namespace('team', false)], 'namespaces/team')).toEqual([]);
  });

  it('deletes the Leases of a terminating namespace too (an operator’s leader-election lock), naming them with their group while they remain', () => {
    const lock = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'lock', namespace: 'team', uid: 'lease-uid' }, spec: { holderIdentity: 'op-1' } } as unknown as KubeObject;
    const commands = plan(garbageCollectorReconciler, [namespace('team', true), lock], 'namespaces/team');
    expect(summary(commands).sort()).toEqual(['Delete Lease/lock', 'UpdateStatus Namespace/team']);
    const update = commands.find((c) => c.command.type === 'UpdateStatus')!.command as unknown as { data: { status: { conditions: { type: string; message: string }[] } } };
    expect(update.data.status.conditions.find((c) => c.type === 'NamespaceContentRemaining')!.message).toBe('Some resources are remaining: leases.coordination.k8s.io has 1 resource instances');
  });

  it('deletes the Roles, RoleBindings, Ingresses and NetworkPolicies of a terminating namespace, but no ClusterRole', () => {
    const held = (apiVersion: string, kind: string, namespace?: string) => ({ apiVersion, kind, metadata: { name: 'web', ...(namespace ? { namespace } : {}), uid: `${kind}-uid` } }) as unknown as KubeObject;
    const objects = [
      namespace('team', true),
      held('rbac.authorization.k8s.io/v1', 'Role', 'team'),
      held('rbac.authorization.k8s.io/v1', 'RoleBinding', 'team'),
      held('networking.k8s.io/v1', 'Ingress', 'team'),
      held('networking.k8s.io/v1', 'NetworkPolicy', 'team'),
      held('rbac.authorization.k8s.io/v1', 'ClusterRole'),
    ];
    expect(summary(plan(garbageCollectorReconciler, objects, 'namespaces/team')).sort()).toEqual([
      'Delete Ingress/web',
      'Delete NetworkPolicy/web',
      'Delete Role/web',
      'Delete RoleBinding/web',
      'UpdateStatus Namespace/team',
    ]);
  });
});
