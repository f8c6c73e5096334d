import type { ObjectMeta, ObjectReference, Time } from './meta.types';
import type { JobSpec } from './job.types';

/** A CronJob's Job template: the Job's labels and annotations, and its spec (no selector: the Job generates its own). */
export interface JobTemplateSpec {
  metadata?: Pick<ObjectMeta, 'labels' | 'annotations'> & Record<string, unknown>;
  spec?: JobSpec;
}

export interface CronJobSpec {
  /** Cron format (five fields, or a descriptor such as @hourly), read in timeZone. */
  schedule: string;
  /** A tz database zone; unset, kube-controller-manager's (UTC). */
  timeZone?: string;
  /** Seconds after a missed scheduled time within which the Job may still start. */
  startingDeadlineSeconds?: number;
  /** Allow (the default), Forbid or Replace. */
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace' | string;
  suspend?: boolean;
  jobTemplate: JobTemplateSpec;
  /** Finished Jobs kept: 3 succeeded, 1 failed by default. */
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
}

export interface CronJobStatus {
  /** The Jobs running now. */
  active?: ObjectReference[];
  lastScheduleTime?: Time;
  lastSuccessfulTime?: Time;
}

/** batch/v1 CronJob: a Job created at each time of a schedule. */
export interface CronJob {
  apiVersion: 'batch/v1';
  kind: 'CronJob';
  metadata: ObjectMeta;
  spec?: CronJobSpec;
  status?: CronJobStatus;
}
