import { conditionOf, quantityToMilli } from '@bosun/api';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * kube-controller-manager's replica calculator (pkg/controller/podautoscaler/replica_calculator.go)
 * for resource metrics, as pure functions: the pods' usage against their requests (Utilization) or
 * against a per-pod value (AverageValue), within a tolerance, with kube's handling of pods without
 * metrics, not yet ready, failed or being deleted. Values are milli-units (Quantity.MilliValue), as
 * kube compares them.
 */

/** --horizontal-pod-autoscaler-tolerance: a ratio within 10 % of 1 changes nothing. */
export const HPA_TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period. */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** --horizontal-pod-autoscaler-initial-readiness-delay. */
export const INITIAL_READINESS_DELAY_MS = 30_000;

/** A pod's usage of the resource (summed over its containers, or of one container), in milli-units, and when and over what window it was measured. */
export interface PodMetric {
  readonly value: number;
  readonly timestampMs: number;
  readonly windowMs: number;
}

export type PodMetrics = ReadonlyMap<string, PodMetric>;

export interface PodGroups {
  readonly readyPodCount: number;
  readonly unready: ReadonlySet<string>;
  readonly missing: ReadonlySet<string>;
  readonly ignored: ReadonlySet<string>;
}

/**
 * groupPods: pods being deleted or Failed are ignored; Pending ones are unready; those without a
 * metric are missing; for CPU, a pod is unready when it has no Ready condition or start time, when
 * within its initialization period it is not Ready or its metric predates one window after its
 * readiness changed, and after it when it has never been Ready since it started (within the
 * initial readiness delay). The others are ready.
 */
