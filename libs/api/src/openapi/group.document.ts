import { coreV1OpenApi, documentHash, resourcePaths } from './openapi.document';
import { resourcesOfGroup } from '../resources';
import { $ref, META, SCHEMA_PREFIX, type GroupVersionKind, type Schema } from './schema.builders';

/**
 * The OpenAPI v3 document of a named group version with one kind: its schemas, the meta components
 * they and the operations use (copied from the core/v1 document, so the document stands alone as
 * kubectl needs), and the operations — by default the three reads of a read-only view (get, list,
 * watch), as kube-apiserver names them.
 */
export interface GroupDocumentSpec {
  /** e.g. discovery.k8s.io */
  readonly group: string;
  /** The group version the document describes; v1 unless said. */
  readonly version?: string;
  /** The operations' tag and the operation ids' stem, e.g. discovery_v1 and DiscoveryV1. */
  readonly tag: string;
  readonly operationStem: string;
  readonly kind: string;
  /** The resource, e.g. endpointslices. */
  readonly plural: string;
  /** The component name prefix of the group's schemas, e.g. io.k8s.api.discovery.v1. */
  readonly prefix: string;
  readonly schemas: Record<string, Schema>;
  readonly description: string;
  /** What a label and a field selector select, for the list parameters' descriptions. */
  readonly selects: { readonly label: string; readonly field: string };
  /** The plural noun of the kind in the operations' descriptions, e.g. EndpointSlices. */
  readonly nouns: string;
  /** The operations, when the group's kind is stored and written too (Leases): instead of the three reads. */
  readonly paths?: Record<string, Schema>;
}

const query = (name: string, description: string, schema: Schema = { type: 'string' }): Schema => ({ name, in: 'query', description, schema });

/** Every component `roots` reach in `schemas`, following $refs. */
function closure(roots: Record<string, Schema>, schemas: Record<string, Schema>, paths: Record<string, Schema>): Record<string, Schema> {
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
  visit(paths);
  visit(Object.fromEntries(['WatchEvent', 'Status'].map((k) => [k, { $ref: SCHEMA_PREFIX + META + k }])));
  return out;
}

export function groupDocument(g: GroupDocumentSpec): Record<string, unknown> {
  const version = g.version ?? 'v1';
  const gvk: GroupVersionKind = { group: g.group, version, kind: g.kind };
  const listParams = [
    query('labelSelector', `Only ${g.selects.label}.`),
    query('fieldSelector', `Only ${g.selects.field}.`),
    query('watch', 'Instead of a list, stream the changes as watch events, one JSON object per line.', { type: 'boolean' }),
    query('resourceVersion', 'For a watch: only changes after this resourceVersion.'),
    query('allowWatchBookmarks', 'Send a BOOKMARK event every 30 seconds.', { type: 'boolean' }),
    query('timeoutSeconds', 'End a watch after this many seconds.', { type: 'integer' }),
  ];
  const namespaceParam: Schema = { name: 'namespace', in: 'path', required: true, description: `The namespace of the ${g.nouns}.`, schema: { type: 'string' } };
  const nameParam: Schema = { name: 'name', in: 'path', required: true, description: `The name of the ${g.kind}.`, schema: { type: 'string' } };
  const ok = (component: string): Schema => ({
    description: 'OK',
    content: { 'application/json': { schema: $ref(component) }, 'application/json;stream=watch': { schema: $ref(`${META}WatchEvent`) } },
  });
  const op = (id: string, action: string, description: string, response: string, parameters: Schema[] = []): Schema => ({
    tags: [g.tag],
    description,
    operationId: id,
    ...(parameters.length ? { parameters } : {}),
    responses: { '200': ok(response) },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  const core = (coreV1OpenApi().document as { components: { schemas: Record<string, Schema> } }).components.schemas;
  const base = `/apis/${g.group}/${version}`;
  const item = `${g.prefix}.${g.kind}`;
  const paths = g.paths ?? {
      [`${base}/${g.plural}`]: { get: op(`list${g.operationStem}${g.kind}ForAllNamespaces`, 'list', `List or watch the ${g.nouns} of all namespaces.`, `${item}List`, listParams) },
      [`${base}/namespaces/{namespace}/${g.plural}`]: {
        parameters: [namespaceParam],
        get: op(`list${g.operationStem}Namespaced${g.kind}`, 'list', `List or watch the ${g.nouns} in a namespace.`, `${item}List`, listParams),
      },
      [`${base}/namespaces/{namespace}/${g.plural}/{name}`]: {
        parameters: [namespaceParam, nameParam],
        get: op(`read${g.operationStem}Namespaced${g.kind}`, 'get', `Read ${/^[AEIOU]/.test(g.kind) ? 'an' : 'a'} ${g.kind}.`, item),
      },
    };
  const schemas = closure(g.schemas, core, paths);
  return {
    openapi: '3.0.0',
    info: { title: 'Bosun', version: `${g.group}/${version}`, description: g.description },
    paths,
    components: { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) },
  };
}

/** A document as the gateway serves it: the document, its JSON text and its hash (the URL kubectl caches it by). */
export interface ServedDocument {
  readonly document: Readonly<Record<string, unknown>>;
  readonly json: string;
  readonly hash: string;
}

/** The document `build` makes, built on first use and kept: the same JSON text for every request. */
export function servedOnce(build: () => Record<string, unknown>): () => ServedDocument {
  let served: ServedDocument | undefined;
  return () => {
    if (served === undefined) {
      const document = build();
      served = { document, json: JSON.stringify(document), hash: documentHash(document) };
    }
    return served;
  };
}

/** The operations of every stored resource of a named group (its table order). */
export function groupPaths(group: string): Record<string, Schema> {
  return Object.assign({}, ...resourcesOfGroup(group).map(resourcePaths)) as Record<string, Schema>;
}
