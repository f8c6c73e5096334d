import { discoveryV1OpenApi } from './discovery-v1.document';
import { danglingRefs } from '../testing/openapi-refs';
import { type Schema } from './schema.builders';

const schemas = (discoveryV1OpenApi().document as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;

describe('the discovery.k8s.io/v1 OpenAPI document', () => {
  it('describes EndpointSlice and its list by their group-version-kind', () => {
    expect(schemas['io.k8s.api.discovery.v1.EndpointSlice']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' }]);
    expect(schemas['io.k8s.api.discovery.v1.EndpointSliceList']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSliceList' }]);
  });

  it('stands alone: every $ref names one of its own components', () => {
    expect(danglingRefs(discoveryV1OpenApi().document)).toEqual([]);
  });
});
