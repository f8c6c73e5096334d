import { ApiError, BadRequestError } from './api.errors';
import type { StatusCause } from './types/status.types';

/**
 * Server-side apply's field ownership (metadata.managedFields), as kube-apiserver keeps it for
 * core/v1: every write records which manager set which fields (FieldsV1), an apply is refused when
 * it would change a field another manager owns (409, `Apply failed with …`) unless forced, and a
 * field an applier stops applying is removed when nobody else owns it.
 *
 * A field is a path of FieldsV1 elements: `f:<name>` (a field), `k:{"name":"web"}` (an item of a
 * list keyed as Kubernetes' `+listType=map` says), `v:"x"` (an item of a `+listType=set`), and `.`
 * (the item or map itself). Every other list is atomic: one field, owned whole.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the API server sets or keeps for itself: never owned by a manager. */
const UNOWNED_TOP = new Set(['apiVersion', 'kind', 'status']);
const UNOWNED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

/** Maps (granular, string-keyed) whose existence is itself owned (`.`), as Kubernetes records them. */
const MAPS = new Set(['labels', 'annotations', 'data', 'binaryData', 'stringData', 'selector', 'nodeSelector', 'limits', 'requests']);

type ListType = { type: 'map'; keys: readonly { name: string; default?: Json }[] } | { type: 'set' } | { type: 'atomic' };

const byName = { type: 'map', keys: [{ name: 'name' }] } as const;
/** The core/v1 lists that are not atomic (`+listType=map|set` in k8s.io/api/core/v1/types.go). */
function listTypeOf(names: readonly string[]): ListType {
  const field = names[names.length - 1];
  const inContainer = names.includes('containers') || names.includes('initContainers') || names.includes('ephemeralContainers');
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return byName;
    case 'ports':
      if (inContainer) return { type: 'map', keys: [{ name: 'containerPort' }, { name: 'protocol', default: 'TCP' }] };
      return names.length === 2 && names[0] === 'spec' ? { type: 'map', keys: [{ name: 'port' }, { name: 'protocol', default: 'TCP' }] } : { type: 'atomic' };
    case 'volumeMounts':
      return { type: 'map', keys: [{ name: 'mountPath' }] };
    case 'volumeDevices':
      return { type: 'map', keys: [{ name: 'devicePath' }] };
    case 'hostAliases':
      return { type: 'map', keys: [{ name: 'ip' }] };
    case 'ownerReferences':
      return { type: 'map', keys: [{ name: 'uid' }] };
    case 'finalizers':
      return names.length === 2 && names[0] === 'metadata' ? { type: 'set' } : { type: 'atomic' };
    // The status lists core/v1 keys (+listType=map): conditions and a node's addresses by type, a pod's IPs by ip.
    case 'conditions':
      return names.length === 2 && names[0] === 'status' ? { type: 'map', keys: [{ name: 'type' }] } : { type: 'atomic' };
    case 'addresses':
      return names.length === 2 && names[0] === 'status' ? { type: 'map', keys: [{ name: 'type' }] } : { type: 'atomic' };
    case 'podIPs':
    case 'hostIPs':
      return names.length === 2 && names[0] === 'status' ? { type: 'map', keys: [{ name: 'ip' }] } : { type: 'atomic' };
    default:
      return { type: 'atomic' };
  }
}

function itemKey(item: Json, list: ListType): string | undefined {
  if (list.type === 'set') return `v:${JSON.stringify(item)}`;
  if (list.type !== 'map' || !isObject(item)) return undefined;
  const key: JsonObject = {};
  for (const k of [...list.keys].sort((a, b) => a.name.localeCompare(b.name))) {
    const value = item[k.name] ?? k.default;
    if (value === undefined) return undefined;
    key[k.name] = value;
  }
  return `k:${JSON.stringify(key)}`;
}

/** A field's path, encoded as one string (a JSON array of elements). */
type FieldPath = string;

/**
 * Every field an object sets, with its value (undefined for the `.` of an item or map); its status
 * only `withStatus` (the fields of the status subresource's writers).
 */
