import { isKind, objectKey, resourceByKind, type Kind, type KubeObject } from '@bosun/api';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { keyOfObject, type Plan, type Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The kinds a namespace holds, deleted when it is. (Events derived from the log go with the log.) */
/** The kinds that own pods by the dozen: their deletion looks at their namespace's pods. */
const POD_OWNERS: ReadonlySet<unknown> = new Set<Kind>(['ReplicationController', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);
const NAMESPACED: readonly Kind[] = ['Deployment', 'DaemonSet', 'CronJob', 'Job', 'StatefulSet', 'ControllerRevision', 'ReplicationController', 'ReplicaSet', 'Pod', 'Service', 'Endpoints', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount', 'Lease', 'Role', 'RoleBinding', 'Ingress', 'NetworkPolicy', 'PersistentVolumeClaim', 'ResourceQuota', 'LimitRange'];


/** Whether an object's deletion waits for the collector: its orphan or foregroundDeletion finalizer. */
const awaitsCollector = (o: Anything): boolean =>
  Boolean(o.metadata?.deletionTimestamp) && ((o.metadata.finalizers ?? []) as string[]).some((f) => f === 'orphan' || f === 'foregroundDeletion');

/** Whether an object names owners (any owner reference, controller or not). */
const owned = (o: Anything): boolean => ((o.metadata?.ownerReferences ?? []) as unknown[]).length > 0;

/**
 * Garbage collection: an object all of whose owners no longer exist is deleted, whatever its kind
 * and theirs (background propagation: deleting an RC deletes its pods, deleting a Pod the
 * ConfigMap it owns; foreground: the RC waits until its pods are gone); a Namespace being deleted
 * has everything in it deleted, and is confirmed gone once it is empty.
 */
export const garbageCollectorReconciler: Reconciler = {
  name: 'garbage-collector',

  initialKeys: (state) => [
    // What may have an owner gone, and owners whose deletion waits for the collector (orphan, foreground).
    ...NAMESPACED.flatMap((kind) => state.list(kind) as Anything[]).filter((o) => owned(o) || awaitsCollector(o)).map((o) => keyOfObject(o as KubeObject)),
    ...(state.list('Namespace') as Anything[]).filter((n) => n.metadata.deletionTimestamp).map((n) => keyOfObject(n as KubeObject)),
  ],

  keysFor(change: ObjectChange, state: ClusterState): string[] {
    const o = change.object as Anything;
    const keys: string[] = [];
    if (o.kind === 'Namespace' && o.metadata.deletionTimestamp && change.type !== 'DELETED') keys.push(change.key);
    const ns = o.metadata?.namespace as string | undefined;
    if (ns !== undefined) {
      const namespace = state.getObject(objectKey('Namespace', undefined, ns));
      if (namespace?.metadata.deletionTimestamp) keys.push(objectKey('Namespace', undefined, ns));
    }
    if (change.type !== 'DELETED' && owned(o)) keys.push(change.key);
    // Foreground deletion: the owner waits for its dependents; each change of one may end the wait.
    if (o.metadata?.deletionTimestamp && change.type !== 'DELETED' && ((o.metadata.finalizers ?? []) as string[]).some((f) => f === FOREGROUND || f === ORPHAN)) keys.push(change.key);
    // A dependent's change (its deletion above all) may end its owner's foreground wait.
    if (ns !== undefined) {
      for (const ref of (o.metadata?.ownerReferences ?? []) as Anything[]) {
        if (!OWNER_KINDS.has(ref.kind) || typeof ref.name !== 'string') continue; // an owner of a kind Bosun does not serve is never here
        const owner = state.getObject(objectKey(ref.kind as Kind, ns, ref.name)) as Anything | null;
        if (owner !== null && owner.metadata.uid === ref.uid && ((owner.metadata.finalizers ?? []) as string[]).includes(FOREGROUND)) keys.push(keyOfObject(owner as KubeObject));
      }
    }
    // An owner gone (or going): look at what it owned.
    if (POD_OWNERS.has(o.kind) && o.metadata.deletionTimestamp && change.type !== 'DELETED') keys.push(change.key);
    if (POD_OWNERS.has(o.kind) && (change.type === 'DELETED' || o.metadata.deletionTimestamp)) {
      for (const p of state.list('Pod', ns) as Anything[]) if (ownedBy(p, o)) keys.push(keyOfObject(p as KubeObject));
    }
    // Any other owner gone: what it owned in its namespace. Pods are looked through only when a
    // rarely deleted kind goes — a pod's, an RC's or a ReplicaSet's deletion (the common ones) would
    // otherwise scan every pod of the namespace — and the replicating owners' pods are handled above.
    if (change.type === 'DELETED' && ns !== undefined) {
      const kinds = o.kind === 'Pod' || POD_OWNERS.has(o.kind) ? NAMESPACED.filter((k) => k !== 'Pod' && k !== 'Event') : NAMESPACED.filter((k) => k !== 'Event');
      for (const kind of kinds) for (const d of state.list(kind, ns) as Anything[]) if (ownedBy(d, o)) keys.push(keyOfObject(d as KubeObject));
    }
    return keys;
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const o = state.getObject(key) as Anything | null;
    if (o === null) return [];
    if (o.kind === 'Namespace') {
      if (!o.metadata.deletionTimestamp) return [];
      const name = o.metadata.name as string;
      const contents = NAMESPACED.flatMap((kind) => state.list(kind, name) as Anything[]).filter((x) => !String(x.metadata.uid ?? '').startsWith('bosun-event-'));
      if (contents.length === 0) return [{ kind: 'Namespace', name, command: { type: 'ConfirmDeletion', data: {}, metadata: meta() } }];
      const deletes = contents
        .filter((x) => !x.metadata.deletionTimestamp)
        .map((x): AddressedCommand => ({ kind: x.kind, namespace: name, name: x.metadata.name, command: { type: 'Delete', data: {}, metadata: meta() } }));
      const m = meta();
      const status = { ...(o.status ?? {}), phase: 'Terminating', conditions: namespaceDeletionConditions(contents, o.status?.conditions ?? [], m.time) };
      if (JSON.stringify(status) === JSON.stringify(o.status ?? {})) return deletes;
      return [...deletes, { kind: 'Namespace', name, command: { type: 'UpdateStatus', data: { status }, metadata: m } }];
    }
    if (o.metadata.deletionTimestamp && ((o.metadata.finalizers ?? []) as string[]).includes(FOREGROUND)) return deleteDependentsFirst(o, state, meta);
    if (o.metadata.deletionTimestamp && ((o.metadata.finalizers ?? []) as string[]).includes(ORPHAN)) return orphanDependents(o, state, meta);
    if (!owned(o) || o.metadata.deletionTimestamp) return [];
    // One owner still there keeps it (as kube-controller-manager's collector does).
    if ((o.metadata.ownerReferences as Anything[]).some((ref) => ownerMayExist(ref, o.metadata.namespace, state))) return [];
    return [{ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, command: { type: 'Delete', data: {}, metadata: meta() } }];
  },
};

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

/** The conditions kube-controller-manager's namespace deleter keeps on a terminating Namespace, in its order, with its reasons and messages. */
const NAMESPACE_CONDITIONS = [
  { type: 'NamespaceDeletionDiscoveryFailure', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  { type: 'NamespaceDeletionGroupVersionParsingFailure', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  { type: 'NamespaceDeletionContentFailure', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  { type: 'NamespaceContentRemaining', reason: 'ContentRemoved', message: 'All content successfully removed' },
  { type: 'NamespaceFinalizersRemaining', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
] as const;

/**
 * A terminating Namespace's conditions for what is still in it — `kubectl describe namespace` is how
 * one finds what holds a namespace in Terminating: which resources remain (`pods. has 2 resource
 * instances`: resource, group, count) and which finalizers hold them. Discovery, parsing and
 * deletion never fail here, so those say so. A condition keeps its lastTransitionTime while its
 * status stays.
 */
export function namespaceDeletionConditions(contents: readonly Anything[], current: readonly Anything[], now: string): Anything[] {
  const count = (keys: string[]): [string, number][] => {
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  const resources = count(
    contents.map((x) => {
      const info = resourceByKind(x.kind as Kind);
      return `${info?.resource ?? String(x.kind).toLowerCase()}.${info?.group ?? ''}`;
    }),
  );
  const finalizers = count(contents.flatMap((x) => (x.metadata?.finalizers ?? []) as string[]));
  const remaining: Record<string, { reason: string; message: string } | undefined> = {
    NamespaceContentRemaining: resources.length === 0 ? undefined : { reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${resources.map(([r, n]) => `${r} has ${n} resource instances`).join(', ')}` },
    NamespaceFinalizersRemaining:
      finalizers.length === 0 ? undefined : { reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${finalizers.map(([f, n]) => `${f} in ${n} resource instances`).join(', ')}` },
  };
  return NAMESPACE_CONDITIONS.map((ok) => {
    const bad = remaining[ok.type];
    const status = bad === undefined ? 'False' : 'True';
    const was = current.find((c) => c.type === ok.type);
    return { type: ok.type, status, lastTransitionTime: was?.status === status ? was.lastTransitionTime : now, reason: bad?.reason ?? ok.reason, message: bad?.message ?? ok.message };
  });
}

function ownedBy(dependent: Anything, owner: Anything): boolean {
  return ((dependent.metadata?.ownerReferences ?? []) as Anything[]).some((r) => r.uid === owner.metadata.uid);
}

/**
 * Whether the owner a reference names exists: the object of its kind and name, in the dependent's
 * namespace (or cluster-wide for a cluster-scoped kind), with its uid. An owner of a kind Bosun
 * does not serve cannot be looked up, so it may exist: the dependent is kept.
 */
function ownerMayExist(ref: Anything, namespace: string | undefined, state: ClusterState): boolean {
  if (!isKind(ref.kind) || typeof ref.name !== 'string') return true;
  const scoped = resourceByKind(ref.kind)!.namespaced;
  if (scoped && namespace === undefined) return true;
  const owner = state.getObject(objectKey(ref.kind, scoped ? namespace : undefined, ref.name));
  return owner !== null && owner.metadata.uid === ref.uid;
}
const OWNER_KINDS: ReadonlySet<unknown> = new Set<Kind>(['Deployment', 'DaemonSet', 'CronJob', 'Job', 'StatefulSet', 'ReplicationController', 'ReplicaSet', 'Pod', 'Service', 'ConfigMap', 'Secret']);

/** The objects of the owner's namespace that name it among their owners, whatever their kinds. */
function dependentsOf(owner: Anything, state: ClusterState): Anything[] {
  const ns = owner.metadata.namespace as string | undefined;
  if (ns === undefined) return [];
  const uid = owner.metadata.uid;
  return NAMESPACED.flatMap((kind) => state.list(kind, ns) as Anything[]).filter((d) => ((d.metadata.ownerReferences ?? []) as Anything[]).some((r) => r.uid === uid));
}

/**
 * An owner deleted with propagationPolicy=Foreground carries the `foregroundDeletion` finalizer:
 * its dependents are deleted, and it stays (with its deletionTimestamp) until they are all gone
 * from the cluster, terminating ones included; then the finalizer goes, which completes its deletion.
 */
function deleteDependentsFirst(owner: Anything, state: ClusterState, meta: () => CommandMetadata): Plan {
  const ns = owner.metadata.namespace as string | undefined;
  const dependents = dependentsOf(owner, state);
  if (dependents.length > 0) {
    return dependents
      .filter((d) => !d.metadata.deletionTimestamp)
      .map((d): AddressedCommand => ({ kind: d.kind as Kind, namespace: ns, name: d.metadata.name, command: { type: 'Delete', data: {}, metadata: meta() } }));
  }
  const finalizers = (owner.metadata.finalizers as string[]).filter((f) => f !== FOREGROUND);
  const object = { ...owner, metadata: { ...owner.metadata, finalizers } } as KubeObject;
  return [{ kind: owner.kind as Kind, ...(ns === undefined ? {} : { namespace: ns }), name: owner.metadata.name, command: { type: 'Replace', data: { object }, metadata: meta() } }];
}

/**
 * An owner deleted with propagationPolicy=Orphan carries the `orphan` finalizer, whatever its kind
 * (kubectl delete cm x --cascade=orphan): strip its dependents' owner references, then drop the
 * finalizer, which completes its deletion.
 */
function orphanDependents(owner: Anything, state: ClusterState, meta: () => CommandMetadata): Plan {
  const finalizers = (owner.metadata.finalizers ?? []) as string[];
  if (!owner.metadata.deletionTimestamp || !finalizers.includes(ORPHAN)) return [];
  const ns = owner.metadata.namespace as string | undefined;
  const uid = owner.metadata.uid;
  const dependents = dependentsOf(owner, state);
  if (dependents.length > 0) {
    return dependents.map((d): AddressedCommand => {
      const refs = ((d.metadata.ownerReferences ?? []) as Anything[]).filter((r) => r.uid !== uid);
      const { ownerReferences: _dropped, ...metadata } = d.metadata;
      const object = { ...d, metadata: refs.length > 0 ? { ...metadata, ownerReferences: refs } : metadata } as KubeObject;
      return { kind: d.kind as Kind, namespace: ns, name: d.metadata.name, command: { type: 'Replace', data: { object }, metadata: meta() } };
    });
  }
  const object = { ...owner, metadata: { ...owner.metadata, finalizers: finalizers.filter((f) => f !== ORPHAN) } } as KubeObject;
  return [{ kind: owner.kind as Kind, ...(ns === undefined ? {} : { namespace: ns }), name: owner.metadata.name, command: { type: 'Replace', data: { object }, metadata: meta() } }];
}
