import { applyDefaults, type KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import { cacheOf, meta, summary } from './testing/cache.given';
import { CRONJOB_SCHEDULED_TIMESTAMP, cronJobReconciler } from './cron-job.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const KEY = 'cronjobs/default/hello';
const CREATED = '2026-11-28T09:58:30Z';
const cronJob = (spec: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject =>
  applyDefaults({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default', uid: 'cj-uid', creationTimestamp: CREATED },
    spec: {
      schedule: '*/1 * * * *',
      jobTemplate: { metadata: { labels: { app: 'hello' }, annotations: { team: 'a' } }, spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox' }] } } } },
      ...spec,
    },
    ...(status ? { status } : {}),
  } as unknown as KubeObject);
/** A Job the CronJob controls, scheduled at a minute, finished or not. */
const job = (minute: number, outcome?: 'Complete' | 'Failed', startTime?: string): KubeObject =>
  ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `hello-${minute}`, namespace: 'default', uid: `job-${minute}`, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: 'cj-uid', controller: true, blockOwnerDeletion: true }] },
    spec: {},
    status: {
      ...(startTime ? { startTime } : {}),
      ...(outcome ? { conditions: [{ type: outcome, status: 'True' }], ...(outcome === 'Complete' ? { completionTime: startTime ?? '2026-11-28T09:00:00Z' } : {}) } : {}),
    },
  }) as unknown as KubeObject;
const ref = (minute: number) => ({ kind: 'Job', namespace: 'default', name: `hello-${minute}`, uid: `job-${minute}`, apiVersion: 'batch/v1' });
/** The plan at a time: the controller's clock is its command time. */
const at = (time: string, objects: readonly KubeObject[]) => cronJobReconciler.plan(KEY, cacheOf(objects), (): CommandMetadata => ({ ...meta(), time }));
const statusOf = (commands: ReturnType<typeof at>): Anything => (commands.find((c) => c.command.type === 'UpdateStatus')!.command as { data: { status: Anything } }).data.status;
const created = (commands: ReturnType<typeof at>): Anything => (commands.find((c) => c.command.type === 'Create')!.command as { data: { object: Anything } }).data.object;
// 2026-11-28T10:00:00Z is minute 29931000 since the epoch.
const MINUTE_10_00 = 29931000;

