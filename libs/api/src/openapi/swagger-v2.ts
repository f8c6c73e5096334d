import { coreV1OpenApi, documentHash } from './openapi.document';
import { SCHEMA_PREFIX, type Schema } from './schema.builders';

/**
 * The OpenAPI v2 (Swagger 2.0) form of the core/v1 schemas, as kube-apiserver serves it at
 * `/openapi/v2`. kubectl still reads v2 in one place: the client-side validation of a `kind: List`
 * document (`kubectl create -f` / `apply -f` of what `kubectl get -o yaml` prints), which it never
 * leaves to the server and which needs v2's `definitions`; without them the whole file is refused
 * ("error validating data: the server could not find the requested resource"). kubectl asks for
 * protobuf only (gnostic's `openapi_v2.Document`), so the document is served in that encoding too.
 *
 * The v2 document holds the definitions, converted from the v3 components; the operations are
 * described in v3 only (no client of this version reads them from v2).
 */

const V2_PREFIX = '#/definitions/';

/** A v3 schema as Swagger 2.0 writes it. */
export function toSwaggerSchema(schema: Schema): Schema {
  const out: Record<string, unknown> = {};
  const allOf = schema['allOf'] as Schema[] | undefined;
  // A field pointing at a component: v3 wraps the $ref in allOf to keep its description; v2 (and
  // Kubernetes' own v2) puts the $ref beside it.
  if (allOf?.length === 1 && typeof allOf[0]!['$ref'] === 'string' && schema['properties'] === undefined) {
    out['$ref'] = v2Ref(allOf[0]!['$ref'] as string);
  }
  for (const [key, value] of Object.entries(schema)) {
    switch (key) {
      case 'allOf':
        if (out['$ref'] === undefined) out['allOf'] = (value as Schema[]).map(toSwaggerSchema);
        break;
      case '$ref':
        out['$ref'] = v2Ref(value as string);
        break;
      case 'oneOf':
        // v2 has no oneOf. Kubernetes' v2 writes IntOrString and Quantity as strings, which
        // kubectl's validation takes for any scalar.
        if ((value as Schema[]).some((s) => s['type'] === 'string') && schema['type'] === undefined) out['type'] = 'string';
        break;
      case 'nullable':
      case 'anyOf':
      case 'not':
        break; // v3 only
      case 'items':
        out['items'] = toSwaggerSchema(value as Schema);
        break;
      case 'additionalProperties':
        out['additionalProperties'] = typeof value === 'boolean' ? value : toSwaggerSchema(value as Schema);
        break;
      case 'properties':
        out['properties'] = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, toSwaggerSchema(v)]));
        break;
      default:
        out[key] = value;
    }
  }
  return out;
}

function v2Ref(ref: string): string {
  if (!ref.startsWith(SCHEMA_PREFIX)) throw new Error(`not a component reference: ${ref}`);
  return V2_PREFIX + ref.slice(SCHEMA_PREFIX.length);
}

function buildSwagger(): Record<string, unknown> {
  const v3 = coreV1OpenApi().document as { info: Record<string, unknown>; components: { schemas: Record<string, Schema> } };
  return {
    swagger: '2.0',
    info: { ...v3.info },
    paths: {},
    definitions: Object.fromEntries(Object.entries(v3.components.schemas).map(([name, s]) => [name, toSwaggerSchema(s)])),
  };
}

// --- gnostic's protobuf encoding of openapi_v2.Document (github.com/google/gnostic-models, OpenAPIv2.proto) ---

/** A protobuf message being written: fields appended in order, sub-messages length-delimited. */
class ProtoWriter {
  private readonly chunks: Buffer[] = [];

  private varint(n: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(n));
    const bytes: number[] = [];
    while (v >= 0x80n) {
      bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    bytes.push(Number(v));
    this.chunks.push(Buffer.from(bytes));
  }

  private tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  /** proto3: a string field equal to '' is not written. */
  string(field: number, value: string | undefined): this {
    if (value === undefined || value === '') return this;
    const bytes = Buffer.from(value, 'utf8');
    this.tag(field, 2);
    this.varint(bytes.length);
    this.chunks.push(bytes);
    return this;
  }

  strings(field: number, values: readonly string[] | undefined): this {
    for (const v of values ?? []) {
      const bytes = Buffer.from(v, 'utf8');
      this.tag(field, 2);
      this.varint(bytes.length);
      this.chunks.push(bytes);
    }
    return this;
  }

