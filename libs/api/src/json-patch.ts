import { ApiError, BadRequestError, RequestEntityTooLargeError } from './api.errors';

/**
 * JSON patches (RFC 6902) as kube-apiserver applies them: through evanphx/json-patch v4, whose
 * semantics differ from the RFC at its edges, and which clients meet:
 *  - `replace` of a missing key of an object that exists adds it (only a missing array index or a
 *    missing parent fails);
 *  - `test` of a missing key passes when the value tested is null;
 *  - negative array indices count from the end;
 *  - a value that is absent is null.
 *
 * A patch that cannot be decoded is a 400 with Go's json message ("json: cannot unmarshal object
 * into Go value of type jsonpatch.Patch"); a patch that does not apply is the 422 kube-apiserver
 * builds with NewGenericServerResponse: reason Invalid, the message "the server rejected our
 * request due to an error in our request" and no causes — the library's own reason is not sent to
 * the client (kubectl prints "The request is invalid: the server rejected our request due to an
 * error in our request"); it is kept here as the error's cause, for logs.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Container = Json[] | JsonObject;
type Operation = Record<string, Json> | null;

/** kube-apiserver's maxJSONPatchOperations. */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;

const REJECTED = 'the server rejected our request due to an error in our request';

/** A JSON patch that does not apply to the object: the 422 kube-apiserver answers, its reason as cause. */
export class JsonPatchApplyError extends ApiError {
  constructor(readonly why: string) {
    super('Invalid', REJECTED, {}, { cause: new Error(why) });
  }
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const goType = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'boolean' ? 'bool' : typeof v === 'object' ? 'object' : typeof v);

/** DecodePatch: a JSON array of operation objects (null is an empty patch), else Go's json error. */
export function decodeJsonPatch(patch: unknown): Operation[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) throw new BadRequestError(`json: cannot unmarshal ${goType(patch)} into Go value of type jsonpatch.Patch`);
  const bad = patch.find((op) => op !== null && !isObject(op));
  if (bad !== undefined) throw new BadRequestError(`json: cannot unmarshal ${goType(bad)} into Go value of type jsonpatch.Operation`);
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new RequestEntityTooLargeError(`Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`);
  }
  return patch as Operation[];
}

/** Applies a decoded JSON patch to a copy of `doc`, as kube-apiserver does; throws JsonPatchApplyError. */
export function applyJsonPatch<T>(doc: T, patch: unknown): T {
  const ops = decodeJsonPatch(patch);
  const root = { doc: structuredClone(doc) as unknown as Json };
  for (const op of ops) {
    const why = applyOperation(root, op ?? {});
    if (why !== undefined) throw new JsonPatchApplyError(why);
  }
  return root.doc as unknown as T;
}

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

/** Go's strconv.Atoi, or the error it prints. */
function atoi(key: string): number | string {
  return /^[+-]?\d+$/.test(key) && Number.isSafeInteger(Number(key)) ? Number(key) : `strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`;
}

const decodeKey = (key: string): string => key.replace(/~1/g, '/').replace(/~0/g, '~');
const stringField = (op: Record<string, Json>, name: string): string | undefined => (typeof op[name] === 'string' ? (op[name] as string) : undefined);

/** get of a container: [value (undefined: nothing there), error]. */
function get(c: Container, key: string): [Json | undefined, string?] {
  if (!Array.isArray(c)) return [c[key] ?? undefined];
  let idx = atoi(key);
  if (typeof idx === 'string') return [undefined, idx];
  if (idx < 0) {
    if (idx < -c.length) return [undefined, `Unable to access invalid index: ${idx}: ${INVALID_INDEX}`];
    idx += c.length;
  }
  if (idx >= c.length) return [undefined, `Unable to access invalid index: ${idx}: ${INVALID_INDEX}`];
  return [c[idx]];
}

function set(c: Container, key: string, value: Json): void {
  if (!Array.isArray(c)) {
    c[key] = value;
    return;
  }
  let idx = atoi(key) as number; // set follows a successful get
  if (idx < 0) idx += c.length;
  c[idx] = value;
}

function add(c: Container, key: string, value: Json): string | undefined {
  if (!Array.isArray(c)) {
    c[key] = value;
    return undefined;
  }
  if (key === '-') {
    c.push(value);
    return undefined;
  }
  let idx = atoi(key);
  if (typeof idx === 'string') return `value was not a proper array index: '${key}': ${idx}`;
  const size = c.length + 1;
  if (idx >= size || idx < -size) return `Unable to access invalid index: ${idx}: ${INVALID_INDEX}`;
  if (idx < 0) idx += size;
  c.splice(idx, 0, value);
  return undefined;
}

