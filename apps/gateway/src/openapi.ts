import { RESOURCES } from '@bosun/api';
import { createHash } from 'node:crypto';

/**
 * The OpenAPI v3 document kubectl reads before create/apply. kubectl's query-parameter verifier
 * looks for PATCH operations tagged with the kind's `x-kubernetes-group-version-kind` that accept a
 * `fieldValidation` query parameter; finding it, kubectl leaves validation to the server and sends
 * `fieldValidation=Strict`. No schemas are published: kubectl then computes strategic merge patches
 * from its built-in core/v1 types, which know the merge keys.
 */
function buildDocument(): Record<string, unknown> {
  const queryParam = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
  const writeParams = [queryParam('dryRun'), queryParam('fieldManager'), queryParam('fieldValidation')];
  const paths: Record<string, unknown> = {};
  for (const r of RESOURCES) {
    const gvk = { 'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind: r.kind } };
    const collection = r.namespaced ? `/api/v1/namespaces/{namespace}/${r.resource}` : `/api/v1/${r.resource}`;
    const pathParams = r.namespaced ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string' } }] : [];
    const op = (id: string, action: string, params: unknown[] = []) => ({
      operationId: `${id}${r.namespaced ? 'Namespaced' : ''}${r.kind}`,
      'x-kubernetes-action': action,
      ...gvk,
      parameters: params,
      responses: { '200': { description: 'OK' } },
    });
    paths[collection] = {
      parameters: pathParams,
      get: op('list', 'list'),
      post: op('create', 'post', writeParams),
    };
    paths[`${collection}/{name}`] = {
      parameters: [...pathParams, { name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
      get: op('read', 'get'),
      put: op('replace', 'put', writeParams),
      patch: op('patch', 'patch', [...writeParams, queryParam('force')]),
      delete: op('delete', 'delete', [queryParam('dryRun'), queryParam('gracePeriodSeconds')]),
    };
  }
  return { openapi: '3.0.0', info: { title: 'Bosun', version: 'v1' }, paths, components: { schemas: {} } };
}

export const OPENAPI_V1 = buildDocument();
const HASH = createHash('sha256').update(JSON.stringify(OPENAPI_V1)).digest('hex').slice(0, 32).toUpperCase();
export const OPENAPI_ROOT = { paths: { 'api/v1': { serverRelativeURL: `/openapi/v3/api/v1?hash=${HASH}` } } };
