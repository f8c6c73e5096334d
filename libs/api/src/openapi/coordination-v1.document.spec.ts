import { coordinationV1OpenApi } from './coordination-v1.document';
import { SCHEMA_PREFIX, type Schema } from './schema.builders';

const schemas = (coordinationV1OpenApi().document as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;

describe('the coordination.k8s.io/v1 OpenAPI document', () => {
  it('describes Lease and its list by their group-version-kind', () => {
    expect(schemas['io.k8s.api.coordination.v1.Lease']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' }]);
    expect(schemas['io.k8s.api.coordination.v1.LeaseList']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'coordination.k8s.io', version: 'v1', kind: 'LeaseList' }]);
  });

  it('stands alone: every $ref names one of its own components', () => {
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (typeof v === 'object' && v !== null) {
        const r = (v as Schema)['$ref'];
        if (typeof r === 'string') refs.push(r);
        Object.values(v).forEach(walk);
      }
    };
    walk(coordinationV1OpenApi().document);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect({ r, found: schemas[r.slice(SCHEMA_PREFIX.length)] !== undefined }).toEqual({ r, found: true });
  });
});

describe('the Lease schema', () => {
  it('has the LeaseSpec fields kubectl explain lease.spec lists, times as MicroTime', () => {
    const spec = schemas['io.k8s.api.coordination.v1.LeaseSpec']!.properties as Record<string, Schema>;
    expect(Object.keys(spec).sort()).toEqual(['acquireTime', 'holderIdentity', 'leaseDurationSeconds', 'leaseTransitions', 'preferredHolder', 'renewTime', 'strategy']);
    expect(JSON.stringify(spec.renewTime)).toContain('io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime');
  });
});
