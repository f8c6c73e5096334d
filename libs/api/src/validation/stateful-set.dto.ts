import { Allow } from 'class-validator';
import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors } from '../api.errors';
import { metaDtoFor } from './meta.dto';
import { selectorRequired, templateSelected, workloadSelector } from './replica-set.dto';
import { PodTemplateSpecDto } from './replication-controller.dto';
import { all, isArrayOfObjects, isObject, Nested, nonNegative, oneOf, required, Rule, type Check } from './rules';

/** ValidateStatefulSetSpec: a StatefulSet's pods may not be given a deadline. */
const noActiveDeadline: Check = (template) => {
  const deadline = (template as { spec?: { activeDeadlineSeconds?: unknown } } | null)?.spec?.activeDeadlineSeconds;
  return deadline === undefined || deadline === null ? [] : [fieldErrors.invalid('.spec.activeDeadlineSeconds', deadline, 'must not be specified')];
};

export class StatefulSetRollingUpdateDto {
  @Rule(nonNegative) partition?: number;
  @Allow() maxUnavailable?: unknown;
}

export class StatefulSetUpdateStrategyDto {
  @Rule(required(), { always: true })
  @Rule((v) => (v === 'RollingUpdate' || v === 'OnDelete' ? [] : [fieldErrors.invalid('', v, "must be 'RollingUpdate' or 'OnDelete'")]))
  type?: string;
  @Rule((v, s: StatefulSetUpdateStrategyDto) => (s.type === 'OnDelete' ? [fieldErrors.invalid('', v, "only allowed for updateStrategy 'RollingUpdate'")] : []))
  @Nested(() => StatefulSetRollingUpdateDto)
  rollingUpdate?: StatefulSetRollingUpdateDto;
}

export class StatefulSetRetentionPolicyDto {
  @Rule(oneOf(['Retain', 'Delete'])) whenDeleted?: string;
  @Rule(oneOf(['Retain', 'Delete'])) whenScaled?: string;
}

export class StatefulSetOrdinalsDto {
  @Rule(nonNegative) start?: number;
}

export class StatefulSetSpecDto {
  @Rule(nonNegative) replicas?: number;
  @Rule(all(selectorRequired, workloadSelector('statefulset')), { always: true }) @Allow() selector?: unknown;
  @Rule(required(), { always: true })
  @Rule(all(isObject, templateSelected, noActiveDeadline))
  @Nested(() => PodTemplateSpecDto)
  template?: PodTemplateSpecDto;
  // The claims the statefulset controller makes for each pod (<template>-<set>-<ordinal>).
  @Rule(isArrayOfObjects) @Allow() volumeClaimTemplates?: unknown;
  @Allow() serviceName?: string;
  @Rule(required(), { always: true })
  @Rule((v) => (v === 'OrderedReady' || v === 'Parallel' ? [] : [fieldErrors.invalid('', v, "must be 'OrderedReady' or 'Parallel'")]))
  podManagementPolicy?: string;
  @Rule(required(), { always: true }) @Nested(() => StatefulSetUpdateStrategyDto) updateStrategy?: StatefulSetUpdateStrategyDto;
  @Rule(nonNegative) revisionHistoryLimit?: number;
  @Rule(nonNegative) minReadySeconds?: number;
  @Nested(() => StatefulSetRetentionPolicyDto) persistentVolumeClaimRetentionPolicy?: StatefulSetRetentionPolicyDto;
  @Nested(() => StatefulSetOrdinalsDto) ordinals?: StatefulSetOrdinalsDto;
}

export const StatefulSetMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class StatefulSetDto {
  @Rule(oneOf(['apps/v1'])) apiVersion!: string;
  @Rule(oneOf(['StatefulSet'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => StatefulSetMetaDto) metadata!: InstanceType<typeof StatefulSetMetaDto>;
  @Rule(required(), { always: true }) @Nested(() => StatefulSetSpecDto) spec!: StatefulSetSpecDto;
  @Allow() status?: unknown;
}

export class ControllerRevisionDto {
  @Rule(oneOf(['apps/v1'])) apiVersion!: string;
  @Rule(oneOf(['ControllerRevision'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => StatefulSetMetaDto) metadata!: InstanceType<typeof StatefulSetMetaDto>;
  @Rule(required('data is mandatory'), { always: true }) @Allow() data?: unknown;
  @Rule(nonNegative) revision?: number;
}
