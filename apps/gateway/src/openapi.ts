import { coreV1OpenApi } from '@bosun/api';

/**
 * What the gateway serves under /openapi/v3. The document itself (schemas of every kind, the
 * operations served) is built in libs/api; it is computed once, and served as the same JSON text.
 * kubectl caches a group version's document by the URL the root gives, so the hash in it is the
 * document's own: a changed document is a new URL.
 */
const { json, hash } = coreV1OpenApi();

export const OPENAPI_V1_JSON = json;
export const OPENAPI_V1_HASH = hash;
export const OPENAPI_ROOT = { paths: { 'api/v1': { serverRelativeURL: `/openapi/v3/api/v1?hash=${hash}` } } };
