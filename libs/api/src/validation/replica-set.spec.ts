import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import type { KubeObject, ReplicaSet } from '../types';
import { validateUpdate } from './update-rules';
import { unknownFields, validateObject } from './validate';

const replicaSet = (spec: Record<string, unknown>): ReplicaSet =>
  ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' }, spec }) as ReplicaSet;
const template = (labels: Record<string, string>, restartPolicy?: string) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'web', image: 'nginx' }], ...(restartPolicy ? { restartPolicy } : {}) },
});
const causes = (rs: ReplicaSet): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> =>
  validateObject(rs as KubeObject).map(({ reason, field, message }) => ({ reason, field, message }));

describe('ReplicaSet validation, as kube-apiserver validates an apps/v1 ReplicaSet', () => {
  it('accepts a selector of matchLabels and matchExpressions that selects the template', () => {
    const rs = replicaSet({ replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, template: template({ app: 'web', tier: 'front' }) });
    expect(causes(rs)).toEqual([]);
    expect(unknownFields(rs as KubeObject)).toEqual([]);
  });

  it('requires a selector (apps/v1 never defaults it from the template) and refuses an empty one', () => {
    expect(causes(replicaSet({ template: template({ app: 'web' }) }))).toEqual([{ reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' }]);
    expect(causes(replicaSet({ selector: { matchLabels: {} }, template: template({ app: 'web' }) }))).toEqual([
      // (ValidateReplicaSetSpec's words name a deployment.)
      { reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment' },
    ]);
    expect(causes(replicaSet({ selector: {}, template: template({ app: 'web' }) }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment' }]);
  });

  it('refuses a selector that does not select the template\'s labels', () => {
    expect(causes(replicaSet({ selector: { matchLabels: { app: 'api' } }, template: template({ app: 'web' }) }))).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: 'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`' },
    ]);
  });

  it('checks each match expression: a known operator, values for In and NotIn only', () => {
    const bad = replicaSet({
      selector: { matchExpressions: [{ key: 'app', operator: 'In' }, { key: 'tier', operator: 'Exists', values: ['x'] }, { key: 'x', operator: 'Equals', values: ['y'] }] },
      template: template({ app: 'web' }),
    });
    expect(causes(bad).map((c) => `${c.reason} ${c.field}`)).toEqual([
      'FieldValueRequired spec.selector.matchExpressions[0].values',
      'FieldValueForbidden spec.selector.matchExpressions[1].values',
      'FieldValueInvalid spec.selector.matchExpressions[2].operator',
    ]);
  });

  it('wants the template\'s restartPolicy Always and a non-negative replicas', () => {
    expect(causes(replicaSet({ replicas: -1, selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }, 'Never') })).map((c) => c.field)).toEqual([
      'spec.replicas',
      'spec.template.spec.restartPolicy',
    ]);
  });

  it('refuses a template with activeDeadlineSeconds, as for RCs and Deployments', () => {
    const withDeadline = { ...template({ app: 'web' }), spec: { ...template({ app: 'web' }).spec, activeDeadlineSeconds: 60 } };
    const message = 'Invalid value: 60: activeDeadlineSeconds in ReplicaSet is not Supported';
    expect(causes(replicaSet({ selector: { matchLabels: { app: 'web' } }, template: withDeadline }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.template.spec.activeDeadlineSeconds', message }]);
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, template: withDeadline } } as unknown as KubeObject;
    expect(validateObject(deployment).map((c) => c.message)).toEqual([message]);
    const rc = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, template: withDeadline } } as unknown as KubeObject;
    expect(validateObject(rc).map((c) => c.message)).toEqual(['Invalid value: 60: activeDeadlineSeconds in ReplicationController is not Supported']);
  });

  it('defaults one replica and the pod template, and leaves the selector and labels alone', () => {
    const rs = applyDefaults(replicaSet({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }));
    expect(rs.spec!.replicas).toBe(1);
    expect(rs.spec!.template!.spec!.restartPolicy).toBe('Always');
    expect(rs.metadata.labels).toBeUndefined();
  });

  it('refuses an update of the selector: immutable in apps/v1', () => {
    const before = applyDefaults(replicaSet({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web', v: '1' }) }));
    const after = applyDefaults(replicaSet({ selector: { matchLabels: { app: 'web', v: '1' } }, template: template({ app: 'web', v: '1' }) }));
    expect(validateUpdate(before as KubeObject, after as KubeObject)).toEqual([expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.selector', message: expect.stringContaining('field is immutable') })]);
    expect(validateUpdate(before as KubeObject, { ...before, spec: { ...before.spec, replicas: 5 } } as KubeObject)).toEqual([]);
  });
});
