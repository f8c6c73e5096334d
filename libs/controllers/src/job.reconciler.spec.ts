import { applyDefaults, type KubeObject } from '@bosun/api';
import { cacheOf, plan, summary } from './testing/cache.given';
import { pod } from './testing/objects.fixtures';
import { jobReconciler } from './job.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const KEY = 'jobs/default/pi';
const NOW = '2026-11-28T10:00:00Z'; // the plans' time (testing/cache.given.ts)
const job = (spec: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject =>
  applyDefaults({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'job-uid', generation: 1 },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'busybox', command: ['sh', '-c', 'exit 0'] }] } }, ...spec },
    ...(status ? { status } : {}),
  } as unknown as KubeObject);
/** A pod the Job controls, in a phase. */
const jobPod = (name: string, phase: string, extra: { deleting?: boolean; restarts?: number; finishedAt?: string } = {}): KubeObject => {
  const p = pod(name, { phase, node: 'n', labels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } }) as unknown as Anything;
  p.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true, blockOwnerDeletion: true }];
  if (extra.deleting) p.metadata.deletionTimestamp = NOW;
  if (extra.restarts) p.status.containerStatuses = [{ name: 'web', restartCount: extra.restarts }];
  if (extra.finishedAt) p.status.containerStatuses = [{ name: 'web', restartCount: 0, state: { terminated: { exitCode: phase === 'Failed' ? 1 : 0, finishedAt: extra.finishedAt } } }];
  return p as KubeObject;
};
const p = (objects: readonly KubeObject[]) => plan(jobReconciler, objects, KEY);
const statusOf = (commands: ReturnType<typeof p>): Anything => (commands.find((c) => c.command.type === 'UpdateStatus')!.command as { data: { status: Anything } }).data.status;
const conditionsOf = (commands: ReturnType<typeof p>): string[] => ((statusOf(commands).conditions ?? []) as Anything[]).map((c) => `${c.type}=${c.status} ${c.reason}`);
const started = { startTime: '2026-11-28T09:59:00Z' };