export function fieldsOf(object: unknown, withStatus = false): Map<FieldPath, Json | undefined> {
  const out = new Map<FieldPath, Json | undefined>();
  if (!isObject(object)) return out;
  const walk = (value: JsonObject, path: string[], names: string[]): void => {
    for (const [name, child] of Object.entries(value)) {
      if (child === null || child === undefined) continue;
      if (path.length === 0 && UNOWNED_TOP.has(name) && !(withStatus && name === 'status')) continue;
      if (path.length === 1 && path[0] === 'f:metadata' && UNOWNED_METADATA.has(name)) continue;
      const at = [...path, `f:${name}`];
      const childNames = [...names, name];
      if (Array.isArray(child)) {
        const list = listTypeOf(childNames);
        const keys = child.map((item) => itemKey(item, list));
        if (list.type === 'atomic' || keys.some((k) => k === undefined)) {
          out.set(JSON.stringify(at), child);
          continue;
        }
        if (list.type === 'set') out.set(JSON.stringify([...at, '.']), undefined);
        child.forEach((item, i) => {
          const itemPath = [...at, keys[i] as string];
          if (list.type === 'set') {
            out.set(JSON.stringify(itemPath), item);
            return;
          }
          out.set(JSON.stringify([...itemPath, '.']), undefined);
          walk(item as JsonObject, itemPath, childNames);
        });
      } else if (isObject(child) && Object.keys(child).length > 0) {
        if (MAPS.has(name)) out.set(JSON.stringify([...at, '.']), undefined);
        walk(child, at, childNames);
      } else {
        out.set(JSON.stringify(at), child);
      }
    }
  };
  walk(object, [], []);
  return out;
}

/** FieldsV1 (`{"f:data":{".":{},"f:a":{}}}`) of a set of fields. */
export function toFieldsV1(fields: Iterable<FieldPath>): JsonObject {
  const root: JsonObject = {};
  for (const encoded of fields) {
    let node = root;
    for (const element of JSON.parse(encoded) as string[]) node = (node[element] ??= {}) as JsonObject;
  }
  return sorted(root);
}

/** As structured-merge-diff serialises a set: `.` first, then the elements in order. */
function sorted(node: JsonObject): JsonObject {
  const keys = Object.keys(node).sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, sorted(node[k] as JsonObject)]));
}

/** The fields a FieldsV1 tree names (its leaves). */
export function fromFieldsV1(tree: unknown): Set<FieldPath> {
  const out = new Set<FieldPath>();
  const walk = (node: JsonObject, path: string[]): void => {
    const children = Object.entries(node);
    if (children.length === 0 && path.length > 0) out.add(JSON.stringify(path));
    for (const [element, child] of children) walk(isObject(child) ? child : {}, [...path, element]);
  };
  if (isObject(tree)) walk(tree, []);
  return out;
}

/** kube's fieldpath notation of a field, for messages: `.spec.containers[name="web"].image`. */
export function fieldPathString(encoded: FieldPath): string {
  return (JSON.parse(encoded) as string[])
    .filter((e) => e !== '.')
    .map((e) => {
      if (e.startsWith('f:')) return `.${e.slice(2)}`;
      if (e.startsWith('v:')) return `[=${e.slice(2)}]`;
      const key = JSON.parse(e.slice(2)) as JsonObject;
      return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    })
    .join('');
}

function entriesOf(managedFields: unknown): ManagedFieldsEntry[] {
  return Array.isArray(managedFields) ? (managedFields.filter((e) => isObject(e) && typeof e.manager === 'string') as unknown as ManagedFieldsEntry[]) : [];
}

function withFields(entry: ManagedFieldsEntry, fields: Set<FieldPath>): ManagedFieldsEntry {
  return { ...entry, fieldsV1: toFieldsV1(fields) };
}

