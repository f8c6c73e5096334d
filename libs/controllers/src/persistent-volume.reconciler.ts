import {
  claimClass,
  DEFAULT_CLASS_ANNOTATION,
  compareQuantities,
  objectKey,
  PV_PROTECTION_FINALIZER,
  PVC_PROTECTION_FINALIZER,
  quantityError,
  type KubeObject,
  type PersistentVolumeClaim,
} from '@bosun/api';
import { selectorFromLabelSelector } from '@bosun/labels';

import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { Plan, Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Bosun's provisioner: a directory per claim under the volumes directory, mounted as a hostPath. */
export const LOCAL_PATH_PROVISIONER = 'bosun.io/local-path';
/** The annotations kube's PV controller and provisioners leave on what they bind and make. */
export const BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';

export interface PersistentVolumeOptions {
  /** Where bosun.io/local-path puts volumes' directories (bosun up: <data-dir>/volumes). */
  readonly volumesDir?: string;
}

const DEFAULT_VOLUMES_DIR = '/var/lib/bosun/volumes';
/** The default StorageClass made at start when the cluster has no class at all (as kind's `standard`). */
export const DEFAULT_STORAGE_CLASS = 'standard';
const DEFAULT_CLASS_KEY = objectKey('StorageClass', undefined, DEFAULT_STORAGE_CLASS);

const claimKey = (ns: string, name: string): string => objectKey('PersistentVolumeClaim', ns, name);
const volumeKey = (name: string): string => objectKey('PersistentVolume', undefined, name);
const volumeClass = (pv: Anything): string => pv.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pv.spec?.storageClassName ?? '';
const storage = (list: Anything | undefined): string | undefined => {
  const q = list?.storage;
  return q === undefined || quantityError(q) !== undefined ? undefined : String(q);
};

/** The claims a pod mounts (persistentVolumeClaim volumes), as namespace/name keys. */
function claimsOfPod(pod: Anything): string[] {
  return ((pod.spec?.volumes ?? []) as Anything[]).filter((v) => v.persistentVolumeClaim?.claimName).map((v) => claimKey(pod.metadata.namespace, v.persistentVolumeClaim.claimName));
}

/** A pod still using its claims: not finished (pvc-protection's podUsesPVC looks at pods not Succeeded/Failed). */
const podActive = (pod: Anything): boolean => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';

/** Whether a volume's claimRef names this claim (by uid when it has one, as a pre-binding may not). */
function refersTo(pv: Anything, claim: Anything): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata.name || (ref.namespace ?? '') !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/**
 * Whether a volume can satisfy a claim, as the PV controller's findMatchingVolume checks it: same
 * class, same volume mode, every access mode the claim asks for, at least the storage it asks
 * for, labels its selector matches; not being deleted, and free (or reserved for this claim).
 */
function matches(pv: Anything, claim: Anything): boolean {
  if (pv.metadata.deletionTimestamp) return false;
  if (pv.spec?.claimRef && !refersTo(pv, claim)) return false;
  if (volumeClass(pv) !== claimClass(claim as PersistentVolumeClaim)) return false;
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) return false;
  const modes = new Set<string>(pv.spec?.accessModes ?? []);
  if (!((claim.spec?.accessModes ?? []) as string[]).every((m) => modes.has(m))) return false;
  const want = storage(claim.spec?.resources?.requests);
  const has = storage(pv.spec?.capacity);
  if (want === undefined || has === undefined || compareQuantities(has, want) < 0) return false;
  const selector = claim.spec?.selector;
  if (selector && (Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions ?? []).length > 0)) {
    try {
      if (!selectorFromLabelSelector(selector).matches(pv.metadata.labels ?? {})) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** The volume to bind a claim to: one reserved for it first, else the smallest that fits (as findMatchingVolume). */
function bestVolume(claim: Anything, volumes: readonly Anything[]): Anything | undefined {
  const candidates = volumes.filter((pv) => matches(pv, claim) && (pv.status?.phase === 'Available' || pv.status?.phase === 'Pending' || refersTo(pv, claim)));
  const reserved = candidates.find((pv) => refersTo(pv, claim));
  if (reserved) return reserved;
  return [...candidates].sort((a, b) => compareQuantities(storage(a.spec.capacity)!, storage(b.spec.capacity)!) || String(a.metadata.name).localeCompare(b.metadata.name))[0];
}

function withoutFinalizer(o: Anything, finalizer: string): KubeObject {
  return { ...o, metadata: { ...o.metadata, finalizers: ((o.metadata.finalizers ?? []) as string[]).filter((f) => f !== finalizer) } } as KubeObject;
}

/**
 * The persistent volume controller of kube-controller-manager, with the pvc-protection and
 * pv-protection controllers and Bosun's local-path provisioner, level-triggered over claims
 * (`persistentvolumeclaims/<ns>/<name>`) and volumes (`persistentvolumes/<name>`):
 * - a claim without a volume is bound to a matching one (claimRef on the volume, volumeName and the
 *   bind annotations on the claim, both phases Bound, the claim's capacity and access modes from
 *   the volume); none matching and its class provisioned by bosun.io/local-path, a hostPath volume
 *   `pvc-<claim uid>` is made for it (DirectoryOrCreate under the volumes directory, the class's
 *   reclaim policy, reserved for the claim), which the next sync binds; a claim whose volume is
 *   gone is Lost;
 * - a volume is Available while free, Bound while its claim holds it; when the claim is gone it is
 *   Released and, with reclaim policy Delete, deleted;
 * - a claim being deleted keeps kubernetes.io/pvc-protection while an unfinished pod mounts it, a
 *   volume being deleted kubernetes.io/pv-protection while Bound.
 */
export function persistentVolumeReconciler(options: PersistentVolumeOptions = {}): Reconciler {
  const volumesDir = options.volumesDir ?? DEFAULT_VOLUMES_DIR;

  function planClaim(claim: Anything, state: ClusterState, meta: () => CommandMetadata): Plan {
    const ns = claim.metadata.namespace as string;
    const name = claim.metadata.name as string;
    const out: AddressedCommand[] = [];
    const replaceClaim = (object: Anything): void => void out.push({ kind: 'PersistentVolumeClaim', namespace: ns, name, command: { type: 'Replace', data: { object: object as KubeObject }, metadata: meta() } });
    const claimStatus = (status: Anything): void => void out.push({ kind: 'PersistentVolumeClaim', namespace: ns, name, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } });

    if (claim.metadata.deletionTimestamp) {
      const used = (state.list('Pod', ns) as Anything[]).some((pod) => podActive(pod) && claimsOfPod(pod).includes(claimKey(ns, name)));
      if (!used && (claim.metadata.finalizers ?? []).includes(PVC_PROTECTION_FINALIZER)) replaceClaim(withoutFinalizer(claim, PVC_PROTECTION_FINALIZER));
      return out;
    }

    const volumeName = claim.spec?.volumeName as string | undefined;
    if (volumeName) {
      const pv = state.getObject(volumeKey(volumeName)) as Anything | null;
      if (pv === null) {
        if (claim.status?.phase === 'Bound') claimStatus({ ...claim.status, phase: 'Lost' });
        return out;
      }
      if (!pv.spec?.claimRef) {
        // Bound by name from the claim's side: the volume is reserved for it first.
        out.push({ kind: 'PersistentVolume', name: volumeName, command: { type: 'Replace', data: { object: bindVolume(pv, claim) }, metadata: meta() } });
        return out;
      }
      if (!refersTo(pv, claim)) return out; // Bound to another claim: the claim waits (kube: "volume already bound to a different claim").
      if (claim.status?.phase !== 'Bound') claimStatus(boundStatus(claim, pv));
      return out;
    }

    const pv = bestVolume(claim, state.list('PersistentVolume') as Anything[]);
    if (pv) {
      if (!refersTo(pv, claim) || !pv.spec.claimRef.uid) out.push({ kind: 'PersistentVolume', name: pv.metadata.name, command: { type: 'Replace', data: { object: bindVolume(pv, claim) }, metadata: meta() } });
      // The claim named no volume: the controller chose it (bound-by-controller), as for a provisioned one.
      const annotations = { ...(claim.metadata.annotations ?? {}), [BIND_COMPLETED]: 'yes', [BOUND_BY_CONTROLLER]: 'yes' };
      replaceClaim({ ...claim, metadata: { ...claim.metadata, annotations }, spec: { ...claim.spec, volumeName: pv.metadata.name } });
      return out;
    }

    const className = claimClass(claim as PersistentVolumeClaim);
    const sc = className === '' ? null : (state.getObject(objectKey('StorageClass', undefined, className)) as Anything | null);
    if (sc?.provisioner === LOCAL_PATH_PROVISIONER && state.getObject(volumeKey(`pvc-${claim.metadata.uid}`)) === null) {
      out.push({ kind: 'PersistentVolume', name: `pvc-${claim.metadata.uid}`, command: { type: 'Create', data: { object: provisioned(claim, sc) }, metadata: meta() } });
    }
    return out;
  }

  /** What bosun.io/local-path makes for a claim: a directory of its own, reserved for the claim. */
  function provisioned(claim: Anything, sc: Anything): KubeObject {
    const name = `pvc-${claim.metadata.uid}`;
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, uid: `${claim.metadata.uid}-pv`, annotations: { [PROVISIONED_BY]: LOCAL_PATH_PROVISIONER }, finalizers: [PV_PROTECTION_FINALIZER] },
      spec: {
        capacity: { storage: storage(claim.spec?.resources?.requests) ?? '0' },
        accessModes: claim.spec?.accessModes ?? ['ReadWriteOnce'],
        claimRef: claimRef(claim),
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
        ...(sc.mountOptions ? { mountOptions: sc.mountOptions } : {}),
        hostPath: { path: join(volumesDir, name), type: 'DirectoryOrCreate' },
      },
      status: { phase: 'Pending' },
    } as unknown as KubeObject;
  }

  function planVolume(pv: Anything, state: ClusterState, meta: () => CommandMetadata): Plan {
    const name = pv.metadata.name as string;
    const status = (phase: string, extra: Anything = {}): AddressedCommand => ({
      kind: 'PersistentVolume',
      name,
      command: { type: 'UpdateStatus', data: { status: { phase, lastPhaseTransitionTime: meta().time, ...extra } }, metadata: meta() },
    });
    const ref = pv.spec?.claimRef as Anything | undefined;
    const claim = ref?.name ? (state.getObject(claimKey(ref.namespace ?? '', ref.name)) as Anything | null) : null;
    const held = claim !== null && refersTo(pv, claim) && claim.spec?.volumeName === name;
    const phase = pv.status?.phase;

    if (pv.metadata.deletionTimestamp) {
      if (phase !== 'Bound' && (pv.metadata.finalizers ?? []).includes(PV_PROTECTION_FINALIZER)) return [{ kind: 'PersistentVolume', name, command: { type: 'Replace', data: { object: withoutFinalizer(pv, PV_PROTECTION_FINALIZER) }, metadata: meta() } }];
      return [];
    }
    if (held) return phase === 'Bound' ? [] : [status('Bound')];
    // Reserved for a claim that is not bound to it yet: Available, waiting for the claim.
    if (!ref?.uid || (claim !== null && claim.metadata.uid === ref.uid)) return phase === 'Available' ? [] : [status('Available')];
    // Its claim is gone: Released; the reclaim policy says what follows.
    if (phase !== 'Released' && phase !== 'Failed') return [status('Released')];
    if (phase === 'Released' && pv.spec?.persistentVolumeReclaimPolicy === 'Delete') return [{ kind: 'PersistentVolume', name, command: { type: 'Delete', data: {}, metadata: meta() } }];
    return [];
  }

  return {
    name: 'persistent-volume',

    initialKeys: (state) => [
      DEFAULT_CLASS_KEY,
      ...(state.list('PersistentVolumeClaim') as Anything[]).map((c) => claimKey(c.metadata.namespace, c.metadata.name)),
      ...(state.list('PersistentVolume') as Anything[]).map((v) => volumeKey(v.metadata.name)),
    ],

    keysFor(change: ObjectChange, state: ClusterState): string[] {
      const o = change.object as Anything;
      switch (o.kind) {
        case 'PersistentVolumeClaim': {
          // The claim, the volume it names, and the volumes that name it (released when it goes).
          const volumes = (state.list('PersistentVolume') as Anything[]).filter((pv) => pv.spec?.claimRef?.name === o.metadata.name && pv.spec?.claimRef?.namespace === o.metadata.namespace);
          return [change.key, ...(o.spec?.volumeName ? [volumeKey(o.spec.volumeName)] : []), ...volumes.map((pv) => volumeKey(pv.metadata.name))];
        }
        case 'PersistentVolume': {
          // A volume that appears or frees up may satisfy a pending claim.
          const ref = o.spec?.claimRef;
          const pending = (state.list('PersistentVolumeClaim') as Anything[]).filter((c) => !c.spec?.volumeName).map((c) => claimKey(c.metadata.namespace, c.metadata.name));
          return [change.key, ...(ref?.name ? [claimKey(ref.namespace ?? '', ref.name)] : []), ...pending];
        }
        case 'StorageClass':
          return (state.list('PersistentVolumeClaim') as Anything[]).filter((c) => !c.spec?.volumeName).map((c) => claimKey(c.metadata.namespace, c.metadata.name));
        case 'Pod':
          // A pod that stops or goes may free a claim being deleted.
          return claimsOfPod(o).filter((k) => (state.getObject(k) as Anything | null)?.metadata.deletionTimestamp);
        default:
          return [];
      }
    },

    plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
      if (key === DEFAULT_CLASS_KEY) return state.list('StorageClass').length === 0 ? [{ kind: 'StorageClass', name: DEFAULT_STORAGE_CLASS, command: { type: 'Create', data: { object: defaultClass() }, metadata: meta() } }] : [];
      const o = state.getObject(key) as Anything | null;
      if (o === null) return [];
      return o.kind === 'PersistentVolumeClaim' ? planClaim(o, state, meta) : planVolume(o, state, meta);
    },
  };
}

