import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import type { KubeObject, PodDisruptionBudget } from '../types';
import { unknownFields, validateObject } from './validate';

const pdb = (spec: Record<string, unknown>): PodDisruptionBudget =>
  ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default', uid: 'pdb-uid' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } }) as unknown as PodDisruptionBudget;
const causes = (o: PodDisruptionBudget): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> =>
  validateObject(o as KubeObject).map(({ reason, field, message }) => ({ reason, field, message }));

describe('PodDisruptionBudget validation, as kube-apiserver validates a policy/v1 PodDisruptionBudget', () => {
  it('accepts a count or a percentage for either bound, an empty selector (every pod of the namespace) or none', () => {
    for (const spec of [{ minAvailable: 1 }, { minAvailable: '50%' }, { maxUnavailable: 0 }, { maxUnavailable: '100%' }, {}, { selector: {}, minAvailable: 1 }, { selector: null, maxUnavailable: 1 }]) {
      expect(causes(pdb(spec))).toEqual([]);
    }
    expect(causes(pdb({ unhealthyPodEvictionPolicy: 'AlwaysAllow' }))).toEqual([]);
  });

  it('refuses both bounds at once, on spec', () => {
    expect(causes(pdb({ minAvailable: 1, maxUnavailable: 1 }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec', message: expect.stringContaining('minAvailable and maxUnavailable cannot be both set') }]);
  });

  it('refuses negative counts, malformed or excessive percentages, in ValidatePositiveIntOrPercent\'s words', () => {
    expect(causes(pdb({ minAvailable: -1 }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.minAvailable', message: expect.stringContaining('must be greater than or equal to 0') }]);
    expect(causes(pdb({ maxUnavailable: 'half' }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.maxUnavailable', message: expect.stringContaining('a valid percent string must be') }]);
    expect(causes(pdb({ minAvailable: '150%' }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.minAvailable', message: expect.stringContaining('must not be greater than 100%') }]);
  });

  it('refuses a malformed selector and an unknown unhealthyPodEvictionPolicy', () => {
    expect(causes(pdb({ selector: { matchExpressions: [{ key: 'app', operator: 'Is' }] } }))).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.selector.matchExpressions[0].operator', message: expect.stringContaining('not a valid selector operator') },
    ]);
    expect(causes(pdb({ unhealthyPodEvictionPolicy: 'Never' }))).toEqual([
      { reason: 'FieldValueNotSupported', field: 'spec.unhealthyPodEvictionPolicy', message: expect.stringContaining('"AlwaysAllow", "IfHealthyBudget"') },
    ]);
  });

  it('has no defaults but a status whose counts are all 0, and no unknown fields', () => {
    const out = applyDefaults(pdb({ minAvailable: 1 }) as KubeObject) as PodDisruptionBudget;
    expect(out.spec).toEqual({ selector: { matchLabels: { app: 'web' } }, minAvailable: 1 });
    expect(out.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
    expect(unknownFields(out as KubeObject)).toEqual([]);
  });
});
