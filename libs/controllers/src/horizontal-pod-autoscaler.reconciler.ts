import { objectKey, resourceByKind, sameJson, withConditionSet, type HorizontalPodAutoscaler, type HorizontalPodAutoscalerCondition, type HorizontalPodAutoscalerStatus, type Kind, type KubeObject } from '@bosun/api';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { keyOfObject, type Plan, type Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** kube-controller-manager's --horizontal-pod-autoscaler-sync-period: each autoscaler is looked at again this often. */
export const HPA_SYNC_PERIOD_MS = 15_000;

/**
 * What kube's replica calculator says when the resource metrics API (metrics.k8s.io, metrics-server)
 * is not served — Bosun serves none yet, so no metric can be measured.
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

/**
 * One reconcile of an autoscaler, as kube's reconcileAutoscaler: the target's scale read (else
 * AbleToScale False FailedGetScale); a target scaled to zero left alone (ScalingActive False
 * ScalingDisabled); replicas outside [minReplicas, maxReplicas] brought to the nearest bound
 * (SucceededRescale, lastScaleTime); within them, the metrics decide — none can be measured
 * without a resource metrics API, so ScalingActive False FailedGetResourceMetric, the desired count
 * kept and each metric's current status empty, as kube reports it.
 */
export function autoscale(state: ClusterState, hpa: HorizontalPodAutoscaler, time: string): { status: HorizontalPodAutoscalerStatus; scale?: { object: Anything; replicas: number } } {
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
  const desired = current > spec.maxReplicas ? spec.maxReplicas : current < min ? min : undefined;
  if (desired !== undefined) {
    const status = set({ ...gotScale, currentReplicas: current, desiredReplicas: desired, lastScaleTime: time }, { type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${desired}` });
    return { status, scale: { object, replicas: desired } };
  }
  const metrics = spec.metrics ?? [];
  return { status: set({ ...gotScale, currentReplicas: current, currentMetrics: metrics.map(() => ({ type: '' })) }, unmeasured(metrics[0])) };
}

/**
 * The horizontal pod autoscaler controller (kube-controller-manager's horizontal-pod-autoscaler):
 * keeps each autoscaler's target within its replica bounds through the target's spec.replicas (what
 * its scale subresource writes) and reports its status; looked at again every 15 s and whenever its
 * target changes. Hosted with the replication controller.
 */
export const horizontalPodAutoscalerReconciler: Reconciler = {
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
    if (hpa === null || hpa.metadata.deletionTimestamp || hpa.spec === undefined) return [];
    const { status, scale } = autoscale(state, hpa, meta().time);
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
