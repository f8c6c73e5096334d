import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import type { CronJob, KubeObject } from '../types';
import { unknownFields, validateObject } from './validate';

const cronJob = (spec: Record<string, unknown>, name = 'hello'): CronJob =>
  ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default', uid: 'cj-uid' },
    spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox' }] } } } }, ...spec },
  }) as unknown as CronJob;
const causes = (cj: CronJob): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> => validateObject(cj as KubeObject).map(({ reason, field, message }) => ({ reason, field, message }));

describe('CronJob defaults, as batch/v1 SetDefaults_CronJob gives them', () => {
  it('allows concurrent runs, is not suspended, keeps 3 succeeded and 1 failed Job; the pod template is defaulted, the Job template\'s spec is not', () => {
    const out = applyDefaults(cronJob({}) as KubeObject) as CronJob;
    expect(out.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(out.spec!.jobTemplate.spec!.template!.spec).toMatchObject({ dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30 });
    expect(out.spec!.jobTemplate.spec!.backoffLimit).toBeUndefined();
    expect(out.spec!.jobTemplate.spec!.selector).toBeUndefined();
    expect(causes(out)).toEqual([]);
    expect(unknownFields(out as KubeObject)).toEqual([]);
  });
});

describe('CronJob validation, as kube-apiserver validates a batch/v1 CronJob', () => {
  it('accepts the descriptors and a time zone of the tz database', () => {
    for (const schedule of ['@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually', '@every 5m', '0 9 * * mon-fri']) expect(causes(cronJob({ schedule }))).toEqual([]);
    expect(causes(cronJob({ timeZone: 'Europe/Paris' }))).toEqual([]);
  });

  it('requires a schedule, and refuses one robfig/cron cannot parse, with its words', () => {
    expect(causes(cronJob({ schedule: '' }))).toEqual([{ reason: 'FieldValueRequired', field: 'spec.schedule', message: 'Required value' }]);
    expect(causes(cronJob({ schedule: 'error' }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.schedule', message: 'Invalid value: "error": expected exactly 5 fields, found 1: [error]' }]);
    expect(causes(cronJob({ schedule: '61 * * * *' }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.schedule', message: 'Invalid value: "61 * * * *": end of range (61) above maximum (59): 61' }]);
  });

  it('refuses a time zone in the schedule: spec.timeZone says it', () => {
    expect(causes(cronJob({ schedule: 'TZ=UTC 0 * * * *' }))).toEqual(
      expect.arrayContaining([{ reason: 'FieldValueInvalid', field: 'spec.schedule', message: 'Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead' }]),
    );
    expect(causes(cronJob({ schedule: 'CRON_TZ=UTC 0 * * * *', timeZone: 'UTC' })).map((c) => c.message)).toContain('Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule');
  });

  it('refuses a time zone the tz database does not have, Local, and an empty one', () => {
    expect(causes(cronJob({ timeZone: 'Mars/Olympus' }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.timeZone', message: 'Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus' }]);
    expect(causes(cronJob({ timeZone: 'Local' }))[0]!.message).toBe('Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
    expect(causes(cronJob({ timeZone: '' }))[0]!.message).toBe('Invalid value: "": timeZone must be nil or non-empty string');
  });

  it('refuses a name over 52 characters: the controller adds 11 for each Job', () => {
    expect(causes(cronJob({}, 'a'.repeat(52)))).toEqual([]);
    expect(causes(cronJob({}, 'a'.repeat(53)))).toEqual([{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters` }]);
  });

  it('refuses an unknown concurrency policy, negative limits and deadline, a selector or manual selector in the Job template, Always', () => {
    const fields = causes(cronJob({ concurrencyPolicy: 'Sometimes', startingDeadlineSeconds: -1, successfulJobsHistoryLimit: -1, failedJobsHistoryLimit: -1 })).map((c) => c.field);
    expect(fields.sort()).toEqual(['spec.concurrencyPolicy', 'spec.failedJobsHistoryLimit', 'spec.startingDeadlineSeconds', 'spec.successfulJobsHistoryLimit']);
    const template = { spec: { selector: { matchLabels: { a: 'b' } }, manualSelector: true, template: { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'Always', containers: [{ name: 'c', image: 'busybox' }] } } } };
    expect(causes(cronJob({ jobTemplate: template })).map((c) => `${c.field}: ${c.message}`).sort()).toEqual([
      'spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"',
      'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });
});
