import { coreV1OpenApi } from './openapi.document';
import { coreV1SwaggerV2, toSwaggerSchema } from './swagger-v2';
import type { Schema } from './schema.builders';

type Swagger = { swagger: string; definitions: Record<string, Schema> };

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (typeof value === 'object' && value !== null) {
    visit(value as Record<string, unknown>);
    for (const v of Object.values(value)) walk(v, visit);
  }
}

describe('the core/v1 OpenAPI v2 document', () => {
  const v2 = coreV1SwaggerV2().document as unknown as Swagger;

  it('has every v3 component as a definition, with its group-version-kind', () => {
    const v3 = (coreV1OpenApi().document as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;
    expect(v2.swagger).toBe('2.0');
    expect(Object.keys(v2.definitions)).toEqual(Object.keys(v3));
    expect(v2.definitions['io.k8s.api.core.v1.Pod']!['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Pod' }]);
  });

  it('uses only Swagger 2.0 constructs, and every $ref names a definition', () => {
    walk(v2.definitions, (node) => {
      for (const key of ['oneOf', 'anyOf', 'nullable']) expect(node[key]).toBeUndefined();
      if (typeof node['$ref'] === 'string') {
        expect(node['$ref']).toMatch(/^#\/definitions\//);
        expect(v2.definitions[(node['$ref'] as string).slice('#/definitions/'.length)]).toBeDefined();
      }
    });
  });

  it('writes a field that wraps a component in allOf as a $ref beside its description, and scalars of two types as strings', () => {
    expect(toSwaggerSchema({ allOf: [{ $ref: '#/components/schemas/X' }], description: 'd' })).toEqual({ $ref: '#/definitions/X', description: 'd' });
    expect(toSwaggerSchema({ format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] })).toEqual({ format: 'int-or-string', type: 'string' });
  });

  it('encodes gnostic’s Document: swagger first, then info and the definitions', () => {
    const pb = coreV1SwaggerV2().protobuf;
    // field 1 (swagger), length-delimited, "2.0"
    expect([...pb.subarray(0, 5)]).toEqual([0x0a, 3, 0x32, 0x2e, 0x30]);
    expect(pb.includes(Buffer.from('io.k8s.api.core.v1.Pod'))).toBe(true);
  });
});
