import { groupDocument, groupPaths, servedOnce } from './group.document';
import { groupKinds, type Schema } from './schema.builders';
import { STORAGE_CLASS_SCHEMA } from './storage.schemas';

/**
 * The OpenAPI v3 document of storage.k8s.io/v1 (`/openapi/v3/apis/storage.k8s.io/v1`): the
 * StorageClass schemas, for `kubectl explain sc` and server-side validation, and the operations of a
 * stored kind.
 */

const STORAGE = 'io.k8s.api.storage.v1.';
const { gvk, listOf } = groupKinds('storage.k8s.io', STORAGE);

const SCHEMAS: Record<string, Schema> = {
  [`${STORAGE}StorageClass`]: STORAGE_CLASS_SCHEMA(gvk('StorageClass')),
  [`${STORAGE}StorageClassList`]: listOf('StorageClass'),
};

/** The document, its JSON and its hash, computed once. */
export const storageV1OpenApi = servedOnce(() =>
  groupDocument({
    group: 'storage.k8s.io',
    tag: 'storage_v1',
    operationStem: 'StorageV1',
    kind: 'StorageClass',
    plural: 'storageclasses',
    prefix: 'io.k8s.api.storage.v1',
    schemas: SCHEMAS,
    description: 'StorageClasses: stored; the default one ("standard", bosun.io/local-path) is created at start.',
    paths: groupPaths('storage.k8s.io'),
    selects: { label: 'StorageClasses whose labels match', field: 'StorageClasses whose metadata.name match' },
    nouns: 'StorageClasses',
  }),
);
