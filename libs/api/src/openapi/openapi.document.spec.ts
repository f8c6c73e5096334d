import { applyDefaults } from '../defaults/defaults';
import { resourcesOfGroup } from '../resources';

/** The kinds this document describes: core/v1's (named groups have documents of their own). */
const RESOURCES = resourcesOfGroup(undefined);
import { namespace, nginxPod, nginxRc, node, nodePortService, redisPod } from '../testing/manifests.fixtures';
import type { KubeObject } from '../types';
import { unknownFields } from '../validation/validate';
import { coreV1OpenApi, documentHash } from './openapi.document';
import { SCHEMA_PREFIX, type Schema } from './schema.builders';

type Doc = { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, Schema> } };
const { document, json, hash } = coreV1OpenApi();
const doc = document as unknown as Doc;
const schemas = doc.components.schemas;
const CORE = 'io.k8s.api.core.v1.';

/** The component a schema stands for, following `$ref` and single-element `allOf` as kubectl does. */
function resolve(schema: Schema): Schema {
  let s = schema;
  for (;;) {
    const allOf = s['allOf'] as Schema[] | undefined;
    if (allOf?.length === 1 && s['properties'] === undefined) s = allOf[0]!;
    else if (typeof s['$ref'] === 'string') s = schemas[(s['$ref'] as string).slice(SCHEMA_PREFIX.length)]!;
    else return s;
  }
}

/** The schema of a field, by a dotted path from a component ("spec.containers"); lists step into their items. */
function field(component: string, path: string): Schema {
  let s: Schema = schemas[component]!;
  for (const part of path.split('.')) {
    let r = resolve(s);
    if (r['items']) r = resolve(r['items'] as Schema);
    s = (r['properties'] as Record<string, Schema>)[part]!;
    if (s === undefined) throw new Error(`${component}: no field ${path}`);
  }
  return s;
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (typeof value === 'object' && value !== null) {
    visit(value as Record<string, unknown>);
    for (const v of Object.values(value)) walk(v, visit);
  }
}

