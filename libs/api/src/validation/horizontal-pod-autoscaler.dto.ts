import { Allow } from 'class-validator';
import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { metaDtoFor } from './meta.dto';
import { all, intInRange, isArrayOfObjects, isObject, isString, Nested, oneOf, required, Rule, type Check } from './rules';

const METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const METRIC_TARGET_TYPES = ['AverageValue', 'Utilization', 'Value'];
/** The field each metric source type carries its source in. */
const SOURCE_FIELD: Record<string, string> = { ContainerResource: 'containerResource', External: 'external', Object: 'object', Pods: 'pods', Resource: 'resource' };

/** validateMetrics: a known type whose source is set; a Resource source named with a target of a known type (a utilization above 0). */
const metrics: Check = (list) => {
  const causes: FieldCause[] = [];
  (list as Record<string, any>[]).forEach((m, i) => {
    const at = `[${i}]`;
    if (typeof m.type !== 'string' || m.type === '') return void causes.push(fieldErrors.required(`${at}.type`, 'must specify a metric source type'));
    if (!METRIC_SOURCE_TYPES.includes(m.type)) return void causes.push(fieldErrors.notSupported(`${at}.type`, m.type, METRIC_SOURCE_TYPES));
    const field = SOURCE_FIELD[m.type]!;
    if (typeof m[field] !== 'object' || m[field] === null) return void causes.push(fieldErrors.required(`${at}.${field}`, `must populate information for the given metric source (type ${m.type})`));
    if (m.type !== 'Resource') return;
    const source = m.resource;
    if (typeof source.name !== 'string' || source.name === '') causes.push(fieldErrors.required(`${at}.resource.name`, 'must specify a resource name'));
    const target = source.target ?? {};
    if (!METRIC_TARGET_TYPES.includes(target.type)) causes.push(fieldErrors.notSupported(`${at}.resource.target.type`, target.type, METRIC_TARGET_TYPES));
    if (target.averageUtilization !== undefined && !(Number.isInteger(target.averageUtilization) && target.averageUtilization > 0)) {
      causes.push(fieldErrors.invalid(`${at}.resource.target.averageUtilization`, target.averageUtilization, 'must be greater than 0'));
    }
    if (target.averageUtilization === undefined && target.averageValue === undefined && target.value === undefined) {
      causes.push(fieldErrors.required(`${at}.resource.target`, 'must set either a target raw value or a target utilization'));
    }
  });
  return causes;
};

/** kube's MaxPeriodSeconds and MaxStabilizationWindowSeconds. */
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];

/** validateBehavior: each direction's window within [0, 3600] s, a known selectPolicy, at least one policy, each of a known type with a value above 0 and a period in (0, 1800] s. */
const behavior: Check = (value) => {
  const causes: FieldCause[] = [];
  const b = value as Record<string, any>;
  for (const direction of ['scaleUp', 'scaleDown']) {
    const rules = b[direction];
    if (rules === undefined || rules === null || typeof rules !== 'object') continue;
    const at = `.${direction}`;
    const window = rules.stabilizationWindowSeconds;
    if (typeof window === 'number' && window < 0) causes.push(fieldErrors.invalid(`${at}.stabilizationWindowSeconds`, window, 'must be greater than or equal to zero'));
    if (typeof window === 'number' && window > MAX_STABILIZATION_WINDOW_SECONDS) causes.push(fieldErrors.invalid(`${at}.stabilizationWindowSeconds`, window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
    if (rules.selectPolicy !== undefined && !SELECT_POLICIES.includes(rules.selectPolicy)) causes.push(fieldErrors.notSupported(`${at}.selectPolicy`, rules.selectPolicy, SELECT_POLICIES));
    const policies = Array.isArray(rules.policies) ? (rules.policies as Record<string, any>[]) : [];
    if (policies.length === 0) causes.push(fieldErrors.required(`${at}.policies`, 'must specify at least one Policy'));
    policies.forEach((p, i) => {
      const where = `${at}.policies[${i}]`;
      if (!POLICY_TYPES.includes(p?.type)) causes.push(fieldErrors.notSupported(`${where}.type`, p?.type ?? '', POLICY_TYPES));
      if (!(typeof p?.value === 'number' && p.value > 0)) causes.push(fieldErrors.invalid(`${where}.value`, p?.value ?? 0, 'must be greater than zero'));
      if (!(typeof p?.periodSeconds === 'number' && p.periodSeconds > 0)) causes.push(fieldErrors.invalid(`${where}.periodSeconds`, p?.periodSeconds ?? 0, 'must be greater than zero'));
      if (typeof p?.periodSeconds === 'number' && p.periodSeconds > MAX_PERIOD_SECONDS) causes.push(fieldErrors.invalid(`${where}.periodSeconds`, p.periodSeconds, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
    });
  }
  return causes;
};

export class CrossVersionObjectReferenceDto {
  @Rule(required(), { always: true }) @Rule(isString) kind!: string;
  @Rule(required(), { always: true }) @Rule(isString) name!: string;
  @Rule(isString) apiVersion?: string;
}

/** ValidateHorizontalPodAutoscalerSpec (autoscaling/v2, no scale to zero): at least one replica, at most maxReplicas. */
export class HorizontalPodAutoscalerSpecDto {
  @Rule(required(), { always: true }) @Nested(() => CrossVersionObjectReferenceDto) scaleTargetRef!: CrossVersionObjectReferenceDto;
  @Rule(intInRange(1)) minReplicas?: number;
  @Rule((v, spec: HorizontalPodAutoscalerSpecDto) => (typeof v === 'number' && typeof spec.minReplicas === 'number' && v < spec.minReplicas ? [fieldErrors.invalid('', v, 'must be greater than or equal to `minReplicas`')] : []))
  // An int32 that is never omitted: absent, it is 0.
  @Rule((v) => (v === undefined || v === null || (typeof v === 'number' && v < 1) ? [fieldErrors.invalid('', v ?? 0, 'must be greater than 0')] : intInRange(1)(v, null)), { always: true })
  maxReplicas!: number;
  @Rule(all(isArrayOfObjects, metrics)) @Allow() metrics?: unknown[];
  @Rule(all(isObject, behavior)) @Allow() behavior?: unknown;
}

export const HorizontalPodAutoscalerMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class HorizontalPodAutoscalerDto {
  @Rule(oneOf(['autoscaling/v2'])) apiVersion!: string;
  @Rule(oneOf(['HorizontalPodAutoscaler'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => HorizontalPodAutoscalerMetaDto) metadata!: InstanceType<typeof HorizontalPodAutoscalerMetaDto>;
  @Rule(required(), { always: true }) @Rule(isObject) @Nested(() => HorizontalPodAutoscalerSpecDto) spec!: HorizontalPodAutoscalerSpecDto;
  @Allow() status?: unknown;
}
