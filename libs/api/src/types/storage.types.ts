import type { ObjectMeta, ObjectReference, Time } from './meta.types';
import type { ResourceList } from './meta.types';
import type { LabelSelectorSpec } from './replica-set.types';

/** The access modes a volume offers or a claim asks for (core/v1 PersistentVolumeAccessMode). */
export type PersistentVolumeAccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

/**
 * core/v1 PersistentVolume: a piece of storage in the cluster (cluster-scoped). Exactly one volume
 * source; Bosun's node agent can mount hostPath and local ones, the others are stored only.
 */
export interface PersistentVolume {
  apiVersion: 'v1';
  kind: 'PersistentVolume';
  metadata: ObjectMeta;
  spec?: PersistentVolumeSpec;
  status?: PersistentVolumeStatus;
}

export interface PersistentVolumeSpec {
  capacity?: ResourceList;
  accessModes?: PersistentVolumeAccessMode[];
  /** The claim this volume is bound (or reserved) to; the binder sets it, a user may pre-bind. */
  claimRef?: ObjectReference;
  /** Retain (the default for volumes made by hand), Delete (for provisioned ones), Recycle. */
  persistentVolumeReclaimPolicy?: 'Retain' | 'Delete' | 'Recycle' | string;
  storageClassName?: string;
  mountOptions?: string[];
  volumeMode?: 'Filesystem' | 'Block' | string;
  nodeAffinity?: { required?: { nodeSelectorTerms?: unknown[] } };
  volumeAttributesClassName?: string;
  hostPath?: { path: string; type?: string };
  local?: { path: string; fsType?: string };
  [source: string]: unknown;
}

export interface PersistentVolumeStatus {
  phase?: 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed' | string;
  message?: string;
  reason?: string;
  lastPhaseTransitionTime?: Time;
}

/** core/v1 PersistentVolumeClaim: a namespaced request for storage, bound to one PersistentVolume. */
export interface PersistentVolumeClaim {
  apiVersion: 'v1';
  kind: 'PersistentVolumeClaim';
  metadata: ObjectMeta;
  spec?: PersistentVolumeClaimSpec;
  status?: PersistentVolumeClaimStatus;
}

export interface PersistentVolumeClaimSpec {
  accessModes?: PersistentVolumeAccessMode[];
  selector?: LabelSelectorSpec;
  resources?: { requests?: ResourceList; limits?: ResourceList };
  /** The volume it is bound to: set once, by the binder or by a user pre-binding. */
  volumeName?: string;
  /** Unset: the default StorageClass's (DefaultStorageClass admission); "": only volumes without a class. */
  storageClassName?: string;
  volumeMode?: 'Filesystem' | 'Block' | string;
  dataSource?: { apiGroup?: string; kind: string; name: string };
  dataSourceRef?: { apiGroup?: string; kind: string; name: string; namespace?: string };
  volumeAttributesClassName?: string;
}

export interface PersistentVolumeClaimCondition {
  type: string;
  status: string;
  lastProbeTime?: Time;
  lastTransitionTime?: Time;
  reason?: string;
  message?: string;
}

export interface PersistentVolumeClaimStatus {
  phase?: 'Pending' | 'Bound' | 'Lost' | string;
  accessModes?: PersistentVolumeAccessMode[];
  capacity?: ResourceList;
  conditions?: PersistentVolumeClaimCondition[];
  allocatedResources?: ResourceList;
}

/** storage.k8s.io/v1 StorageClass: how volumes of a class are provisioned (cluster-scoped, no spec). */
export interface StorageClass {
  apiVersion: 'storage.k8s.io/v1';
  kind: 'StorageClass';
  metadata: ObjectMeta;
  provisioner?: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: 'Retain' | 'Delete' | string;
  mountOptions?: string[];
  allowVolumeExpansion?: boolean;
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer' | string;
  allowedTopologies?: unknown[];
}