describe('cronjob reconciler', () => {
  it('creates the Job of the scheduled time, named by its minute since the epoch, from the template, owned by the CronJob, and records it', () => {
    const commands = at('2026-11-28T10:00:05Z', [cronJob()]);
    expect(summary(commands)).toEqual([`Create Job/hello-${MINUTE_10_00}`, 'UpdateStatus CronJob/hello']);
    const j = created(commands);
    expect(j.metadata.labels).toEqual({ app: 'hello' });
    expect(j.metadata.annotations).toEqual({ team: 'a', [CRONJOB_SCHEDULED_TIMESTAMP]: '2026-11-28T10:00:00Z' });
    expect(j.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: 'cj-uid', controller: true, blockOwnerDeletion: true }]);
    // Admitted as a Job created through the API: its defaults and generated selector.
    expect(j.spec).toMatchObject({ backoffLimit: 6, completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': j.metadata.uid } } });
    expect(statusOf(commands)).toEqual({ active: [{ kind: 'Job', namespace: 'default', name: `hello-${MINUTE_10_00}`, uid: j.metadata.uid, apiVersion: 'batch/v1' }], lastScheduleTime: '2026-11-28T10:00:00Z' });
  });

  it('writes the scheduled-timestamp annotation in the CronJob\'s time zone', () => {
    expect(created(at('2026-11-28T10:00:05Z', [cronJob({ timeZone: 'Europe/Paris' })])).metadata.annotations[CRONJOB_SCHEDULED_TIMESTAMP]).toBe('2026-11-28T11:00:00+01:00');
  });

  it('does nothing before the next scheduled time, and once that time is recorded', () => {
    expect(at('2026-11-28T09:58:50Z', [cronJob()])).toEqual([]);
    expect(at('2026-11-28T10:00:05Z', [cronJob({}, { active: [ref(MINUTE_10_00)], lastScheduleTime: '2026-11-28T10:00:00Z' }), job(MINUTE_10_00)])).toEqual([]);
  });

  it('starts only the latest missed time, and none past startingDeadlineSeconds', () => {
    expect(created(at('2026-11-28T10:05:30Z', [cronJob()])).metadata.name).toBe(`hello-${MINUTE_10_00 + 5}`);
    expect(at('2026-11-28T10:05:30Z', [cronJob({ startingDeadlineSeconds: 10 })])).toEqual([]);
    expect(summary(at('2026-11-28T10:05:08Z', [cronJob({ startingDeadlineSeconds: 10 })]))[0]).toBe(`Create Job/hello-${MINUTE_10_00 + 5}`);
  });

  it('still starts the latest time when more than 100 were missed (kube warns TooManyMissedTimes, and goes on)', () => {
    expect(created(at('2026-11-28T20:00:30Z', [cronJob()])).metadata.name).toBe(`hello-${MINUTE_10_00 + 600}`);
  });

  it('creates nothing while suspended, nor with a schedule it cannot read', () => {
    expect(at('2026-11-28T10:00:05Z', [cronJob({ suspend: true })])).toEqual([]);
    expect(at('2026-11-28T10:00:05Z', [cronJob({ schedule: 'nonsense' })])).toEqual([]);
    expect(cronJobReconciler.requeueAfterMs!(KEY, cacheOf([cronJob({ suspend: true })]))).toBeUndefined();
  });

  it('Allow: starts the next Job while one runs; Forbid: waits; Replace: deletes the running one first', () => {
    const running = { active: [ref(MINUTE_10_00)], lastScheduleTime: '2026-11-28T10:00:00Z' };
    expect(summary(at('2026-11-28T10:01:05Z', [cronJob({}, running), job(MINUTE_10_00)]))).toEqual([`Create Job/hello-${MINUTE_10_00 + 1}`, 'UpdateStatus CronJob/hello']);
    expect(at('2026-11-28T10:01:05Z', [cronJob({ concurrencyPolicy: 'Forbid' }, running), job(MINUTE_10_00)])).toEqual([]);
    const replaced = at('2026-11-28T10:01:05Z', [cronJob({ concurrencyPolicy: 'Replace' }, running), job(MINUTE_10_00)]);
    expect(summary(replaced)).toEqual([`Delete Job/hello-${MINUTE_10_00}`, `Create Job/hello-${MINUTE_10_00 + 1}`, 'UpdateStatus CronJob/hello']);
    expect(statusOf(replaced).active.map((r: Anything) => r.name)).toEqual([`hello-${MINUTE_10_00 + 1}`]);
  });

  it('takes a finished Job out of the active list and records the latest success', () => {
    const status = { active: [ref(MINUTE_10_00)], lastScheduleTime: '2026-11-28T10:00:00Z' };
    const commands = at('2026-11-28T10:00:40Z', [cronJob({}, status), job(MINUTE_10_00, 'Complete', '2026-11-28T10:00:20Z')]);
    expect(summary(commands)).toEqual(['UpdateStatus CronJob/hello']);
    expect(statusOf(commands)).toEqual({ lastScheduleTime: '2026-11-28T10:00:00Z', lastSuccessfulTime: '2026-11-28T10:00:20Z' });
  });

  it('forgets an active Job that is gone', () => {
    const commands = at('2026-11-28T10:00:40Z', [cronJob({}, { active: [ref(MINUTE_10_00)], lastScheduleTime: '2026-11-28T10:00:00Z' })]);
    expect(statusOf(commands)).toEqual({ lastScheduleTime: '2026-11-28T10:00:00Z' });
  });

  it('deletes the oldest finished Jobs beyond the history limits: 3 succeeded, 1 failed by default', () => {
    const done = (m: number, outcome: 'Complete' | 'Failed') => job(m, outcome, `2026-11-28T09:${String(m - MINUTE_10_00 + 50).padStart(2, '0')}:00Z`);
    const status = { lastScheduleTime: '2026-11-28T10:00:00Z', lastSuccessfulTime: '2026-11-28T09:55:00Z' };
    const jobs = [1, 2, 3, 4].map((i) => done(MINUTE_10_00 - 10 + i, 'Complete')).concat([5, 6].map((i) => done(MINUTE_10_00 - 10 + i, 'Failed')));
    const commands = at('2026-11-28T10:00:40Z', [cronJob({}, status), ...jobs]);
    expect(summary(commands)).toEqual([`Delete Job/hello-${MINUTE_10_00 - 9}`, `Delete Job/hello-${MINUTE_10_00 - 5}`]);
  });

  it('leaves alone Jobs it does not control, and takes back a Job of its name whose recording was lost', () => {
    const other = { ...(job(MINUTE_10_00) as Anything), metadata: { name: `hello-${MINUTE_10_00}`, namespace: 'default', uid: 'other' } } as KubeObject;
    expect(at('2026-11-28T10:00:05Z', [cronJob(), other])).toEqual([]);
    const own = job(MINUTE_10_00) as Anything;
    own.metadata.ownerReferences[0].uid = 'cj-uid';
    const taken = at('2026-11-28T10:00:05Z', [cronJob(), own as KubeObject]);
    expect(summary(taken)).toEqual(['UpdateStatus CronJob/hello']);
    expect(statusOf(taken)).toEqual({ active: [ref(MINUTE_10_00)], lastScheduleTime: '2026-11-28T10:00:00Z' });
  });

  it('looks again just after the next scheduled time', () => {
    const wait = cronJobReconciler.requeueAfterMs!(KEY, cacheOf([cronJob({}, { lastScheduleTime: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString() })]))!;
    const toNextMinute = 60_000 - (Date.now() % 60_000);
    expect(wait).toBeGreaterThan(toNextMinute - 200);
    expect(wait).toBeLessThanOrEqual(toNextMinute + 200);
  });
});
