import { documentHash } from './openapi.document';
import { groupDocument } from './group.document';
import { $ref, bool, CORE, list, META, object, ref, str, strings, typeMeta, int32, type Schema } from './schema.builders';

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

function buildDocument(): Record<string, unknown> {
  return groupDocument({
    group: 'discovery.k8s.io',
    tag: 'discovery_v1',
    operationStem: 'DiscoveryV1',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    prefix: 'io.k8s.api.discovery.v1',
    schemas: SLICE_SCHEMAS,
    description: 'EndpointSlices, a read-only view of the Endpoints.',
    selects: { label: 'slices whose labels match (e.g. kubernetes.io/service-name=web)', field: 'slices whose metadata.name or metadata.namespace match' },
    nouns: 'EndpointSlices',
  });
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
