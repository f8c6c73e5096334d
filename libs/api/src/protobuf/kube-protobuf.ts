/**
 * Reads Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`) into the JSON form of
 * the same object, so that the gateway handles a protobuf body exactly as the JSON a Go client
 * would have sent. client-go's generated clients send built-in kinds as protobuf by default (and
 * never fall back to JSON), so without this no Go typed client could write.
 *
 * The wire layout of each message — field numbers, JSON names, which fields are Go pointers and
 * which omit their zero value — is `kube-protobuf.schema.json`, read by reflection from the pinned
 * k8s.io/api Go types (scripts/kube-protobuf-schema). Bosun decodes and never encodes: it answers
 * in JSON, which every client that asks for protobuf also accepts.
 *
 * The body is the 4-byte magic `k8s\0` and a `runtime.Unknown` envelope: typeMeta (apiVersion,
 * kind) in field 1, the object's message in field 2, an encoding in field 3.
 */
import { BadRequestError } from '../api.errors';
import schema from './kube-protobuf.schema.json';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

interface Field {
  readonly n: number;
  readonly j: string;
  readonly t: string;
  readonly r?: boolean;
  readonly m?: boolean;
  readonly p?: boolean;
  readonly o?: boolean;
  readonly z?: boolean;
}

const SCHEMA = schema as { kinds: Record<string, string>; messages: Record<string, Field[]> };
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** One field occurrence as read from the wire: a varint (as bigint) or a length-delimited slice. */
type Raw = { wire: 0; value: bigint } | { wire: 2; value: Buffer } | { wire: 1 | 5; value: Buffer };

class ProtobufError extends Error {}

/** The fields of one message, grouped by number, in wire order. */
function readMessage(buf: Buffer): Map<number, Raw[]> {
  const fields = new Map<number, Raw[]>();
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new ProtobufError('truncated varint');
      const byte = buf[pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new ProtobufError('varint too long');
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wire = key & 7;
    let raw: Raw;
    if (wire === 0) raw = { wire, value: varint() };
    else if (wire === 2) {
      const length = Number(varint());
      if (pos + length > buf.length) throw new ProtobufError('truncated field');
      raw = { wire, value: buf.subarray(pos, pos + length) };
      pos += length;
    } else if (wire === 1 || wire === 5) {
      const length = wire === 1 ? 8 : 4;
      if (pos + length > buf.length) throw new ProtobufError('truncated field');
      raw = { wire, value: buf.subarray(pos, pos + length) };
      pos += length;
    } else throw new ProtobufError(`unsupported wire type ${wire}`);
    if (number === 0) throw new ProtobufError('field number 0');
    const list = fields.get(number);
    if (list === undefined) fields.set(number, [raw]);
    else list.push(raw);
  }
  return fields;
}

