/**
 * How the embedded log stores a record's headers: without those the row's key and its other headers
 * give (docs/events.md, "The embedded log's file"). An object event carries 13 or more headers, five
 * of them repeating its key or a constant; parsing a row is most of a replay, and V8's JSON.parse of
 * a row without them takes little more than half as long, expansion included (bench:actors'
 * PodStatusUpdated rows, interleaved in one process on a loaded machine: 3.4–3.6 µs against 2.1 µs).
 *
 * A header is left out only where the rule gives back exactly its value, and only from headers whose
 * names are all in ORDER and in that order (every record Bosun writes): so the record read has the
 * same headers, in the same order, as the record written. Anything else is stored whole.
 */

/** The envelope's headers in the order Bosun's writers set them (runtime's envelope.ts). */
const ORDER = [
  'ce_specversion',
  'ce_id',
  'ce_source',
  'ce_time',
  'ce_subject',
  'ce_schemaversion',
  'ce_causationid',
  'ce_correlationid',
  'bosun_actor',
  'bosun_kind',
  'bosun_namespace',
  'bosun_name',
  'bosun_partition',
  'bosun_epoch',
  'bosun_owner',
  'bosun_command',
  'bosun_cause',
  'bosun_replyto',
] as const;
const POSITION = new Map<string, number>(ORDER.map((name, i) => [name, i]));

/** The headers a row may leave out, each with its bit in the row's `derived` and how it is derived. */
const RULES: ReadonlyArray<{ readonly name: string; readonly bit: number; readonly value: (key: string, headers: Readonly<Record<string, string>>) => string | undefined }> = [
  { name: 'ce_specversion', bit: 1, value: () => '1.0' },
  { name: 'ce_subject', bit: 2, value: (key) => key },
  // `<resource>/<namespace>/<name>`: the middle segment.
  { name: 'bosun_namespace', bit: 4, value: (key) => segments(key)?.namespace },
  // The last segment of `<resource>/<name>` or `<resource>/<namespace>/<name>`.
  { name: 'bosun_name', bit: 8, value: (key) => segments(key)?.name },
  // An event's ce_id is `<command id>/<index>`, its ce_causationid the command id.
  { name: 'ce_causationid', bit: 16, value: (_, headers) => (headers.ce_id === undefined || headers.ce_id.lastIndexOf('/') < 0 ? undefined : headers.ce_id.slice(0, headers.ce_id.lastIndexOf('/'))) },
];
const RULE = new Map(RULES.map((r) => [r.name, r]));
const BIT = new Map(RULES.map((r) => [r.name, r.bit]));

function segments(key: string): { namespace?: string; name: string } | undefined {
  const first = key.indexOf('/');
  if (first < 0) return undefined;
  const second = key.indexOf('/', first + 1);
  if (second < 0) return { name: key.slice(first + 1) };
  if (key.indexOf('/', second + 1) >= 0) return undefined;
  return { namespace: key.slice(first + 1, second), name: key.slice(second + 1) };
}

/** The headers to store, and the bits of those left out (0: stored whole). */
export function compactHeaders(key: string, headers: Readonly<Record<string, string>>): { derived: number; stored: Readonly<Record<string, string>> } {
  let last = -1;
  for (const name in headers) {
    const at = POSITION.get(name);
    if (at === undefined || at < last) return { derived: 0, stored: headers };
    last = at;
  }
  const derived = derivedBits(key, headers);
  if (derived === 0) return { derived: 0, stored: headers };
  const stored: Record<string, string> = {};
  for (const name in headers) {
    const bit = BIT.get(name);
    if (bit === undefined || (derived & bit) === 0) stored[name] = headers[name];
  }
  return { derived, stored };
}

/**
 * RULES' bits for these headers, tested without building the derived values (this runs on every
 * record written); a spec holds it to RULES.
 */
