import { controllerOf, isPodReady, sameJson, type KubeObject } from '@bosun/api';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { keyOfObject, type Plan, type Reconciler } from './controller';
import { admitPod, podFromTemplate, templateAccount } from './replication.reconciler';
import { completionIndexOf, formatIndexes, indexedPodFromTemplate, parseIndexes } from './job.indexed';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const terminal = (p: Anything): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const holds = (job: Anything, type: string): boolean => ((job.status?.conditions ?? []) as Anything[]).some((c) => c.type === type && c.status === 'True');

/** The reasons and messages kube-controller-manager's job controller (1.31) writes and records. */
export const JOB_COMPLETE = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' } as const;
export const JOB_BACKOFF_LIMIT_EXCEEDED = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' } as const;
export const JOB_DEADLINE_EXCEEDED = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' } as const;

/** When an unfinished Job runs out of its activeDeadlineSeconds, in ms since the epoch. */
function deadlineOf(job: Anything): number | undefined {
  const seconds = job.spec?.activeDeadlineSeconds;
  const start = Date.parse(job.status?.startTime ?? '');
  if (typeof seconds !== 'number' || Number.isNaN(start) || holds(job, 'Complete') || holds(job, 'Failed')) return undefined;
  return start + seconds * 1000;
}

/** kube's DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
const FAILURE_BACKOFF_MS = 10_000;
const MAX_FAILURE_BACKOFF_MS = 600_000;

/** When a pod ended: its containers' last finish, in ms since the epoch (NaN when unknown). */
function finishedAt(pod: Anything): number {
  const times = ((pod.status?.containerStatuses ?? []) as Anything[]).map((c) => Date.parse(c.state?.terminated?.finishedAt ?? '')).filter((t) => !Number.isNaN(t));
  return times.length === 0 ? NaN : Math.max(...times);
}

/**
 * When a Job may create pods again after failures (kube's backoff record): 10 s after its last
 * failed pod ended, doubled for each further failure since its last success, at most 10 minutes.
 */
function retryAt(pods: readonly Anything[]): number | undefined {
  const lastSuccess = Math.max(-Infinity, ...pods.filter((p) => p.status?.phase === 'Succeeded').map(finishedAt).filter((t) => !Number.isNaN(t)));
  const failures = pods.filter((p) => p.status?.phase === 'Failed').map(finishedAt).filter((t) => !Number.isNaN(t) && t > lastSuccess);
  if (failures.length === 0) return undefined;
  return Math.max(...failures) + Math.min(MAX_FAILURE_BACKOFF_MS, FAILURE_BACKOFF_MS * 2 ** (failures.length - 1));
}

const ownedPods = (state: ClusterState, job: Anything): Anything[] => (state.list('Pod', job.metadata.namespace) as Anything[]).filter((p) => controllerOf(p)?.uid === job.metadata.uid);

/**
 * The job controller (kube-controller-manager's pkg/controller/job, as of 1.31, NonIndexed): a
 * Job runs up to `parallelism` pods of its template at once while fewer than `completions` have
 * succeeded (a work queue — completions unset — until one has, then lets the others finish). Its
 * pods are those it controls; their phases are counted into status (active, ready, terminating,
 * succeeded, failed; never fewer than already counted, so a deleted finished pod is not forgotten).
 * A failed pod (restartPolicy Never) is replaced once its back-off has passed (10 s after it ended,
 * doubled for each further failure since the last success, at most 10 min); past backoffLimit failures — or, under
 * OnFailure, as many container restarts — or past activeDeadlineSeconds from its startTime, the
 * Job fails: its active pods are deleted and, as 1.31 does (JobPodReplacementPolicy), FailureTarget
 * comes first and Failed once no pod of it is left running. Success likewise: SuccessCriteriaMet,
 * then Complete with completionTime once no pod is active. A suspended Job's pods are deleted and it
 * is Suspended (JobSuspended); resumed (JobResumed), it starts anew. A finished Job is left alone.
 */
