import { applyJsonPatch, BadRequestError, UnsupportedMediaTypeError } from '@bosun/api';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;
export type PatchType = (typeof PATCH_TYPES)[number];

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON merge patch (RFC 7386): objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key] ?? null, value);
  }
  return out;
}

/**
 * Merge keys of Kubernetes' strategic merge patch for core/v1 (from the types' patchMergeKey tags):
 * lists of these fields merge element by element on the key; other lists are replaced whole.
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  conditions: 'type',
  addresses: 'type',
  ownerReferences: 'uid',
  taints: 'key',
  tolerations: 'key',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
};
/** Fields whose merge key depends on where they are: container ports vs service ports. */
function mergeKeyFor(field: string, path: readonly string[]): string | undefined {
  if (field === 'ports') return path.includes('spec') && !path.includes('containers') && !path.includes('initContainers') ? 'port' : 'containerPort';
  return MERGE_KEYS[field];
}

/**
 * Kubernetes' strategic merge patch for the core/v1 kinds: merge lists by key, honouring the
 * directives kubectl sends — `$patch: delete|replace|merge`, `$setElementOrder/<list>`,
 * `$retainKeys`, `$deleteFromPrimitiveList/<list>` — and null to delete.
 */
export function strategicMergePatch(target: Json, patch: Json, path: readonly string[] = []): Json {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return null;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  const retain = Array.isArray(patch.$retainKeys) ? new Set(patch.$retainKeys as string[]) : undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const list = key.slice('$deleteFromPrimitiveList/'.length);
      const remove = new Set((value as Json[]).map((v) => JSON.stringify(v)));
      if (Array.isArray(out[list])) out[list] = (out[list] as Json[]).filter((v) => !remove.has(JSON.stringify(v)));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const mergeKey = mergeKeyFor(key, path);
    if (Array.isArray(value) && mergeKey !== undefined && Array.isArray(out[key])) {
      out[key] = mergeList(out[key] as Json[], value, mergeKey, [...path, key]);
      const order = patch[`$setElementOrder/${key}`];
      if (Array.isArray(order)) out[key] = reorder(out[key] as Json[], order, mergeKey);
    } else if (isObject(value)) {
      out[key] = strategicMergePatch(out[key] ?? null, value, [...path, key]);
    } else if (Array.isArray(value) && mergeKey !== undefined) {
      out[key] = value.filter((v) => !(isObject(v) && v.$patch === 'delete')).map((v) => strip(v));
    } else {
      out[key] = value;
    }
  }
  if (retain) for (const key of Object.keys(out)) if (!retain.has(key)) delete out[key];
  return out;
}

function mergeList(current: Json[], patch: Json[], mergeKey: string, path: readonly string[]): Json[] {
  const out = [...current];
  for (const item of patch) {
    if (!isObject(item) || !(mergeKey in item)) {
      out.push(item);
      continue;
    }
    const i = out.findIndex((c) => isObject(c) && c[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) {
      out[i] = strategicMergePatch(out[i], item, path);
    } else {
      out.push(strip(item));
    }
  }
  return out;
}

function reorder(list: Json[], order: Json[], mergeKey: string): Json[] {
  const rank = new Map(order.map((o, i) => [isObject(o) ? JSON.stringify(o[mergeKey]) : '', i]));
  return [...list].sort((a, b) => {
    const ra = isObject(a) ? (rank.get(JSON.stringify(a[mergeKey])) ?? Infinity) : Infinity;
    const rb = isObject(b) ? (rank.get(JSON.stringify(b[mergeKey])) ?? Infinity) : Infinity;
    return ra - rb;
  });
}

function strip(value: Json): Json {
  return isObject(value) ? (strategicMergePatch({}, value) as Json) : value;
}

/**
 * Applies a patch of the given media type to an object; a bad patch is a 400 / 422 as
 * kube-apiserver's patch handler answers it, never a crash.
 */
export function applyPatchOfType(type: string, current: JsonObject, patch: unknown): JsonObject {
  switch (type) {
    case 'application/merge-patch+json':
      // jsonpatch.MergePatch: null or a scalar is ErrBadJSONPatch, a 400.
      if (patch === null || (typeof patch !== 'object' && !Array.isArray(patch))) throw new BadRequestError('Invalid JSON Patch');
      if (!isObject(patch)) throw new BadRequestError('the patch must be a JSON object');
      return mergePatch(current, patch) as JsonObject;
    case 'application/apply-patch+yaml':
      if (!isObject(patch)) throw new BadRequestError('the patch must be a JSON object');
      return mergePatch(current, patch) as JsonObject;
    case 'application/strategic-merge-patch+json':
      // Decoded into a map[string]interface{}: null is an empty patch, anything else not an object Go's json error.
      if (patch === null) return current;
      if (!isObject(patch)) throw new BadRequestError(`json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch} into Go value of type map[string]interface {}`);
      return strategicMergePatch(current, patch) as JsonObject;
    case 'application/json-patch+json':
      return applyJsonPatch(current, patch);
    default:
      throw new UnsupportedMediaTypeError(type, PATCH_TYPES);
  }
}
