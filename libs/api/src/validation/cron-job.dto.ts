import { Allow } from 'class-validator';
import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { cronScheduleError, isKnownTimeZone } from '../cron-schedule';
import { indexedCompletions, JobSpecFieldsDto } from './job.dto';
import { metaDtoFor } from './meta.dto';
import { TemplateMetaDto } from './replication-controller.dto';
import { all, isBoolean, isObject, isString, Nested, nonNegative, oneOf, required, Rule, type Check } from './rules';

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * validateScheduleFormat: the schedule parses as robfig/cron's ParseStandard, and names no time
 * zone (`TZ=`/`CRON_TZ=`: kube-apiserver has refused them since 1.27; spec.timeZone says it).
 */
const schedule: Check = (v, spec) => {
  if (typeof v !== 'string' || v === '') return [];
  const out: FieldCause[] = [];
  const error = cronScheduleError(v);
  if (error !== undefined) out.push(fieldErrors.invalid('', v, error));
  if (v.includes('TZ')) {
    out.push(fieldErrors.invalid('', v, isPlain(spec) && typeof spec.timeZone === 'string' ? 'cannot use both timeZone field and TZ or CRON_TZ in schedule' : 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return out;
};

/** validateTimeZone: a zone of the tz database, named as its files are (https://data.iana.org/time-zones/theory.html#naming), never Local. */
const timeZone: Check = (v) => {
  if (typeof v !== 'string') return [];
  if (v === '') return [fieldErrors.invalid('', v, 'timeZone must be nil or non-empty string')];
  if (v.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part))) {
    return [fieldErrors.invalid('', v, `unknown time zone ${v}`)];
  }
  if (v.toLowerCase() === 'local') return [fieldErrors.invalid('', v, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  return isKnownTimeZone(v) ? [] : [fieldErrors.invalid('', v, `unknown time zone ${v}`)];
};

/** ValidateJobTemplateSpec: each Job's selector is generated from its own uid, never given here. */
const generatedPerJob: Check = (spec) => {
  if (!isPlain(spec)) return [];
  const out: FieldCause[] = [];
  if (spec.selector !== undefined && spec.selector !== null) out.push(fieldErrors.invalid('.selector', spec.selector, '`selector` will be auto-generated'));
  if (spec.manualSelector === true) out.push(fieldErrors.notSupported('.manualSelector', true, ['nil', 'false']));
  return out;
};

export class CronJobJobSpecDto extends JobSpecFieldsDto {
  @Allow() selector?: unknown;
}

export class JobTemplateSpecDto {
  @Nested(() => TemplateMetaDto) metadata?: TemplateMetaDto;
  @Rule(required(), { always: true }) @Rule(all(isObject, generatedPerJob, indexedCompletions)) @Nested(() => CronJobJobSpecDto) spec!: CronJobJobSpecDto;
}

export class CronJobSpecDto {
  @Rule(required(), { always: true }) @Rule(all(isString, schedule)) schedule!: string;
  @Rule(all(isString, timeZone)) timeZone?: string;
  @Rule(nonNegative) startingDeadlineSeconds?: number;
  @Rule(oneOf(['Allow', 'Forbid', 'Replace'])) concurrencyPolicy?: string;
  @Rule(isBoolean) suspend?: boolean;
  @Rule(required(), { always: true }) @Rule(isObject) @Nested(() => JobTemplateSpecDto) jobTemplate!: JobTemplateSpecDto;
  @Rule(nonNegative) successfulJobsHistoryLimit?: number;
  @Rule(nonNegative) failedJobsHistoryLimit?: number;
}

/**
 * ValidateCronJobCreate: a name as an RC's (a DNS-1123 subdomain), of at most 52 characters — the
 * controller names each Job `<name>-<11 characters of the scheduled minute>`, within 63.
 */
const cronJobNameErrors = (name: string): string[] => [...dns1123SubdomainErrors(name), ...(name.length > 52 ? ['must be no more than 52 characters'] : [])];

export const CronJobMetaDto = metaDtoFor(cronJobNameErrors, true);

export class CronJobDto {
  @Rule(oneOf(['batch/v1'])) apiVersion!: string;
  @Rule(oneOf(['CronJob'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => CronJobMetaDto) metadata!: InstanceType<typeof CronJobMetaDto>;
  @Rule(required(), { always: true }) @Rule(isObject) @Nested(() => CronJobSpecDto) spec!: CronJobSpecDto;
  @Allow() status?: unknown;
}
