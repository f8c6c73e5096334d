const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Where Go's base64.StdEncoding gives up on `text` (its CorruptInputError offset: an illegal byte,
 * missing or misplaced padding, or bytes after it), or undefined when it decodes. Line breaks are
 * skipped, as Go skips them.
 */
export function base64ErrorOffset(text: string): number | undefined {
  const newline = (c: string | undefined): boolean => c === '\n' || c === '\r';
  let at = 0;
  for (;;) {
    // One quantum of four characters.
    for (let j = 0; j < 4; j++) {
      if (at === text.length) return j === 0 ? undefined : at - j;
      const c = text[at++]!;
      if (BASE64_ALPHABET.includes(c)) continue;
      if (newline(c)) {
        j--;
        continue;
      }
      if (c !== '=' || j < 2) return at - 1;
      if (j === 2) {
        while (at < text.length && newline(text[at])) at++;
        if (at === text.length) return text.length;
        if (text[at] !== '=') return at - 1;
        at++;
      }
      while (at < text.length && newline(text[at])) at++;
      return at < text.length ? at : undefined;
    }
  }
}

/** The name Go's encoding/json gives a JSON value's type in an UnmarshalTypeError. */
function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

type StringMapField = { readonly struct: string; readonly base64?: boolean };

const OBJECT_META: StringMapField = { struct: 'ObjectMeta' };
const META_MAPS = { 'metadata.labels': OBJECT_META, 'metadata.annotations': OBJECT_META };
const TEMPLATE_MAPS = { 'spec.template.metadata.labels': OBJECT_META, 'spec.template.metadata.annotations': OBJECT_META, 'spec.template.spec.nodeSelector': { struct: 'PodSpec' } };

/**
 * The string maps of each kind, by their path from the object, with the Go struct that holds each
 * (how encoding/json names the field in an UnmarshalTypeError: `ObjectMeta.metadata.labels`);
 * base64 for the []byte ones.
 */
const STRING_MAPS: Readonly<Record<string, Readonly<Record<string, StringMapField>>>> = {
  ConfigMap: { ...META_MAPS, data: { struct: 'ConfigMap' }, binaryData: { struct: 'ConfigMap', base64: true } },
  Secret: { ...META_MAPS, data: { struct: 'Secret', base64: true }, stringData: { struct: 'Secret' } },
  Pod: { ...META_MAPS, 'spec.nodeSelector': { struct: 'PodSpec' } },
  ReplicationController: { ...META_MAPS, 'spec.selector': { struct: 'ReplicationControllerSpec' }, ...TEMPLATE_MAPS },
  Service: { ...META_MAPS, 'spec.selector': { struct: 'ServiceSpec' } },
};

/**
 * Why kube-apiserver's JSON decoder cannot read a body, as it words it — the errors Helm and YAML
 * users meet: a label, annotation, selector or ConfigMap value that is not a string (YAML reads
 * `version: 1.0` as a number and `enabled: on` or `app: n` as booleans: `json: cannot unmarshal bool
 * into Go struct field ObjectMeta.metadata.labels of type string`), a map that is not an object, or
 * bytes that are not base64 (`illegal base64 data at input byte 3`). The first in the body's order,
 * as the decoder keeps the first. Undefined when it can.
 */
export function undecodable(object: { kind?: string } & Record<string, unknown>): string | undefined {
  const fields = STRING_MAPS[object.kind ?? ''] ?? META_MAPS;
  const visit = (value: unknown, path: string): string | undefined => {
    const map = path === '' ? undefined : fields[path];
    if (map !== undefined) {
      if (value === null || value === undefined) return undefined;
      const type = map.base64 ? '[]uint8' : 'string';
      if (typeof value !== 'object' || Array.isArray(value)) return `json: cannot unmarshal ${jsonType(value)} into Go struct field ${map.struct}.${path} of type map[string]${type}`;
      for (const v of Object.values(value as Record<string, unknown>)) {
        if (v === null) continue;
        if (typeof v !== 'string') return `json: cannot unmarshal ${jsonType(v)} into Go struct field ${map.struct}.${path} of type ${type}`;
        const offset = map.base64 ? base64ErrorOffset(v) : undefined;
        if (offset !== undefined) return `illegal base64 data at input byte ${offset}`;
      }
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const prefix = path === '' ? '' : `${path}.`;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childPath = prefix + key;
      // Only down the paths that lead to a string map.
      if (!Object.keys(fields).some((f) => f === childPath || f.startsWith(`${childPath}.`))) continue;
      const why = visit(child, childPath);
      if (why !== undefined) return why;
    }
    return undefined;
  };
  return visit(object, '');
}

