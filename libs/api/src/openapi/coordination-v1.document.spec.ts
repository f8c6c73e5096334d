import type { KubeObject } from '../types';
import { unknownFields } from '../validation/validate';
import { coordinationV1OpenApi } from './coordination-v1.document';
import { danglingRefs } from '../testing/openapi-refs';
import { type Schema } from './schema.builders';

const schemas = (coordinationV1OpenApi().document as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;

describe('the coordination.k8s.io/v1 OpenAPI document', () => {
  it('describes Lease and its list by their group-version-kind', () => {
    expect(schemas['io.k8s.api.coordination.v1.Lease']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' }]);
    expect(schemas['io.k8s.api.coordination.v1.LeaseList']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'coordination.k8s.io', version: 'v1', kind: 'LeaseList' }]);
  });

  it('stands alone: every $ref names one of its own components', () => {
    expect(danglingRefs(coordinationV1OpenApi().document)).toEqual([]);
  });
});

describe('the Lease operations', () => {
  const paths = (coordinationV1OpenApi().document as unknown as { paths: Record<string, Record<string, Schema>> }).paths;

  it('are those of a stored kind, named as kube-apiserver names them, writes taking fieldValidation (so kubectl validates on the server)', () => {
    const item = paths['/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}']!;
    const collection = paths['/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases']!;
    expect(collection.post!.operationId).toBe('createCoordinationV1NamespacedLease');
    expect(collection.get!.operationId).toBe('listCoordinationV1NamespacedLease');
    expect([item.get, item.put, item.patch, item.delete].map((o) => o!.operationId)).toEqual([
      'readCoordinationV1NamespacedLease',
      'replaceCoordinationV1NamespacedLease',
      'patchCoordinationV1NamespacedLease',
      'deleteCoordinationV1NamespacedLease',
    ]);
    expect((item.patch!.parameters as Schema[]).map((p) => p.name)).toContain('fieldValidation');
    expect(Object.keys((item.patch!.requestBody as { content: object }).content)).toContain('application/strategic-merge-patch+json');
    expect(item.patch!['x-kubernetes-group-version-kind']).toEqual({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' });
    expect(paths['/apis/coordination.k8s.io/v1/leases']!.get!.operationId).toBe('listCoordinationV1LeaseForAllNamespaces');
    expect(paths['/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}/status']).toBeUndefined();
  });

  it('describe every field the validation knows, and no other', () => {
    const spec = schemas['io.k8s.api.coordination.v1.LeaseSpec']!.properties as Record<string, Schema>;
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'x', namespace: 'default' }, spec: Object.fromEntries(Object.keys(spec).map((k) => [k, 'x'])) } as unknown as KubeObject;
    expect(unknownFields(lease)).toEqual([]);
  });
});

describe('the Lease schema', () => {
  it('has the LeaseSpec fields kubectl explain lease.spec lists, times as MicroTime', () => {
    const spec = schemas['io.k8s.api.coordination.v1.LeaseSpec']!.properties as Record<string, Schema>;
    expect(Object.keys(spec).sort()).toEqual(['acquireTime', 'holderIdentity', 'leaseDurationSeconds', 'leaseTransitions', 'preferredHolder', 'renewTime', 'strategy']);
    expect(JSON.stringify(spec.renewTime)).toContain('io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime');
  });
});
