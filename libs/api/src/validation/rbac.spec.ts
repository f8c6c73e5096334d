import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import type { KubeObject } from '../types';
import { validateUpdate } from './update-rules';
import { unknownFields, validateObject } from './validate';

const RBAC = 'rbac.authorization.k8s.io/v1';
const causes = (o: unknown): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> =>
  validateObject(o as KubeObject).map(({ reason, field, message }) => ({ reason, field, message }));
const role = (rules: unknown[], kind = 'Role', name = 'pod-reader'): KubeObject =>
  ({ apiVersion: RBAC, kind, metadata: { name, ...(kind === 'Role' ? { namespace: 'default' } : {}) }, rules }) as unknown as KubeObject;
const binding = (roleRef: unknown, subjects: unknown[], kind = 'RoleBinding'): KubeObject =>
  ({ apiVersion: RBAC, kind, metadata: { name: 'read-pods', ...(kind === 'RoleBinding' ? { namespace: 'default' } : {}) }, roleRef, subjects }) as unknown as KubeObject;

describe('Role and ClusterRole validation, as kube-apiserver validates rbac/v1', () => {
  it('accepts what kubectl create role writes, and knows every field of a rule', () => {
    const r = role([{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }]);
    expect(causes(r)).toEqual([]);
    expect(unknownFields(r)).toEqual([]);
    expect(unknownFields(role([{ verbs: ['get'], apiGroups: [''], resources: ['pods'], verb: 'x' }]))).toEqual(['rules[0].verb']);
  });

  it('needs verbs, and api groups and resources for a resource rule', () => {
    expect(causes(role([{ resources: ['pods'] }]))).toEqual([
      { reason: 'FieldValueRequired', field: 'rules[0].verbs', message: 'Required value: verbs must contain at least one value' },
      { reason: 'FieldValueRequired', field: 'rules[0].apiGroups', message: 'Required value: resource rules must supply at least one api group' },
    ]);
    expect(causes(role([{ verbs: ['get'], apiGroups: [''], resources: ['pods', 'services'], resourceNames: ['x'] }]))[0]!.message).toBe('Required value: resource names cannot apply to multiple resources');
  });

  it('takes non-resource URLs on a ClusterRole only, and never with resources', () => {
    expect(causes(role([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }], 'ClusterRole', 'health'))).toEqual([]);
    expect(causes(role([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }]))[0]).toMatchObject({ field: 'rules[0].nonResourceURLs', message: expect.stringContaining('namespaced rules cannot apply to non-resource URLs') });
    expect(causes(role([{ verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }], 'ClusterRole', 'x'))[0]!.message).toContain('rules cannot apply to both regular resources and non-resource URLs');
  });

  it('names a role by any path segment (system:controller:x is fine), not with a slash', () => {
    expect(causes(role([], 'ClusterRole', 'system:controller:x'))).toEqual([]);
    expect(causes(role([], 'ClusterRole', 'a/b'))).toEqual([{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "a/b": may not contain '/'` }]);
  });

  it('stores an aggregationRule, which needs a selector', () => {
    const aggregated = { ...(role([], 'ClusterRole', 'monitoring') as object), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] } };
    expect(causes(aggregated)).toEqual([]);
    expect(unknownFields(aggregated as unknown as KubeObject)).toEqual([]);
    expect(causes({ ...aggregated, aggregationRule: {} })[0]).toMatchObject({ field: 'aggregationRule.clusterRoleSelectors', reason: 'FieldValueRequired' });
  });
});

describe('RoleBinding and ClusterRoleBinding validation and defaults', () => {
  const ref = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' };

  it('accepts what kubectl create rolebinding writes; User and Group subjects default to the RBAC group', () => {
    const b = binding(ref, [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }, { kind: 'User', name: 'jane' }]);
    expect(causes(b)).toEqual([]);
    expect((applyDefaults(b) as unknown as { subjects: { apiGroup?: string }[] }).subjects.map((s) => s.apiGroup)).toEqual([undefined, 'rbac.authorization.k8s.io']);
    expect((applyDefaults(binding({ kind: 'Role', name: 'x' }, [])) as unknown as { roleRef: object }).roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'x' });
  });

  it('refuses a roleRef of another kind or group, and a ClusterRoleBinding to a Role', () => {
    expect(causes(binding({ ...ref, kind: 'Pod' }, []))).toEqual([{ reason: 'FieldValueNotSupported', field: 'roleRef.kind', message: 'Unsupported value: "Pod": supported values: "Role", "ClusterRole"' }]);
    expect(causes(binding({ ...ref, apiGroup: 'apps' }, []))[0]).toMatchObject({ field: 'roleRef.apiGroup', reason: 'FieldValueNotSupported' });
    expect(causes(binding(ref, [], 'ClusterRoleBinding'))[0]).toMatchObject({ field: 'roleRef.kind', message: 'Unsupported value: "Role": supported values: "ClusterRole"' });
    expect(causes({ apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: 'x', namespace: 'default' } })[0]).toMatchObject({ field: 'roleRef.kind' });
  });

  it('checks subjects: known kinds, a ServiceAccount without apiGroup and, cluster-wide, with its namespace', () => {
    expect(causes(binding(ref, [{ kind: 'Robot', name: 'r' }]))).toEqual([{ reason: 'FieldValueNotSupported', field: 'subjects[0].kind', message: 'Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"' }]);
    expect(causes(binding({ ...ref, kind: 'ClusterRole' }, [{ kind: 'ServiceAccount', name: 'default' }], 'ClusterRoleBinding'))).toEqual([
      { reason: 'FieldValueRequired', field: 'subjects[0].namespace', message: 'Required value' },
    ]);
    expect(causes(binding(ref, [{ kind: 'ServiceAccount', name: 'default' }]))).toEqual([]);
    expect(causes(binding(ref, [{ kind: 'ServiceAccount', name: 'x', apiGroup: 'rbac.authorization.k8s.io' }]))[0]).toMatchObject({ field: 'subjects[0].apiGroup' });
  });

  it('keeps the roleRef for life', () => {
    const before = binding(ref, []);
    expect(validateUpdate(before, binding({ ...ref, name: 'other' }, []))).toEqual([expect.objectContaining({ field: 'roleRef', message: expect.stringContaining('cannot change roleRef') })]);
    expect(validateUpdate(before, binding(ref, [{ kind: 'User', name: 'jane' }]))).toEqual([]);
  });
});
