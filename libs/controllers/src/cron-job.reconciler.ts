import { randomUUID } from 'node:crypto';
import { applyDefaults, controllerOf, isKnownTimeZone, parseCronSchedule, rfc3339In, sameJson, type CronSchedule, type KubeObject } from '@bosun/api';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { keyOfObject, type Plan, type Reconciler } from './controller';
import { ownerRef } from './replication.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The annotation a scheduled Job carries: its scheduled time, RFC 3339 in the CronJob's zone (CronJobsScheduledAnnotation, on since 1.32; Bosun sets it always). */
export const CRONJOB_SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** kube's nextScheduleDelta: look again a little after the time, for clock skew. */
const NEXT_SCHEDULE_DELTA_MS = 100;

const finishedAs = (job: Anything): 'Complete' | 'Failed' | undefined =>
  ((job.status?.conditions ?? []) as Anything[]).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;

/** The CronJob's schedule in its zone, or undefined when it cannot be read (the controller then leaves it, as kube's does). */
function scheduleOf(cj: Anything): CronSchedule | undefined {
  const zone: string | undefined = cj.spec?.timeZone ?? undefined;
  if (zone !== undefined && !isKnownTimeZone(zone)) return undefined;
  try {
    return parseCronSchedule(String(cj.spec?.schedule ?? ''), zone);
  } catch {
    return undefined;
  }
}

/**
 * kube's mostRecentScheduleTime: the latest activation in (earliest, now], where earliest is the
 * last scheduled time (else the creation) or, with the starting deadline, no earlier than now
 * minus it; and how many were missed (roughly: the time since the first over the interval).
 */
export function mostRecentScheduleTime(cj: Anything, now: number, schedule: CronSchedule, withDeadline: boolean): { mostRecent?: number; missed: number } {
  let earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata?.creationTimestamp ?? '');
  if (Number.isNaN(earliest)) earliest = now;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && typeof deadline === 'number') earliest = Math.max(earliest, now - deadline * 1000);
  const t1 = schedule.next(earliest);
  if (t1 === undefined || now < t1) return { missed: 0 };
  const t2 = schedule.next(t1);
  if (t2 === undefined || now < t2) return { mostRecent: t1, missed: 1 };
  const between = Math.max(1, Math.round((t2 - t1) / 1000));
  const missed = Math.floor((now - t1) / 1000 / between) + 1;
  let mostRecent = t1;
  for (let t = schedule.next(t1 + (missed - 2) * between * 1000); t !== undefined && t <= now; t = schedule.next(t)) mostRecent = t;
  return { mostRecent, missed };
}

/** kube's nextScheduleTimeDuration: when the next activation after the last one due is, from now. */
function nextScheduleIn(cj: Anything, now: number, schedule: CronSchedule): number | undefined {
  const { mostRecent } = mostRecentScheduleTime(cj, now, schedule, false);
  const from = mostRecent ?? Math.min(now, Date.parse(cj.status?.lastScheduleTime ?? cj.metadata?.creationTimestamp ?? '') || now);
  const next = schedule.next(from);
  return next === undefined ? undefined : next - now + NEXT_SCHEDULE_DELTA_MS;
}

/** The Jobs a CronJob controls (kube: those whose controller reference names it). */
const jobsOf = (state: ClusterState, cj: Anything): Anything[] =>
  (state.list('Job', cj.metadata.namespace) as Anything[]).filter((j) => {
    const owner = controllerOf(j);
    return owner?.kind === 'CronJob' && owner.name === cj.metadata.name;
  });

/** kube's byJobStartTime: started ones first, by start time, then by name. */
function byStartTime(a: Anything, b: Anything): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb) return String(a.metadata.name).localeCompare(String(b.metadata.name));
  return Date.parse(sa) - Date.parse(sb);
}

