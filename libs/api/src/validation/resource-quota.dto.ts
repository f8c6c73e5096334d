import { Allow } from 'class-validator';
import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { compareQuantities, formatQuantity, quantityError } from '../quantity';
import { metaDtoFor } from './meta.dto';
import { all, isObject, Nested, oneOf, required, Rule, type Check } from './rules';

/** The scopes a ResourceQuota may name (core/v1 ResourceQuotaScope). */
export const QUOTA_SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'] as const;

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** ValidateResourceQuantityValue over a ResourceList: each value a quantity, not below 0. */
const resourceList: Check = (v) => {
  if (!isPlain(v)) return [fieldErrors.typeInvalid('', v, 'must be an object')];
  const out: FieldCause[] = [];
  for (const [name, q] of Object.entries(v)) {
    const why = quantityError(q);
    if (why) out.push(fieldErrors.invalid(`[${name}]`, q, why));
    else if (compareQuantities(q as string, '0') < 0) out.push(fieldErrors.invalid(`[${name}]`, q, 'must be greater than or equal to 0'));
  }
  return out;
};

/** helper.IsStandardQuotaResourceName: the names a quota may cap without a "/" (count/…, extended and per-class names have one). */
const STANDARD_QUOTA_NAMES = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers',
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);
const isStandardQuotaName = (name: string): boolean => name.includes('/') || STANDARD_QUOTA_NAMES.has(name) || /^(requests\.|limits\.)?hugepages-/.test(name);

/** validateResourceQuotaResourceName: a name without a "/" must be a standard quota resource (kube's words). */
const quotaNames: Check = (v) => (isPlain(v) ? Object.keys(v).filter((n) => !isStandardQuotaName(n)).map((n) => fieldErrors.invalid(`[${n}]`, n, 'must be a standard resource for quota')) : []);

/** ValidateResourceQuotaSpec: hard a resource list of quota resource names, each scope one kube knows. */
export class ResourceQuotaSpecDto {
  @Rule(all(quotaNames, resourceList)) hard?: Record<string, string>;
  @Rule((v: unknown) => (Array.isArray(v) ? v.flatMap((s, i) => ((QUOTA_SCOPES as readonly string[]).includes(s) ? [] : [fieldErrors.notSupported(`[${i}]`, s, QUOTA_SCOPES)])) : [fieldErrors.typeInvalid('', v, 'must be an array')]))
  scopes?: string[];
  @Allow() scopeSelector?: unknown;
}

const NamespacedMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

/** ValidateResourceQuota: a DNS-subdomain name in a namespace; status is the quota controller's (hard and used, resource lists). */
export class ResourceQuotaDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['ResourceQuota'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => NamespacedMetaDto) metadata!: InstanceType<typeof NamespacedMetaDto>;
  @Rule(isObject) @Nested(() => ResourceQuotaSpecDto) spec?: ResourceQuotaSpecDto;
  @Allow() status?: unknown;
}

/** The limit types LimitRanger knows (core/v1 LimitType). */
export const LIMIT_TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'] as const;

type Lists = Partial<Record<'max' | 'min' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio', Record<string, string>>>;

/**
 * ValidateLimitRange's rules for one item: Pod items take no defaults; for each resource
 * min ≤ defaultRequest ≤ default ≤ max, and a ratio of at least 1, at most max/min (kube's words).
 */
function limitRangeItem(item: Record<string, unknown>): FieldCause[] {
  const lists = item as Lists;
  const out: FieldCause[] = [];
  if (item.type === 'Pod') {
    if (isPlain(item.default) && Object.keys(item.default).length > 0) out.push(fieldErrors.forbidden('default', "may not be specified when `type` is 'Pod'"));
    if (isPlain(item.defaultRequest) && Object.keys(item.defaultRequest).length > 0) out.push(fieldErrors.forbidden('defaultRequest', "may not be specified when `type` is 'Pod'"));
  }
  const valid = (l: keyof Lists, r: string): string | undefined => {
    const q = lists[l]?.[r];
    return q !== undefined && quantityError(q) === undefined ? q : undefined;
  };
  const names = new Set((['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const).flatMap((l) => (isPlain(lists[l]) ? Object.keys(lists[l]!) : [])));
  for (const r of names) {
    const [max, min, def, req, ratio] = [valid('max', r), valid('min', r), valid('default', r), valid('defaultRequest', r), valid('maxLimitRequestRatio', r)];
    const s = (q: string): string => formatQuantity(q);
    if (min !== undefined && max !== undefined && compareQuantities(min, max) > 0) out.push(fieldErrors.invalid(`min[${r}]`, s(min), `min value ${s(min)} is greater than max value ${s(max)}`));
    if (req !== undefined && min !== undefined && compareQuantities(min, req) > 0) out.push(fieldErrors.invalid(`defaultRequest[${r}]`, s(req), `min value ${s(min)} is greater than default request value ${s(req)}`));
    if (req !== undefined && max !== undefined && compareQuantities(req, max) > 0) out.push(fieldErrors.invalid(`defaultRequest[${r}]`, s(req), `default request value ${s(req)} is greater than max value ${s(max)}`));
    if (req !== undefined && def !== undefined && compareQuantities(req, def) > 0) out.push(fieldErrors.invalid(`defaultRequest[${r}]`, s(req), `default request value ${s(req)} is greater than default limit value ${s(def)}`));
    if (def !== undefined && min !== undefined && compareQuantities(min, def) > 0) out.push(fieldErrors.invalid(`default[${r}]`, s(min), `min value ${s(min)} is greater than default value ${s(def)}`));
    if (def !== undefined && max !== undefined && compareQuantities(def, max) > 0) out.push(fieldErrors.invalid(`default[${r}]`, s(max), `default value ${s(def)} is greater than max value ${s(max)}`));
    if (ratio !== undefined && compareQuantities(ratio, '1') < 0) out.push(fieldErrors.invalid(`maxLimitRequestRatio[${r}]`, s(ratio), `ratio ${s(ratio)} is less than 1`));
  }
  return out;
}

export class LimitRangeItemDto {
  @Rule(all(required(), oneOf(LIMIT_TYPES)), { always: true }) type!: string;
  @Rule(resourceList) max?: Record<string, string>;
  @Rule(resourceList) min?: Record<string, string>;
  @Rule(resourceList) default?: Record<string, string>;
  @Rule(resourceList) defaultRequest?: Record<string, string>;
  @Rule(resourceList) maxLimitRequestRatio?: Record<string, string>;
}

const limitItems: Check = (v) => {
  if (!Array.isArray(v)) return [fieldErrors.typeInvalid('', v, 'must be an array')];
  return v.flatMap((item, i) => (isPlain(item) ? limitRangeItem(item).map((c) => ({ ...c, field: `[${i}].${c.field}` })) : []));
};

export class LimitRangeSpecDto {
  @Rule(all(required(), limitItems), { always: true }) @Nested(() => LimitRangeItemDto, { each: true }) limits!: LimitRangeItemDto[];
}

/** ValidateLimitRange: a DNS-subdomain name in a namespace, a spec with its limits. */
export class LimitRangeDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['LimitRange'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => NamespacedMetaDto) metadata!: InstanceType<typeof NamespacedMetaDto>;
  @Rule(required(), { always: true }) @Nested(() => LimitRangeSpecDto) spec!: LimitRangeSpecDto;
}
