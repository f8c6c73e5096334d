/** One field that differs between two versions of an object. */
export interface FieldChange {
  /**
   * `spec.containers[name=web].image`, `status.conditions[type=Ready].status`, `spec.ports[0].port`,
   * `metadata.labels["app.kubernetes.io/name"]`: list items by their merge key where they have one.
   */
  readonly path: string;
  /** Absent when the field was added. */
  readonly before?: unknown;
  /** Absent when the field was removed. */
  readonly after?: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The leaf fields that differ between two JSON values, in document order. Objects are compared key
 * by key and arrays index by index (Kubernetes' lists of containers and conditions keep their order);
 * a value that changes type is one change.
 */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before as Json | undefined, after as Json | undefined, path, out);
  return out;
}

function walk(a: Json | undefined, b: Json | undefined, path: string, out: FieldChange[]): void {
  if (a === b) return;
  if (isRecord(a) && isRecord(b)) {
    for (const key of Object.keys(a)) walk(a[key], b[key], child(path, key), out);
    for (const key of Object.keys(b)) if (!(key in a)) walk(undefined, b[key], child(path, key), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const key = mergeKey(a, b);
    if (key === undefined) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
      return;
    }
    // Lists Kubernetes merges by a key (conditions by type, containers by name): compared item by
    // item, so a condition added in front does not read as every condition changing.
    const byKey = (list: Json[]): Map<string, Json> => new Map(list.map((item) => [(item as Record<string, string>)[key], item]));
    const [left, right] = [byKey(a), byKey(b)];
    for (const [k, item] of left) walk(item, right.get(k), `${path}[${key}=${k}]`, out);
    for (const [k, item] of right) if (!left.has(k)) walk(undefined, item, `${path}[${key}=${k}]`, out);
    return;
  }
  if (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b)) return;
  out.push({ path: path === '' ? '.' : path, ...(a === undefined ? {} : { before: a }), ...(b === undefined ? {} : { after: b }) });
}

/** `name` or `type` when every item of both lists is an object with a distinct string value of it. */
function mergeKey(a: Json[], b: Json[]): string | undefined {
  for (const key of ['name', 'type']) {
    const keyed = (list: Json[]): boolean => {
      const seen = new Set<string>();
      for (const item of list) {
        const v = isRecord(item) ? item[key] : undefined;
        if (typeof v !== 'string' || seen.has(v)) return false;
        seen.add(v);
      }
      return true;
    };
    if ((a.length > 0 || b.length > 0) && keyed(a) && keyed(b)) return key;
  }
  return undefined;
}

function isRecord(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** `path: before → after`, values as compact JSON (strings bare), long values shortened. */
export function formatChange(change: FieldChange): string {
  const show = (v: unknown): string => {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  };
  if (!('before' in change)) return `${change.path}: + ${show(change.after)}`;
  if (!('after' in change)) return `${change.path}: - ${show(change.before)}`;
  return `${change.path}: ${show(change.before)} → ${show(change.after)}`;
}