function derivedBits(key: string, h: Readonly<Record<string, string>>): number {
  let bits = 0;
  if (h.ce_specversion === '1.0') bits |= 1;
  if (h.ce_subject === key) bits |= 2;
  const first = key.indexOf('/');
  if (first >= 0) {
    const second = key.indexOf('/', first + 1);
    const threeSegments = second >= 0 && key.indexOf('/', second + 1) < 0;
    const ns = h.bosun_namespace;
    if (threeSegments && ns !== undefined && ns.length === second - first - 1 && key.startsWith(ns, first + 1)) bits |= 4;
    const name = h.bosun_name;
    const nameStart = (second < 0 ? first : second) + 1;
    if ((second < 0 || threeSegments) && name !== undefined && name.length === key.length - nameStart && key.endsWith(name)) bits |= 8;
  }
  const id = h.ce_id;
  const cause = h.ce_causationid;
  if (id !== undefined && cause !== undefined && id.lastIndexOf('/') === cause.length && id.startsWith(cause)) bits |= 16;
  return bits;
}

/** derivedBits by RULES: what the spec checks it against. */
export function derivedBitsByRules(key: string, headers: Readonly<Record<string, string>>): number {
  let bits = 0;
  for (const rule of RULES) if (headers[rule.name] !== undefined && rule.value(key, headers) === headers[rule.name]) bits |= rule.bit;
  return bits;
}

/**
 * The headers as written, from a row's stored headers and its `derived` bits: ORDER spelt out, each
 * member set where it was written (a loop over ORDER with the rules took most of what leaving the
 * headers out saves). A spec holds this to ORDER and RULES.
 */
export function expandHeaders(key: string, derived: number, s: Readonly<Record<string, string>>): Record<string, string> {
  const h: Record<string, string> = {};
  if ((derived & 1) !== 0) h.ce_specversion = '1.0';
  else if (s.ce_specversion !== undefined) h.ce_specversion = s.ce_specversion;
  if (s.ce_id !== undefined) h.ce_id = s.ce_id;
  if (s.ce_source !== undefined) h.ce_source = s.ce_source;
  if (s.ce_time !== undefined) h.ce_time = s.ce_time;
  if ((derived & 2) !== 0) h.ce_subject = key;
  else if (s.ce_subject !== undefined) h.ce_subject = s.ce_subject;
  if (s.ce_schemaversion !== undefined) h.ce_schemaversion = s.ce_schemaversion;
  if ((derived & 16) !== 0) h.ce_causationid = s.ce_id.slice(0, s.ce_id.lastIndexOf('/'));
  else if (s.ce_causationid !== undefined) h.ce_causationid = s.ce_causationid;
  if (s.ce_correlationid !== undefined) h.ce_correlationid = s.ce_correlationid;
  if (s.bosun_actor !== undefined) h.bosun_actor = s.bosun_actor;
  if (s.bosun_kind !== undefined) h.bosun_kind = s.bosun_kind;
  if ((derived & 12) !== 0) {
    const first = key.indexOf('/');
    const second = key.indexOf('/', first + 1);
    if ((derived & 4) !== 0) h.bosun_namespace = key.slice(first + 1, second);
    else if (s.bosun_namespace !== undefined) h.bosun_namespace = s.bosun_namespace;
    if ((derived & 8) !== 0) h.bosun_name = key.slice((second < 0 ? first : second) + 1);
    else if (s.bosun_name !== undefined) h.bosun_name = s.bosun_name;
  } else {
    if (s.bosun_namespace !== undefined) h.bosun_namespace = s.bosun_namespace;
    if (s.bosun_name !== undefined) h.bosun_name = s.bosun_name;
  }
  if (s.bosun_partition !== undefined) h.bosun_partition = s.bosun_partition;
  if (s.bosun_epoch !== undefined) h.bosun_epoch = s.bosun_epoch;
  if (s.bosun_owner !== undefined) h.bosun_owner = s.bosun_owner;
  if (s.bosun_command !== undefined) h.bosun_command = s.bosun_command;
  if (s.bosun_cause !== undefined) h.bosun_cause = s.bosun_cause;
  if (s.bosun_replyto !== undefined) h.bosun_replyto = s.bosun_replyto;
  return h;
}

/** expandHeaders written as a loop over ORDER and RULES: what the spec checks it against. */
export function expandHeadersByRules(key: string, derived: number, stored: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ORDER) {
    const rule = RULE.get(name);
    const value = rule !== undefined && (derived & rule.bit) !== 0 ? rule.value(key, stored) : stored[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