const sameValue = (a: Json | undefined, b: Json | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether a field is the status's: what the status subresource writes, and nothing else does. */
const isStatusField = (path: FieldPath): boolean => path.startsWith('["f:status"');

/**
 * The managedFields after an update (create, replace, patch) by `manager`: it owns every field it
 * set or changed, which no other manager owns any more; fields the object no longer has are owned
 * by nobody. A write of the status subresource owns the status fields it changed, any other write
 * the rest, as kube-apiserver's reset fields divide them.
 */
export function recordUpdate(managedFields: unknown, before: unknown, after: unknown, manager: string, time: string, apiVersion = 'v1', subresource?: string): ManagedFieldsEntry[] {
  const old = before === null ? new Map<FieldPath, Json | undefined>() : fieldsOf(before, true);
  const now = fieldsOf(after, true);
  const ofThisWrite = (path: FieldPath): boolean => isStatusField(path) === (subresource === 'status');
  const changed = new Set([...now].filter(([path, value]) => ofThisWrite(path) && (!old.has(path) || !sameValue(old.get(path), value))).map(([path]) => path));
  const out: ManagedFieldsEntry[] = [];
  let mine: ManagedFieldsEntry | undefined;
  for (const entry of entriesOf(managedFields)) {
    const fields = new Set([...fromFieldsV1(entry.fieldsV1)].filter((f) => now.has(f)));
    if (entry.manager === manager && entry.operation === 'Update' && entry.subresource === subresource) {
      for (const f of changed) fields.add(f);
      // The time says when the manager last changed something: a write that changed nothing keeps it.
      mine = withFields(changed.size > 0 ? { ...entry, time, apiVersion } : entry, fields);
      if (fields.size > 0) out.push(mine);
      continue;
    }
    for (const f of changed) fields.delete(f);
    if (fields.size > 0) out.push(withFields(entry, fields));
  }
  if (mine === undefined && changed.size > 0) {
    out.push({ manager, operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(changed), ...(subresource === undefined ? {} : { subresource }) });
  }
  return out;
}

/** An apply refused because it would change fields other managers own. */
export class ApplyConflictError extends ApiError {
  constructor(conflicts: readonly { manager: string; field: string }[]) {
    const causes: StatusCause[] = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.manager}`, field: c.field }));
    super('Conflict', conflictMessage(conflicts), { causes });
  }
}

function conflictMessage(conflicts: readonly { manager: string; field: string }[]): string {
  if (conflicts.length === 1) return `Apply failed with 1 conflict: conflict with ${conflicts[0].manager}: ${conflicts[0].field}`;
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.field]);
  const lines = [...byManager.keys()].sort().flatMap((m) => [`conflicts with ${m}:`, ...byManager.get(m)!.map((f) => `- ${f}`)]);
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** How a conflict names a manager, as kube-apiserver prints it. */
function describeManager(entry: ManagedFieldsEntry): string {
  const name = JSON.stringify(entry.manager) + (entry.subresource ? ` with subresource ${JSON.stringify(entry.subresource)}` : '');
  if (entry.operation !== 'Update') return name;
  return entry.time ? `${name} using ${entry.apiVersion} at ${entry.time}` : `${name} using ${entry.apiVersion}`;
}

/**
 * Server-side apply of `config` by `manager` to `live`: the merged object (lists merged by their
 * keys, atomic lists and values replaced, fields the manager applied before and no longer does
 * removed unless another manager owns them) and its managedFields. Throws ApplyConflictError when
 * the config changes fields other managers own, unless `force`, which takes them over.
 */
export function serverSideApply<T extends object>(liveObject: object, configObject: T, manager: string, options: { force: boolean; time: string; apiVersion?: string; subresource?: 'status' }): T {
  const live = liveObject as JsonObject;
  const config = configObject as JsonObject;
  const apiVersion = options.apiVersion ?? 'v1';
  // An apply to the status subresource applies the config's status alone (kube-apiserver resets the rest).
  const toStatus = options.subresource === 'status';
  const applied = toStatus ? fieldsOf({ status: config.status }, true) : fieldsOf(config);
  const current = fieldsOf(live, toStatus);
  const entries = entriesOf((live.metadata as JsonObject | undefined)?.managedFields);
  const isMine = (e: ManagedFieldsEntry): boolean => e.manager === manager && e.operation === 'Apply' && e.subresource === options.subresource;
  const previous = fromFieldsV1(entries.find(isMine)?.fieldsV1);
  const others = entries.filter((e) => !isMine(e)).map((entry) => ({ entry, fields: fromFieldsV1(entry.fieldsV1) }));

  const conflicts: { manager: string; field: string; path: FieldPath; owner: Set<FieldPath> }[] = [];
  for (const [path, value] of applied) {
    if (value === undefined || !current.has(path) || sameValue(current.get(path), value)) continue;
    for (const o of others) if (o.fields.has(path)) conflicts.push({ manager: describeManager(o.entry), field: fieldPathString(path), path, owner: o.fields });
  }
  if (conflicts.length > 0 && !options.force) {
    // kubectl moving from client-side to server-side apply takes over, without a conflict, the
    // fields its last-applied configuration still holds as they are (kube-apiserver's lastAppliedManager).
    const allowed = manager === 'kubectl' && !toStatus ? lastAppliedFields(live, apiVersion) : new Set<FieldPath>();
    const refused = conflicts.filter((c) => !allowed.has(c.path));
    if (refused.length > 0) throw new ApplyConflictError(refused);
  }
  for (const c of conflicts) c.owner.delete(c.path); // forced: the applier takes them over

  let merged = (toStatus ? { ...live, status: isObject(config.status) ? mergeApplied(isObject(live.status) ? live.status : {}, config.status, ['status']) : (live.status ?? {}) } : mergeApplied(live, config, [])) as JsonObject;
  const ownedByOthers = (path: FieldPath): boolean => {
    const prefix = path.endsWith(',"."]') ? path.slice(0, -5) : undefined;
    return others.some((o) => o.fields.has(path) || (prefix !== undefined && [...o.fields].some((f) => f.startsWith(prefix))));
  };
  // Dropped list items first (found by their keys, so before any of their fields), then fields
  // deepest first, so that a map is looked at once its keys are gone.
  const dropped = [...previous].filter((p) => !applied.has(p) && !ownedByOthers(p));
  const isItem = (p: FieldPath): boolean => {
    const path = JSON.parse(p) as string[];
    return path[path.length - 1] === '.' && /^[kv]:/.test(path[path.length - 2] ?? '');
  };
  for (const path of [...dropped.filter(isItem).sort((a, b) => a.length - b.length), ...dropped.filter((p) => !isItem(p)).sort((a, b) => b.length - a.length)]) {
    merged = removeField(merged, JSON.parse(path) as string[], []) as JsonObject;
  }

  const remaining = fieldsOf(merged, true); // the status writers keep theirs
  const managedFields: ManagedFieldsEntry[] = [];
  let placed = false;
  for (const entry of entries) {
    if (isMine(entry)) {
      const unchanged = sameSet(previous, new Set(applied.keys())) && sameValue(withoutManagedFields(merged), withoutManagedFields(live));
      managedFields.push(unchanged ? entry : { ...entry, apiVersion, time: options.time, fieldsV1: toFieldsV1(applied.keys()) });
      placed = true;
      continue;
    }
    const fields = new Set([...others.find((o) => o.entry === entry)!.fields].filter((f) => remaining.has(f)));
    if (fields.size > 0) managedFields.push(withFields(entry, fields));
  }
  if (!placed) managedFields.push({ manager, operation: 'Apply', apiVersion, time: options.time, fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(applied.keys()), ...(options.subresource === undefined ? {} : { subresource: options.subresource }) });
  const result = { ...merged, metadata: { ...(merged.metadata as JsonObject), managedFields: managedFields as unknown as Json } };
  return (manager === 'kubectl' && !toStatus ? withLastAppliedUpdated(result, live, config) : result) as unknown as T;
}

/**
 * kube-apiserver's lastAppliedUpdater: kubectl's server-side apply to an object that carries a
 * client-side apply annotation rewrites it to the configuration just applied (as Go encodes it:
 * keys sorted, HTML characters escaped, a newline at the end), so that `apply view-last-applied`
 * and a later client-side apply see what was applied last. Not a field anyone manages.
 */
function withLastAppliedUpdated(merged: JsonObject, live: JsonObject, config: JsonObject): JsonObject {
  const was = (live.metadata as JsonObject | undefined)?.annotations;
  if (!isObject(was) || typeof was[LAST_APPLIED] !== 'string' || was[LAST_APPLIED] === '') return merged;
  const meta = isObject(config.metadata) ? config.metadata : undefined;
  let applied = config;
  if (meta !== undefined && isObject(meta.annotations)) {
    const { [LAST_APPLIED]: _, ...others } = meta.annotations;
    applied = { ...config, metadata: { ...meta, annotations: others } };
  }
  const metadata = merged.metadata as JsonObject;
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  return { ...merged, metadata: { ...metadata, annotations: { ...annotations, [LAST_APPLIED]: `${goJson(applied)}\n` } } };
}

/** JSON as Go's encoding/json writes a map: keys sorted at every level, and <, >, & and U+2028/9 escaped. */
function goJson(value: Json): string {
  const sortKeys = (v: Json): Json => (Array.isArray(v) ? v.map(sortKeys) : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k] as Json)])) : v);
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The fields of a live object's client-side apply annotation that the object still has with the
 * same values: kubectl's server-side apply may take them over from any manager, as kube-apiserver's
 * lastAppliedManager allows (for the manager `kubectl` only). None when there is no annotation, it
 * is no JSON, or it names another apiVersion.
 */
function lastAppliedFields(live: JsonObject, apiVersion: string): Set<FieldPath> {
  const annotations = (live.metadata as JsonObject | undefined)?.annotations;
  const text = isObject(annotations as Json) ? (annotations as JsonObject)[LAST_APPLIED] : undefined;
  if (typeof text !== 'string' || text === '') return new Set();
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return new Set();
  }
  if (!isObject(lastApplied as Json) || (lastApplied as JsonObject).apiVersion !== apiVersion) return new Set();
  const current = fieldsOf(live);
  return new Set([...fieldsOf(lastApplied)].filter(([path, value]) => current.has(path) && sameValue(current.get(path), value)).map(([path]) => path));
}

/**
 * What kube-apiserver's field manager checks in an apply patch before it merges anything: the
 * config names the endpoint's apiVersion — also when it names none (400 `Incorrect version
 * specified in apply patch. Specified patch version: , expected: v1`) — and carries no
 * metadata.managedFields (400 `metadata.managedFields must be nil`: an object read back and applied
 * as it is).
 */
export function checkApplyPatch(config: unknown, apiVersion = 'v1'): void {
  const given = isObject(config as Json) ? (config as JsonObject) : {};
  const version = typeof given.apiVersion === 'string' ? given.apiVersion : '';
  if (version !== apiVersion) throw new BadRequestError(`Incorrect version specified in apply patch. Specified patch version: ${version}, expected: ${apiVersion}`);
  const metadata = given.metadata;
  if (isObject(metadata as Json) && (metadata as JsonObject).managedFields !== undefined && (metadata as JsonObject).managedFields !== null) {
    throw new BadRequestError('metadata.managedFields must be nil');
  }
}


const sameSet = (a: Set<string>, b: Set<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));

function withoutManagedFields(object: JsonObject): JsonObject {
  const { managedFields: _ignored, ...metadata } = (object.metadata ?? {}) as JsonObject;
  return { ...object, metadata };
}

/** The config merged into the live object: maps by key, keyed lists by item, the rest replaced. */
function mergeApplied(live: Json | undefined, config: Json, names: readonly string[]): Json {
  if (!isObject(config) || !isObject(live)) return config;
  const out: JsonObject = { ...live };
  for (const [name, value] of Object.entries(config)) {
    if (value === null) continue;
    const childNames = [...names, name];
    const current = out[name];
    const list = Array.isArray(value) ? listTypeOf(childNames) : undefined;
    if (Array.isArray(value) && Array.isArray(current) && list !== undefined && list.type !== 'atomic' && value.every((v) => itemKey(v, list) !== undefined)) {
      const merged = [...current];
      for (const item of value) {
        const key = itemKey(item, list);
        const i = merged.findIndex((c) => itemKey(c, list) === key);
        if (i < 0) merged.push(item);
        else merged[i] = list.type === 'set' ? item : mergeApplied(merged[i], item, childNames);
      }
      out[name] = merged;
    } else {
      out[name] = mergeApplied(current, value, childNames);
    }
  }
  return out;
}

/** The object without one field (a `.` path: without the item or map it ends in). */
function removeField(node: Json, path: readonly string[], names: readonly string[]): Json {
  if (path.length === 0) return node;
  const [element, ...rest] = path;
  if (element === '.') return node;
  if (element.startsWith('f:') && isObject(node)) {
    const name = element.slice(2);
    if (!(name in node)) return node;
    const { [name]: child, ...others } = node;
    if (rest.length === 0) return others;
    // A map or set goes only once nothing is left in it (its keys were removed before it, longest first).
    if (rest.length === 1 && rest[0] === '.') {
      const empty = (isObject(child) && Object.keys(child).length === 0) || (Array.isArray(child) && child.length === 0);
      return empty ? others : node;
    }
    const left = removeField(child, rest, [...names, name]);
    // A keyed list left empty goes, as Kubernetes' omitempty lists do.
    return Array.isArray(left) && left.length === 0 && Array.isArray(child) && child.length > 0 ? others : { ...others, [name]: left };
  }
  if ((element.startsWith('k:') || element.startsWith('v:')) && Array.isArray(node)) {
    const list = listTypeOf(names);
    const i = node.findIndex((item) => itemKey(item, list) === element);
    if (i < 0) return node;
    if (rest.length === 0 || (rest.length === 1 && rest[0] === '.')) return node.filter((_, j) => j !== i);
    return node.map((item, j) => (j === i ? removeField(item, rest, names) : item));
  }
  return node;
}
