/**
 * batch/v1 CronJobs with the real kubectl against `bosun up` with the local node agent (pods are
 * processes; busybox is `sh`): the kind as kube-apiserver serves it, and the cronjob controller
 * creating a Job at the next minute. Run it under `flock /tmp/bosun-net.lock` as every suite that
 * starts a node agent.
 */
import { randomUUID } from 'node:crypto';
import { bosunForSuite } from './support/bosun-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(150_000);

describe('batch/v1 CronJobs with kubectl against bosun up with the local node agent', () => {
  const bosun = bosunForSuite(['--node-agent', 'local', '--node-name', `cron-${randomUUID().slice(0, 6)}`]);
  const { ok, fails } = bosun;
  const get = (args: string[]): string => bosun.kubectl(args).stdout;

  it('serves CronJobs: discovery (cj), create cronjob, defaults, Table, explain, create job --from, validation of schedule, time zone and name, delete', () => {
    expect(ok(['api-resources', '--api-group=batch'])).toMatch(/^cronjobs\s+cj\s+batch\/v1\s+true\s+CronJob$/m);
    expect(ok(['create', 'cronjob', 'hello', '--image=busybox', '--schedule=0 0 1 1 *', '--', 'echo', 'hi'])).toBe('cronjob.batch/hello created\n');
    const cj = JSON.parse(ok(['get', 'cj', 'hello', '-o', 'json']));
    expect(cj).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { generation: 1 },
      spec: { schedule: '0 0 1 1 *', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', dnsPolicy: 'ClusterFirst' } } } } },
    });
    expect(ok(['get', 'cronjobs'])).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nhello\s+0 0 1 1 \*\s+<none>\s+False\s+0\s+<none>\s+\d+s\n$/);
    expect(ok(['get', 'cj', 'hello', '-o', 'wide'])).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nhello\s+0 0 1 1 \*\s+<none>\s+False\s+0\s+<none>\s+\d+s\s+hello\s+busybox\s+<none>\n$/);
    expect(ok(['get', 'all'])).toMatch(/^cronjob\.batch\/hello\s+0 0 1 1 \*\s+<none>\s+False\s+0\s/m);
    expect(ok(['explain', 'cronjob.spec.concurrencyPolicy'])).toContain('Specifies how to treat concurrent executions of a Job');
    // kubectl builds the Job from the template itself: the manual-instantiation annotation and the CronJob as its controller.
    expect(ok(['create', 'job', 'manual', '--from=cronjob/hello'])).toBe('job.batch/manual created\n');
    const job = JSON.parse(ok(['get', 'job', 'manual', '-o', 'json']));
    expect(job.metadata.annotations).toMatchObject({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cj.metadata.uid, controller: true }]);
    expect(job.spec.selector.matchLabels['batch.kubernetes.io/controller-uid']).toBe(job.metadata.uid);
    expect(ok(['describe', 'cj', 'hello'])).toMatch(/Warning\s+UnexpectedJob\s+\S+\s+cronjob-controller\s+Saw a job that the controller did not create or forgot: manual/);
    // What kube-apiserver refuses.
    expect(fails(['create', 'cronjob', 'bad', '--image=busybox', '--schedule=61 * * * *'])).toContain('spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
    expect(fails(['create', 'cronjob', 'tz', '--image=busybox', '--schedule=TZ=UTC 0 * * * *'])).toContain('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
    expect(fails(['create', 'cronjob', 'a'.repeat(53), '--image=busybox', '--schedule=@hourly'])).toContain('must be no more than 52 characters');
    const martian = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'mars' }, spec: { schedule: '@daily', timeZone: 'Mars/Olympus', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } } };
    expect(fails(['create', '-f', '-'], JSON.stringify(martian))).toContain('spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
    expect(ok(['apply', '-f', '-'], JSON.stringify({ ...martian, spec: { ...martian.spec, timeZone: 'Europe/Paris' } }))).toBe('cronjob.batch/mars created\n');
    expect(ok(['get', 'cj', 'mars'])).toMatch(/^mars\s+@daily\s+Europe\/Paris\s+False\s+0\s+<none>\s/m);
    expect(ok(['patch', 'cj', 'mars', '-p', '{"spec":{"suspend":true}}'])).toBe('cronjob.batch/mars patched\n');
    expect(ok(['get', 'cj', 'mars', '-o', 'jsonpath={.spec.suspend} {.metadata.generation}'])).toBe('true 2');
    expect(ok(['delete', 'cronjob', 'hello', 'mars'])).toBe('cronjob.batch "hello" deleted\ncronjob.batch "mars" deleted\n');
    expect(ok(['get', 'cronjobs'])).toBe('');
  });

  it('runs a */1 CronJob: at the next minute a Job named by it, with its scheduled time, runs to completion; status, Table, the cronjob-controller\'s Events; delete takes its Jobs and pods', async () => {
    expect(ok(['create', 'cronjob', 'ticker', '--image=busybox', '--schedule=*/1 * * * *', '--', 'sh', '-c', 'echo tick'])).toBe('cronjob.batch/ticker created\n');
    const cj = JSON.parse(ok(['get', 'cj', 'ticker', '-o', 'json']));
    let name = '';
    await waitFor('the first scheduled Job', () => {
      name = get(['get', 'jobs', '-o', 'jsonpath={.items[0].metadata.name}']);
      return name !== '';
    }, 75_000);
    expect(name).toMatch(/^ticker-\d{8}$/);
    const minute = Number(name.slice('ticker-'.length));
    const job = JSON.parse(ok(['get', 'job', name, '-o', 'json']));
    const scheduled = new Date(minute * 60_000).toISOString().replace('.000Z', 'Z');
    expect(job.metadata.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': scheduled });
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'ticker', uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(ok(['wait', '--for=condition=complete', `job/${name}`, '--timeout=60s'])).toBe(`job.batch/${name} condition met\n`);
    expect(ok(['logs', `job/${name}`])).toBe('tick\n');
    await waitFor('the CronJob to see it complete', () => JSON.parse(get(['get', 'cj', 'ticker', '-o', 'json']) || '{}').status?.lastSuccessfulTime !== undefined, 20_000);
    const status = JSON.parse(ok(['get', 'cj', 'ticker', '-o', 'json'])).status;
    expect(status.lastScheduleTime >= scheduled).toBe(true);
    expect(ok(['get', 'cj', 'ticker'])).toMatch(/^ticker\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+[01]\s+\d+s\s+\d+s$/m);
    await waitFor('the cronjob-controller\'s Events', () => {
      const described = get(['describe', 'cronjob', 'ticker']);
      return new RegExp(`Normal\\s+SuccessfulCreate\\s+\\S+\\s+cronjob-controller\\s+Created job ${name}`).test(described) && new RegExp(`Normal\\s+SawCompletedJob\\s+\\S+\\s+cronjob-controller\\s+Saw completed job: ${name}, condition: Complete`).test(described);
    }, 20_000);
    expect(ok(['delete', 'cronjob', 'ticker'])).toBe('cronjob.batch "ticker" deleted\n');
    await waitFor('its Jobs and their pods collected', () => get(['get', 'jobs,pods', '-o', 'name']) === '', 30_000);
  });
});
