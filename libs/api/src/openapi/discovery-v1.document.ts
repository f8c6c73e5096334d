import { coreV1OpenApi, documentHash } from './openapi.document';
import { $ref, bool, CORE, list, META, object, ref, SCHEMA_PREFIX, str, strings, typeMeta, int32, type Schema } from './schema.builders';

/**
 * The OpenAPI v3 document of discovery.k8s.io/v1 (`/openapi/v3/apis/discovery.k8s.io/v1`): the
 * EndpointSlice schemas, for `kubectl explain endpointslices`, with the meta components they use
 * (copied from the core/v1 document, so the document stands alone as kubectl needs), and the
 * read-only operations the gateway answers (get, list, watch).
 */

const DISCOVERY = 'io.k8s.api.discovery.v1.';
const gvk = { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' };

const SLICE_SCHEMAS: Record<string, Schema> = {
  [`${DISCOVERY}EndpointSlice`]: object(
    'A set of endpoints of a service. Bosun derives one per subset of the service\'s Endpoints (read-only: written by nobody, changing when the Endpoints do); labelled kubernetes.io/service-name.',
    {
      ...typeMeta(),
      metadata: ref(`${META}ObjectMeta`, "Standard object's metadata."),
      addressType: str('The type of the addresses: always IPv4 in Bosun.', { enum: ['FQDN', 'IPv4', 'IPv6'] }),
      endpoints: list($ref(`${DISCOVERY}Endpoint`), 'The endpoints: ready pods first, then the others.', { type: 'atomic' }),
      ports: list($ref(`${DISCOVERY}EndpointPort`), 'The ports every endpoint of the slice serves.', { type: 'atomic' }),
    },
    { required: ['addressType', 'endpoints'], gvk: [gvk] },
  ),
  [`${DISCOVERY}EndpointSliceList`]: object(
    'A list of EndpointSlices.',
    {
      ...typeMeta(),
      metadata: ref(`${META}ListMeta`, 'Standard list metadata.'),
      items: list($ref(`${DISCOVERY}EndpointSlice`), 'The EndpointSlices.'),
    },
    { required: ['items'], gvk: [{ ...gvk, kind: 'EndpointSliceList' }] },
  ),
  [`${DISCOVERY}Endpoint`]: object(
    'One endpoint: a pod\'s address, its state and where it runs.',
    {
      addresses: strings('The addresses of the endpoint (one, the pod IP).', { type: 'set' }),
      conditions: ref(`${DISCOVERY}EndpointConditions`, 'The state of the endpoint.'),
      hostname: str('The hostname of the endpoint, when its Endpoints address had one.'),
      nodeName: str('The node the endpoint runs on.'),
      targetRef: ref(`${CORE}ObjectReference`, 'The pod behind the endpoint.'),
    },
    { required: ['addresses'] },
  ),
  [`${DISCOVERY}EndpointConditions`]: object('The state of an endpoint.', {
    ready: bool('True when the pod is ready (its address is in the Endpoints\' addresses).'),
    serving: bool('The same as ready in Bosun: pods are not kept serving while they terminate.'),
    terminating: bool('Always false in Bosun: a terminating pod leaves the addresses.'),
  }),
  [`${DISCOVERY}EndpointPort`]: object(
    'A port the endpoints serve.',
    {
      name: str('The name of the port ("" when the service port has none).'),
      port: int32('The port number.'),
      protocol: str('TCP, UDP or SCTP.', { enum: ['SCTP', 'TCP', 'UDP'] }),
      appProtocol: str('The application protocol of the port, as the Endpoints say.'),
    },
    { atomic: true },
  ),
};

const query = (name: string, description: string, schema: Schema = { type: 'string' }): Schema => ({ name, in: 'query', description, schema });
const LIST_PARAMS = [
  query('labelSelector', 'Only slices whose labels match (e.g. kubernetes.io/service-name=web).'),
  query('fieldSelector', 'Only slices whose metadata.name or metadata.namespace match.'),
  query('watch', 'Instead of a list, stream the changes as watch events, one JSON object per line.', { type: 'boolean' }),
  query('resourceVersion', 'For a watch: only changes after this resourceVersion.'),
  query('allowWatchBookmarks', 'Send a BOOKMARK event every 30 seconds.', { type: 'boolean' }),
  query('timeoutSeconds', 'End a watch after this many seconds.', { type: 'integer' }),
];
const namespaceParam: Schema = { name: 'namespace', in: 'path', required: true, description: 'The namespace of the slices.', schema: { type: 'string' } };
const nameParam: Schema = { name: 'name', in: 'path', required: true, description: 'The name of the EndpointSlice.', schema: { type: 'string' } };
const ok = (component: string): Schema => ({
  description: 'OK',
  content: { 'application/json': { schema: $ref(component) }, 'application/json;stream=watch': { schema: $ref(`${META}WatchEvent`) } },
});
const op = (id: string, action: string, description: string, response: string, parameters: Schema[] = []): Schema => ({
  tags: ['discovery_v1'],
  description,
  operationId: id,
  ...(parameters.length ? { parameters } : {}),
  responses: { '200': ok(response) },
  'x-kubernetes-action': action,
  'x-kubernetes-group-version-kind': gvk,
});

/** Every component `roots` reach in `schemas`, following $refs. */
function closure(roots: Record<string, Schema>, schemas: Record<string, Schema>): Record<string, Schema> {
  const out: Record<string, Schema> = { ...roots };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      const r = (value as Schema)['$ref'];
      if (typeof r === 'string' && r.startsWith(SCHEMA_PREFIX)) {
        const name = r.slice(SCHEMA_PREFIX.length);
        if (out[name] === undefined && schemas[name] !== undefined) {
          out[name] = schemas[name]!;
          visit(schemas[name]);
        }
      }
      Object.values(value).forEach(visit);
    }
  };
  visit(roots);
  visit(Object.fromEntries(['WatchEvent', 'Status'].map((k) => [k, { $ref: SCHEMA_PREFIX + META + k }])));
  return out;
}

