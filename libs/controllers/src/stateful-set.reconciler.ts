import {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerOf,
  controllerRevisionHash,
  controllerRevisionName,
  defaultStorageClass,
  isPodReady,
  PVC_PROTECTION_FINALIZER,
  type StorageClass,
  objectKey,
  podSelectorOf,
  REVISION_HASH_LABEL,
  sameJson,
  statefulSetRevisionData,
  templateOfRevision,
  type KubeObject,
  type AdmittedAccount,
} from '@bosun/api';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import { keyOfObject, type Plan, type Reconciler } from './controller';
import { admitPod, availableAt, ownerRef, podFromTemplate, templateAccount, withOwners } from './replication.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The labels a StatefulSet's pod carries with its identity (apps/v1 StatefulSetPodNameLabel, PodIndexLabel). */
export const STATEFUL_SET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const terminating = (p: Anything): boolean => Boolean(p.metadata?.deletionTimestamp);
const finished = (p: Anything): boolean => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
/** isRunningAndReady: Running, its Ready condition True. */
const runningAndReady = (p: Anything): boolean => p.status?.phase === 'Running' && isPodReady(p);
const revisionOfPod = (p: Anything): string | undefined => p.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];

/** The ordinal in a pod's name `<set>-<ordinal>`, or undefined when it is not one of the set's names. */
function ordinalOf(set: Anything, pod: Anything): number | undefined {
  const name = String(pod.metadata?.name ?? '');
  const prefix = `${set.metadata.name}-`;
  if (!name.startsWith(prefix) || !/^(0|[1-9][0-9]*)$/.test(name.slice(prefix.length))) return undefined;
  return Number(name.slice(prefix.length));
}

const ownedBy = (state: ClusterState, kind: 'Pod' | 'ControllerRevision', set: Anything): Anything[] =>
  (state.list(kind, set.metadata.namespace) as Anything[]).filter((o) => controllerOf(o)?.uid === set.metadata.uid);

/**
 * ClaimPods and ClaimControllerRevisions, as the statefulset controller claims what is its own: of
 * the objects of its namespace, those it controls whose labels its selector still matches, and the
 * orphans it matches — pods only when their names are among the set's (`<set>-<ordinal>`) —, which
 * it adopts; those it controls but no longer matches it releases (they stay, as orphans).
 */
function claim(state: ClusterState, kind: 'Pod' | 'ControllerRevision', set: Anything, send: (name: string, object: KubeObject) => void): Anything[] {
  const selector = podSelectorOf(set);
  const mine: Anything[] = [];
  for (const o of state.list(kind, set.metadata.namespace) as Anything[]) {
    const owner = controllerOf(o);
    const matches = !selector.isEmpty() && selector.matches(o.metadata?.labels);
    if (owner?.uid === set.metadata.uid) {
      if (matches) mine.push(o);
      else send(o.metadata.name, withOwners(o, (refs) => refs.filter((r) => r.uid !== set.metadata.uid)));
    } else if (owner === undefined && matches && !terminating(o) && !terminating(set) && (kind === 'ControllerRevision' || ordinalOf(set, o) !== undefined)) {
      const adopted = withOwners(o, (refs) => [...refs, ownerRef(set)]);
      mine.push(adopted);
      send(o.metadata.name, adopted);
    }
  }
  return mine;
}

/** The claim of one volumeClaimTemplate for one ordinal: `<template>-<set>-<ordinal>` (getPersistentVolumeClaimName). */
const claimNameOf = (set: Anything, template: Anything, ordinal: number): string => `${template.metadata?.name}-${set.metadata.name}-${ordinal}`;
const claimTemplates = (set: Anything): Anything[] => ((set.spec?.volumeClaimTemplates ?? []) as Anything[]).filter((t) => t?.metadata?.name);
const ownerOnly = (o: Anything): Anything => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid });

/**
 * A claim made from a template for an ordinal, as getPersistentVolumeClaims makes it: the template's
 * spec, its labels with the set's matchLabels, and — since nothing admits it through the API — what
 * the API server's admission would add: the default class when it names none, pvc-protection.
 * Retention whenDeleted=Delete makes the set its owner, for the garbage collector to delete it with the set.
 */
function claimOf(set: Anything, template: Anything, ordinal: number, classes: readonly StorageClass[]): KubeObject {
  const spec = { ...(template.spec ?? {}) };
  if (spec.storageClassName === undefined || spec.storageClassName === null) {
    const fallback = defaultStorageClass(classes);
    if (fallback) spec.storageClassName = fallback.metadata.name;
  }
  const deleteWithSet = set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete';
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimNameOf(set, template, ordinal),
      namespace: set.metadata.namespace,
      uid: randomUUID(),
      labels: { ...(template.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
      ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
      finalizers: [PVC_PROTECTION_FINALIZER],
      ...(deleteWithSet ? { ownerReferences: [ownerOnly(set)] } : {}),
    },
    spec,
    status: { phase: 'Pending' },
  } as unknown as KubeObject;
}

