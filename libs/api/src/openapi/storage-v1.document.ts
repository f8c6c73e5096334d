import { resourceByKind } from '../resources';
import { documentHash, resourcePaths } from './openapi.document';
import { groupDocument } from './group.document';
import { $ref, list, META, object, ref, typeMeta, type Schema } from './schema.builders';
import { STORAGE_CLASS_SCHEMA } from './storage.schemas';

/**
 * The OpenAPI v3 document of storage.k8s.io/v1 (`/openapi/v3/apis/storage.k8s.io/v1`): the
 * StorageClass schemas, for `kubectl explain sc` and server-side validation, and the operations of a
 * stored kind.
 */

const STORAGE = 'io.k8s.api.storage.v1.';
const gvk = { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' };

const SCHEMAS: Record<string, Schema> = {
  [`${STORAGE}StorageClass`]: STORAGE_CLASS_SCHEMA(gvk),
  [`${STORAGE}StorageClassList`]: object(
    'StorageClassList is a collection of storage classes.',
    { ...typeMeta(), metadata: ref(`${META}ListMeta`, 'Standard list metadata.'), items: list($ref(`${STORAGE}StorageClass`), 'items is the list of StorageClasses') },
    { required: ['items'], gvk: [{ ...gvk, kind: 'StorageClassList' }] },
  ),
};

let cached: { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly hash: string } | undefined;

/** The document, its JSON and its hash, computed once. */
export function storageV1OpenApi(): { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly hash: string } {
  if (cached === undefined) {
    const document = groupDocument({
      group: 'storage.k8s.io',
      tag: 'storage_v1',
      operationStem: 'StorageV1',
      kind: 'StorageClass',
      plural: 'storageclasses',
      prefix: 'io.k8s.api.storage.v1',
      schemas: SCHEMAS,
      description: 'StorageClasses: stored; the default one ("standard", bosun.io/local-path) is created at start.',
      paths: resourcePaths(resourceByKind('StorageClass')!),
      selects: { label: 'StorageClasses whose labels match', field: 'StorageClasses whose metadata.name match' },
      nouns: 'StorageClasses',
    });
    cached = { document, json: JSON.stringify(document), hash: documentHash(document) };
  }
  return cached;
}
