import { formatQuantity, milliQuantity, objectKey, podSelectorOf, quantityToMilli, resourceByKind, sameJson, withConditionSet, type HorizontalPodAutoscaler, type HorizontalPodAutoscalerCondition, type HorizontalPodAutoscalerStatus, type Kind, type KubeObject } from '@bosun/api';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { keyOfObject, type Plan, type Reconciler } from './controller';
import { longestPeriodMs, newMemory, normalizeDesiredReplicas, normalizeWithBehavior, rememberScale, type AutoscalerMemory } from './horizontal-pod-autoscaler.normalize';
import { resourceReplicas, type PodMetric, type ResourceTarget } from './replica-calculator';
import type { PodUsage } from './resource-metrics';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** kube-controller-manager's --horizontal-pod-autoscaler-sync-period: each autoscaler is looked at again this often. */
export const HPA_SYNC_PERIOD_MS = 15_000;

/**
 * What kube's replica calculator says when the resource metrics API (metrics.k8s.io, metrics-server)
 * is not served: an autoscaler run without a metrics source (a controller given none) measures nothing.
 */
const NO_RESOURCE_METRICS = 'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

/** The scalable object an autoscaler's scaleTargetRef names (a kind with a scale subresource, in the group its apiVersion says), if it exists. */
function targetOf(state: ClusterState, hpa: HorizontalPodAutoscaler): { info: ReturnType<typeof resourceByKind>; object: Anything | null } {
  const ref = hpa.spec?.scaleTargetRef;
  const info = ref === undefined ? undefined : resourceByKind(ref.kind);
  const sameGroup = info !== undefined && (ref!.apiVersion === undefined || ref!.apiVersion.split('/').slice(0, -1).join('/') === (info.group ?? ''));
  if (info === undefined || !info.scale || !sameGroup) return { info: undefined, object: null };
  return { info, object: state.getObject(objectKey(info.kind, hpa.metadata.namespace, ref!.name)) as Anything | null };
}

/** The condition that says why a metric could not be measured (getUnableComputeReplicaCountCondition), for the first metric. */
function unmeasured(metric: Anything | undefined): Omit<HorizontalPodAutoscalerCondition, 'lastTransitionTime'> {
  if (metric?.type === 'Resource' || metric?.type === 'ContainerResource') {
    const name = (metric.resource ?? metric.containerResource)?.name ?? '';
    return {
      type: 'ScalingActive',
      status: 'False',
      reason: metric.type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric',
      message: `the HPA was unable to compute the replica count: failed to get ${name} utilization: unable to get metrics for resource ${name}: ${NO_RESOURCE_METRICS}`,
    };
  }
  const type = String(metric?.type ?? '');
  return { type: 'ScalingActive', status: 'False', reason: `FailedGet${type}Metric`, message: `the HPA was unable to compute the replica count: unable to get ${type} metric: no custom or external metrics API is served` };
}

/** Where the autoscaler reads pods' usage (ResourceMetrics: the nodes' Summaries, as metrics-server serves them). */
export interface PodUsageSource {
  podUsage(namespace: string): ReadonlyMap<string, PodUsage>;
}

/** What one reconcile needs beside the cache: the metrics (none: no resource metrics API), the controller's memory of this autoscaler, the time. */
export interface AutoscaleContext {
  readonly metrics?: PodUsageSource;
  readonly memory: AutoscalerMemory;
  readonly nowMs: number;
}

type MetricOutcome = { replicas: number; name: string; timestampMs: number; status: Record<string, unknown> } | { error: string; condition: Omit<HorizontalPodAutoscalerCondition, 'lastTransitionTime'> };

/**
 * One metric's proposal (computeStatusForResourceMetric / ContainerResource): the pods the target
 * selects, their usage and the replica calculator; else the error and the ScalingActive False
 * condition kube sets for it.
 */