/** The StatefulSet's pod of one ordinal, from one revision's template: its name, its hostname, the service as its subdomain, its claims as volumes (updateStorage). */
function podOf(set: Anything, ordinal: number, revision: Anything, template: Anything, account: AdmittedAccount | null): KubeObject {
  const name = `${set.metadata.name}-${ordinal}`;
  const labels = { ...(template.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: revision.metadata.name, [STATEFUL_SET_POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) };
  const claims = claimTemplates(set);
  const claimed = new Set(claims.map((t) => t.metadata.name));
  const volumes = [...((template.spec?.volumes ?? []) as Anything[]).filter((v) => !claimed.has(v.name)), ...claims.map((t) => ({ name: t.metadata.name, persistentVolumeClaim: { claimName: claimNameOf(set, t, ordinal) } }))];
  const spec = { ...(template.spec ?? {}), ...(volumes.length > 0 ? { volumes } : {}), hostname: name, ...(set.spec?.serviceName ? { subdomain: set.spec.serviceName } : {}) };
  return podFromTemplate(set, { name, template: { ...template, metadata: { ...(template.metadata ?? {}), labels }, spec }, account });
}

/** A new revision of the set's template (history.NewControllerRevision): the template's labels and the hash, owned by the set. */
function newRevision(set: Anything, data: Anything, hash: string, revision: number): Anything {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(set.metadata.name, hash),
      namespace: set.metadata.namespace,
      uid: randomUUID(),
      labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
      ownerReferences: [ownerRef(set)],
    },
    data,
    revision,
  };
}

/**
 * The statefulset controller (kube-controller-manager's pkg/controller/statefulset, as of 1.31):
 * pods named `<set>-<ordinal>` for the ordinals [start, start+replicas), each with its name as
 * hostname and the serviceName as subdomain, labelled with its name, index and revision. The
 * template of each revision is recorded in a ControllerRevision (`<set>-<hash>`), the template
 * coming back to an earlier one renumbering it rather than recording it again; revisions no pod
 * uses beyond revisionHistoryLimit are deleted.
 * OrderedReady: one pod at a time, each created only once every lower one is Running and Ready
 * (and available for minReadySeconds), the excess removed from the highest ordinal down, one at a
 * time; Parallel: all created and removed at once. A failed pod is deleted, then made again with the
 * same name. RollingUpdate: once all is healthy, pods at or above the partition not at the update
 * revision are deleted from the highest ordinal down, one at a time (recreated from it), the ones
 * below the partition kept at — and recreated from — the current revision; OnDelete: only pods
 * deleted by hand are made anew, from the update revision. The current revision becomes the
 * update revision once every pod is updated and ready. Orphan pods with the set's names and orphan
 * revisions its selector matches are adopted; what it controls but no longer matches is released.
 */