export const jobReconciler: Reconciler = {
  name: 'job',

  initialKeys: (state) => state.list('Job').map(keyOfObject),

  keysFor(change: ObjectChange, state: ClusterState): string[] {
    const o = change.object as Anything;
    if (o.kind === 'Job') return [change.key];
    // A quota or limit range that changed may let a pod it refused be created now: the unfinished Jobs of its namespace look again.
    if (o.kind === 'ResourceQuota' || o.kind === 'LimitRange') {
      return (state.list('Job', o.metadata?.namespace) as Anything[]).filter((j) => !holds(j, 'Complete') && !holds(j, 'Failed')).map((j) => keyOfObject(j as never));
    }
    if (o.kind !== 'Pod') return [];
    const owner = controllerOf(o);
    return owner?.kind === 'Job' ? [`jobs/${o.metadata.namespace}/${owner.name}`] : [];
  },

  // The active deadline passes, or a failure's back-off ends, without any change: look again then.
  requeueAfterMs(key: string, state: ClusterState): number | undefined {
    const job = state.getObject(key) as Anything | null;
    if (job === null) return undefined;
    const now = Date.now();
    const retry = retryAt(ownedPods(state, job));
    const due = [deadlineOf(job), retry !== undefined && retry > now ? retry : undefined].filter((t): t is number => t !== undefined);
    return due.length === 0 ? undefined : Math.max(200, Math.min(...due) - now + 100);
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const job = state.getObject(key) as Anything | null;
    if (job === null || job.metadata.deletionTimestamp || holds(job, 'Complete') || holds(job, 'Failed')) return [];
    const ns: string = job.metadata.namespace;
    const time = meta().time;
    const now = Date.parse(time);
    const commands: AddressedCommand[] = [];
    const pods = ownedPods(state, job);
    const terminating = pods.filter((p) => !terminal(p) && p.metadata.deletionTimestamp);
    const active = pods.filter((p) => !terminal(p) && !p.metadata.deletionTimestamp);
    const indexed = job.spec?.completionMode === 'Indexed' && typeof job.spec?.completions === 'number';
    // Indexed: an index is complete once a pod of it has succeeded, and never forgotten; succeeded counts indexes.
    const completedIndexes = indexed ? parseIndexes(job.status?.completedIndexes, job.spec.completions) : new Set<number>();
    if (indexed) for (const p of pods) if (p.status?.phase === 'Succeeded') completedIndexes.add(completionIndexOf(p, job.spec.completions) ?? -1);
    completedIndexes.delete(-1);
    const succeeded = indexed ? completedIndexes.size : Math.max(job.status?.succeeded ?? 0, pods.filter((p) => p.status?.phase === 'Succeeded').length);
    const failed = Math.max(job.status?.failed ?? 0, pods.filter((p) => p.status?.phase === 'Failed').length);
    const backoffLimit: number = job.spec?.backoffLimit ?? 6;
    const completions: number | undefined = job.spec?.completions ?? undefined;
    const parallelism: number = job.spec?.parallelism ?? 1;
    const suspended = job.spec?.suspend === true;
    // A suspended Job has not started; resuming it starts it anew (activeDeadlineSeconds counts continuous activity).
    let startTime: string | undefined = job.status?.startTime ?? (suspended ? undefined : time);
    const conditions: Anything[] = [...((job.status?.conditions ?? []) as Anything[])];
    const condition = (type: string, why: { reason: string; message: string }): Anything => ({ type, status: 'True', lastProbeTime: time, lastTransitionTime: time, ...why });
    const deletePods = (list: Anything[]): void => {
      for (const p of list) commands.push({ kind: 'Pod', namespace: ns, name: p.metadata.name, command: { type: 'Delete', data: {}, metadata: meta() } });
    };

    // Already decided (an interim condition): stop what runs, and finish once nothing does.
    const target = conditions.find((c) => (c.type === 'FailureTarget' || c.type === 'SuccessCriteriaMet') && c.status === 'True');
    let finished: Anything | undefined;
    if (target === undefined) {
      const restarts = active.reduce((n, p) => n + ((p.status?.containerStatuses ?? []) as Anything[]).reduce((m, c) => m + (c.restartCount ?? 0), 0), 0);
      const onFailure = job.spec?.template?.spec?.restartPolicy === 'OnFailure';
      const deadline = deadlineOf({ ...job, status: { ...job.status, startTime } });
      const complete = completions === undefined ? succeeded > 0 && active.length === 0 : succeeded >= completions;
      if (complete) finished = condition('SuccessCriteriaMet', JOB_COMPLETE);
      else if (failed > backoffLimit || (onFailure && restarts > 0 && restarts >= backoffLimit)) finished = condition('FailureTarget', JOB_BACKOFF_LIMIT_EXCEEDED);
      else if (deadline !== undefined && now >= deadline) finished = condition('FailureTarget', JOB_DEADLINE_EXCEEDED);
      if (finished !== undefined) conditions.push(finished);
    }
    const decided = target ?? finished;
    let stillActive = active;
    if (decided !== undefined) {
      // A failing Job's pods are deleted; a successful one's surplus too (none are wanted any more).
      deletePods(active);
      stillActive = [];
    } else if (suspended) {
      // Suspended: its pods go, and it says so (ensureJobConditionStatus: set, or turned True).
      deletePods(active);
      stillActive = [];
      setSuspended(conditions, 'True', { reason: 'JobSuspended', message: 'Job suspended' }, time);
    } else {
      if (setSuspended(conditions, 'False', { reason: 'JobResumed', message: 'Job resumed' }, time)) startTime = time;
      const wanted = completions === undefined ? (succeeded > 0 ? 0 : parallelism) : Math.min(parallelism, completions - succeeded);
      // After a failure, no new pod before its back-off has passed (requeueAfterMs looks again then).
      const retry = retryAt(pods);
      const waiting = retry !== undefined && now < retry;
      // Indexed: the lowest indexes neither complete nor running (firstPendingIndexes).
      const running = new Set(active.map((p) => (indexed ? completionIndexOf(p, completions!) : undefined)));
      const pending = indexed ? Array.from({ length: completions! }, (_, i) => i).filter((i) => !completedIndexes.has(i) && !running.has(i)) : [];
      const planned: KubeObject[] = [];
      for (let i = active.length; i < wanted && !waiting; i++) {
        const index = pending.shift();
        if (indexed && index === undefined) break;
        // Through LimitRanger and the namespace's quotas, as a pod created through the API; one refused stops this sync's creates.
        const account = templateAccount(state, job);
        const pod = admitPod(indexed ? indexedPodFromTemplate(job, index!, account) : podFromTemplate(job, { account }), state, planned);
        if (typeof pod === 'string') break;
        planned.push(pod);
        commands.push({ kind: 'Pod', namespace: ns, name: pod.metadata.name!, command: { type: 'Create', data: { object: pod }, metadata: meta() } });
      }
      // Fewer completions wanted than pods run (completions lowered): the surplus goes. A work queue's run to their end.
      if (completions !== undefined && active.length > wanted) deletePods(active.slice(wanted));
    }
    const done = decided !== undefined && active.length === 0 && terminating.length === 0;
    let completionTime: string | undefined = job.status?.completionTime;
    if (done) {
      const success = decided.type === 'SuccessCriteriaMet';
      conditions.push(condition(success ? 'Complete' : 'Failed', { reason: decided.reason, message: decided.message }));
      if (success) completionTime = time;
    }
    // As Go writes JobStatus: the counts but ready and terminating omitempty (pointers, kept at 0).
    const status: Anything = {
      ...(conditions.length > 0 ? { conditions } : {}),
      ...(startTime === undefined ? {} : { startTime }),
      ...(completionTime === undefined ? {} : { completionTime }),
      ...(stillActive.length > 0 && !done ? { active: stillActive.length } : {}),
      ...(succeeded > 0 ? { succeeded } : {}),
      ...(completedIndexes.size > 0 ? { completedIndexes: formatIndexes(completedIndexes) } : {}),
      ...(failed > 0 ? { failed } : {}),
      terminating: terminating.length + (decided !== undefined || suspended ? active.length : 0),
      ready: stillActive.filter(isPodReady).length,
      uncountedTerminatedPods: {},
    };
    if (!sameJson(status, job.status ?? {})) {
      commands.push({ kind: 'Job', namespace: ns, name: job.metadata.name, command: { type: 'UpdateStatus', data: { status: status as Anything }, metadata: meta() } });
    }
    return commands;
  },
};

/**
 * The Suspended condition to `status`, as kube's ensureJobConditionStatus: appended only when True
 * (a Job never suspended has none), else the one there changed; true when it changed.
 */
function setSuspended(conditions: Anything[], status: 'True' | 'False', why: { reason: string; message: string }, time: string): boolean {
  const i = conditions.findIndex((c) => c.type === 'Suspended');
  if (i < 0 && status === 'False') return false;
  if (i >= 0 && conditions[i].status === status) return false;
  const next = { type: 'Suspended', status, lastProbeTime: time, lastTransitionTime: time, ...why };
  if (i < 0) conditions.push(next);
  else conditions[i] = next;
  return true;
}
