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

type StringMapField = { readonly struct: string; readonly field: string; readonly base64?: boolean };

/** The string maps of ConfigMaps and Secrets, decoded from JSON strings (base64 for the []byte ones). */
const STRING_MAPS: Readonly<Record<string, readonly StringMapField[]>> = {
  ConfigMap: [{ struct: 'ConfigMap', field: 'data' }, { struct: 'ConfigMap', field: 'binaryData', base64: true }],
  Secret: [{ struct: 'Secret', field: 'data', base64: true }, { struct: 'Secret', field: 'stringData' }],
};

/**
 * Why kube-apiserver's JSON decoder cannot read a ConfigMap or Secret body, as it words it — the
 * errors Helm users meet: a value that is not a string (`json: cannot unmarshal number into Go
 * struct field ConfigMap.data of type string`) or bytes that are not base64 (`illegal base64 data
 * at input byte 3`). Undefined when it can.
 */
export function undecodable(object: { kind?: string } & Record<string, unknown>): string | undefined {
  for (const { struct, field, base64 } of STRING_MAPS[object.kind ?? ''] ?? []) {
    const map = object[field];
    if (map === undefined || map === null || typeof map !== 'object' || Array.isArray(map)) continue;
    for (const value of Object.values(map as Record<string, unknown>)) {
      if (value === null) continue;
      if (typeof value !== 'string') return `json: cannot unmarshal ${jsonType(value)} into Go struct field ${struct}.${field} of type ${base64 ? '[]uint8' : 'string'}`;
      const offset = base64 ? base64ErrorOffset(value) : undefined;
      if (offset !== undefined) return `illegal base64 data at input byte ${offset}`;
    }
  }
  return undefined;
}