export const statefulSetReconciler: Reconciler = {
  name: 'statefulset',

  initialKeys: (state) => state.list('StatefulSet').map(keyOfObject),

  keysFor(change: ObjectChange, state: ClusterState): string[] {
    const o = change.object as Anything;
    if (o.kind === 'StatefulSet') return [change.key];
    // A quota or limit range that changed may let a pod it refused be created now.
    if (o.kind === 'ResourceQuota' || o.kind === 'LimitRange') return state.list('StatefulSet', o.metadata?.namespace).map(keyOfObject);
    if (o.kind !== 'Pod' && o.kind !== 'ControllerRevision') return [];
    const owner = controllerOf(o);
    if (owner?.kind === 'StatefulSet') return [objectKey('StatefulSet', o.metadata.namespace, owner.name)];
    if (owner !== undefined) return [];
    // An orphan may be claimed by a set of its namespace whose selector matches it.
    return (state.list('StatefulSet', o.metadata.namespace) as Anything[]).filter((set) => podSelectorOf(set).matches(o.metadata?.labels)).map((set) => keyOfObject(set as KubeObject));
  },

  // A ready pod becomes available minReadySeconds after it became ready: look again then.
  requeueAfterMs(key: string, state: ClusterState): number | undefined {
    const set = state.getObject(key) as Anything | null;
    const minReady = set?.spec?.minReadySeconds ?? 0;
    if (set === null || minReady <= 0) return undefined;
    const now = Date.now();
    const due = ownedBy(state, 'Pod', set).map((p) => availableAt(p, minReady)).filter((t) => t > now && t !== Infinity);
    return due.length === 0 ? undefined : Math.max(200, Math.min(...due) - now + 100);
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const set = state.getObject(key) as Anything | null;
    if (set === null || terminating(set)) return [];
    const ns: string = set.metadata.namespace;
    const commands: AddressedCommand[] = [];
    const send = (kind: 'Pod' | 'ControllerRevision' | 'StatefulSet' | 'PersistentVolumeClaim', name: string, command: Omit<AddressedCommand['command'], 'metadata'>): void => {
      commands.push({ kind, namespace: ns, name, command: { ...command, metadata: meta() } as AddressedCommand['command'] });
    };
    const collisionCount: number = set.status?.collisionCount ?? 0;

    // The update revision: the template as it is now, recorded once.
    const revisions = claim(state, 'ControllerRevision', set, (name, object) => send('ControllerRevision', name, { type: 'Replace', data: { object } })).sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || String(a.metadata.name).localeCompare(String(b.metadata.name)));
    const data = statefulSetRevisionData(set.spec?.template);
    const latest = revisions.length === 0 ? 0 : (revisions[revisions.length - 1]!.revision ?? 0);
    const equal = revisions.filter((r) => sameJson(r.data, data));
    let update: Anything;
    if (equal.length > 0) {
      update = equal[equal.length - 1]!;
      // Back to an earlier template (a rollback): that revision becomes the newest again.
      if ((update.revision ?? 0) !== latest) {
        update = { ...update, revision: latest + 1 };
        send('ControllerRevision', update.metadata.name, { type: 'Replace', data: { object: update as KubeObject } });
      }
    } else {
      const hash = controllerRevisionHash(data, collisionCount);
      if (state.getObject(objectKey('ControllerRevision', ns, controllerRevisionName(set.metadata.name, hash))) !== null) {
        // Another template hashed the same: count the collision, which changes the hash, and look again.
        send('StatefulSet', set.metadata.name, { type: 'UpdateStatus', data: { status: { ...(set.status ?? {}), collisionCount: collisionCount + 1 } } });
        return commands;
      }
      update = newRevision(set, data, hash, latest + 1);
      send('ControllerRevision', update.metadata.name, { type: 'Create', data: { object: update as KubeObject } });
    }
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    const currentTemplate = templateOfRevision(current) ?? set.spec?.template ?? {};

    const start: number = set.spec?.ordinals?.start ?? 0;
    const want: number = set.spec?.replicas ?? 1;
    const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
    const rolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const partition: number = rolling ? (set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
    const minReady: number = set.spec?.minReadySeconds ?? 0;
    const now = Date.parse(meta().time);
    const healthy = (p: Anything): boolean => !terminating(p) && runningAndReady(p) && availableAt(p, minReady) <= now;

    const pods = claim(state, 'Pod', set, (name, object) => send('Pod', name, { type: 'Replace', data: { object } }));
    const byOrdinal = new Map<number, Anything>();
    const condemned: Anything[] = [];
    for (const p of pods) {
      const ordinal = ordinalOf(set, p);
      if (ordinal === undefined) continue;
      if (ordinal >= start && ordinal < start + want) byOrdinal.set(ordinal, p);
      else condemned.push(p);
    }
    condemned.sort((a, b) => ordinalOf(set, b)! - ordinalOf(set, a)!);

    // The replicas, lowest ordinal first: made, replaced when finished; OrderedReady waits on each.
    let blocked = false;
    const planned: KubeObject[] = [];
    for (let ordinal = start; ordinal < start + want && !blocked; ordinal++) {
      const pod = byOrdinal.get(ordinal);
      if (pod === undefined) {
        // Below the partition a pod stays at the current revision; above it (and under OnDelete) it is made at the update revision.
        const fromCurrent = rolling && ordinal - start < partition;
        const template = fromCurrent ? currentTemplate : (set.spec?.template ?? {});
        const object = podOf(set, ordinal, fromCurrent ? current : update, template, templateAccount(state, set, template));
        // Its claims first (createPersistentVolumeClaims), those it has not got yet.
        for (const template of claimTemplates(set)) {
          if (state.getObject(objectKey('PersistentVolumeClaim', ns, claimNameOf(set, template, ordinal))) !== null) continue;
          const claimObject = claimOf(set, template, ordinal, state.list('StorageClass') as StorageClass[]);
          send('PersistentVolumeClaim', claimObject.metadata.name!, { type: 'Create', data: { object: claimObject } });
        }
        // Through LimitRanger and the namespace's quotas, as a pod created through the API; a refused one holds the ordinals after it.
        const admitted = admitPod(object, state, planned);
        if (typeof admitted === 'string') {
          blocked = true;
          continue;
        }
        planned.push(admitted);
        send('Pod', admitted.metadata.name!, { type: 'Create', data: { object: admitted } });
        blocked = monotonic;
      } else if (finished(pod) && !terminating(pod)) {
        send('Pod', pod.metadata.name, { type: 'Delete', data: {} });
        blocked = monotonic;
      } else if (!healthy(pod)) {
        blocked = monotonic;
      }
    }
    if (blocked) return [...commands, ...statusCommand(set, pods, current, update, collisionCount, meta, now)];

    // Retention whenScaled=Delete: a condemned pod owns its claims, which go with it.
    if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled === 'Delete') {
      for (const p of condemned) {
        for (const template of claimTemplates(set)) {
          const c = state.getObject(objectKey('PersistentVolumeClaim', ns, claimNameOf(set, template, ordinalOf(set, p)!))) as Anything | null;
          if (c === null || c.metadata.deletionTimestamp || ((c.metadata.ownerReferences ?? []) as Anything[]).some((r) => r.uid === p.metadata.uid)) continue;
          send('PersistentVolumeClaim', c.metadata.name, { type: 'Replace', data: { object: withOwners(c, (refs) => [...refs, ownerOnly(p)]) } });
        }
      }
    }

    // The excess, highest ordinal first: OrderedReady one at a time, once the one before is gone.
    let removing = false;
    if (monotonic) {
      const target = condemned[0];
      if (target !== undefined) {
        removing = true;
        if (!condemned.some(terminating)) send('Pod', target.metadata.name, { type: 'Delete', data: {} });
      }
    } else {
      for (const p of condemned) if (!terminating(p)) send('Pod', p.metadata.name, { type: 'Delete', data: {} });
    }

    // RollingUpdate: from the highest ordinal down to the partition, one pod at a time, each once the one above is back and healthy.
    if (rolling && !removing) {
      for (let ordinal = start + want - 1; ordinal >= start + partition; ordinal--) {
        const pod = byOrdinal.get(ordinal);
        if (pod === undefined) break;
        if (revisionOfPod(pod) !== update.metadata.name && !terminating(pod)) {
          send('Pod', pod.metadata.name, { type: 'Delete', data: {} });
          break;
        }
        if (!healthy(pod)) break;
      }
    }

    // History: revisions no pod uses, beyond revisionHistoryLimit, oldest first.
    const live = new Set([current.metadata.name, update.metadata.name, ...pods.map(revisionOfPod)]);
    const history = revisions.filter((r) => !live.has(r.metadata.name));
    const limit: number = set.spec?.revisionHistoryLimit ?? 10;
    for (const r of history.slice(0, Math.max(0, history.length - limit))) send('ControllerRevision', r.metadata.name, { type: 'Delete', data: {} });

    return [...commands, ...statusCommand(set, pods, current, update, collisionCount, meta, now)];
  },
};