export function groupPods(pods: readonly Anything[], metrics: PodMetrics, resource: string, nowMs: number): PodGroups {
  let readyPodCount = 0;
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  for (const pod of pods) {
    const name = pod.metadata.name as string;
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if ((pod.status?.phase ?? 'Pending') === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (metric === undefined) {
      missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const condition = conditionOf(pod, 'Ready');
      const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : undefined;
      let isUnready: boolean;
      if (condition === undefined || start === undefined) isUnready = true;
      else {
        const transition = Date.parse(condition.lastTransitionTime ?? '') || 0;
        if (start + CPU_INITIALIZATION_PERIOD_MS > nowMs) isUnready = condition.status === 'False' || metric.timestampMs < transition + metric.windowMs;
        else isUnready = condition.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    readyPodCount++;
  }
  return { readyPodCount, unready, missing, ignored };
}

/** Each pod's request of the resource, summed over its containers (or of `container`), in milli-units; a missing request is kube's error. */
export function podRequests(pods: readonly Anything[], resource: string, container?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    for (const c of (pod.spec?.containers ?? []) as Anything[]) {
      if (container !== undefined && c.name !== container) continue;
      const request = c.resources?.requests?.[resource];
      if (request === undefined) throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`);
      sum += Number(quantityToMilli(request));
    }
    out.set(pod.metadata.name, sum);
  }
  return out;
}

/** GetResourceUtilizationRatio: usage over requests of the pods with metrics, as a ratio to the target, the utilization in whole percent, and the mean usage. */
export function utilizationRatio(metrics: ReadonlyMap<string, { value: number }>, requests: ReadonlyMap<string, number>, targetUtilization: number): { ratio: number; utilization: number; rawAverage: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entities = 0;
  for (const [name, metric] of metrics) {
    const request = requests.get(name);
    if (request === undefined) continue; // a pod the metrics know that the pods do not
    metricsTotal += metric.value;
    requestsTotal += request;
    entities++;
  }
  if (entities === 0 || requestsTotal === 0) throw new Error('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / targetUtilization, utilization, rawAverage: Math.trunc(metricsTotal / entities) };
}

/** GetMetricUsageRatio: the mean usage over the target's per-pod value. */
export function usageRatio(metrics: ReadonlyMap<string, { value: number }>, targetUsage: number): { ratio: number; average: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const average = Math.trunc(total / metrics.size);
  return { ratio: average / targetUsage, average };
}

export type ResourceTarget = { readonly type: 'Utilization'; readonly averageUtilization: number } | { readonly type: 'AverageValue'; readonly averageValue: number };

export interface ResourceReplicas {
  readonly replicas: number;
  /** Utilization targets: the pods' utilization in whole percent. */
  readonly utilization?: number;
  /** The pods' mean usage, milli-units. */
  readonly average: number;
  /** The newest metric's time. */
  readonly timestampMs: number;
}

/**
 * GetResourceReplicas / GetRawResourceReplicas (calcPlainMetricReplicas): the replicas the metric
 * asks for. Within the tolerance the count stays. Missing pods count, on a scale down, as using
 * their request (or the target, above 100 %) — AverageValue: the target —, on a scale up as using
 * nothing; unready pods on a scale up as using nothing; and when the recount falls within the
 * tolerance or turns the direction, the count stays. Throws kube's errors.
 */
export function resourceReplicas(currentReplicas: number, target: ResourceTarget, resource: string, pods: readonly Anything[], podMetrics: PodMetrics, nowMs: number, container?: string): ResourceReplicas {
  if (podMetrics.size === 0) throw new Error(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const timestampMs = Math.max(...[...podMetrics.values()].map((m) => m.timestampMs));
  const groups = groupPods(pods, podMetrics, resource, nowMs);
  const metrics = new Map<string, { value: number }>([...podMetrics].filter(([name]) => !groups.ignored.has(name) && !groups.unready.has(name)));
  if (metrics.size === 0) throw new Error('did not receive metrics for targeted pods (pods might be unready)');

  const utilizationTarget = target.type === 'Utilization';
  const requests = utilizationTarget ? podRequests(pods, resource, container) : new Map<string, number>();
  const measure = (m: ReadonlyMap<string, { value: number }>): { ratio: number; utilization?: number; average: number } => {
    if (utilizationTarget) {
      const r = utilizationRatio(m, requests, target.averageUtilization);
      return { ratio: r.ratio, utilization: r.utilization, average: r.rawAverage };
    }
    const r = usageRatio(m, target.averageValue);
    return { ratio: r.ratio, average: r.average };
  };
  const first = measure(metrics);
  const result = (replicas: number): ResourceReplicas => ({ replicas, ...(first.utilization === undefined ? {} : { utilization: first.utilization }), average: first.average, timestampMs });

  const scaleUpWithUnready = groups.unready.size > 0 && first.ratio > 1.0;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (Math.abs(1.0 - first.ratio) <= HPA_TOLERANCE) return result(currentReplicas);
    return result(Math.ceil(first.ratio * groups.readyPodCount));
  }
  if (groups.missing.size > 0) {
    if (first.ratio < 1.0) {
      for (const name of groups.missing) {
        const fallback = utilizationTarget ? Math.trunc(((requests.get(name) ?? 0) * Math.max(100, target.averageUtilization)) / 100) : target.averageValue;
        metrics.set(name, { value: fallback });
      }
    } else if (first.ratio > 1.0) {
      for (const name of groups.missing) metrics.set(name, { value: 0 });
    }
  }
  if (scaleUpWithUnready) for (const name of groups.unready) metrics.set(name, { value: 0 });
  const second = measure(metrics);
  if (Math.abs(1.0 - second.ratio) <= HPA_TOLERANCE || (first.ratio < 1.0 && second.ratio > 1.0) || (first.ratio > 1.0 && second.ratio < 1.0)) return result(currentReplicas);
  const replicas = Math.ceil(second.ratio * metrics.size);
  if ((second.ratio < 1.0 && replicas > currentReplicas) || (second.ratio > 1.0 && replicas < currentReplicas)) return result(currentReplicas);
  return result(replicas);
}

/** scaleUpLimitFactor and scaleUpLimitMinimum: without a behavior, at most twice the replicas (at least 4) in one step. */
export const scaleUpLimit = (currentReplicas: number): number => Math.max(2 * currentReplicas, 4);

/**
 * convertDesiredReplicasWithRules: the recommendation held within minReplicas and the lower of
 * maxReplicas and the scale-up limit, and the ScalingLimited reason and message that say which.
 */
export function withinRules(currentReplicas: number, desired: number, min: number, max: number): { replicas: number; reason: string; message: string } {
  const limit = scaleUpLimit(currentReplicas);
  const [maximum, reason, message] =
    max > limit ? [limit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'] : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
  if (desired < min) return { replicas: min, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  if (desired > maximum) return { replicas: maximum, reason, message };
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}
