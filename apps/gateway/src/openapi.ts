import { appsV1OpenApi, autoscalingV2OpenApi, batchV1OpenApi, coordinationV1OpenApi, coreV1OpenApi, coreV1SwaggerV2, discoveryV1OpenApi, networkingV1OpenApi, policyV1OpenApi, rbacV1OpenApi, schedulingV1OpenApi, storageV1OpenApi } from '@bosun/api';

/**
 * What the gateway serves under /openapi/v3. The document itself (schemas of every kind, the
 * operations served) is built in libs/api; it is computed once, and served as the same JSON text.
 * kubectl caches a group version's document by the URL the root gives, so the hash in it is the
 * document's own: a changed document is a new URL.
 */
const { json, hash } = coreV1OpenApi();

export const OPENAPI_V1_JSON = json;
export const OPENAPI_V1_HASH = hash;
const discovery = discoveryV1OpenApi();
const coordination = coordinationV1OpenApi();
const apps = appsV1OpenApi();
const batch = batchV1OpenApi();
const storage = storageV1OpenApi();
const scheduling = schedulingV1OpenApi();
const policy = policyV1OpenApi();
const autoscaling = autoscalingV2OpenApi();
const networking = networkingV1OpenApi();
const rbac = rbacV1OpenApi();
/** The group versions' documents by their path under /openapi/v3, with their hashes. */
export const OPENAPI_V3_DOCUMENTS: ReadonlyMap<string, { readonly json: string; readonly hash: string }> = new Map([
  ['api/v1', { json, hash }],
  ['apis/apps/v1', { json: apps.json, hash: apps.hash }],
  ['apis/autoscaling/v2', { json: autoscaling.json, hash: autoscaling.hash }],
  ['apis/batch/v1', { json: batch.json, hash: batch.hash }],
  ['apis/coordination.k8s.io/v1', { json: coordination.json, hash: coordination.hash }],
  ['apis/discovery.k8s.io/v1', { json: discovery.json, hash: discovery.hash }],
  ['apis/scheduling.k8s.io/v1', { json: scheduling.json, hash: scheduling.hash }],
  ['apis/storage.k8s.io/v1', { json: storage.json, hash: storage.hash }],
  ['apis/networking.k8s.io/v1', { json: networking.json, hash: networking.hash }],
  ['apis/policy/v1', { json: policy.json, hash: policy.hash }],
  ['apis/rbac.authorization.k8s.io/v1', { json: rbac.json, hash: rbac.hash }],
]);
export const OPENAPI_ROOT = {
  paths: Object.fromEntries([...OPENAPI_V3_DOCUMENTS].map(([path, d]) => [path, { serverRelativeURL: `/openapi/v3/${path}?hash=${d.hash}` }])),
};

/**
 * /openapi/v2: the same schemas as Swagger 2.0 definitions, which kubectl reads to validate the
 * items of a `kind: List` file. kubectl asks for gnostic's protobuf encoding; JSON otherwise.
 */
const v2 = coreV1SwaggerV2();
export const OPENAPI_V2 = { json: v2.json, protobuf: v2.protobuf, etag: `"${v2.hash}"` };
/** What kube-apiserver answers with; clients ask with '@v1.0' (kubectl) or '.v1.0'. */
export const OPENAPI_V2_PROTOBUF_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const PROTOBUF_ASKS = new Set([OPENAPI_V2_PROTOBUF_TYPE, 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf']);
const JSON_ASKS = new Set(['application/json', 'application/*', '*/*']);

/**
 * The encoding an Accept header gets from /openapi/v2: the acceptable type of the highest q, the
 * first of equals; JSON without a header; undefined when neither is acceptable (406).
 */
export function openApiV2Encoding(accept: string | undefined): 'json' | 'protobuf' | undefined {
  if (accept === undefined || accept.trim() === '') return 'json';
  const asks = accept.split(',').map((part, i) => {
    const [type = '', ...params] = part.split(';').map((p) => p.trim());
    const q = params.map((p) => /^q=([\d.]+)$/.exec(p)).find((m) => m !== null);
    return { type: type.toLowerCase(), q: q ? Number(q[1]) : 1, i };
  });
  asks.sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { type, q } of asks) {
    if (q <= 0) continue;
    if (PROTOBUF_ASKS.has(type)) return 'protobuf';
    if (JSON_ASKS.has(type)) return 'json';
  }
  return undefined;
}
