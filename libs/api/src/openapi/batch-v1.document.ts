import { groupDocument, groupPaths, servedOnce } from './group.document';
import { $ref, bool, CORE, int32, int64, list, META, object, oneOfStrings, ref, str, time, typeMeta, type Schema } from './schema.builders';

/**
 * The OpenAPI v3 document of batch/v1 (`/openapi/v3/apis/batch/v1`): the Job schemas and their
 * operations (the stored kinds' write path, with status), for `kubectl explain job`, server-side
 * field validation and client-side apply. The pod template and the label selector are core/v1's and
 * meta's, copied in so the document stands alone.
 */

const BATCH = 'io.k8s.api.batch.v1.';
const gvk = (kind: string) => [{ group: 'batch', version: 'v1', kind }];

const JOB_SCHEMAS: Record<string, Schema> = {
  [`${BATCH}Job`]: object(
    'Job represents the configuration of a single job: pods run to completion, replaced when they fail, up to a limit.',
    {
      ...typeMeta(),
      metadata: ref(`${META}ObjectMeta`, "Standard object's metadata: name, namespace, labels, annotations and the fields the server maintains."),
      spec: ref(`${BATCH}JobSpec`, 'Specification of the desired behavior of a job.'),
      status: ref(`${BATCH}JobStatus`, 'Current status of a job. Read-only for users.'),
    },
    { gvk: gvk('Job') },
  ),
  [`${BATCH}JobList`]: object(
    'JobList is a collection of jobs.',
    { ...typeMeta(), metadata: ref(`${META}ListMeta`, 'Standard list metadata.'), items: list($ref(`${BATCH}Job`), 'items is the list of Jobs, in key order (namespace, then name).') },
    { required: ['items'], gvk: gvk('JobList') },
  ),
  [`${BATCH}JobSpec`]: object(
    'JobSpec describes how the job execution will look like.',
    {
      parallelism: int32('Specifies the maximum desired number of pods the job should run at any given time. Defaults to 1.'),
      completions: int32('Specifies the desired number of successfully finished pods the job should be run with. Defaults to 1 (when parallelism is unset too).'),
      activeDeadlineSeconds: int64('Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be a positive integer.'),
      backoffLimit: int32('Specifies the number of retries before marking this job failed. Defaults to 6.'),
      selector: ref(`${META}LabelSelector`, 'A label query over pods that should match the pod count. Generated from the Job\'s uid unless manualSelector; immutable.'),
      manualSelector: bool('manualSelector controls generation of pod labels and pod selectors. Leave unset (false) to have the system generate them.'),
      template: ref(`${CORE}PodTemplateSpec`, 'Describes the pod that will be created when executing a job. The only allowed restartPolicy values are "Never" and "OnFailure". Immutable.'),
      ttlSecondsAfterFinished: int32('ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (Bosun keeps finished Jobs).'),
      completionMode: oneOfStrings('completionMode specifies how Pod completions are tracked: NonIndexed (default) or Indexed.', ['Indexed', 'NonIndexed']),
      suspend: bool('suspend specifies whether the Job controller should create Pods or not. Defaults to false.'),
      podReplacementPolicy: oneOfStrings('podReplacementPolicy specifies when to create replacement Pods: TerminatingOrFailed (default) or Failed.', ['Failed', 'TerminatingOrFailed']),
    },
    { required: ['template'] },
  ),
  [`${BATCH}JobStatus`]: object('JobStatus represents the current state of a Job.', {
    conditions: list($ref(`${BATCH}JobCondition`), "The latest available observations of an object's current state: Complete or Failed when the job has finished.", { type: 'atomic', mergeKey: 'type', patch: 'merge' }),
    startTime: time('Represents time when the job controller started processing a job.'),
    completionTime: time('Represents time when the job was completed.'),
    active: int32('The number of pending and running pods which are not terminating.'),
    succeeded: int32('The number of pods which reached phase Succeeded.'),
    failed: int32('The number of pods which reached phase Failed.'),
    terminating: int32('The number of pods which are terminating (that have a deletionTimestamp).'),
    ready: int32('The number of active pods which have a Ready condition.'),
    completedIndexes: str('completedIndexes holds the completed indexes when .spec.completionMode = "Indexed".'),
    failedIndexes: str('FailedIndexes holds the failed indexes when spec.backoffLimitPerIndex is set.'),
    uncountedTerminatedPods: ref(`${BATCH}UncountedTerminatedPods`, 'The UIDs of Pods that have terminated but the job controller hasn\'t yet accounted for in the status counters.'),
  }),
  [`${BATCH}UncountedTerminatedPods`]: object('UncountedTerminatedPods holds UIDs of Pods that have terminated but haven\'t been accounted in Job status counters.', {
    succeeded: list({ type: 'string', default: '' }, 'succeeded holds UIDs of succeeded Pods.', { type: 'set' }),
    failed: list({ type: 'string', default: '' }, 'failed holds UIDs of failed Pods.', { type: 'set' }),
  }),
  [`${BATCH}JobCondition`]: object(
    'JobCondition describes current state of a job.',
    {
      type: str('Type of job condition: Complete, Failed, Suspended, FailureTarget or SuccessCriteriaMet.'),
      status: oneOfStrings('Status of the condition, one of True, False, Unknown.', ['False', 'True', 'Unknown']),
      lastProbeTime: time('Last time the condition was checked.'),
      lastTransitionTime: time('Last time the condition transit from one status to another.'),
      reason: str("(brief) reason for the condition's last transition, e.g. BackoffLimitExceeded or CompletionsReached."),
      message: str('Human readable message indicating details about last transition.'),
    },
    { required: ['type', 'status'] },
  ),
};

