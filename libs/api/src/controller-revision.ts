import type { ControllerRevision } from './types/stateful-set.types';

/**
 * ControllerRevisions as kube-controller-manager's controller history (pkg/controller/history)
 * makes them, for StatefulSets and DaemonSets: the recorded state, its hash, the revision's name
 * and labels.
 */

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The pod label naming the revision a StatefulSet's pod was made from (apps/v1 ControllerRevisionHashLabelKey). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** The label a ControllerRevision carries with its own hash (history.ControllerRevisionHashLabel). */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** rand.SafeEncodeString's alphabet: no vowels, so no words; no 0/1/3, so nothing mistaken for a letter. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each character mapped into the alphabet by its code. */
export function safeEncodeString(text: string): string {
  return [...text].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
}

/** JSON with object keys sorted, as Go's encoding/json writes a map; undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .filter((k) => (value as Anything)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Anything)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Go's json.Marshal also escapes <, > and & (HTML-safe) and the JavaScript line separators. */
const goJson = (value: unknown): string =>
  canonicalJson(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * What a StatefulSet's or DaemonSet's revision records (both controllers' getPatch): a strategic merge
 * patch that puts its pod template back whole — `{"spec":{"template":{…,"$patch":"replace"}}}` —,
 * as Go marshals it: keys sorted, the template's metadata with `creationTimestamp: null` (a zero
 * metav1.Time is written, never omitted). `kubectl rollout undo` applies it as it is.
 */
export function statefulSetRevisionData(template: unknown): Record<string, unknown> {
  const t = (template ?? {}) as Anything;
  // Its members in Go's order too, so that the bytes served are the ones kubectl's rollout undo compares with its own getPatch.
  return JSON.parse(canonicalJson({ spec: { template: { ...t, metadata: { creationTimestamp: null, ...(t.metadata ?? {}) }, $patch: 'replace' } } })) as Record<string, unknown>;
}

/** The pod template a StatefulSet revision's data puts back. */
export function templateOfRevision(revision: Pick<ControllerRevision, 'data'>): Anything | undefined {
  const template = (revision.data as Anything | undefined)?.spec?.template;
  if (template === undefined || template === null) return undefined;
  const { $patch: _directive, ...rest } = template as Anything;
  const metadata = { ...(rest.metadata ?? {}) };
  if (metadata.creationTimestamp === null) delete metadata.creationTimestamp;
  return { ...rest, metadata };
}

/**
 * history.HashControllerRevision: FNV-1 (32 bits, not 1a) of the recorded data's bytes and then
 * of the collision count in decimal, the sum's decimal digits spelled with SafeEncodeString's
 * alphabet. Bosun's data bytes are Go's (sorted keys), so a template Bosun defaults as kube does
 * hashes as kube's would.
 */
export function controllerRevisionHash(data: unknown, collisionCount?: number): string {
  let hash = 0x811c9dc5;
  const feed = (bytes: Uint8Array): void => {
    for (const b of bytes) hash = (Math.imul(hash, 0x01000193) ^ b) >>> 0;
  };
  feed(Buffer.from(goJson(data), 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) feed(Buffer.from(String(collisionCount), 'utf8'));
  return safeEncodeString(String(hash >>> 0));
}

/** history.ControllerRevisionName: `<controller>-<hash>`, the prefix cut to 223 characters so the name stays a DNS subdomain. */
export function controllerRevisionName(owner: string, hash: string): string {
  return `${owner.length > 223 ? owner.slice(0, 223) : owner}-${hash}`;
}
