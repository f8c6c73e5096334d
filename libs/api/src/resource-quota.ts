import { ForbiddenError } from './api.errors';
import { podQosClass } from './pod-qos';
import { addQuantities, compareQuantities, formatQuantity, quantityError, toQuantity, type Quantity } from './quantity';
import { RESOURCES, type ResourceInfo } from './resources';
import type { Kind, KubeObject } from './types/kube-object.types';
import type { ResourceList } from './types/meta.types';
import type { LimitRange, LimitRangeItem, ResourceQuota } from './types/resource-quota.types';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The objects of one namespace of a kind, as the cache holds them. */
export type ObjectsOfKind = (kind: Kind) => readonly KubeObject[];

const ZERO = toQuantity('0');
const ONE = toQuantity('1');

/** The kinds the legacy object-count names stand for (kube's generic evaluators). */
const LEGACY_COUNTS: Readonly<Record<string, Kind>> = {
  pods: 'Pod',
  services: 'Service',
  configmaps: 'ConfigMap',
  secrets: 'Secret',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  replicationcontrollers: 'ReplicationController',
  resourcequotas: 'ResourceQuota',
};

/** The pod resources the quota's must-specify rule covers (kube's validationSet). */
const MUST_SPECIFY = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

/** `count/<resource>[.<group>]`: the kind, core when no group is named. */
function countedKind(name: string): Kind | undefined {
  if (!name.startsWith('count/')) return undefined;
  const rest = name.slice('count/'.length);
  const dot = rest.indexOf('.');
  const [resource, group] = dot < 0 ? [rest, undefined] : [rest.slice(0, dot), rest.slice(dot + 1)];
  return RESOURCES.find((r: ResourceInfo) => r.resource === resource && r.group === group)?.kind;
}

/** The kind a quota resource name is about: pods for compute names, claims for storage, the counted kind for counts. */
export function quotaResourceKind(name: string): Kind | undefined {
  if (LEGACY_COUNTS[name] !== undefined) return LEGACY_COUNTS[name];
  if (name === 'services.nodeports' || name === 'services.loadbalancers') return 'Service';
  if (name === 'requests.storage' || name.includes(STORAGE_CLASS_SUFFIX)) return 'PersistentVolumeClaim';
  const counted = countedKind(name);
  if (counted !== undefined) return counted;
  if (name.startsWith('requests.') || name.startsWith('limits.') || name === 'cpu' || name === 'memory' || name === 'ephemeral-storage') return 'Pod';
  return undefined;
}

/** A pod's effective requests or limits: the larger of its containers' sum and any one init container's (kube's PodRequests). */
function podResources(pod: Anything, which: 'requests' | 'limits'): Map<string, Quantity> {
  const sum = new Map<string, Quantity>();
  for (const c of (pod.spec?.containers ?? []) as Anything[]) {
    for (const [r, q] of Object.entries((c.resources?.[which] ?? {}) as Record<string, string>)) if (quantityError(q) === undefined) sum.set(r, addQuantities(sum.get(r) ?? ZERO, q));
  }
  for (const c of (pod.spec?.initContainers ?? []) as Anything[]) {
    for (const [r, q] of Object.entries((c.resources?.[which] ?? {}) as Record<string, string>)) if (quantityError(q) === undefined && compareQuantities(q, sum.get(r) ?? ZERO) > 0) sum.set(r, toQuantity(q));
  }
  return sum;
}

/** QuotaV1Pod: a pod that has ended, or whose deletion grace has passed, uses nothing. */
function podCounts(pod: Anything, now: number): boolean {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return false;
  return !(pod.metadata?.deletionTimestamp && Date.parse(pod.metadata.deletionTimestamp) <= now);
}

