import type { KubeObject } from '../types';
import { applyDefaults } from '../defaults/defaults';
import { unknownFields } from '../validation/validate';
import { danglingRefs } from '../testing/openapi-refs';
import { networkingV1OpenApi } from './networking-v1.document';
import { rbacV1OpenApi } from './rbac-v1.document';
import { type Schema } from './schema.builders';

type Doc = { components: { schemas: Record<string, Schema> }; paths: Record<string, Record<string, Schema>> };
const rbac = rbacV1OpenApi().document as unknown as Doc;
const networking = networkingV1OpenApi().document as unknown as Doc;

describe('the rbac.authorization.k8s.io/v1 OpenAPI document', () => {
  it('describes the four kinds by group-version-kind, standing alone, with their operations named as kube-apiserver names them', () => {
    for (const kind of ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']) {
      expect(rbac.components.schemas[`io.k8s.api.rbac.v1.${kind}`]!['x-kubernetes-group-version-kind']).toEqual([{ group: 'rbac.authorization.k8s.io', version: 'v1', kind }]);
    }
    expect(danglingRefs(rbacV1OpenApi().document)).toEqual([]);
    expect(rbac.paths['/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/roles']!.post!.operationId).toBe('createRbacAuthorizationV1NamespacedRole');
    expect(rbac.paths['/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}']!.patch!.operationId).toBe('patchRbacAuthorizationV1ClusterRole');
    expect(rbac.paths['/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/roles/{name}/status']).toBeUndefined();
  });

  it('describes every field a binding and a rule have', () => {
    const binding = applyDefaults({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'b', namespace: 'default' },
      roleRef: { kind: 'Role', name: 'r' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
    } as unknown as KubeObject);
    expect(Object.keys(rbac.components.schemas['io.k8s.api.rbac.v1.RoleRef']!.properties as object).sort()).toEqual(Object.keys((binding as unknown as { roleRef: object }).roleRef).sort());
    expect(Object.keys(rbac.components.schemas['io.k8s.api.rbac.v1.PolicyRule']!.properties as object).sort()).toEqual(['apiGroups', 'nonResourceURLs', 'resourceNames', 'resources', 'verbs']);
  });
});

describe('the networking.k8s.io/v1 OpenAPI document', () => {
  it('describes Ingress, IngressClass and NetworkPolicy, standing alone, Ingress with its status subresource', () => {
    for (const kind of ['Ingress', 'IngressClass', 'NetworkPolicy']) {
      expect(networking.components.schemas[`io.k8s.api.networking.v1.${kind}`]!['x-kubernetes-group-version-kind']).toEqual([{ group: 'networking.k8s.io', version: 'v1', kind }]);
    }
    expect(danglingRefs(networkingV1OpenApi().document)).toEqual([]);
    expect(networking.paths['/apis/networking.k8s.io/v1/namespaces/{namespace}/ingresses/{name}/status']!.get!.operationId).toBe('readNetworkingV1NamespacedIngressStatus');
    expect(networking.paths['/apis/networking.k8s.io/v1/ingressclasses']!.post!.operationId).toBe('createNetworkingV1IngressClass');
    expect(networking.paths['/apis/networking.k8s.io/v1/namespaces/{namespace}/networkpolicies/{name}/status']).toBeUndefined();
  });

  it('describes every spec field the validation knows', () => {
    const spec = (kind: string): string[] => Object.keys(networking.components.schemas[`io.k8s.api.networking.v1.${kind}Spec`]!.properties as object);
    const object = (kind: string, fields: string[]): KubeObject =>
      ({ apiVersion: 'networking.k8s.io/v1', kind, metadata: { name: 'x', namespace: 'default' }, spec: Object.fromEntries(fields.map((f) => [f, null])) }) as unknown as KubeObject;
    for (const kind of ['Ingress', 'IngressClass', 'NetworkPolicy']) expect(unknownFields(object(kind, spec(kind)))).toEqual([]);
  });
});
