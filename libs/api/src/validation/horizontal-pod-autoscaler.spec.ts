import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import type { HorizontalPodAutoscaler, KubeObject } from '../types';
import { unknownFields, validateObject } from './validate';

const hpa = (spec: Record<string, unknown>): HorizontalPodAutoscaler =>
  ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default', uid: 'hpa-uid' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
  }) as unknown as HorizontalPodAutoscaler;
const causes = (o: HorizontalPodAutoscaler): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> =>
  validateObject(o as KubeObject).map(({ reason, field, message }) => ({ reason, field, message }));
const cpu = (target: Record<string, unknown>) => ({ type: 'Resource', resource: { name: 'cpu', target } });

describe('HorizontalPodAutoscaler defaults, as autoscaling/v2 SetDefaults_HorizontalPodAutoscaler gives them', () => {
  it('one replica at least, cpu at 80% utilization without metrics, and a status of 0 desired replicas', () => {
    const out = applyDefaults(hpa({}) as KubeObject) as HorizontalPodAutoscaler;
    expect(out.spec).toMatchObject({ minReplicas: 1, metrics: [cpu({ type: 'Utilization', averageUtilization: 80 })] });
    expect(out.status).toEqual({ desiredReplicas: 0 });
    expect(causes(out)).toEqual([]);
    expect(unknownFields(out as KubeObject)).toEqual([]);
    expect((applyDefaults(hpa({ minReplicas: 2, metrics: [cpu({ type: 'Utilization', averageUtilization: 50 })] }) as KubeObject) as HorizontalPodAutoscaler).spec).toMatchObject({ minReplicas: 2, metrics: [cpu({ type: 'Utilization', averageUtilization: 50 })] });
  });
});

describe('HorizontalPodAutoscaler validation, as kube-apiserver validates an autoscaling/v2 HorizontalPodAutoscaler', () => {
  it('refuses replicas bounds kube refuses', () => {
    expect(causes(hpa({ minReplicas: 0 }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.minReplicas', message: expect.stringContaining('must be greater than or equal to 1') }]);
    // minReplicas defaults to 1 before validation, so 0 is below it too, as kube reports both.
    expect(causes(hpa({ maxReplicas: 0 }))).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.maxReplicas', message: expect.stringContaining('must be greater than 0') },
      { reason: 'FieldValueInvalid', field: 'spec.maxReplicas', message: expect.stringContaining('must be greater than or equal to `minReplicas`') },
    ]);
    expect(causes(hpa({ minReplicas: 6 }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.maxReplicas', message: expect.stringContaining('must be greater than or equal to `minReplicas`') }]);
  });

  it('requires the target\'s kind and name', () => {
    expect(causes(hpa({ scaleTargetRef: { kind: 'Deployment' } }))).toEqual([{ reason: 'FieldValueRequired', field: 'spec.scaleTargetRef.name', message: 'Required value' }]);
  });

  it('refuses metrics of an unknown type, without their source, or with a target of no known type or a utilization of 0', () => {
    expect(causes(hpa({ metrics: [{ type: 'Magic' }] }))).toEqual([{ reason: 'FieldValueNotSupported', field: 'spec.metrics[0].type', message: expect.stringContaining('"Resource"') }]);
    expect(causes(hpa({ metrics: [{ type: 'Resource' }] }))).toEqual([{ reason: 'FieldValueRequired', field: 'spec.metrics[0].resource', message: expect.stringContaining('must populate information for the given metric source') }]);
    expect(causes(hpa({ metrics: [cpu({ type: 'Percent', averageUtilization: 50 })] }))).toEqual([{ reason: 'FieldValueNotSupported', field: 'spec.metrics[0].resource.target.type', message: expect.any(String) }]);
    expect(causes(hpa({ metrics: [cpu({ type: 'Utilization', averageUtilization: 0 })] }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.metrics[0].resource.target.averageUtilization', message: expect.stringContaining('must be greater than 0') }]);
  });

  it('refuses behaviors kube refuses (validateBehavior), after completing one with kube\'s rules', () => {
    const defaulted = applyDefaults(hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } }) as KubeObject) as HorizontalPodAutoscaler;
    expect(defaulted.spec?.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
    expect(causes(defaulted)).toEqual([]);
    expect((applyDefaults(hpa({}) as KubeObject) as HorizontalPodAutoscaler).spec?.behavior).toBeUndefined();
    const bad = applyDefaults(
      hpa({ behavior: { scaleUp: { stabilizationWindowSeconds: 4000, selectPolicy: 'Most', policies: [{ type: 'Nodes', value: 0, periodSeconds: 1801 }] }, scaleDown: { stabilizationWindowSeconds: -1, policies: [] } } }) as KubeObject,
    ) as HorizontalPodAutoscaler;
    expect(causes(bad)).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.behavior.scaleUp.stabilizationWindowSeconds', message: 'Invalid value: 4000: must be less than or equal to 3600' },
      { reason: 'FieldValueNotSupported', field: 'spec.behavior.scaleUp.selectPolicy', message: 'Unsupported value: "Most": supported values: "Disabled", "Max", "Min"' },
      { reason: 'FieldValueNotSupported', field: 'spec.behavior.scaleUp.policies[0].type', message: 'Unsupported value: "Nodes": supported values: "Percent", "Pods"' },
      { reason: 'FieldValueInvalid', field: 'spec.behavior.scaleUp.policies[0].value', message: 'Invalid value: 0: must be greater than zero' },
      { reason: 'FieldValueInvalid', field: 'spec.behavior.scaleUp.policies[0].periodSeconds', message: 'Invalid value: 1801: must be less than or equal to 1800' },
      { reason: 'FieldValueInvalid', field: 'spec.behavior.scaleDown.stabilizationWindowSeconds', message: 'Invalid value: -1: must be greater than or equal to zero' },
      { reason: 'FieldValueRequired', field: 'spec.behavior.scaleDown.policies', message: 'Required value: must specify at least one Policy' },
    ]);
  });
});