/** A varint as the signed 64-bit integer Go wrote (int32 and int64 are sign-extended alike). */
function signed(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

function bytesOf(raw: Raw): Buffer {
  if (raw.wire !== 2) throw new ProtobufError('expected a length-delimited field');
  return raw.value;
}

function stringOf(raw: Raw): string {
  return bytesOf(raw).toString('utf8');
}

/** Repeated scalars come one per occurrence, or packed into one length-delimited field. */
function scalars(type: string, raws: Raw[]): unknown[] {
  const out: unknown[] = [];
  for (const raw of raws) {
    if ((type === 'int' || type === 'bool') && raw.wire === 2) {
      const packed = raw.value;
      let pos = 0;
      while (pos < packed.length) {
        let result = 0n;
        let shift = 0n;
        for (;;) {
          const byte = packed[pos++];
          result |= BigInt(byte & 0x7f) << shift;
          if ((byte & 0x80) === 0) break;
          shift += 7n;
        }
        out.push(type === 'bool' ? result !== 0n : signed(result));
      }
    } else out.push(value(type, raw));
  }
  return out;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** metav1.Time and MicroTime: {seconds, nanos} → RFC 3339 in UTC (seconds, or microseconds); the zero time → null. */
function time(buf: Buffer, micro: boolean): string | null {
  const fields = readMessage(buf);
  const seconds = fields.get(1)?.at(-1);
  const nanos = fields.get(2)?.at(-1);
  const s = seconds?.wire === 0 ? signed(seconds.value) : 0;
  const ns = nanos?.wire === 0 ? signed(nanos.value) : 0;
  if (s === 0 && ns === 0) return null;
  const d = new Date(s * 1000);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return micro ? `${base}.${pad(Math.floor(ns / 1000), 6)}Z` : `${base}Z`;
}

/** metav1.Duration: nanoseconds → Go's duration string ("1h2m3.5s"). */
function duration(buf: Buffer): string {
  const raw = readMessage(buf).get(1)?.at(-1);
  let ns = raw?.wire === 0 ? signed(raw.value) : 0;
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  ns = Math.abs(ns);
  const h = Math.floor(ns / 3.6e12);
  const m = Math.floor((ns % 3.6e12) / 6e10);
  const s = (ns % 6e10) / 1e9;
  return `${sign}${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}s`;
}

function value(type: string, raw: Raw): unknown {
  switch (type) {
    case 'string':
      return stringOf(raw);
    case 'bool':
      if (raw.wire !== 0) throw new ProtobufError('expected a varint');
      return raw.value !== 0n;
    case 'int':
      if (raw.wire !== 0) throw new ProtobufError('expected a varint');
      return signed(raw.value);
    case 'double':
      if (raw.wire !== 1) throw new ProtobufError('expected a 64-bit field');
      return raw.value.readDoubleLE(0);
    case 'float':
      if (raw.wire !== 5) throw new ProtobufError('expected a 32-bit field');
      return raw.value.readFloatLE(0);
    case 'bytes':
      return bytesOf(raw).toString('base64');
    case 'Time':
      return time(bytesOf(raw), false);
    case 'MicroTime':
      return time(bytesOf(raw), true);
    case 'Duration':
      return duration(bytesOf(raw));
    case 'Quantity': {
      const s = readMessage(bytesOf(raw)).get(1)?.at(-1);
      return s === undefined ? '0' : stringOf(s);
    }
    case 'IntOrString': {
      const f = readMessage(bytesOf(raw));
      const kind = f.get(1)?.at(-1);
      if (kind?.wire === 0 && kind.value === 1n) {
        const s = f.get(3)?.at(-1);
        return s === undefined ? '' : stringOf(s);
      }
      const i = f.get(2)?.at(-1);
      return i?.wire === 0 ? signed(i.value) : 0;
    }
    case 'FieldsV1':
    case 'RawExtension': {
      const inner = readMessage(bytesOf(raw)).get(1)?.at(-1);
      if (inner === undefined || bytesOf(inner).length === 0) return {};
      try {
        return JSON.parse(stringOf(inner)) as unknown;
      } catch {
        throw new ProtobufError(`${type} does not hold JSON`);
      }
    }
  }
  if (type.startsWith('[]')) return scalarsOrMessages(type.slice(2), readMessage(bytesOf(raw)).get(1) ?? []);
  return message(type, bytesOf(raw));
}

function scalarsOrMessages(type: string, raws: Raw[]): unknown[] {
  return SCHEMA.messages[type] === undefined ? scalars(type, raws) : raws.map((raw) => value(type, raw));
}

/** Go's zero value of a field's type, as encoding/json writes it. */
function zero(field: Field): unknown {
  if (field.r || field.m) return null;
  switch (field.t) {
    case 'string':
    case 'bytes':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'double':
    case 'float':
    case 'IntOrString':
      return 0;
    case 'Quantity':
      return '0';
    case 'Time':
    case 'MicroTime':
      return null;
    case 'Duration':
      return '0s';
    case 'FieldsV1':
    case 'RawExtension':
      return {};
  }
  return message(field.t, Buffer.alloc(0));
}

/** A zero value encoding/json leaves out: omitempty's of a scalar, a list or a map (never of a struct), omitzero's of anything. */
function omitted(field: Field, v: unknown): boolean {
  if (field.p) return false;
  // omitzero: a zero of any type, a struct too (metadata.creationTimestamp).
  if (field.z && (v === null || v === '' || v === 0 || v === false)) return true;
  if (!isEmptyByDefault(field)) return false;
  if (field.m) return Object.keys(v as object).length === 0;
  if (field.r) return (v as unknown[]).length === 0;
  return v === '' || v === 0 || v === false;
}

/**
 * One message as Go's encoding/json would write the struct: a Go pointer only when it was sent
 * (then even a zero value counts: `replicas: 0`, `gracePeriodSeconds: 0`), an omitempty scalar,
 * list or map only when not empty, every other field always (structs, `creationTimestamp: null`).
 */
function message(type: string, buf: Buffer): Record<string, unknown> {
  const fields = SCHEMA.messages[type];
  if (fields === undefined) throw new ProtobufError(`no schema for ${type}`);
  const wire = readMessage(buf);
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const raws = wire.get(field.n);
    if (field.j === '') {
      // Inlined in JSON (Volume's VolumeSource, Probe's handler): its fields join the parent's.
      const inner = raws === undefined ? Buffer.alloc(0) : bytesOf(raws[raws.length - 1]);
      Object.assign(out, message(field.t, inner));
      continue;
    }
    if (raws === undefined) {
      if (field.p || field.z || isEmptyByDefault(field)) continue;
      out[field.j] = zero(field);
      continue;
    }
    let v: unknown;
    if (field.m) {
      const map: Record<string, unknown> = {};
      for (const raw of raws) {
        const entry = readMessage(bytesOf(raw));
        const key = entry.get(1)?.at(-1);
        const val = entry.get(2)?.at(-1);
        map[key === undefined ? '' : stringOf(key)] = val === undefined ? zero({ ...field, m: false }) : value(field.t, val);
      }
      v = map;
    } else if (field.r) v = scalarsOrMessages(field.t, raws);
    else v = value(field.t, raws[raws.length - 1]);
    if (omitted(field, v)) continue;
    out[field.j] = v;
  }
  return out;
}

/** Whether Go's encoding/json leaves the field out when it holds its zero value (omitempty on a scalar, list or map). */
function isEmptyByDefault(field: Field): boolean {
  if (!field.o) return false;
  if (field.r || field.m) return true;
  return ['string', 'bool', 'int', 'double', 'float', 'bytes'].includes(field.t);
}

/**
 * Decodes a protobuf request body into the object's JSON form, with the apiVersion and kind of
 * its envelope. A kind Bosun has no schema for, or a malformed body, is a 400 BadRequest (as
 * kube-apiserver answers a body it cannot decode).
 */
/** The meta options every group version takes (only DeleteOptions travels as a body). */
const OPTION_KINDS: ReadonlySet<string> = new Set(['DeleteOptions', 'CreateOptions', 'UpdateOptions', 'PatchOptions', 'GetOptions', 'ListOptions']);

export function decodeKubeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BadRequestError('the protobuf body does not start with the Kubernetes magic number');
  }
  try {
    const envelope = readMessage(body.subarray(MAGIC.length));
    const typeMeta = envelope.get(1)?.at(-1);
    const meta = typeMeta === undefined ? new Map<number, Raw[]>() : readMessage(bytesOf(typeMeta));
    const apiVersion = meta.get(1) === undefined ? '' : stringOf(meta.get(1)!.at(-1)!);
    const kind = meta.get(2) === undefined ? '' : stringOf(meta.get(2)!.at(-1)!);
    const encoding = envelope.get(3)?.at(-1);
    if (encoding !== undefined && stringOf(encoding) !== '') throw new ProtobufError(`content encoding ${stringOf(encoding)} is not supported`);
    // kube-apiserver registers meta's option kinds in every group version (as AddToGroupVersion
    // does), so client-go writes a Lease's DeleteOptions as coordination.k8s.io/v1 (an autoscaler's as autoscaling/v2).
    const type = SCHEMA.kinds[`${apiVersion}/${kind}`] ?? (OPTION_KINDS.has(kind) && /\/v[0-9]+$/.test(apiVersion) ? SCHEMA.kinds[`meta.k8s.io/v1/${kind}`] : undefined);
    if (type === undefined) throw new ProtobufError(`no kind "${kind}" is registered for version "${apiVersion}"`);
    const raw = envelope.get(2)?.at(-1);
    const object = message(type, raw === undefined ? Buffer.alloc(0) : bytesOf(raw));
    return { apiVersion, kind, ...object };
  } catch (error) {
    if (error instanceof ProtobufError) throw new BadRequestError(`the protobuf body could not be decoded: ${error.message}`);
    throw error;
  }
}
