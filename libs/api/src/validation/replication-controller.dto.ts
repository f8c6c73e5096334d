import { Allow } from 'class-validator';
import { dns1123SubdomainErrors, selectorFromMap } from '@bosun/labels';
import { fieldErrors } from '../api.errors';
import { labelMap, metaDtoFor, ObjectMetaDto } from './meta.dto';
import { PodSpecDto } from './pod.dto';
import { all, isObject, Nested, nonNegative, oneOf, required, Rule, type Check } from './rules';

/** A pod template's metadata: no name or namespace of its own to check. */
export class TemplateMetaDto extends ObjectMetaDto {}

/** Pods made from an RC's template are restarted in place, never left finished. */
export class TemplatePodSpecDto extends PodSpecDto {}
Rule(oneOf(['Always']))(TemplatePodSpecDto.prototype, 'restartPolicy');

export class PodTemplateSpecDto {
  @Nested(() => TemplateMetaDto) metadata?: TemplateMetaDto;
  @Rule(required(), { always: true }) @Nested(() => TemplatePodSpecDto) spec!: TemplatePodSpecDto;
}

/** The template's pods must be selected by the RC, or it would create pods forever. */
const templateMatchesSelector: Check<PodTemplateSpecDto> = (template, spec: ReplicationControllerSpecDto) => {
  const selector = spec.selector;
  if (typeof selector !== 'object' || selector === null || Object.keys(selector).length === 0) return [];
  if (labelMap(selector, spec).length) return [];
  const labels = (template.metadata?.labels ?? {}) as Record<string, string>;
  if (typeof labels !== 'object' || labelMap(labels, template).length) return [];
  return selectorFromMap(selector).matches(labels)
    ? []
    : [fieldErrors.invalid('.metadata.labels', labels, '`selector` does not match template `labels`')];
};

/**
 * ValidatePodTemplateSpecForRC / ForReplicaSet: a replicated pod runs until it is replaced, so its
 * template may set no activeDeadlineSeconds (a Deployment's says ReplicaSet, as kube-apiserver does).
 */
export const noActiveDeadline =
  (owner: string): Check =>
  (template) => {
    const deadline = (template as { spec?: { activeDeadlineSeconds?: unknown } } | null)?.spec?.activeDeadlineSeconds;
    return deadline === undefined || deadline === null ? [] : [fieldErrors.invalid('.spec.activeDeadlineSeconds', deadline, `activeDeadlineSeconds in ${owner} is not Supported`)];
  };

export class ReplicationControllerSpecDto {
  @Rule(nonNegative) replicas?: number;
  @Rule(nonNegative) minReadySeconds?: number;
  @Rule(all(required(), labelMap), { always: true }) selector?: Record<string, string>;
  @Rule(required(), { always: true })
  @Rule(all(isObject, templateMatchesSelector, noActiveDeadline('ReplicationController')))
  @Nested(() => PodTemplateSpecDto)
  template?: PodTemplateSpecDto;
}

export const ReplicationControllerMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class ReplicationControllerDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['ReplicationController'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => ReplicationControllerMetaDto) metadata!: InstanceType<typeof ReplicationControllerMetaDto>;
  @Rule(required(), { always: true }) @Nested(() => ReplicationControllerSpecDto) spec!: ReplicationControllerSpecDto;
  @Allow() status?: unknown;
}
