import type { ObjectMeta } from './meta.types';

/** How a pod of a class treats lower-priority pods when it fits nowhere. */
export type PreemptionPolicy = 'PreemptLowerPriority' | 'Never';

/**
 * scheduling.k8s.io/v1 PriorityClass: a name for a pod priority (cluster-scoped, no spec or status).
 * The Priority admission turns a pod's priorityClassName into its spec.priority and preemptionPolicy.
 */
export interface PriorityClass {
  apiVersion: 'scheduling.k8s.io/v1';
  kind: 'PriorityClass';
  metadata: ObjectMeta;
  /** The priority of the pods of this class; at most 1,000,000,000 for user classes. Immutable. */
  value: number;
  /** The class of the pods that name none (at most one class). */
  globalDefault?: boolean;
  description?: string;
  /** PreemptLowerPriority (the default) or Never. Immutable. */
  preemptionPolicy?: PreemptionPolicy | string;
}