const gvkOf = (s: Schema): { group: string; version: string; kind: string }[] =>
  (s['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined) ?? [];

describe('the core/v1 OpenAPI document', () => {
  it('has a schema with its group-version-kind for every kind served, its list, and the meta kinds kubectl reads', () => {
    const kinds = [...RESOURCES.flatMap((r) => [r.kind, `${r.kind}List`]), 'Status', 'DeleteOptions', 'WatchEvent'];
    for (const kind of kinds) {
      const found = Object.values(schemas).filter((s) => gvkOf(s).some((g) => g.group === '' && g.version === 'v1' && g.kind === kind));
      expect({ kind, count: found.length }).toEqual({ kind, count: 1 });
    }
    expect(gvkOf(schemas['io.k8s.api.autoscaling.v1.Scale']!)).toEqual([{ group: 'autoscaling', version: 'v1', kind: 'Scale' }]);
    for (const meta of ['ObjectMeta', 'ListMeta']) expect(schemas[`io.k8s.apimachinery.pkg.apis.meta.v1.${meta}`]).toBeDefined();
  });

  it('resolves every $ref', () => {
    const missing: string[] = [];
    walk(doc, (node) => {
      const ref = node['$ref'];
      if (typeof ref === 'string' && !(ref.startsWith(SCHEMA_PREFIX) && schemas[ref.slice(SCHEMA_PREFIX.length)])) missing.push(ref);
    });
    expect(missing).toEqual([]);
  });

  it('gives every operation an action and a group-version-kind that has a schema, as kubectl explain looks it up', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        const o = op as Schema;
        expect({ path, method, action: typeof o['x-kubernetes-action'] }).toEqual({ path, method, action: 'string' });
        const gvk = o['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string };
        expect(Object.values(schemas).some((s) => gvkOf(s).some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind))).toBe(true);
      }
    }
  });

  it('lets kubectl leave validation to the server and compute strategic merge patches: every PATCH takes fieldValidation and dryRun and accepts all patch types', () => {
    const patches = Object.entries(doc.paths).filter(([, item]) => item['patch']);
    expect(patches.length).toBeGreaterThanOrEqual(RESOURCES.length);
    for (const [path, item] of patches) {
      const op = item['patch'] as { parameters: { name: string; in: string }[]; requestBody: { content: Record<string, unknown> } };
      const query = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      expect({ path, query }).toEqual({ path, query: expect.arrayContaining(['fieldValidation', 'dryRun', 'fieldManager']) });
      expect(Object.keys(op.requestBody.content)).toEqual(expect.arrayContaining(['application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json']));
    }
  });

  it('merges lists by the same keys as Kubernetes', () => {
    const merge = (component: string, path: string): unknown => {
      const s = field(component, path);
      return { key: s['x-kubernetes-patch-merge-key'], strategy: s['x-kubernetes-patch-strategy'], type: s['x-kubernetes-list-type'], keys: s['x-kubernetes-list-map-keys'] };
    };
    const byKey = (key: string, keys = [key], strategy = 'merge') => ({ key, strategy, type: 'map', keys });
    const atomicList = { key: undefined, strategy: undefined, type: 'atomic', keys: undefined };
    expect(merge(`${CORE}Pod`, 'spec.containers')).toEqual(byKey('name'));
    expect(merge(`${CORE}Pod`, 'spec.initContainers')).toEqual(byKey('name'));
    expect(merge(`${CORE}Pod`, 'spec.containers.ports')).toEqual(byKey('containerPort', ['containerPort', 'protocol']));
    expect(merge(`${CORE}Pod`, 'spec.containers.env')).toEqual(byKey('name'));
    expect(merge(`${CORE}Pod`, 'spec.containers.volumeMounts')).toEqual(byKey('mountPath'));
    expect(merge(`${CORE}Pod`, 'spec.volumes')).toEqual(byKey('name', ['name'], 'merge,retainKeys'));
    expect(merge(`${CORE}Pod`, 'spec.imagePullSecrets')).toEqual(byKey('name'));
    expect(merge(`${CORE}Pod`, 'status.conditions')).toEqual(byKey('type'));
    expect(merge(`${CORE}Pod`, 'status.podIPs')).toEqual(byKey('ip'));
    expect(merge(`${CORE}ReplicationController`, 'spec.template.spec.containers')).toEqual(byKey('name'));
    expect(merge(`${CORE}ReplicationController`, 'status.conditions')).toEqual(byKey('type'));
    expect(merge(`${CORE}Service`, 'spec.ports')).toEqual(byKey('port', ['port', 'protocol']));
    expect(merge(`${CORE}Node`, 'status.conditions')).toEqual(byKey('type'));
    expect(merge(`${CORE}Node`, 'status.addresses')).toEqual(byKey('type'));
    expect(merge(`${CORE}Namespace`, 'status.conditions')).toEqual(byKey('type'));
    expect(merge(`${CORE}Pod`, 'metadata.ownerReferences')).toEqual(byKey('uid'));
    expect(merge(`${CORE}Pod`, 'metadata.finalizers')).toEqual({ key: undefined, strategy: 'merge', type: 'set', keys: undefined });
    for (const [component, path] of [
      [`${CORE}Pod`, 'spec.tolerations'],
      [`${CORE}Pod`, 'spec.containers.command'],
      [`${CORE}Pod`, 'spec.containers.args'],
      [`${CORE}Pod`, 'status.containerStatuses'],
      [`${CORE}Endpoints`, 'subsets'],
      [`${CORE}Endpoints`, 'subsets.addresses'],
      [`${CORE}Node`, 'spec.taints'],
    ] as const)
      expect({ path, merge: merge(component, path) }).toEqual({ path, merge: atomicList });
    expect(field(`${CORE}Service`, 'spec.selector')['x-kubernetes-map-type']).toBe('atomic');
    expect(field(`${CORE}ReplicationController`, 'spec.selector')['x-kubernetes-map-type']).toBe('atomic');
  });

  // The schema describes what Bosun accepts: nothing it lists is an unknown field to validation,
  // and everything Bosun stores for the usual manifests is listed.
  it('lists no field that Bosun’s validation would call unknown', () => {
    const sample = (schema: Schema, depth = 0): unknown => {
      const s = resolve(schema);
      if (depth > 12) return undefined;
      if (s['x-kubernetes-preserve-unknown-fields']) return {};
      if (s['properties']) return Object.fromEntries(Object.entries(s['properties'] as Record<string, Schema>).map(([k, v]) => [k, sample(v, depth + 1)]));
      if (s['additionalProperties']) return { key: sample(s['additionalProperties'] as Schema, depth + 1) };
      if (s['items']) return [sample(s['items'] as Schema, depth + 1)];
      if (s['type'] === 'integer' || s['oneOf']) return 1;
      if (s['type'] === 'boolean') return true;
      return 'x';
    };
    for (const r of RESOURCES) {
      const object = { ...(sample(schemas[CORE + r.kind]!) as object), apiVersion: 'v1', kind: r.kind } as KubeObject;
      expect({ kind: r.kind, unknown: unknownFields(object) }).toEqual({ kind: r.kind, unknown: [] });
    }
  });

  it('describes every field of the usual manifests, as given and as stored after defaulting', () => {
    const undescribed = (value: unknown, schema: Schema, path: string): string[] => {
      const s = resolve(schema);
      if (s['x-kubernetes-preserve-unknown-fields'] || value === null || typeof value !== 'object') return [];
      if (Array.isArray(value)) return s['items'] ? value.flatMap((v, i) => undescribed(v, s['items'] as Schema, `${path}[${i}]`)) : [path];
      const properties = s['properties'] as Record<string, Schema> | undefined;
      return Object.entries(value).flatMap(([k, v]) => {
        if (properties?.[k]) return undescribed(v, properties[k]!, `${path}.${k}`);
        if (s['additionalProperties']) return undescribed(v, s['additionalProperties'] as Schema, `${path}[${k}]`);
        return [`${path}.${k}`];
      });
    };
    for (const manifest of [nginxPod(), redisPod(), nginxRc(), nodePortService(), node(), namespace()] as KubeObject[]) {
      for (const object of [manifest, applyDefaults(manifest)]) expect(undescribed(object, schemas[CORE + object.kind]!, object.kind)).toEqual([]);
    }
  });

  it('is computed once, frozen, and served with a hash of its own content', () => {
    expect(coreV1OpenApi().document).toBe(document);
    expect(Object.isFrozen(doc.components.schemas[`${CORE}Pod`])).toBe(true);
    expect(json).toBe(JSON.stringify(document));
    expect(hash).toBe(documentHash(document));
    const changed = JSON.parse(json) as Doc;
    (changed.components.schemas[`${CORE}Pod`] as { description: string }).description += ' Changed.';
    expect(documentHash(changed)).not.toBe(hash);
  });
});

describe('componentstatuses in the core/v1 document', () => {
  it('describes ComponentStatus by its group-version-kind, with its conditions, and only get and list it', () => {
    expect(schemas[`${CORE}ComponentStatus`]!['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'ComponentStatus' }]);
    expect(Object.keys(resolve(field(`${CORE}ComponentStatus`, 'conditions')['items'] as Schema)['properties'] as object).sort()).toEqual(['error', 'message', 'status', 'type']);
    expect(Object.keys(doc.paths['/api/v1/componentstatuses']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/componentstatuses/{name}']!)).toEqual(['parameters', 'get']);
  });
});
