export { coreV1OpenApi, documentHash } from './openapi.document';
export type { GroupVersionKind, Schema } from './schema.builders';