function proposalFor(metric: Anything, pods: readonly Anything[], current: number, ctx: AutoscaleContext, namespace: string): MetricOutcome {
  const container = metric.type === 'ContainerResource';
  const source = container ? metric.containerResource : metric.resource;
  const cannot = unmeasured(metric);
  const cannotError = (cannot.message ?? '').replace(/^the HPA was unable to compute the replica count: /, '');
  if ((metric.type !== 'Resource' && !container) || source === undefined) return { error: cannotError, condition: cannot };
  const name = String(source.name);
  const reason = container ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
  const failed = (error: string): MetricOutcome => ({ error, condition: { type: 'ScalingActive', status: 'False', reason, message: `the HPA was unable to compute the replica count: ${error}` } });
  if (ctx.metrics === undefined) return failed(cannotError);
  const target = source.target ?? {};
  const averageValue = target.type === 'AverageValue' && target.averageValue !== undefined;
  const what = averageValue ? 'usage' : 'utilization';
  if (!averageValue && target.averageUtilization === undefined) return failed('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
  // The pods' metrics, as kube's metrics client reads them: the pods the selector takes, summed over containers (or the one named).
  const usage = ctx.metrics.podUsage(namespace);
  const names = new Set(pods.map((p) => p.metadata.name as string));
  const podMetrics = new Map<string, PodMetric>();
  for (const [pod, u] of usage) {
    if (!names.has(pod)) continue;
    const values = container ? [u.containers.get(source.container)] : [...u.containers.values()];
    if (values.some((v) => v === undefined)) continue;
    podMetrics.set(pod, { value: values.reduce((sum, v) => sum + (name === 'cpu' ? v!.cpu : v!.memory), 0), timestampMs: u.timestampMs, windowMs: u.windowMs });
  }
  try {
    const resourceTarget: ResourceTarget = averageValue ? { type: 'AverageValue', averageValue: Number(quantityToMilli(target.averageValue)) } : { type: 'Utilization', averageUtilization: target.averageUtilization };
    const r = resourceReplicas(current, resourceTarget, name, pods, podMetrics, ctx.nowMs, container ? source.container : undefined);
    const currentValue = { ...(r.utilization === undefined ? {} : { averageUtilization: r.utilization }), averageValue: formatQuantity(milliQuantity(r.average)) };
    const status = container
      ? { type: 'ContainerResource', containerResource: { name, container: source.container, current: currentValue } }
      : { type: 'Resource', resource: { name, current: currentValue } };
    const described = `${name}${container ? ' container' : ''} resource${averageValue ? '' : ' utilization (percentage of request)'}`;
    return { replicas: r.replicas, name: described, timestampMs: r.timestampMs, status };
  } catch (error) {
    return failed(`failed to get ${name} ${what}: ${(error as Error).message}`);
  }
}

/** The pods an autoscaler's target selects (its scale's selector), in its namespace. */
function podsOf(state: ClusterState, object: Anything, namespace: string): Anything[] {
  const selector = podSelectorOf(object);
  return (state.list('Pod', namespace) as Anything[]).filter((p) => selector.matches(p.metadata?.labels));
}

/**
 * One reconcile of an autoscaler, as kube's reconcileAutoscaler: the target's scale read (else
 * AbleToScale False FailedGetScale); a target scaled to zero left alone (ScalingActive False
 * ScalingDisabled); replicas outside [minReplicas, maxReplicas] brought to the nearest bound
 * (SucceededRescale, lastScaleTime); within them, each metric's proposal from the replica
 * calculator, the highest taken (ScalingActive True ValidMetricFound), or — when every metric
 * failed, or some did and the rest would scale down — ScalingActive False with the first error,
 * nothing scaled; the proposal normalized (stabilization, bounds, rate: ScalingLimited) and
 * applied through the target's spec.replicas (SucceededRescale).
 */
export function autoscale(state: ClusterState, hpa: HorizontalPodAutoscaler, time: string, ctx: AutoscaleContext = { memory: newMemory(), nowMs: Date.parse(time) }): { status: HorizontalPodAutoscalerStatus; scale?: { object: Anything; replicas: number } } {
  const old = hpa.status ?? { desiredReplicas: 0 };
  const set = (status: HorizontalPodAutoscalerStatus, condition: Omit<HorizontalPodAutoscalerCondition, 'lastTransitionTime'>): HorizontalPodAutoscalerStatus => ({
    ...status,
    conditions: withConditionSet<HorizontalPodAutoscalerCondition>(status.conditions, condition, time),
  });
  const spec = hpa.spec!;
  const { info, object } = targetOf(state, hpa);
  if (object === null) {
    const what = info === undefined ? `${spec.scaleTargetRef.kind} has no scale subresource Bosun serves` : `${info.resource}${info.group ? `.${info.group}` : ''} "${spec.scaleTargetRef.name}" not found`;
    return { status: set(old, { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${what}` }) };
  }
  const gotScale = set(old, { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" });
  const current: number = object.spec?.replicas ?? 1;
  const min = spec.minReplicas ?? 1;
  if (current === 0 && min !== 0) {
    return { status: set({ ...gotScale, currentReplicas: current, desiredReplicas: 0 }, { type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' }) };
  }
  const rescaled = (status: HorizontalPodAutoscalerStatus, desired: number) => {
    // Remembered for a behavior's rate policies (storeScaleEvent), as long as its longest period.
    if (spec.behavior !== undefined && spec.behavior !== null) rememberScale(ctx.memory, current, desired, ctx.nowMs, longestPeriodMs(spec.behavior));
    return {
      status: set({ ...status, currentReplicas: current, desiredReplicas: desired, lastScaleTime: time }, { type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${desired}` }),
      scale: { object, replicas: desired },
    };
  };
  if (current > spec.maxReplicas) return rescaled(gotScale, spec.maxReplicas);
  if (current < min) return rescaled(gotScale, min);

  // computeReplicasForMetrics: every metric's proposal; the highest wins.
  const metrics = (spec.metrics ?? []) as Anything[];
  const pods = podsOf(state, object, hpa.metadata.namespace ?? 'default');
  const outcomes = metrics.map((m) => proposalFor(m, pods, current, ctx, hpa.metadata.namespace ?? 'default'));
  const currentMetrics = outcomes.map((o) => ('status' in o ? o.status : { type: '' }));
  let proposal = 0;
  let metricName = '';
  for (const o of outcomes) if ('replicas' in o && (proposal === 0 || o.replicas > proposal)) [proposal, metricName] = [o.replicas, o.name];
  const invalid = outcomes.filter((o): o is Extract<MetricOutcome, { error: string }> => 'error' in o);
  if (invalid.length >= metrics.length || (invalid.length > 0 && proposal < current)) {
    return { status: set({ ...gotScale, currentReplicas: current, currentMetrics }, invalid[0]?.condition ?? unmeasured(undefined)) };
  }
  let status = set({ ...gotScale, currentReplicas: current, currentMetrics }, { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: `the HPA was able to successfully calculate a replica count from ${metricName}` });
  const normalized =
    spec.behavior === undefined || spec.behavior === null
      ? normalizeDesiredReplicas(ctx.memory, current, proposal, min, spec.maxReplicas, ctx.nowMs)
      : normalizeWithBehavior(ctx.memory, spec.behavior, current, proposal, min, spec.maxReplicas, ctx.nowMs);
  for (const condition of normalized.conditions) status = set(status, condition);
  if (normalized.replicas !== current) return rescaled(status, normalized.replicas);
  return { status: { ...status, desiredReplicas: current } };
}

/**
 * The horizontal pod autoscaler controller (kube-controller-manager's horizontal-pod-autoscaler):
 * scales each autoscaler's target on its pods' resource metrics (`metrics`: the nodes' usage; without
 * it nothing can be measured) within its replica bounds, through the target's spec.replicas (what
 * its scale subresource writes), and reports its status; looked at again every 15 s and whenever its
 * target changes. Hosted with the replication controller.
 */
export function horizontalPodAutoscalerReconciler(options: { metrics?: PodUsageSource; now?: () => number } = {}): Reconciler {
  /** Per autoscaler, its recent recommendations and scale events (kube keeps them in memory too). */
  const memories = new Map<string, AutoscalerMemory>();
  const now = options.now ?? Date.now;
  return {
  name: 'horizontal-pod-autoscaler',

  initialKeys: (state) => state.list('HorizontalPodAutoscaler').map(keyOfObject),

  keysFor(change: ObjectChange, state: ClusterState): readonly string[] {
    const o = change.object as Anything;
    if (o.kind === 'HorizontalPodAutoscaler') return [change.key];
    if (!resourceByKind(o.kind)?.scale) return [];
    return (state.list('HorizontalPodAutoscaler', o.metadata?.namespace) as Anything[]).filter((h) => h.spec?.scaleTargetRef?.kind === o.kind && h.spec?.scaleTargetRef?.name === o.metadata?.name).map((h) => keyOfObject(h as KubeObject));
  },

  requeueAfterMs: (key, state) => (state.getObject(key) === null ? undefined : HPA_SYNC_PERIOD_MS),

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const hpa = state.getObject(key) as HorizontalPodAutoscaler | null;
    if (hpa === null) memories.delete(key);
    if (hpa === null || hpa.metadata.deletionTimestamp || hpa.spec === undefined) return [];
    let memory = memories.get(key);
    if (memory === undefined) memories.set(key, (memory = newMemory()));
    const { status, scale } = autoscale(state, hpa, meta().time, { ...(options.metrics === undefined ? {} : { metrics: options.metrics }), memory, nowMs: now() });
    const commands: AddressedCommand[] = [];
    const ns = hpa.metadata.namespace;
    if (scale !== undefined) {
      // The target's scale, at the version read: a concurrent change wins and the next sync sees it.
      const object = { ...scale.object, spec: { ...scale.object.spec, replicas: scale.replicas } } as KubeObject;
      commands.push({ kind: object.kind as Kind, namespace: ns, name: object.metadata.name ?? '', command: { type: 'Replace', data: { object }, metadata: meta() } });
    }
    if (!sameJson(status, hpa.status)) {
      const data = { status: status as unknown as Record<string, unknown>, resourceVersion: hpa.metadata.resourceVersion ?? '' };
      commands.push({ kind: 'HorizontalPodAutoscaler', namespace: ns, name: hpa.metadata.name ?? '', command: { type: 'UpdateStatus', data, metadata: meta() } });
    }
    return commands;
  },
};
}
