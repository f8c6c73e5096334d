import type { KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import { keyOfObject } from './controller';
import { horizontalPodAutoscalerReconciler } from './horizontal-pod-autoscaler.reconciler';
import { cacheOf, meta, summary } from './testing/cache.given';

const NOW = '2026-11-28T10:00:00Z';
const deployment = (replicas: number): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'd-uid' }, spec: { replicas } }) as unknown as KubeObject;
const hpa = (spec: Record<string, unknown> = {}, status: Record<string, unknown> = { desiredReplicas: 0 }): KubeObject =>
  ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default', uid: 'hpa-uid', generation: 1 },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }], ...spec },
    status,
  }) as unknown as KubeObject;
const planFor = (objects: readonly KubeObject[]) => {
  const autoscaler = objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!;
  return horizontalPodAutoscalerReconciler.plan(keyOfObject(autoscaler), cacheOf(objects), (): CommandMetadata => ({ ...meta(), time: NOW }));
};
const statusOf = (plan: ReturnType<typeof planFor>) => (plan.find((c) => c.command.type === 'UpdateStatus')?.command.data as { status: Record<string, unknown> } | undefined)?.status;
const replicasOf = (plan: ReturnType<typeof planFor>) => (plan.find((c) => c.command.type === 'Replace')?.command.data as { object: { spec: { replicas: number } } } | undefined)?.object.spec.replicas;

describe('horizontal pod autoscaler reconciler', () => {
  it('scales a target below minReplicas up to it, and one above maxReplicas down to it (SucceededRescale, lastScaleTime)', () => {
    const up = planFor([deployment(1), hpa()]);
    expect(summary(up)).toEqual(['Replace Deployment/web', 'UpdateStatus HorizontalPodAutoscaler/web']);
    expect(replicasOf(up)).toBe(2);
    expect(statusOf(up)).toEqual({
      currentReplicas: 1,
      desiredReplicas: 2,
      lastScaleTime: NOW,
      conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 2', lastTransitionTime: NOW }],
    });
    expect(replicasOf(planFor([deployment(8), hpa()]))).toBe(5);
  });

  it('within the bounds, cannot measure cpu without a resource metrics API: ScalingActive False FailedGetResourceMetric, the desired count kept, scales nothing', () => {
    const plan = planFor([deployment(3), hpa()]);
    expect(summary(plan)).toEqual(['UpdateStatus HorizontalPodAutoscaler/web']);
    expect(statusOf(plan)).toEqual({
      currentReplicas: 3,
      desiredReplicas: 0,
      currentMetrics: [{ type: '' }],
      conditions: [
        { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale", lastTransitionTime: NOW },
        {
          type: 'ScalingActive',
          status: 'False',
          reason: 'FailedGetResourceMetric',
          message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
          lastTransitionTime: NOW,
        },
      ],
    });
    // Settled: nothing more to write.
    expect(planFor([deployment(3), hpa({}, statusOf(plan))])).toEqual([]);
  });

  it('leaves a target scaled to zero (ScalingDisabled) and reports a missing one (FailedGetScale)', () => {
    expect(statusOf(planFor([deployment(0), hpa()]))).toMatchObject({ desiredReplicas: 0, conditions: [{ type: 'AbleToScale', status: 'True' }, { type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled' }] });
    expect(statusOf(planFor([hpa()]))).toMatchObject({ conditions: [{ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: 'the HPA controller was unable to get the target\'s current scale: deployments.apps "web" not found' }] });
  });

  it('is keyed by its target\'s changes', () => {
    const state = cacheOf([hpa()]);
    const change = (object: KubeObject) => ({ type: 'MODIFIED' as const, key: keyOfObject(object), object, offset: 1 });
    expect(horizontalPodAutoscalerReconciler.keysFor(change(deployment(9)), state)).toEqual([keyOfObject(hpa())]);
    expect(horizontalPodAutoscalerReconciler.keysFor(change({ ...deployment(9), metadata: { name: 'db', namespace: 'default' } } as KubeObject), state)).toEqual([]);
  });
});
