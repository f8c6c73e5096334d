import type { ConditionStatus, ObjectMeta, Time } from './meta.types';
import type { PodTemplateSpec } from './pod.types';
import type { LabelSelectorSpec } from './replica-set.types';

export interface StatefulSetUpdateStrategy {
  /** RollingUpdate (default): pods replaced from the highest ordinal down; OnDelete: only pods deleted by hand. */
  type?: 'RollingUpdate' | 'OnDelete' | string;
  /** Ordinals at or above `partition` are updated; defaults to 0 when the type defaults. */
  rollingUpdate?: { partition?: number; maxUnavailable?: number | string };
}

export interface StatefulSetSpec {
  replicas?: number;
  /** Required, immutable; must match the template's labels. */
  selector?: LabelSelectorSpec;
  template?: PodTemplateSpec;
  /** Stored, but Bosun serves no PersistentVolumeClaims: none are made from them. */
  volumeClaimTemplates?: Record<string, unknown>[];
  /** The (headless) Service that gives the pods their DNS names: it is each pod's spec.subdomain. */
  serviceName?: string;
  podManagementPolicy?: 'OrderedReady' | 'Parallel' | string;
  updateStrategy?: StatefulSetUpdateStrategy;
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: 'Retain' | 'Delete' | string; whenScaled?: 'Retain' | 'Delete' | string };
  ordinals?: { start?: number };
}

export interface StatefulSetCondition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: Time | null;
  reason?: string;
  message?: string;
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  conditions?: StatefulSetCondition[];
  availableReplicas: number;
}

/** apps/v1 StatefulSet: pods with stable names (`<set>-<ordinal>`) and hostnames, made and replaced in order. */
export interface StatefulSet {
  apiVersion: 'apps/v1';
  kind: 'StatefulSet';
  metadata: ObjectMeta;
  spec?: StatefulSetSpec;
  status?: StatefulSetStatus;
}

/** apps/v1 ControllerRevision: an immutable snapshot of a controller's pod template, numbered by revision. */
export interface ControllerRevision {
  apiVersion: 'apps/v1';
  kind: 'ControllerRevision';
  metadata: ObjectMeta;
  /** The state recorded (for a StatefulSet: a strategic merge patch that restores its template). */
  data?: unknown;
  revision: number;
}