/** What one object uses of a quota resource (undefined: the resource is not about this object). */
export function objectUsage(o: KubeObject, name: string, now = Date.now()): Quantity | undefined {
  const obj = o as Anything;
  if (quotaResourceKind(name) !== obj.kind) return undefined;
  if (obj.kind === 'Pod') {
    if (!podCounts(obj, now)) return ZERO;
    if (name === 'pods' || name === 'count/pods') return ONE;
    const [which, resource] = name.startsWith('limits.') ? (['limits', name.slice(7)] as const) : name.startsWith('requests.') ? (['requests', name.slice(9)] as const) : (['requests', name] as const);
    return podResources(obj, which).get(resource) ?? ZERO;
  }
  if (obj.kind === 'Service') {
    const type = obj.spec?.type ?? 'ClusterIP';
    if (name === 'services.loadbalancers') return type === 'LoadBalancer' ? ONE : ZERO;
    if (name === 'services.nodeports') return toQuantity(type === 'NodePort' || type === 'LoadBalancer' ? ((obj.spec?.ports ?? []) as unknown[]).length : 0);
    return ONE;
  }
  if (obj.kind === 'PersistentVolumeClaim') {
    const storage = (): Quantity => {
      const q = obj.spec?.resources?.requests?.storage;
      return q !== undefined && quantityError(q) === undefined ? toQuantity(q) : ZERO;
    };
    const at = name.indexOf(STORAGE_CLASS_SUFFIX);
    if (at >= 0) {
      const cls = obj.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? obj.spec?.storageClassName ?? '';
      if (cls !== name.slice(0, at)) return ZERO;
      return name.endsWith('/requests.storage') ? storage() : ONE;
    }
    return name === 'requests.storage' ? storage() : ONE;
  }
  return ONE;
}