const CRON_JOB_SCHEMAS: Record<string, Schema> = {
  [`${BATCH}CronJob`]: object(
    'CronJob represents the configuration of a single cron job: a Job created at each time of its schedule.',
    {
      ...typeMeta(),
      metadata: ref(`${META}ObjectMeta`, "Standard object's metadata: name (at most 52 characters), namespace, labels, annotations and the fields the server maintains."),
      spec: ref(`${BATCH}CronJobSpec`, 'Specification of the desired behavior of a cron job, including the schedule.'),
      status: ref(`${BATCH}CronJobStatus`, 'Current status of a cron job. Read-only for users.'),
    },
    { gvk: gvk('CronJob') },
  ),
  [`${BATCH}CronJobList`]: object(
    'CronJobList is a collection of cron jobs.',
    { ...typeMeta(), metadata: ref(`${META}ListMeta`, 'Standard list metadata.'), items: list($ref(`${BATCH}CronJob`), 'items is the list of CronJobs, in key order (namespace, then name).') },
    { required: ['items'], gvk: gvk('CronJobList') },
  ),
  [`${BATCH}CronJobSpec`]: object(
    'CronJobSpec describes how the job execution will look like and when it will actually run.',
    {
      schedule: str('The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
      timeZone: str('The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process.'),
      startingDeadlineSeconds: int64('Optional deadline in seconds for starting the job if it misses scheduled time for any reason. Missed jobs executions will be counted as failed ones.'),
      concurrencyPolicy: oneOfStrings('Specifies how to treat concurrent executions of a Job: Allow (default), Forbid or Replace.', ['Allow', 'Forbid', 'Replace']),
      suspend: bool('This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false.'),
      jobTemplate: ref(`${BATCH}JobTemplateSpec`, 'Specifies the job that will be created when executing a CronJob.'),
      successfulJobsHistoryLimit: int32('The number of successful finished jobs to retain. Value must be non-negative integer. Defaults to 3.'),
      failedJobsHistoryLimit: int32('The number of failed finished jobs to retain. Value must be non-negative integer. Defaults to 1.'),
    },
    { required: ['schedule', 'jobTemplate'] },
  ),
  [`${BATCH}JobTemplateSpec`]: object('JobTemplateSpec describes the data a Job should have when created from a template', {
    metadata: ref(`${META}ObjectMeta`, "Standard object's metadata of the jobs created from this template."),
    spec: ref(`${BATCH}JobSpec`, 'Specification of the desired behavior of the job.'),
  }),
  [`${BATCH}CronJobStatus`]: object('CronJobStatus represents the current state of a cron job.', {
    active: list($ref(`${CORE}ObjectReference`), 'A list of pointers to currently running jobs.', { type: 'atomic' }),
    lastScheduleTime: time('Information when was the last time the job was successfully scheduled.'),
    lastSuccessfulTime: time('Information when was the last time the job successfully completed.'),
  }),
};

/** The document, its JSON and its hash, computed once. */
export const batchV1OpenApi = servedOnce(() =>
  groupDocument({
    group: 'batch',
    tag: 'batch_v1',
    operationStem: 'BatchV1',
    kind: 'Job',
    plural: 'jobs',
    prefix: 'io.k8s.api.batch.v1',
    schemas: { ...JOB_SCHEMAS, ...CRON_JOB_SCHEMAS },
    description: 'Jobs and CronJobs: stored, with their status subresources; the job controller runs Jobs\' pods to completion, the cronjob controller creates Jobs on schedule.',
    paths: groupPaths('batch'),
    selects: { label: 'objects whose labels match', field: 'objects whose metadata.name or metadata.namespace match (Jobs: status.successful too)' },
    nouns: 'Jobs and CronJobs',
  }),
);
