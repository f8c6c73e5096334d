import type { ConditionStatus, ObjectMeta, Time } from './meta.types';
import type { LabelSelectorSpec } from './replica-set.types';

export interface PodDisruptionBudgetSpec {
  /** Pods that must stay available after an eviction: a count or a percentage of the expected pods. Not with maxUnavailable. */
  minAvailable?: number | string;
  /** Pods that may be unavailable after an eviction: a count or a percentage of the expected pods. Not with minAvailable. */
  maxUnavailable?: number | string;
  /** The pods it covers, in its namespace: empty selects them all, absent none. */
  selector?: LabelSelectorSpec | null;
  /** IfHealthyBudget (unset) or AlwaysAllow: whether a pod that is not Ready may be evicted while the budget is short. */
  unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow' | string;
}

/** metav1.Condition, as a PodDisruptionBudget's status carries it. */
export interface PodDisruptionBudgetCondition {
  type: 'DisruptionAllowed' | string;
  status: ConditionStatus;
  observedGeneration?: number;
  lastTransitionTime: Time;
  reason: string;
  message: string;
}

export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  /** Pods the eviction subresource let go whose deletion the disruption controller has not seen yet, by name, with when. */
  disruptedPods?: Record<string, Time>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: PodDisruptionBudgetCondition[];
}

/** policy/v1 PodDisruptionBudget: how many of a set of pods voluntary disruptions (evictions) must leave. */
export interface PodDisruptionBudget {
  apiVersion: 'policy/v1';
  kind: 'PodDisruptionBudget';
  metadata: ObjectMeta;
  spec?: PodDisruptionBudgetSpec;
  status?: PodDisruptionBudgetStatus;
}