/** Whether a quota's scopes (and scopeSelector) take this object in: scoped quotas count pods only. */
export function quotaMatches(quota: ResourceQuota, o: KubeObject, now = Date.now()): boolean {
  const scopes = [
    ...(quota.spec?.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists', values: [] as string[] })),
    ...(quota.spec?.scopeSelector?.matchExpressions ?? []).map((e) => ({ ...e, values: e.values ?? [] })),
  ];
  if (scopes.length === 0) return true;
  if (o.kind !== 'Pod') return false;
  const pod = o as Anything;
  return scopes.every((s) => {
    let has: boolean;
    let value: string | undefined;
    switch (s.scopeName) {
      case 'Terminating':
        has = typeof pod.spec?.activeDeadlineSeconds === 'number';
        break;
      case 'NotTerminating':
        has = typeof pod.spec?.activeDeadlineSeconds !== 'number';
        break;
      case 'BestEffort':
        has = podQosClass(o) === 'BestEffort';
        break;
      case 'NotBestEffort':
        has = podQosClass(o) !== 'BestEffort';
        break;
      case 'PriorityClass':
        value = pod.spec?.priorityClassName;
        has = value !== undefined && value !== '';
        break;
      default:
        return false;
    }
    switch (s.operator) {
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      // In and NotIn name values: a PriorityClass scope's class names (kube allows them for it alone).
      case 'In':
        return has && (s.scopeName !== 'PriorityClass' || s.values.includes(value!));
      case 'NotIn':
        return s.scopeName === 'PriorityClass' ? !s.values.includes(value ?? '') : !has;
      default:
        return false;
    }
  }) && podCounts(pod, now);
}

/**
 * What the namespace uses of each resource the quota caps (status.used, as kube's quota controller
 * computes it): the sum over the objects its scopes take in; a name no evaluator knows is left out.
 */
export function quotaUsed(quota: ResourceQuota, objectsOf: ObjectsOfKind, now = Date.now()): ResourceList {
  const used: ResourceList = {};
  for (const name of Object.keys(quota.spec?.hard ?? {}).sort()) {
    const kind = quotaResourceKind(name);
    if (kind === undefined) continue;
    let total = ZERO;
    for (const o of objectsOf(kind)) {
      if (!quotaMatches(quota, o, now)) continue;
      total = addQuantities(total, objectUsage(o, name, now) ?? ZERO);
    }
    used[name] = formatQuantity(total);
  }
  return used;
}

/** prettyPrint: `name=quantity` in name order, joined by commas. */
const pretty = (list: ReadonlyMap<string, Quantity | string>): string =>
  [...list.keys()]
    .sort()
    .map((k) => `${k}=${formatQuantity(list.get(k)!)}`)
    .join(',');

/** enforcePodContainerConstraints over every container: each capped compute resource named by each container (kube's Constraints). */
function podMustSpecify(pod: Anything, required: readonly string[]): string | undefined {
  const missing = new Map<string, Set<string>>();
  for (const c of [...((pod.spec?.containers ?? []) as Anything[]), ...((pod.spec?.initContainers ?? []) as Anything[])]) {
    for (const r of required) {
      const [list, resource] = r.startsWith('limits.') ? ['limits', r.slice(7)] : ['requests', r.startsWith('requests.') ? r.slice(9) : r];
      if (c.resources?.[list]?.[resource] === undefined) missing.set(r, (missing.get(r) ?? new Set()).add(c.name));
    }
  }
  if (missing.size === 0) return undefined;
  return `must specify ${[...missing.keys()]
    .sort()
    .map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`)
    .join('; ')}`;
}

/**
 * kube-apiserver's ResourceQuota admission for a create: each quota of the namespace (name order)
 * that takes the object in must cap it — a pod naming no request/limit of a capped compute resource is
 * refused ("failed quota"), and one that would take the usage over a cap ("exceeded quota"). Usage is
 * computed from the objects the cache holds (not status.used, which the controller writes after).
 */
export function admitQuotas(o: KubeObject, quotas: readonly ResourceQuota[], objectsOf: ObjectsOfKind, resource: string, name: string, group?: string, now = Date.now()): void {
  for (const quota of [...quotas].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))) {
    if (quota.metadata.deletionTimestamp || !quotaMatches(quota, o, now)) continue;
    const hard = quota.spec?.hard ?? {};
    const capped = Object.keys(hard).filter((r) => objectUsage(o, r, now) !== undefined && quantityError(hard[r]) === undefined);
    if (capped.length === 0) continue;
    if (o.kind === 'Pod') {
      const why = podMustSpecify(o, capped.filter((r) => MUST_SPECIFY.has(r)));
      if (why !== undefined) throw new ForbiddenError(resource, name, `failed quota: ${quota.metadata.name}: ${why}`, group);
    }
    const used = quotaUsed(quota, objectsOf, now);
    const requested = new Map<string, Quantity>();
    const usedNow = new Map<string, string>();
    const limited = new Map<string, string>();
    for (const r of capped) {
      const delta = objectUsage(o, r, now)!;
      if (compareQuantities(addQuantities(used[r] ?? ZERO, delta), hard[r]) > 0) {
        requested.set(r, delta);
        usedNow.set(r, used[r] ?? '0');
        limited.set(r, hard[r]);
      }
    }
    if (requested.size > 0) {
      throw new ForbiddenError(resource, name, `exceeded quota: ${quota.metadata.name}, requested: ${pretty(requested)}, used: ${pretty(usedNow)}, limited: ${pretty(limited)}`, group);
    }
  }
}


// --- LimitRanger ---

/**
 * SetDefaults_LimitRangeItem for a Container item: default from max, defaultRequest from default,
 * then from min (what kube-apiserver stores; LimitRanger defaults containers from them).
 */
export function defaultLimitRangeItem(item: LimitRangeItem): LimitRangeItem {
  if (item.type !== 'Container') return item;
  const def: ResourceList = { ...(item.default ?? {}) };
  const req: ResourceList = { ...(item.defaultRequest ?? {}) };
  for (const [k, v] of Object.entries(item.max ?? {})) if (def[k] === undefined) def[k] = v;
  for (const [k, v] of Object.entries(def)) if (req[k] === undefined) req[k] = v;
  for (const [k, v] of Object.entries(item.min ?? {})) if (req[k] === undefined) req[k] = v;
  return { ...item, ...(Object.keys(def).length > 0 ? { default: def } : {}), ...(Object.keys(req).length > 0 ? { defaultRequest: req } : {}) };
}

/** The annotation LimitRanger writes on a pod whose containers it gave defaults. */
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

const str = (q: Quantity | string): string => formatQuantity(q);

function minConstraint(type: string, r: string, enforced: string, requests: Map<string, Quantity>, limits: Map<string, Quantity>): string | undefined {
  const req = requests.get(r);
  const lim = limits.get(r);
  if (req === undefined) return `minimum ${r} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (compareQuantities(req, enforced) < 0) return `minimum ${r} usage per ${type} is ${str(enforced)}, but request is ${str(req)}`;
  if (lim !== undefined && compareQuantities(lim, enforced) < 0) return `minimum ${r} usage per ${type} is ${str(enforced)}, but limit is ${str(lim)}`;
  return undefined;
}

