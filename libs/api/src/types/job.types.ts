import type { ConditionStatus, ObjectMeta, Time } from './meta.types';
import type { PodTemplateSpec } from './pod.types';
import type { LabelSelectorSpec } from './replica-set.types';

export interface JobSpec {
  /** How many pods run at once; defaults to 1. */
  parallelism?: number;
  /** How many pods must succeed; defaults to 1 (when parallelism is also unset). */
  completions?: number;
  activeDeadlineSeconds?: number;
  /** Retries before the Job is Failed; defaults to 6. */
  backoffLimit?: number;
  /** Generated (`batch.kubernetes.io/controller-uid=<uid>`) unless manualSelector; immutable. */
  selector?: LabelSelectorSpec;
  manualSelector?: boolean;
  /** restartPolicy Never or OnFailure; immutable (but for scheduling directives of a suspended Job, which Bosun does not take). */
  template?: PodTemplateSpec;
  ttlSecondsAfterFinished?: number;
  completionMode?: 'NonIndexed' | 'Indexed' | string;
  suspend?: boolean;
  podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed' | string;
}

export interface JobCondition {
  type: 'Complete' | 'Failed' | 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet' | string;
  status: ConditionStatus;
  lastProbeTime?: Time | null;
  lastTransitionTime?: Time | null;
  reason?: string;
  message?: string;
}

export interface JobStatus {
  conditions?: JobCondition[];
  startTime?: Time;
  completionTime?: Time;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  ready?: number;
  completedIndexes?: string;
  failedIndexes?: string;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
}

/** batch/v1 Job: pods run to completion, retried on failure up to a limit. */
export interface Job {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: ObjectMeta;
  spec?: JobSpec;
  status?: JobStatus;
}
