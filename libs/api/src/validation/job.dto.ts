import { Allow } from 'class-validator';
import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { JOB_CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from '../job-labels';
import { metaDtoFor } from './meta.dto';
import { PodSpecDto } from './pod.dto';
import { TemplateMetaDto } from './replication-controller.dto';
import { templateSelected, workloadSelector } from './replica-set.dto';
import { all, intInRange, isBoolean, isObject, Nested, nonNegative, oneOf, required, Rule, type Check } from './rules';

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Job's pods run to completion: restarted in place on failure (OnFailure) or replaced (Never), never Always. */
export class JobPodSpecDto extends PodSpecDto {}
Rule(oneOf(['OnFailure', 'Never']))(JobPodSpecDto.prototype, 'restartPolicy');

export class JobPodTemplateSpecDto {
  @Nested(() => TemplateMetaDto) metadata?: TemplateMetaDto;
  @Rule(required(), { always: true }) @Nested(() => JobPodSpecDto) spec!: JobPodSpecDto;
}

/**
 * ValidateGeneratedSelector: unless the selector is manual, the template carries the Job's uid and
 * name in its labels and the selector selects that uid (the defaults put them there; a user who set
 * others is told which were expected).
 */
const generatedSelector: Check = (spec, job) => {
  if (!isPlain(spec) || spec.manualSelector === true || !isPlain(job) || !isPlain(job.metadata)) return [];
  const { uid, name } = job.metadata as { uid?: string; name?: string };
  if (uid === undefined) return [];
  const labels = (isPlain(spec.template) && isPlain(spec.template.metadata) && isPlain(spec.template.metadata.labels) ? spec.template.metadata.labels : {}) as Record<string, unknown>;
  const matchLabels = (isPlain(spec.selector) && isPlain(spec.selector.matchLabels) ? spec.selector.matchLabels : {}) as Record<string, unknown>;
  const out: FieldCause[] = [];
  const expect = (at: string, map: Record<string, unknown>, key: string, value: string | undefined): void => {
    if (value !== undefined && map[key] !== value) out.push(fieldErrors.invalid(`${at}[${key}]`, map[key] ?? '', `must be '${value}'`));
  };
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, JOB_CONTROLLER_UID_LABEL]) expect('.template.metadata.labels', labels, key, uid);
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) expect('.template.metadata.labels', labels, key, name);
  expect('.selector.matchLabels', matchLabels, JOB_CONTROLLER_UID_LABEL, uid);
  return out;
};

/** ValidateJobSpec: an Indexed Job names its completions. */
export const indexedCompletions: Check = (spec) =>
  isPlain(spec) && spec.completionMode === 'Indexed' && (spec.completions === undefined || spec.completions === null)
    ? [{ ...fieldErrors.required('', 'when completion mode is Indexed'), field: '.completions' }]
    : [];

/** A JobSpec's fields but the selector: a Job's own, or a CronJob's Job template's (whose selector is generated). */
export class JobSpecFieldsDto {
  @Rule(nonNegative) parallelism?: number;
  @Rule(nonNegative) completions?: number;
  @Rule(intInRange(1)) activeDeadlineSeconds?: number;
  @Rule(nonNegative) backoffLimit?: number;
  @Rule(nonNegative) ttlSecondsAfterFinished?: number;
  @Rule(isBoolean) manualSelector?: boolean;
  @Rule(isBoolean) suspend?: boolean;
  @Rule(oneOf(['NonIndexed', 'Indexed'])) completionMode?: string;
  @Rule(oneOf(['TerminatingOrFailed', 'Failed'])) podReplacementPolicy?: string;
  @Rule(required(), { always: true })
  @Rule(all(isObject, templateSelected))
  @Nested(() => JobPodTemplateSpecDto)
  template?: JobPodTemplateSpecDto;
}

export class JobSpecDto extends JobSpecFieldsDto {
  @Rule(all(required(), workloadSelector('job')), { always: true }) @Allow() selector?: unknown;
}

export const JobMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class JobDto {
  @Rule(oneOf(['batch/v1'])) apiVersion!: string;
  @Rule(oneOf(['Job'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => JobMetaDto) metadata!: InstanceType<typeof JobMetaDto>;
  @Rule(required(), { always: true }) @Rule(all(isObject, generatedSelector, indexedCompletions)) @Nested(() => JobSpecDto) spec!: JobSpecDto;
  @Allow() status?: unknown;
}
