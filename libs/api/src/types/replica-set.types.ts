import type { ConditionStatus, ObjectMeta, Time } from './meta.types';
import type { PodTemplateSpec } from './pod.types';

/** metav1.LabelSelector: all of matchLabels and all of matchExpressions. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string; values?: string[] }[];
}

export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  /** Required in apps/v1, never defaulted, immutable once created; must match the template's labels. */
  selector?: LabelSelectorSpec;
  template?: PodTemplateSpec;
}

export interface ReplicaSetCondition {
  type: 'ReplicaFailure' | string;
  status: ConditionStatus;
  lastTransitionTime?: Time | null;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

/** apps/v1 ReplicaSet: the ReplicationController's successor, with a set-based selector; what a Deployment manages. */
export interface ReplicaSet {
  apiVersion: 'apps/v1';
  kind: 'ReplicaSet';
  metadata: ObjectMeta;
  spec?: ReplicaSetSpec;
  status?: ReplicaSetStatus;
}
