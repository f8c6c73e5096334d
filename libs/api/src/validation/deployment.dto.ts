import { Allow } from 'class-validator';
import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { metaDtoFor } from './meta.dto';
import { selectorRequired, templateSelected, workloadSelector } from './replica-set.dto';
import { noActiveDeadline, PodTemplateSpecDto } from './replication-controller.dto';
import { all, isBoolean, isObject, Nested, nonNegative, oneOf, required, Rule, type Check } from './rules';

export const DEPLOYMENT_STRATEGIES = ['Recreate', 'RollingUpdate'] as const;
const PERCENT = /^[0-9]+%$/;

/** ValidatePositiveIntOrPercent: a count not below 0, or a percentage string. */
export const intOrPercent: Check = (v) => {
  if (typeof v === 'number') return Number.isInteger(v) ? nonNegative(v, null) : [fieldErrors.typeInvalid('', v, 'must be an integer or a string')];
  if (typeof v === 'string') {
    return PERCENT.test(v) ? [] : [fieldErrors.invalid('', v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  }
  return [fieldErrors.typeInvalid('', v, 'must be an integer or a string')];
};
/** IsNotMoreThan100Percent. */
export const atMost100Percent: Check = (v) => (typeof v === 'string' && PERCENT.test(v) && Number(v.slice(0, -1)) > 100 ? [fieldErrors.invalid('', v, 'must not be greater than 100%')] : []);
export const isZero = (v: unknown): boolean => v === 0 || v === '0%';

export class RollingUpdateDeploymentDto {
  @Rule(all(intOrPercent, atMost100Percent))
  @Rule((v, ru: RollingUpdateDeploymentDto) => (isZero(v) && isZero(ru.maxSurge ?? '25%') ? [fieldErrors.invalid('', v, 'may not be 0 when `maxSurge` is 0')] : []))
  maxUnavailable?: number | string;
  @Rule(intOrPercent) maxSurge?: number | string;
}

export class DeploymentStrategyDto {
  @Rule(oneOf(DEPLOYMENT_STRATEGIES)) type?: string;
  @Rule((_v, s: DeploymentStrategyDto) => (s.type === 'Recreate' ? [fieldErrors.forbidden('', "may not be specified when strategy `type` is 'Recreate'")] : []))
  @Nested(() => RollingUpdateDeploymentDto)
  rollingUpdate?: RollingUpdateDeploymentDto;
}

/** progressDeadlineSeconds, when set, must exceed minReadySeconds (ValidateDeploymentSpec). */
const deadlineAfterMinReady: Check = (v, spec: DeploymentSpecDto) => {
  const causes: FieldCause[] = nonNegative(v, spec);
  if (causes.length === 0 && typeof spec.minReadySeconds === 'number' && v <= spec.minReadySeconds) causes.push(fieldErrors.invalid('', v, 'must be greater than minReadySeconds'));
  return causes;
};

export class DeploymentSpecDto {
  @Rule(nonNegative) replicas?: number;
  @Rule(all(selectorRequired, workloadSelector('deployment')), { always: true }) @Allow() selector?: unknown;
  @Rule(required(), { always: true })
  @Rule(all(isObject, templateSelected, noActiveDeadline('ReplicaSet')))
  @Nested(() => PodTemplateSpecDto)
  template?: PodTemplateSpecDto;
  @Nested(() => DeploymentStrategyDto) strategy?: DeploymentStrategyDto;
  @Rule(nonNegative) minReadySeconds?: number;
  @Rule(nonNegative) revisionHistoryLimit?: number;
  @Rule(isBoolean) paused?: boolean;
  @Rule(deadlineAfterMinReady) progressDeadlineSeconds?: number;
}

export const DeploymentMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class DeploymentDto {
  @Rule(oneOf(['apps/v1'])) apiVersion!: string;
  @Rule(oneOf(['Deployment'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => DeploymentMetaDto) metadata!: InstanceType<typeof DeploymentMetaDto>;
  @Rule(required(), { always: true }) @Nested(() => DeploymentSpecDto) spec!: DeploymentSpecDto;
  @Allow() status?: unknown;
}