/**
 * The set's status from its pods (computeReplicaStatus): replicas made (terminating ones too),
 * ready, available, and those of the current and the update revision; the rollout complete once
 * every pod is updated and ready (completeRollingUpdate). Written as Go writes StatefulSetStatus:
 * replicas and availableReplicas always, the other counts omitempty.
 */
function statusCommand(set: Anything, pods: Anything[], current: Anything, update: Anything, collisionCount: number, meta: () => CommandMetadata, now: number): AddressedCommand[] {
  const made = pods.filter((p) => p.status?.phase !== undefined && p.status?.phase !== '');
  const counted = made.filter((p) => !terminating(p));
  const replicas = made.length;
  const readyReplicas = pods.filter(runningAndReady).length;
  const availableReplicas = pods.filter((p) => runningAndReady(p) && availableAt(p, set.spec?.minReadySeconds ?? 0) <= now).length;
  let currentReplicas = counted.filter((p) => revisionOfPod(p) === current.metadata.name).length;
  const updatedReplicas = counted.filter((p) => revisionOfPod(p) === update.metadata.name).length;
  let currentRevision: string = current.metadata.name;
  const rolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rolling && updatedReplicas === replicas && readyReplicas === replicas) {
    currentReplicas = updatedReplicas;
    currentRevision = update.metadata.name;
  }
  const counts: Anything = { readyReplicas, currentReplicas, updatedReplicas };
  const status: Anything = {
    observedGeneration: set.metadata.generation ?? 1,
    replicas,
    ...Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)),
    currentRevision,
    updateRevision: update.metadata.name,
    collisionCount,
    availableReplicas,
    ...(set.status?.conditions ? { conditions: set.status.conditions } : {}),
  };
  if (sameJson(status, set.status ?? {})) return [];
  return [{ kind: 'StatefulSet', namespace: set.metadata.namespace, name: set.metadata.name, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } }];
}
