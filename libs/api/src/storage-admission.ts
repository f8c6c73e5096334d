import type { KubeObject } from './types/kube-object.types';
import type { PersistentVolumeClaim, StorageClass } from './types/storage.types';

/** The finalizers kube-apiserver's StorageObjectInUseProtection admission puts on new claims and volumes. */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';
/** The annotation that makes a StorageClass the default (and its beta form, still honoured). */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
/** The beta annotation that named a claim's or volume's class before spec.storageClassName. */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

export function isDefaultStorageClass(sc: StorageClass): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[DEFAULT_CLASS_ANNOTATION] === 'true' || a[BETA_DEFAULT_CLASS_ANNOTATION] === 'true';
}

/**
 * The default StorageClass, as the DefaultStorageClass admission picks it (GetDefaultClass): of the
 * classes marked default, the newest, then the first by name; none when none is marked.
 */
export function defaultStorageClass(classes: readonly StorageClass[]): StorageClass | undefined {
  return classes
    .filter(isDefaultStorageClass)
    .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))[0];
}

/** A claim's class: the beta annotation first, then spec.storageClassName ("" when neither). */
export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? claim.spec?.storageClassName ?? '';
}

/**
 * A new claim or volume as kube-apiserver's admission leaves it: the protection finalizer
 * (StorageObjectInUseProtection) and, on a claim that names no class at all (unset, not ""), the
 * default class (DefaultStorageClass). Other kinds pass unchanged.
 */
export function admitStorageObject<T extends KubeObject>(object: T, defaultClass: StorageClass | undefined): T {
  if (object.kind !== 'PersistentVolumeClaim' && object.kind !== 'PersistentVolume') return object;
  const finalizer = object.kind === 'PersistentVolumeClaim' ? PVC_PROTECTION_FINALIZER : PV_PROTECTION_FINALIZER;
  const finalizers = object.metadata?.finalizers ?? [];
  let admitted = { ...object, metadata: { ...object.metadata, finalizers: finalizers.includes(finalizer) ? finalizers : [...finalizers, finalizer] } } as T;
  if (admitted.kind === 'PersistentVolumeClaim') {
    const claim = admitted as PersistentVolumeClaim;
    const spec = claim.spec;
    const unnamed = (spec?.storageClassName === undefined || spec.storageClassName === null) && claim.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] === undefined;
    if (defaultClass !== undefined && typeof spec === 'object' && spec !== null && unnamed) admitted = { ...claim, spec: { ...spec, storageClassName: defaultClass.metadata.name } } as T;
  }
  return admitted;
}
