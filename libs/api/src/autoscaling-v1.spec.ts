import { fromAutoscalingV1, toAutoscalingV1 } from './autoscaling-v1';
import type { KubeObject } from './types';

const stored = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default' },
  spec: { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
  status: { currentReplicas: 2, desiredReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 30 } } }], conditions: [{ type: 'AbleToScale', status: 'True' }] },
} as unknown as KubeObject;

describe('HorizontalPodAutoscaler at autoscaling/v1, as kube-apiserver converts it', () => {
  it('shows the cpu utilization target and measurement as the v1 percentages', () => {
    expect(toAutoscalingV1(stored)).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 },
      status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 30 },
    });
  });

  it('stores targetCPUUtilizationPercentage as a cpu Resource metric, and none when it is unset (the v2 default applies)', () => {
    const v1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, targetCPUUtilizationPercentage: 50 } };
    expect(fromAutoscalingV1(v1)).toEqual({ ...v1, apiVersion: 'autoscaling/v2', spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] } });
    expect((fromAutoscalingV1({ ...v1, spec: { scaleTargetRef: v1.spec.scaleTargetRef, maxReplicas: 5 } }) as { spec: object }).spec).toEqual({ scaleTargetRef: v1.spec.scaleTargetRef, maxReplicas: 5 });
    expect(fromAutoscalingV1(toAutoscalingV1(stored))).toMatchObject({ apiVersion: 'autoscaling/v2', spec: (stored as { spec: object }).spec });
  });
});