/** Go's quoteChar: how encoding/json names a character in a SyntaxError. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const quoted = JSON.stringify(c);
  return `'${quoted.slice(1, -1)}'`;
}

class GoSyntaxError extends Error {}

/**
 * What Go's json.Unmarshal of `text` into a map[string]interface{} says, or undefined when it
 * succeeds: its scanner's syntax errors (`invalid character 'b' looking for beginning of object
 * key string`, `unexpected end of JSON input`) and the type error of a value that is not an object.
 */
export function goJsonObjectError(text: string): string | undefined {
  let at = 0;
  const fail = (context: string): never => {
    if (at >= text.length) throw new GoSyntaxError('unexpected end of JSON input');
    throw new GoSyntaxError(`invalid character ${quoteChar(text[at]!)} ${context}`);
  };
  const space = (): void => {
    while (at < text.length && ' \t\r\n'.includes(text[at]!)) at++;
  };
  const digits = (context: string): void => {
    if (!/[0-9]/.test(text[at] ?? '')) fail(context);
    while (/[0-9]/.test(text[at] ?? '')) at++;
  };
  const string = (): void => {
    at++; // the opening quote
    for (;;) {
      const c = text[at];
      if (c === undefined) fail('');
      if (c === '"') return void at++;
      if (c! < ' ') fail('in string literal');
      if (c === '\\') {
        at++;
        if (text[at] === 'u') {
          for (let i = 0; i < 4; i++) {
            at++;
            if (!/[0-9a-fA-F]/.test(text[at] ?? '')) fail('in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(text[at] ?? 'x') || text[at] === undefined) fail('in string escape code');
      }
      at++;
    }
  };
  const value = (): string => {
    space();
    const c = text[at];
    if (c === '{') {
      at++;
      space();
      if (text[at] === '}') return void at++, 'object';
      for (;;) {
        space();
        if (text[at] !== '"') fail('looking for beginning of object key string');
        string();
        space();
        if (text[at] !== ':') fail('after object key');
        at++;
        value();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') return void at++, 'object';
        fail('after object key:value pair');
      }
    }
    if (c === '[') {
      at++;
      space();
      if (text[at] === ']') return void at++, 'array';
      for (;;) {
        value();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') return void at++, 'array';
        fail('after array element');
      }
    }
    if (c === '"') return string(), 'string';
    if (c === '-' || /[0-9]/.test(c ?? '')) {
      if (c === '-') at++;
      if (text[at] === '0') at++;
      else digits('in numeric literal');
      if (text[at] === '.') {
        at++;
        digits('after decimal point in numeric literal');
      }
      if (text[at] === 'e' || text[at] === 'E') {
        at++;
        if (text[at] === '+' || text[at] === '-') at++;
        digits('in exponent of numeric literal');
      }
      return 'number';
    }
    for (const literal of ['true', 'false', 'null']) {
      if (c !== literal[0]) continue;
      for (let i = 1; i < literal.length; i++) {
        at++;
        if (text[at] !== literal[i]) fail(`in literal ${literal} (expecting ${quoteChar(literal[i]!)})`);
      }
      at++;
      return literal === 'null' ? 'null' : 'bool';
    }
    return fail('looking for beginning of value');
  };
  try {
    const kind = value();
    space();
    if (at < text.length) fail('after top-level value');
    return kind === 'object' || kind === 'null' ? undefined : `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
  } catch (error) {
    if (error instanceof GoSyntaxError) return error.message;
    throw error;
  }
}