describe('job reconciler', () => {
  it('creates only the pods its namespace\'s quota has room for, given the LimitRange\'s defaults, and looks again when a quota changes', () => {
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods: '1', 'requests.cpu': '1' } } } as unknown as KubeObject;
    const limits = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'default' }, spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '100m' } }] } } as unknown as KubeObject;
    const creates = p([job({ completions: 3, parallelism: 3 }), quota, limits]).filter((c) => c.command.type === 'Create');
    expect(creates).toHaveLength(1);
    expect((creates[0]!.command as { data: { object: Anything } }).data.object.spec.containers[0].resources).toEqual({ requests: { cpu: '100m' } });
    expect(jobReconciler.keysFor({ key: 'resourcequotas/default/q', object: quota } as never, cacheOf([job(), quota]))).toEqual([KEY]);
  });

  it('creates pods up to parallelism from the template, owned by the Job (batch/v1, controller), and starts the Job', () => {
    const commands = p([job({ completions: 5, parallelism: 2 })]);
    const creates = commands.filter((c) => c.command.type === 'Create');
    expect(creates).toHaveLength(2);
    const object = (creates[0]!.command as { data: { object: Anything } }).data.object;
    expect(object.metadata).toMatchObject({ generateName: 'pi-', labels: { 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi', 'batch.kubernetes.io/controller-uid': 'job-uid', 'controller-uid': 'job-uid' } });
    expect(object.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true, blockOwnerDeletion: true }]);
    expect(object.spec.restartPolicy).toBe('Never');
    expect(statusOf(commands)).toEqual({ startTime: NOW, terminating: 0, ready: 0, uncountedTerminatedPods: {} });
  });

  it('creates no more than the completions still missing, and counts active and succeeded pods', () => {
    const commands = p([job({ completions: 3, parallelism: 3 }, started), jobPod('a', 'Succeeded'), jobPod('b', 'Succeeded'), jobPod('c', 'Running')]);
    expect(summary(commands)).toEqual(['UpdateStatus Job/pi']);
    expect(statusOf(commands)).toMatchObject({ active: 1, succeeded: 2 });
  });

  it('does nothing when its pods run and its status says so', () => {
    const running = jobPod('a', 'Running');
    expect(p([job({}, { ...started, active: 1, terminating: 0, ready: 0, uncountedTerminatedPods: {} }), running])).toEqual([]);
  });

  it('ignores pods it does not control', () => {
    const other = pod('other', { phase: 'Running', labels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } });
    const commands = p([job({}, started), other]);
    expect(commands.map((c) => `${c.command.type} ${c.kind}`)).toEqual(['Create Pod', 'UpdateStatus Job']);
    expect(statusOf(commands).active).toBeUndefined();
  });

  it('replaces a failed pod (restartPolicy Never) and counts the failure', () => {
    const commands = p([job({}, started), jobPod('a', 'Failed')]);
    expect(commands.filter((c) => c.command.type === 'Create')).toHaveLength(1);
    expect(statusOf(commands)).toMatchObject({ failed: 1 });
  });

  it('meets its success criteria once completions have succeeded, then completes (1.31: SuccessCriteriaMet before Complete) with completionTime', () => {
    const commands = p([job({}, started), jobPod('a', 'Succeeded')]);
    expect(summary(commands)).toEqual(['UpdateStatus Job/pi']);
    expect(conditionsOf(commands)).toEqual(['SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
    expect(statusOf(commands)).toMatchObject({ succeeded: 1, completionTime: NOW, startTime: started.startTime, terminating: 0, ready: 0 });
    expect(statusOf(commands).active).toBeUndefined();
    expect((statusOf(commands).conditions as Anything[])[1]).toMatchObject({ message: 'Reached expected number of succeeded pods' });
  });

  it('fails past backoffLimit failures: FailureTarget while its active pods are deleted, Failed once none is left', () => {
    const failing = p([job({ backoffLimit: 1, parallelism: 2, completions: 4 }, started), jobPod('a', 'Failed'), jobPod('b', 'Failed'), jobPod('c', 'Running')]);
    expect(summary(failing)).toEqual(['Delete Pod/c', 'UpdateStatus Job/pi']);
    expect(conditionsOf(failing)).toEqual(['FailureTarget=True BackoffLimitExceeded']);
    expect(statusOf(failing)).toMatchObject({ failed: 2, terminating: 1 });
    const target = statusOf(failing);
    const failed = p([job({ backoffLimit: 1, parallelism: 2, completions: 4 }, target), jobPod('a', 'Failed'), jobPod('b', 'Failed')]);
    expect(conditionsOf(failed)).toEqual(['FailureTarget=True BackoffLimitExceeded', 'Failed=True BackoffLimitExceeded']);
    expect((statusOf(failed).conditions as Anything[])[1]).toMatchObject({ message: 'Job has reached the specified backoff limit' });
    expect(statusOf(failed).completionTime).toBeUndefined();
  });

  it('waits for a terminating pod before it says Failed', () => {
    const target = { ...started, failed: 2, conditions: [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] };
    const commands = p([job({ backoffLimit: 1 }, target), jobPod('c', 'Running', { deleting: true })]);
    expect(conditionsOf(commands)).toEqual(['FailureTarget=True BackoffLimitExceeded']);
  });

  it('under restartPolicy OnFailure counts container restarts against backoffLimit', () => {
    const onFailure = job({ backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'pi', image: 'busybox' }] } } }, started);
    expect(conditionsOf(p([onFailure, jobPod('a', 'Running', { restarts: 2 })]))).toEqual(['FailureTarget=True BackoffLimitExceeded']);
    expect(statusOf(p([onFailure, jobPod('a', 'Running', { restarts: 1 })])).conditions).toBeUndefined();
  });

  it('fails past activeDeadlineSeconds from its start, and looks again when the deadline is due', () => {
    const late = job({ activeDeadlineSeconds: 30 }, started); // started a minute before the plan
    expect(conditionsOf(p([late, jobPod('a', 'Running')]))).toEqual(['FailureTarget=True DeadlineExceeded']);
    const fresh = job({ activeDeadlineSeconds: 30 }, { startTime: new Date(Date.now() - 10_000).toISOString() });
    const wait = jobReconciler.requeueAfterMs!(KEY, cacheOf([fresh]))!;
    expect(wait).toBeGreaterThan(19_000);
    expect(wait).toBeLessThanOrEqual(20_200);
  });

  it('leaves a finished Job alone, and a work queue (completions unset) completes once one pod has succeeded and none runs', () => {
    expect(p([job({}, { ...started, conditions: [{ type: 'Complete', status: 'True' }] })])).toEqual([]);
    const queue = job({ parallelism: 2, completions: null }, started);
    expect(summary(p([queue, jobPod('a', 'Succeeded'), jobPod('b', 'Running')]))).toEqual(['UpdateStatus Job/pi']);
    expect(conditionsOf(p([queue, jobPod('a', 'Succeeded'), jobPod('b', 'Succeeded')]))).toEqual(['SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
  });

  it('when suspended deletes its pods and says Suspended without starting; resumed, starts anew and says so', () => {
    const created = p([job({ suspend: true })]);
    expect(summary(created)).toEqual(['UpdateStatus Job/pi']);
    expect(conditionsOf(created)).toEqual(['Suspended=True JobSuspended']);
    expect(statusOf(created).startTime).toBeUndefined();
    const suspending = p([job({ suspend: true }, started), jobPod('a', 'Running')]);
    expect(summary(suspending)).toEqual(['Delete Pod/a', 'UpdateStatus Job/pi']);
    expect(statusOf(suspending)).toMatchObject({ startTime: started.startTime, terminating: 1 });
    const resumed = p([job({ suspend: false }, { startTime: started.startTime, conditions: statusOf(suspending).conditions })]);
    expect(summary(resumed).map((c) => c.split('/')[0])).toEqual(['Create Pod', 'UpdateStatus Job']);
    expect(conditionsOf(resumed)).toEqual(['Suspended=False JobResumed']);
    expect(statusOf(resumed).startTime).toBe(NOW);
  });

  it('waits out a failure\'s back-off before it replaces the pod: 10 s after it ended, doubled per further failure, and looks again then', () => {
    const recent = p([job({ backoffLimit: 6 }, started), jobPod('a', 'Failed', { finishedAt: '2026-11-28T09:59:55Z' })]);
    expect(summary(recent)).toEqual(['UpdateStatus Job/pi']);
    expect(summary(p([job({ backoffLimit: 6 }, started), jobPod('a', 'Failed', { finishedAt: '2026-11-28T09:59:49Z' })])).map((c) => c.split('/')[0])).toEqual(['Create Pod', 'UpdateStatus Job']);
    // Two failures: 20 s after the last.
    const twice = [job({ backoffLimit: 6 }, started), jobPod('a', 'Failed', { finishedAt: '2026-11-28T09:59:30Z' }), jobPod('b', 'Failed', { finishedAt: '2026-11-28T09:59:45Z' })];
    expect(summary(p(twice))).toEqual(['UpdateStatus Job/pi']);
    const justFailed = new Date(Date.now() - 4_000).toISOString();
    const wait = jobReconciler.requeueAfterMs!(KEY, cacheOf([job({}, started), jobPod('a', 'Failed', { finishedAt: justFailed })]))!;
    expect(wait).toBeGreaterThan(5_000);
    expect(wait).toBeLessThanOrEqual(6_200);
  });

  describe('Indexed completion mode', () => {
    const indexedPod = (index: number, phase: string): KubeObject => {
      const q = jobPod(`pi-${index}-abcde`, phase) as unknown as Anything;
      q.metadata.annotations = { 'batch.kubernetes.io/job-completion-index': String(index) };
      return q as KubeObject;
    };

    it('creates one pod per index, the lowest first, named <job>-<index>-<suffix>, with the index as annotation, label, hostname and JOB_COMPLETION_INDEX', () => {
      const commands = p([job({ completionMode: 'Indexed', completions: 3, parallelism: 2 })]);
      const created = commands.filter((c) => c.command.type === 'Create').map((c) => (c.command as { data: { object: Anything } }).data.object);
      expect(created.map((o) => o.metadata.annotations['batch.kubernetes.io/job-completion-index'])).toEqual(['0', '1']);
      const [first] = created;
      expect(first.metadata.name).toMatch(/^pi-0-[a-z0-9]{5}$/);
      expect(first.metadata.generateName).toBe('pi-0-');
      expect(first.metadata.labels['batch.kubernetes.io/job-completion-index']).toBe('0');
      expect(first.spec.hostname).toBe('pi-0');
      expect(first.spec.containers[0].env).toEqual([{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);
    });

    it('counts completed indexes into succeeded and completedIndexes, and runs the indexes left; a failed index is run again', () => {
      const commands = p([job({ completionMode: 'Indexed', completions: 5, parallelism: 2 }, started), indexedPod(0, 'Succeeded'), indexedPod(1, 'Succeeded'), indexedPod(2, 'Failed'), indexedPod(4, 'Succeeded'), indexedPod(3, 'Running')]);
      const created = commands.filter((c) => c.command.type === 'Create').map((c) => (c.command as { data: { object: Anything } }).data.object.metadata.annotations['batch.kubernetes.io/job-completion-index']);
      expect(created).toEqual(['2']);
      expect(statusOf(commands)).toMatchObject({ succeeded: 3, completedIndexes: '0-1,4', failed: 1, active: 1 });
    });

    it('completes once every index has succeeded', () => {
      const commands = p([job({ completionMode: 'Indexed', completions: 2, parallelism: 2 }, started), indexedPod(0, 'Succeeded'), indexedPod(1, 'Succeeded')]);
      expect(conditionsOf(commands)).toEqual(['SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
      expect(statusOf(commands)).toMatchObject({ succeeded: 2, completedIndexes: '0-1' });
    });
  });
});