function remove(c: Container, key: string): string | undefined {
  if (!Array.isArray(c)) {
    if (!(key in c)) return `Unable to remove nonexistent key: ${key}: ${MISSING}`;
    delete c[key];
    return undefined;
  }
  let idx = atoi(key);
  if (typeof idx === 'string') return idx;
  if (idx >= c.length || idx < -c.length) return `Unable to access invalid index: ${idx}: ${INVALID_INDEX}`;
  if (idx < 0) idx += c.length;
  c.splice(idx, 1);
  return undefined;
}

/** findObject: the container that holds the path's last segment, and that segment; null when a parent is missing. */
function findObject(root: Json, path: string): [Container, string] | null {
  const split = path.split('/');
  if (split.length < 2) return null;
  let doc = root as Container;
  for (const part of split.slice(1, -1)) {
    const [next, error] = get(doc, decodeKey(part));
    if (error !== undefined || next === undefined || next === null || typeof next !== 'object') return null;
    doc = next;
  }
  return [doc, decodeKey(split[split.length - 1])];
}

function equal(a: Json | undefined, b: Json | undefined): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => equal(v, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && equal(a[k], b[k]));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One operation, with evanphx/json-patch v4's wording for why it does not apply. */
function applyOperation(root: { doc: Json }, op: Record<string, Json>): string | undefined {
  const kind = stringField(op, 'op') ?? 'unknown';
  const path = stringField(op, 'path');
  const from = stringField(op, 'from');
  const value = (op.value ?? null) as Json;
  const noPath = 'operation missing path field: missing value';
  const noFrom = 'operation, missing from field: missing value';
  switch (kind) {
    case 'add': {
      if (path === undefined) return `add operation failed to decode path: ${MISSING}`;
      const found = findObject(root.doc, path);
      if (found === null) return `add operation does not apply: doc is missing path: "${path}": ${MISSING}`;
      const error = add(found[0], found[1], structuredClone(value));
      return error === undefined ? undefined : `error in add for path: '${path}': ${error}`;
    }
    case 'remove': {
      if (path === undefined) return `remove operation failed to decode path: ${MISSING}`;
      const found = findObject(root.doc, path);
      if (found === null) return `remove operation does not apply: doc is missing path: "${path}": ${MISSING}`;
      const error = remove(found[0], found[1]);
      return error === undefined ? undefined : `error in remove for path: '${path}': ${error}`;
    }
    case 'replace': {
      if (path === undefined) return `replace operation failed to decode path: ${noPath}`;
      if (path === '') {
        // The whole document, when the value is one; anything else is silently ignored there.
        if (typeof value === 'object' && value !== null) root.doc = structuredClone(value);
        return undefined;
      }
      const found = findObject(root.doc, path);
      if (found === null) return `replace operation does not apply: doc is missing path: ${path}: ${MISSING}`;
      if (get(found[0], found[1])[1] !== undefined) return `replace operation does not apply: doc is missing key: ${path}: ${MISSING}`;
      set(found[0], found[1], structuredClone(value));
      return undefined;
    }
    case 'move': {
      if (from === undefined) return `move operation failed to decode from: ${noFrom}`;
      const source = findObject(root.doc, from);
      if (source === null) return `move operation does not apply: doc is missing from path: ${from}: ${MISSING}`;
      const [moved, getError] = get(source[0], source[1]);
      if (getError !== undefined) return `error in move for path: '${source[1]}': ${getError}`;
      const removeError = remove(source[0], source[1]);
      if (removeError !== undefined) return `error in move for path: '${source[1]}': ${removeError}`;
      if (path === undefined) return `move operation failed to decode path: ${noPath}`;
      const target = findObject(root.doc, path);
      if (target === null) return `move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`;
      const addError = add(target[0], target[1], moved ?? null);
      return addError === undefined ? undefined : `error in move for path: '${path}': ${addError}`;
    }
    case 'test': {
      if (path === undefined) return `test operation failed to decode path: ${noPath}`;
      const failed = `testing value ${path} failed: test failed`;
      if (path === '') return equal(root.doc, value) ? undefined : failed;
      const found = findObject(root.doc, path);
      if (found === null) return `test operation does not apply: is missing path: ${path}: ${MISSING}`;
      const [actual, error] = get(found[0], found[1]);
      if (error !== undefined) return `error in test for path: '${path}': ${error}`;
      if (!('value' in op)) return failed;
      return equal(actual, value) ? undefined : failed;
    }
    case 'copy': {
      if (from === undefined) return `copy operation failed to decode from: ${noFrom}`;
      const source = findObject(root.doc, from);
      if (source === null) return `copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`;
      const [copied, getError] = get(source[0], source[1]);
      if (getError !== undefined) return `error in copy for from: '${from}': ${getError}`;
      if (path === undefined) return `copy operation failed to decode path: ${MISSING}`;
      const target = findObject(root.doc, path);
      if (target === null) return `copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`;
      const addError = add(target[0], target[1], structuredClone(copied ?? null));
      return addError === undefined ? undefined : `error while adding value during copy: ${addError}`;
    }
    default:
      return `Unexpected kind: ${kind}`;
  }
}
