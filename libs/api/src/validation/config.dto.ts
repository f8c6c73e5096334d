import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { metaDtoFor } from './meta.dto';
import { isAbsent, isBoolean, isStringMap, Nested, oneOf, required, Rule, type Check } from './rules';
import { goJsonObjectError } from '../decode-errors';

// ConfigMap and Secret: keys and values, for pods' environment.

/** Kubernetes' limit on a ConfigMap's or Secret's data, all keys and values together. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function keyErrors(key: string): string[] {
  const out: string[] = [];
  if (key.length > 253) out.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(key)) {
    out.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  }
  if (key === '.' || key === '..') out.push(`must not be '${key}'`);
  else if (key.startsWith('..')) out.push("must not start with '..'");
  return out;
}

/** A map of config keys to strings; `base64` values must decode. */
const configMap =
  (base64: boolean): Check =>
  (v) => {
    const shape = isStringMap(v, undefined);
    if (shape.length > 0) return shape;
    const out: FieldCause[] = [];
    for (const [key, value] of Object.entries(v as Record<string, string>)) {
      for (const m of keyErrors(key)) out.push(fieldErrors.invalid(`[${key}]`, key, m));
      if (base64 && !BASE64.test(value)) out.push(fieldErrors.invalid(`[${key}]`, '<value omitted>', 'must be base64-encoded'));
    }
    return out;
  };

/**
 * What only the whole object tells, reported under the first map (`data`): a key in both maps
 * (when `overlap` is an error), and the total size of keys and decoded values.
 */
function wholeData(maps: Record<string, Record<string, string> | undefined>, decoded: Record<string, boolean>, overlap: boolean): FieldCause[] {
  const out: FieldCause[] = [];
  const [first, second] = Object.keys(maps);
  const own = maps[first];
  const other = maps[second];
  if (overlap && typeof own === 'object' && own !== null && typeof other === 'object' && other !== null) {
    for (const key of Object.keys(own)) if (key in other) out.push(fieldErrors.invalid(`[${key}]`, key, `duplicate of key present in ${second}`));
  }
  let bytes = 0;
  for (const [name, map] of Object.entries(maps)) {
    if (typeof map !== 'object' || map === null) continue;
    for (const [key, value] of Object.entries(map)) {
      if (typeof value !== 'string') continue;
      bytes += key.length + (decoded[name] ? Math.floor((value.length * 3) / 4) : Buffer.byteLength(value));
    }
  }
  if (bytes > MAX_CONFIG_BYTES) out.push(fieldErrors.tooLong('', MAX_CONFIG_BYTES));
  return out;
}

export const ConfigMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class ConfigMapDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['ConfigMap'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => ConfigMetaDto) metadata!: InstanceType<typeof ConfigMetaDto>;
  @Rule((data, cm: ConfigMapDto) => [...(isAbsent(data) ? [] : configMap(false)(data, cm)), ...wholeData({ data: cm.data, binaryData: cm.binaryData }, { data: false, binaryData: true }, true)], { always: true })
  data?: Record<string, string>;
  @Rule(configMap(true)) binaryData?: Record<string, string>;
  @Rule(isBoolean) immutable?: boolean;
}

/** The keys each built-in Secret type must hold (in data or stringData), as kube-apiserver's ValidateSecret requires them. */
const SECRET_TYPE_KEYS: Readonly<Record<string, { all?: readonly string[]; oneOf?: readonly string[]; json?: string }>> = {
  'kubernetes.io/tls': { all: ['tls.crt', 'tls.key'] },
  'kubernetes.io/ssh-auth': { all: ['ssh-privatekey'] },
  'kubernetes.io/basic-auth': { oneOf: ['username', 'password'] },
  'kubernetes.io/dockercfg': { all: ['.dockercfg'], json: '.dockercfg' },
  'kubernetes.io/dockerconfigjson': { all: ['.dockerconfigjson'], json: '.dockerconfigjson' },
};

/** The type's required keys (field paths under `data`), and a docker config that must be JSON. */
function secretTypeErrors(s: SecretDto): FieldCause[] {
  const rule = typeof s.type === 'string' ? SECRET_TYPE_KEYS[s.type] : undefined;
  if (rule === undefined) return [];
  const data = typeof s.data === 'object' && s.data !== null ? s.data : {};
  const strings = typeof s.stringData === 'object' && s.stringData !== null ? s.stringData : {};
  const has = (key: string): boolean => key in data || key in strings;
  const out: FieldCause[] = [];
  for (const key of rule.all ?? []) if (!has(key)) out.push(fieldErrors.required(`[${key}]`));
  // Either may be empty, but one must be there: without both, both are reported, as kube-apiserver does.
  if (rule.oneOf !== undefined && !rule.oneOf.some(has)) for (const key of rule.oneOf) out.push(fieldErrors.required(`[${key}]`));
  if (rule.json !== undefined && has(rule.json)) {
    const text = rule.json in strings ? strings[rule.json] : Buffer.from(String(data[rule.json]), 'base64').toString('utf8');
    // Worded as Go's json.Unmarshal into a map says it (never Node's JSON.parse message).
    const why = goJsonObjectError(text);
    if (why !== undefined) out.push(fieldErrors.invalid(`[${rule.json}]`, '<secret contents redacted>', why));
  }
  return out;
}

/** The annotation a `kubernetes.io/service-account-token` Secret must carry: the ServiceAccount it is for. */
const SERVICE_ACCOUNT_NAME_ANNOTATION = 'kubernetes.io/service-account.name';

/** As kube-apiserver's ValidateSecret: a service-account-token Secret names its ServiceAccount (tokens are a controller's to add). */
function serviceAccountTokenErrors(metadata: unknown, s: SecretDto): FieldCause[] {
  if (s.type !== 'kubernetes.io/service-account-token') return [];
  const annotations = (metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  const name = annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION];
  return typeof name === 'string' && name !== '' ? [] : [fieldErrors.required(`.annotations[${SERVICE_ACCOUNT_NAME_ANNOTATION}]`)];
}

export class SecretDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['Secret'])) kind!: string;
  @Rule(required(), { always: true }) @Rule(serviceAccountTokenErrors, { always: true }) @Nested(() => ConfigMetaDto) metadata!: InstanceType<typeof ConfigMetaDto>;
  @Rule((v) => (typeof v === 'string' && v.length > 0 ? [] : [fieldErrors.invalid('', v, 'must be a non-empty string')])) type?: string;
  @Rule((data, s: SecretDto) => [...(isAbsent(data) ? [] : configMap(true)(data, s)), ...wholeData({ data: s.data, stringData: s.stringData }, { data: true, stringData: false }, false), ...secretTypeErrors(s)], { always: true })
  data?: Record<string, string>;
  @Rule(configMap(false)) stringData?: Record<string, string>;
  @Rule(isBoolean) immutable?: boolean;
}
