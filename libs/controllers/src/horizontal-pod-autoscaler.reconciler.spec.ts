import type { KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import { keyOfObject } from './controller';
import { horizontalPodAutoscalerReconciler, type PodUsageSource } from './horizontal-pod-autoscaler.reconciler';
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
  return horizontalPodAutoscalerReconciler().plan(keyOfObject(autoscaler), cacheOf(objects), (): CommandMetadata => ({ ...meta(), time: NOW }));
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
    expect(horizontalPodAutoscalerReconciler().keysFor(change(deployment(9)), state)).toEqual([keyOfObject(hpa())]);
    expect(horizontalPodAutoscalerReconciler().keysFor(change({ ...deployment(9), metadata: { name: 'db', namespace: 'default' } } as KubeObject), state)).toEqual([]);
  });

  describe('with resource metrics', () => {
    const labelled = (replicas: number): KubeObject => ({ ...deployment(replicas), spec: { replicas, selector: { matchLabels: { app: 'web' } } } }) as unknown as KubeObject;
    const runningPod = (name: string, cpuRequest = '100m'): KubeObject =>
      ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu: cpuRequest } } }] },
        status: { phase: 'Running', startTime: '2026-11-28T09:00:00Z', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-28T09:00:00Z' }] },
      }) as unknown as KubeObject;
    /** A metrics source whose pods use these millicores (one container each), sampled 5 s ago. */
    const usage = (millicores: Record<string, number>): PodUsageSource => ({
      podUsage: () => new Map(Object.entries(millicores).map(([name, cpu]) => [name, { timestampMs: Date.parse(NOW) - 5_000, windowMs: 10_000, containers: new Map([['app', { cpu, memory: 0 }]]) }])),
    });
    const planWith = (objects: readonly KubeObject[], metrics: PodUsageSource, reconciler = horizontalPodAutoscalerReconciler({ metrics, now: () => Date.parse(NOW) })) =>
      reconciler.plan(keyOfObject(objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!), cacheOf(objects), (): CommandMetadata => ({ ...meta(), time: NOW }));

    it('scales up by the pods\' CPU utilization against the target (ValidMetricFound, currentMetrics, SucceededRescale)', () => {
      const plan = planWith([labelled(2), runningPod('a'), runningPod('b'), hpa()], usage({ a: 90, b: 80 }));
      expect(summary(plan)).toEqual(['Replace Deployment/web', 'UpdateStatus HorizontalPodAutoscaler/web']);
      // 170m of 200m requested is 85 %: ratio 1.7 of 50 % → ceil(1.7 × 2) = 4
      expect(replicasOf(plan)).toBe(4);
      expect(statusOf(plan)).toEqual({
        currentReplicas: 2,
        desiredReplicas: 4,
        lastScaleTime: NOW,
        currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 85, averageValue: '85m' } } }],
        conditions: [
          { type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 4', lastTransitionTime: NOW },
          { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)', lastTransitionTime: NOW },
          { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range', lastTransitionTime: NOW },
        ],
      });
    });

    it('does nothing within the tolerance, and holds a scale down for the stabilization window', () => {
      expect(replicasOf(planWith([labelled(2), runningPod('a'), runningPod('b'), hpa()], usage({ a: 52, b: 50 })))).toBeUndefined();
      let load = usage({ a: 50, b: 50, c: 50 });
      let now = Date.parse(NOW);
      const reconciler = horizontalPodAutoscalerReconciler({ metrics: { podUsage: (ns) => load.podUsage(ns) }, now: () => now });
      const three = [labelled(3), runningPod('a'), runningPod('b'), runningPod('c')];
      expect(replicasOf(planWith([...three, hpa()], load, reconciler))).toBeUndefined();
      // The load goes: 10 % asks for 1 (2, minReplicas), but 3 was recommended within 5 minutes: ScaleDownStabilized.
      load = usage({ a: 10, b: 10, c: 10 });
      now += 60_000;
      const held = planWith([...three, hpa()], load, reconciler);
      expect(replicasOf(held)).toBeUndefined();
      expect(statusOf(held)).toMatchObject({ desiredReplicas: 3, conditions: [{ type: 'AbleToScale', reason: 'ScaleDownStabilized' }, {}, {}] });
      // Five minutes after the last higher recommendation, it goes down to minReplicas.
      now += 300_000;
      expect(replicasOf(planWith([...three, hpa()], load, reconciler))).toBe(2);
    });

    it('takes the highest of its metrics, but scales nothing down while one of them fails (memory without a request)', () => {
      const metrics = [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 50 } } },
      ];
      const down = planWith([labelled(4), runningPod('a'), runningPod('b'), runningPod('c'), runningPod('d'), hpa({ metrics })], usage({ a: 5, b: 5, c: 5, d: 5 }));
      expect(replicasOf(down)).toBeUndefined();
      expect(statusOf(down)).toMatchObject({
        currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 5 } } }, { type: '' }],
        conditions: [{ type: 'AbleToScale' }, { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: expect.stringContaining('failed to get memory utilization: missing request for memory in container app of Pod a') }],
      });
      // The same failure while cpu asks for more: the valid metric wins.
      const up = planWith([labelled(2), runningPod('a'), runningPod('b'), hpa({ metrics })], usage({ a: 100, b: 100 }));
      expect(replicasOf(up)).toBe(4);
      // An AverageValue target: 150m a pod against 100m.
      const average = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '100m' } } }];
      const byValue = planWith([labelled(2), runningPod('a'), runningPod('b'), hpa({ metrics: average })], usage({ a: 150, b: 150 }));
      expect(replicasOf(byValue)).toBe(3);
      expect(statusOf(byValue)?.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '150m' } } }]);
    });

    it('reports a metric it cannot measure: no pod has metrics yet', () => {
      const plan = planWith([labelled(2), runningPod('a'), runningPod('b'), hpa()], usage({}));
      expect(summary(plan)).toEqual(['UpdateStatus HorizontalPodAutoscaler/web']);
      expect(statusOf(plan)).toMatchObject({
        currentMetrics: [{ type: '' }],
        conditions: [{ type: 'AbleToScale' }, { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API' }],
      });
    });
  });
});