/** `standard`, the default class: bosun.io/local-path, volumes deleted with their claims, bound at once. */
function defaultClass(): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: DEFAULT_STORAGE_CLASS, uid: randomUUID(), annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
    provisioner: LOCAL_PATH_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  } as unknown as KubeObject;
}

function claimRef(claim: Anything): Anything {
  return { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, ...(claim.metadata.resourceVersion ? { resourceVersion: claim.metadata.resourceVersion } : {}) };
}

/** The volume with its claimRef completed for the claim (kube's bindVolumeToClaim), bound-by-controller when it set it. */
function bindVolume(pv: Anything, claim: Anything): KubeObject {
  const annotations = pv.spec?.claimRef ? pv.metadata.annotations : { ...(pv.metadata.annotations ?? {}), [BOUND_BY_CONTROLLER]: 'yes' };
  return { ...pv, metadata: { ...pv.metadata, ...(annotations ? { annotations } : {}) }, spec: { ...pv.spec, claimRef: claimRef(claim) } } as KubeObject;
}

/** A bound claim's status: the volume's capacity and access modes. */
function boundStatus(claim: Anything, pv: Anything): Anything {
  return { ...(claim.status ?? {}), phase: 'Bound', accessModes: pv.spec?.accessModes ?? [], capacity: pv.spec?.capacity ?? {} };
}
