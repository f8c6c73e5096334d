import type { ConditionStatus, ObjectMeta, Time } from './meta.types';
import type { PodTemplateSpec } from './pod.types';
import type { LabelSelectorSpec } from './replica-set.types';

export interface RollingUpdateDeployment {
  /** An absolute number or a percentage of spec.replicas, rounded down; default 25%. */
  maxUnavailable?: number | string;
  /** An absolute number or a percentage of spec.replicas, rounded up; default 25%. */
  maxSurge?: number | string;
}

export interface DeploymentStrategy {
  type?: 'RollingUpdate' | 'Recreate' | string;
  rollingUpdate?: RollingUpdateDeployment;
}

export interface DeploymentSpec {
  replicas?: number;
  /** Required, immutable; must match the template's labels. */
  selector?: LabelSelectorSpec;
  template?: PodTemplateSpec;
  strategy?: DeploymentStrategy;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

export interface DeploymentCondition {
  type: 'Available' | 'Progressing' | 'ReplicaFailure' | string;
  status: ConditionStatus;
  lastUpdateTime?: Time;
  lastTransitionTime?: Time;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

/** apps/v1 Deployment: declarative updates of pods through ReplicaSets, one per pod template. */
export interface Deployment {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  metadata: ObjectMeta;
  spec?: DeploymentSpec;
  status?: DeploymentStatus;
}