function buildDocument(): Record<string, unknown> {
  const core = (coreV1OpenApi().document as { components: { schemas: Record<string, Schema> } }).components.schemas;
  const schemas = closure(SLICE_SCHEMAS, core);
  const base = '/apis/discovery.k8s.io/v1';
  return {
    openapi: '3.0.0',
    info: { title: 'Bosun', version: 'discovery.k8s.io/v1', description: 'EndpointSlices, a read-only view of the Endpoints.' },
    paths: {
      [`${base}/endpointslices`]: { get: op('listDiscoveryV1EndpointSliceForAllNamespaces', 'list', 'List or watch the EndpointSlices of all namespaces.', `${DISCOVERY}EndpointSliceList`, LIST_PARAMS) },
      [`${base}/namespaces/{namespace}/endpointslices`]: {
        parameters: [namespaceParam],
        get: op('listDiscoveryV1NamespacedEndpointSlice', 'list', 'List or watch the EndpointSlices in a namespace.', `${DISCOVERY}EndpointSliceList`, LIST_PARAMS),
      },
      [`${base}/namespaces/{namespace}/endpointslices/{name}`]: {
        parameters: [namespaceParam, nameParam],
        get: op('readDiscoveryV1NamespacedEndpointSlice', 'get', 'Read an EndpointSlice.', `${DISCOVERY}EndpointSlice`),
      },
    },
    components: { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) },
  };
}

let cached: { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly hash: string } | undefined;

/** The document, its JSON and its hash, computed once. */
export function discoveryV1OpenApi(): { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly hash: string } {
  if (cached === undefined) {
    const document = buildDocument();
    cached = { document, json: JSON.stringify(document), hash: documentHash(document) };
  }
  return cached;
}
