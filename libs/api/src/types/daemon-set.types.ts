import type { ConditionStatus, ObjectMeta, Time } from './meta.types';
import type { PodTemplateSpec } from './pod.types';
import type { LabelSelectorSpec } from './replica-set.types';

export interface RollingUpdateDaemonSet {
  /** Nodes whose daemon pod may be down during an update: a count or a percentage of the desired nodes (rounded up); default 1. */
  maxUnavailable?: number | string;
  /** Nodes that may run an old and a new daemon pod at once; default 0. */
  maxSurge?: number | string;
}

export interface DaemonSetUpdateStrategy {
  /** RollingUpdate (the default) or OnDelete (a pod is replaced only once it is deleted). */
  type?: 'RollingUpdate' | 'OnDelete' | string;
  rollingUpdate?: RollingUpdateDaemonSet;
}

export interface DaemonSetSpec {
  /** Required, immutable; must match the template's labels. */
  selector?: LabelSelectorSpec;
  /** One pod of it runs on every node its nodeSelector, node affinity and tolerations admit. */
  template?: PodTemplateSpec;
  updateStrategy?: DaemonSetUpdateStrategy;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}

export interface DaemonSetCondition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: Time | null;
  reason?: string;
  message?: string;
}

export interface DaemonSetStatus {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  observedGeneration?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  collisionCount?: number;
  conditions?: DaemonSetCondition[];
}

/** apps/v1 DaemonSet: one pod of its template on each eligible node. */
export interface DaemonSet {
  apiVersion: 'apps/v1';
  kind: 'DaemonSet';
  metadata: ObjectMeta;
  spec?: DaemonSetSpec;
  status?: DaemonSetStatus;
}