  bool(field: number, value: unknown): this {
    if (value !== true) return this;
    this.tag(field, 0);
    this.varint(1);
    return this;
  }

  int64(field: number, value: unknown): this {
    if (typeof value !== 'number' || value === 0) return this;
    this.tag(field, 0);
    this.varint(Math.trunc(value));
    return this;
  }

  double(field: number, value: unknown): this {
    if (typeof value !== 'number' || value === 0) return this;
    this.tag(field, 1);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    this.chunks.push(b);
    return this;
  }

  message(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    const bytes = inner.finish();
    this.tag(field, 2);
    this.varint(bytes.length);
    this.chunks.push(bytes);
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** gnostic's `Any`: a value as YAML text (JSON is YAML). */
const writeAny = (w: ProtoWriter, value: unknown): void => {
  w.string(2, JSON.stringify(value));
};

function writeSchema(w: ProtoWriter, s: Schema): void {
  w.string(1, s['$ref'] as string | undefined)
    .string(2, s['format'] as string | undefined)
    .string(3, s['title'] as string | undefined)
    .string(4, s['description'] as string | undefined);
  if (s['default'] !== undefined) w.message(5, (a) => writeAny(a, s['default']));
  w.double(6, s['multipleOf'])
    .double(7, s['maximum'])
    .bool(8, s['exclusiveMaximum'])
    .double(9, s['minimum'])
    .bool(10, s['exclusiveMinimum'])
    .int64(11, s['maxLength'])
    .int64(12, s['minLength'])
    .string(13, s['pattern'] as string | undefined)
    .int64(14, s['maxItems'])
    .int64(15, s['minItems'])
    .bool(16, s['uniqueItems'])
    .int64(17, s['maxProperties'])
    .int64(18, s['minProperties'])
    .strings(19, s['required'] as string[] | undefined);
  for (const value of (s['enum'] as unknown[] | undefined) ?? []) w.message(20, (a) => writeAny(a, value));
  const additional = s['additionalProperties'];
  if (typeof additional === 'boolean') w.message(21, (a) => a.bool(2, additional));
  else if (additional !== undefined) w.message(21, (a) => a.message(1, (m) => writeSchema(m, additional as Schema)));
  if (typeof s['type'] === 'string') w.message(22, (t) => t.string(1, s['type'] as string));
  if (s['items'] !== undefined) w.message(23, (i) => i.message(1, (m) => writeSchema(m, s['items'] as Schema)));
  for (const sub of (s['allOf'] as Schema[] | undefined) ?? []) w.message(24, (m) => writeSchema(m, sub));
  const properties = s['properties'] as Record<string, Schema> | undefined;
  if (properties !== undefined) {
    w.message(25, (p) => {
      for (const [name, sub] of Object.entries(properties)) p.message(1, (n) => n.string(1, name).message(2, (m) => writeSchema(m, sub)));
    });
  }
  w.bool(27, s['readOnly']);
  for (const [key, value] of Object.entries(s)) {
    if (key.startsWith('x-')) w.message(31, (n) => n.string(1, key).message(2, (a) => writeAny(a, value)));
  }
}

/** The document in gnostic's protobuf encoding, what kubectl asks for. */
export function encodeSwaggerProtobuf(doc: Record<string, unknown>): Buffer {
  const info = doc['info'] as Record<string, string>;
  const definitions = doc['definitions'] as Record<string, Schema>;
  const w = new ProtoWriter()
    .string(1, doc['swagger'] as string)
    .message(2, (i) => i.string(1, info['title']).string(2, info['version']).string(3, info['description']))
    .message(8, () => {})
    .message(9, (d) => {
      for (const [name, s] of Object.entries(definitions)) d.message(1, (n) => n.string(1, name).message(2, (m) => writeSchema(m, s)));
    });
  return w.finish();
}

let cached: { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly protobuf: Buffer; readonly hash: string } | undefined;

/** The v2 document as JSON and as protobuf, and its hash (for ETag), computed once. */
export function coreV1SwaggerV2(): { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly protobuf: Buffer; readonly hash: string } {
  if (cached === undefined) {
    const document = buildSwagger();
    cached = { document, json: JSON.stringify(document), protobuf: encodeSwaggerProtobuf(document), hash: documentHash(document) };
  }
  return cached;
}
