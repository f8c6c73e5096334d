export { coreV1OpenApi, documentHash } from './openapi.document';
export { coreV1SwaggerV2 } from './swagger-v2';
export { discoveryV1OpenApi } from './discovery-v1.document';
export type { GroupVersionKind, Schema } from './schema.builders';
export { coordinationV1OpenApi } from './coordination-v1.document';
export { appsV1OpenApi } from './apps-v1.document';
export { batchV1OpenApi } from './batch-v1.document';
export { rbacV1OpenApi } from './rbac-v1.document';
export { networkingV1OpenApi } from './networking-v1.document';
