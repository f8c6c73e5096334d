import { Allow } from 'class-validator';
import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors } from '../api.errors';
import { atMost100Percent, intOrPercent } from './deployment.dto';
import { metaDtoFor } from './meta.dto';
import { labelSelector } from './replica-set.dto';
import { all, isObject, Nested, oneOf, required, Rule, type Check } from './rules';

export const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'] as const;

/** ValidatePodDisruptionBudgetSpec's first rule: a budget is either a floor or a ceiling, not both. */
const notBoth: Check = (spec) =>
  typeof spec === 'object' && spec !== null && spec.minAvailable != null && spec.maxUnavailable != null ? [fieldErrors.invalid('', spec, 'minAvailable and maxUnavailable cannot be both set')] : [];

/** policy/v1's ValidatePodDisruptionBudgetSpec: each bound a count or a percentage of at most 100%, the selector a label selector (empty: every pod of the namespace). */
export class PodDisruptionBudgetSpecDto {
  @Rule(all(intOrPercent, atMost100Percent)) minAvailable?: number | string;
  @Rule(all(intOrPercent, atMost100Percent)) maxUnavailable?: number | string;
  @Rule(labelSelector) @Allow() selector?: unknown;
  @Rule(oneOf(UNHEALTHY_POD_EVICTION_POLICIES)) unhealthyPodEvictionPolicy?: string;
}

export const PodDisruptionBudgetMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class PodDisruptionBudgetDto {
  @Rule(oneOf(['policy/v1'])) apiVersion!: string;
  @Rule(oneOf(['PodDisruptionBudget'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => PodDisruptionBudgetMetaDto) metadata!: InstanceType<typeof PodDisruptionBudgetMetaDto>;
  @Rule(all(isObject, notBoth)) @Nested(() => PodDisruptionBudgetSpecDto) spec?: PodDisruptionBudgetSpecDto;
  @Allow() status?: unknown;
}
