import type { HorizontalPodAutoscaler, KubeObject, MetricSpec } from './types';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const AUTOSCALING_V1 = 'autoscaling/v1';

const isCpuUtilization = (m: Anything | undefined): boolean => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';

/**
 * A stored (autoscaling/v2) HorizontalPodAutoscaler as autoscaling/v1 shows it: the cpu utilization
 * target as targetCPUUtilizationPercentage, its measurement as currentCPUUtilizationPercentage.
 * Other metrics and the conditions have no v1 field (kube-apiserver keeps them in annotations; Bosun
 * does not show them at v1).
 */
export function toAutoscalingV1(object: KubeObject): Anything {
  const hpa = object as HorizontalPodAutoscaler;
  const metrics = hpa.spec?.metrics ?? [];
  const cpu = metrics.findIndex(isCpuUtilization);
  const { metrics: _metrics, behavior: _behavior, ...spec } = hpa.spec ?? ({} as Anything);
  const { currentMetrics, conditions: _conditions, ...status } = hpa.status ?? ({ desiredReplicas: 0 } as Anything);
  const current = cpu < 0 ? undefined : (currentMetrics?.[cpu] as Anything | undefined)?.resource?.current?.averageUtilization;
  return {
    ...hpa,
    apiVersion: AUTOSCALING_V1,
    spec: { ...spec, ...(cpu < 0 ? {} : { targetCPUUtilizationPercentage: metrics[cpu]!.resource!.target.averageUtilization }) },
    status: { ...status, currentReplicas: status.currentReplicas ?? 0, ...(current === undefined ? {} : { currentCPUUtilizationPercentage: current }) },
  };
}

/** An autoscaling/v1 body as the stored autoscaling/v2 object: targetCPUUtilizationPercentage as a cpu Resource metric (none set: the v2 default, 80%). */
export function fromAutoscalingV1(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const v1 = body as Anything;
  const { targetCPUUtilizationPercentage: target, ...spec } = (v1.spec ?? {}) as Anything;
  const metrics: MetricSpec[] = typeof target === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }] : [];
  const { currentCPUUtilizationPercentage: current, ...status } = (v1.status ?? {}) as Anything;
  return {
    ...v1,
    ...(v1.apiVersion === AUTOSCALING_V1 ? { apiVersion: 'autoscaling/v2' } : {}),
    ...(v1.spec === undefined ? {} : { spec: { ...spec, ...(metrics.length > 0 ? { metrics } : {}) } }),
    ...(v1.status === undefined
      ? {}
      : { status: { ...status, ...(typeof current === 'number' ? { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }] } : {}) } }),
  };
}