function maxConstraint(type: string, r: string, enforced: string, requests: Map<string, Quantity>, limits: Map<string, Quantity>): string | undefined {
  const req = requests.get(r);
  const lim = limits.get(r);
  if (lim === undefined) return `maximum ${r} usage per ${type} is ${str(enforced)}.  No limit is specified`;
  if (compareQuantities(lim, enforced) > 0) return `maximum ${r} usage per ${type} is ${str(enforced)}, but limit is ${str(lim)}`;
  if (req !== undefined && compareQuantities(req, enforced) > 0) return `maximum ${r} usage per ${type} is ${str(enforced)}, but request is ${str(req)}`;
  return undefined;
}

function ratioConstraint(type: string, r: string, enforced: string, requests: Map<string, Quantity>, limits: Map<string, Quantity>): string | undefined {
  const req = requests.get(r);
  const lim = limits.get(r);
  if (req === undefined || lim === undefined || toQuantity(req).nano === 0n) return `${r} max limit to request ratio per ${type} is ${str(enforced)}, but no request is specified or request is 0`;
  const ratio = Number(toQuantity(lim).nano) / Number(toQuantity(req).nano);
  if (ratio > Number(toQuantity(enforced).nano) / 1e9) return `${r} max limit to request ratio per ${type} is ${str(enforced)}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

const listOf = (l: Record<string, string> | undefined): Map<string, Quantity> =>
  new Map(Object.entries(l ?? {}).filter(([, q]) => quantityError(q) === undefined).map(([k, q]) => [k, toQuantity(q)]));

function bounds(type: string, item: LimitRangeItem, requests: Map<string, Quantity>, limits: Map<string, Quantity>): string[] {
  return [
    ...Object.entries(item.min ?? {}).map(([r, q]) => minConstraint(type, r, q, requests, limits)),
    ...Object.entries(item.max ?? {}).map(([r, q]) => maxConstraint(type, r, q, requests, limits)),
    ...Object.entries(item.maxLimitRequestRatio ?? {}).map(([r, q]) => ratioConstraint(type, r, q, requests, limits)),
  ].filter((e): e is string => e !== undefined);
}

/** utilerrors.NewAggregate's message: one error alone, several in brackets. */
const aggregate = (errors: readonly string[]): string => (errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);

/**
 * kube-apiserver's LimitRanger admission for a new pod: each container (and init container) that
 * names no request or limit for a resource gets its namespace's Container defaults (noted in the
 * kubernetes.io/limit-ranger annotation), then each Container and Pod item's min, max and
 * maxLimitRequestRatio must hold, else 403 Forbidden with kube's words.
 */
export function admitPodLimitRanges<T extends KubeObject>(pod: T, ranges: readonly LimitRange[], name: string): T {
  const items = [...ranges]
    .filter((r) => !r.metadata.deletionTimestamp)
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
    .flatMap((r) => (r.spec?.limits ?? []).map(defaultLimitRangeItem));
  if (items.length === 0) return pod;
  const defaults = { requests: {} as ResourceList, limits: {} as ResourceList };
  for (const item of items.filter((i) => i.type === 'Container')) {
    Object.assign(defaults.requests, item.defaultRequest ?? {});
    Object.assign(defaults.limits, item.default ?? {});
  }
  const notes: string[] = [];
  const withDefaults = (c: Anything, prefix: string): Anything => {
    const requests = { ...(c.resources?.requests ?? {}) };
    const limits = { ...(c.resources?.limits ?? {}) };
    const setLimits = Object.keys(defaults.limits).filter((k) => limits[k] === undefined);
    const setRequests = Object.keys(defaults.requests).filter((k) => requests[k] === undefined);
    for (const k of setLimits) limits[k] = defaults.limits[k];
    for (const k of setRequests) requests[k] = defaults.requests[k];
    if (setRequests.length > 0) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${c.name}`);
    if (setLimits.length > 0) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${c.name}`);
    if (setRequests.length === 0 && setLimits.length === 0) return c;
    // Go's omitempty: a list still empty is not written.
    const { requests: _r, limits: _l, ...rest } = (c.resources ?? {}) as Anything;
    return { ...c, resources: { ...rest, ...(Object.keys(requests).length > 0 ? { requests } : {}), ...(Object.keys(limits).length > 0 ? { limits } : {}) } };
  };
  const spec = (pod as Anything).spec ?? {};
  const admittedSpec = {
    ...spec,
    ...(Array.isArray(spec.initContainers) ? { initContainers: spec.initContainers.map((c: Anything) => withDefaults(c, 'init container')) } : {}),
    ...(Array.isArray(spec.containers) ? { containers: spec.containers.map((c: Anything) => withDefaults(c, 'container')) } : {}),
  };
  const admitted = { ...pod, spec: admittedSpec } as Anything;
  const errors: string[] = [];
  for (const item of items) {
    if (item.type === 'Container') {
      for (const c of [...(admittedSpec.containers ?? []), ...(admittedSpec.initContainers ?? [])] as Anything[]) errors.push(...bounds('Container', item, listOf(c.resources?.requests), listOf(c.resources?.limits)));
    } else if (item.type === 'Pod') {
      errors.push(...bounds('Pod', item, podResources(admitted, 'requests'), podResources(admitted, 'limits')));
    }
  }
  if (errors.length > 0) throw new ForbiddenError('pods', name, aggregate(errors));
  if (notes.length === 0) return pod;
  const annotations = { ...(admitted.metadata?.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
  return { ...admitted, metadata: { ...admitted.metadata, annotations } } as T;
}

/** LimitRanger for a new claim: its storage request within each PersistentVolumeClaim item's min and max. */
export function admitClaimLimitRanges(claim: KubeObject, ranges: readonly LimitRange[], name: string): void {
  const c = claim as Anything;
  const requests = listOf(c.spec?.resources?.requests);
  const limits = listOf(c.spec?.resources?.limits);
  const errors: string[] = [];
  for (const item of ranges.flatMap((r) => r.spec?.limits ?? []).filter((i) => i.type === 'PersistentVolumeClaim')) {
    for (const [r, q] of Object.entries(item.min ?? {})) {
      const e = minConstraint('PersistentVolumeClaim', r, q, requests, limits);
      if (e !== undefined) errors.push(e);
    }
    for (const [r, q] of Object.entries(item.max ?? {})) {
      const req = requests.get(r);
      if (req === undefined) errors.push(`maximum ${r} usage per PersistentVolumeClaim is ${str(q)}.  No request is specified`);
      else if (compareQuantities(req, q) > 0) errors.push(`maximum ${r} usage per PersistentVolumeClaim is ${str(q)}, but request is ${str(req)}`);
    }
  }
  if (errors.length > 0) throw new ForbiddenError('persistentvolumeclaims', name, aggregate(errors));
}