/** A Job from the CronJob's template, as getJobFromTemplate2 makes it, named by the scheduled minute since the epoch; admitted as the API server would. */
function jobFor(cj: Anything, scheduled: number): Anything {
  const template = cj.spec?.jobTemplate ?? {};
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`,
      namespace: cj.metadata.namespace,
      uid: randomUUID(),
      ...(template.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      annotations: { ...(template.metadata?.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP]: rfc3339In(scheduled, cj.spec?.timeZone ?? undefined) },
      ownerReferences: [ownerRef(cj)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
  return applyDefaults(job as unknown as KubeObject) as Anything;
}

const refTo = (job: Anything): Anything => ({ kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name, uid: job.metadata.uid, apiVersion: 'batch/v1' });
const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The cronjob controller (kube-controller-manager's ControllerV2): at each time of a CronJob's
 * schedule — the latest one due, not earlier than startingDeadlineSeconds ago — it creates a Job
 * from the template, named `<cronjob>-<minutes since the epoch>` (the name is the lock: one Job
 * per scheduled time), owned by it, unless it is suspended, or a Job runs and concurrencyPolicy is
 * Forbid (Replace deletes the running ones first). Status: the running Jobs (active, object
 * references), lastScheduleTime, lastSuccessfulTime (the latest completion). Finished Jobs beyond
 * successfulJobsHistoryLimit and failedJobsHistoryLimit are deleted, oldest start first. It looks
 * again at the next scheduled time (requeueAfterMs); the plan's clock is its command time.
 */
export const cronJobReconciler: Reconciler = {
  name: 'cronjob',

  initialKeys: (state) => state.list('CronJob').map(keyOfObject),

  keysFor(change: ObjectChange): string[] {
    const o = change.object as Anything;
    if (o.kind === 'CronJob') return [change.key];
    if (o.kind !== 'Job') return [];
    const owner = controllerOf(o);
    return owner?.kind === 'CronJob' ? [`cronjobs/${o.metadata.namespace}/${owner.name}`] : [];
  },

  requeueAfterMs(key: string, state: ClusterState): number | undefined {
    const cj = state.getObject(key) as Anything | null;
    if (cj === null || cj.metadata.deletionTimestamp || cj.spec?.suspend === true) return undefined;
    const schedule = scheduleOf(cj);
    return schedule === undefined ? undefined : nextScheduleIn(cj, Date.now(), schedule);
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const cj = state.getObject(key) as Anything | null;
    if (cj === null) return [];
    const ns: string = cj.metadata.namespace;
    const now = Date.parse(meta().time);
    const commands: AddressedCommand[] = [];
    const jobs = jobsOf(state, cj);
    let active: Anything[] = [...((cj.status?.active ?? []) as Anything[])];
    let lastSuccessfulTime: string | undefined = cj.status?.lastSuccessfulTime ?? undefined;
    let lastScheduleTime: string | undefined = cj.status?.lastScheduleTime ?? undefined;
    const deleteJob = (job: Anything): void => {
      commands.push({ kind: 'Job', namespace: ns, name: job.metadata.name, command: { type: 'Delete', data: {}, metadata: meta() } });
      active = active.filter((r) => r.uid !== job.metadata.uid);
    };

    // cleanupFinishedJobs: the oldest finished Jobs beyond the history limits go.
    const deleted = new Set<string>();
    for (const [outcome, limit] of [
      ['Complete', cj.spec?.successfulJobsHistoryLimit],
      ['Failed', cj.spec?.failedJobsHistoryLimit],
    ] as const) {
      if (typeof limit !== 'number') continue;
      const finished = jobs.filter((j) => finishedAs(j) === outcome && !j.metadata.deletionTimestamp).sort(byStartTime);
      for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
        deleteJob(job);
        deleted.add(job.metadata.uid);
      }
    }

    // The running Jobs: a finished one leaves the active list, a successful one's completion counts; a vanished one leaves too.
    const children = new Set(jobs.map((j) => j.metadata.uid));
    for (const job of jobs) {
      const outcome = finishedAs(job);
      if (outcome === undefined) continue;
      active = active.filter((r) => r.uid !== job.metadata.uid);
      const completed = job.status?.completionTime;
      if (outcome === 'Complete' && completed && (lastSuccessfulTime === undefined || Date.parse(completed) > Date.parse(lastSuccessfulTime))) lastSuccessfulTime = completed;
    }
    active = active.filter((r) => children.has(r.uid));

    const status = (): Plan => {
      const next: Anything = { ...(active.length > 0 ? { active } : {}), ...(lastScheduleTime ? { lastScheduleTime } : {}), ...(lastSuccessfulTime ? { lastSuccessfulTime } : {}) };
      if (!sameJson(next, cj.status ?? {})) commands.push({ kind: 'CronJob', namespace: ns, name: cj.metadata.name, command: { type: 'UpdateStatus', data: { status: next }, metadata: meta() } });
      return commands;
    };

    const schedule = scheduleOf(cj);
    if (cj.metadata.deletionTimestamp || cj.spec?.suspend === true || schedule === undefined) return status();
    const { mostRecent: scheduled } = mostRecentScheduleTime(cj, now, schedule, true);
    if (scheduled === undefined) return status();
    const deadline = cj.spec?.startingDeadlineSeconds;
    // Missed its starting window (MissSchedule): wait for the next time.
    if (typeof deadline === 'number' && scheduled + deadline * 1000 < now) return status();
    const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    if (active.some((r) => r.name === name) || (lastScheduleTime !== undefined && Date.parse(lastScheduleTime) === scheduled)) return status();
    const running = active.filter((r) => !deleted.has(r.uid));
    if (cj.spec?.concurrencyPolicy === 'Forbid' && running.length > 0) return status();
    if (cj.spec?.concurrencyPolicy === 'Replace') {
      for (const ref of running) {
        const job = jobs.find((j) => j.metadata.uid === ref.uid);
        if (job !== undefined) deleteJob(job);
      }
    }
    // The name is the lock: a Job of that name already there (the status update after its creation lost) is taken back into the list.
    const existing = state.getObject(`jobs/${ns}/${name}`) as Anything | null;
    if (existing === null) {
      const job = jobFor(cj, scheduled);
      commands.push({ kind: 'Job', namespace: ns, name, command: { type: 'Create', data: { object: job as KubeObject }, metadata: meta() } });
      active = [...active, refTo(job)];
    } else if (controllerOf(existing)?.uid === cj.metadata.uid && !active.some((r) => r.uid === existing.metadata.uid)) {
      active = [...active, refTo(existing)];
    } else {
      return status();
    }
    lastScheduleTime = rfc3339(scheduled);
    return status();
  },
};
