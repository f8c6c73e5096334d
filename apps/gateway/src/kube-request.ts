import { BadRequestError, decodeKubeProtobuf, PROTOBUF_CONTENT_TYPE, resourceByName, UnsupportedMediaTypeError, type ResourceInfo } from '@bosun/api';
import { parse as parseYaml } from 'yaml';
import type { Target } from './kube-api.service';
import { PATCH_TYPES } from './patch';

/** A request path of core/v1 or of a named group's v1, decomposed. */
export interface ApiPath {
  readonly target: Target;
  readonly subresource?: string;
  /** `/api/v1/watch/...`: the legacy watch prefix. */
  readonly legacyWatch: boolean;
  /** The version asked for, when it is not the one the kind is stored at (an older view of it). */
  readonly olderVersion?: string;
}

/**
 * Parses `/api/v1[/watch][/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]`, and the same
 * under `/apis/{group}/{version}` for the stored kinds of named groups (RESOURCES entries with a
 * group) at the versions they are served at.
 * Returns undefined for paths outside those resources.
 */
export function parseApiPath(path: string): ApiPath | undefined {
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group: string | undefined;
  let version = 'v1';
  if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2]!;
    parts.splice(0, 3, 'api', 'v1');
  }
  if (parts[0] !== 'api' || parts[1] !== 'v1' || parts.length < 3) return undefined;
  let rest = parts.slice(2);
  const legacyWatch = rest[0] === 'watch';
  if (legacyWatch) rest = rest.slice(1);
  let namespace: string | undefined;
  // `namespaces/{ns}/{resource}...` is namespaced access; `namespaces[/{ns}[/status|finalize]]` is the Namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const info = resourceByPlural(rest[0]);
  if (info === undefined || info.group !== group || rest.length > 3) return undefined;
  const versions = info.versions ?? ['v1'];
  if (group !== undefined && !versions.includes(version)) return undefined;
  if (namespace !== undefined && !info.namespaced) return undefined;
  return {
    ...(group !== undefined && version !== versions[0] ? { olderVersion: version } : {}),
    target: { info, ...(namespace === undefined ? {} : { namespace }), ...(rest[1] === undefined ? {} : { name: rest[1] }) },
    ...(rest[2] === undefined ? {} : { subresource: rest[2] }),
    legacyWatch,
  };
}

function resourceByPlural(name: string | undefined): ResourceInfo | undefined {
  if (name === undefined) return undefined;
  const info = resourceByName(name);
  return info?.resource === name ? info : undefined;
}

/**
 * Decodes a request body by its Content-Type. Kubernetes clients send JSON (kubectl also YAML for
 * server-side apply), client-go's typed clients protobuf (read into the same JSON form; never a
 * patch, as in Kubernetes); `kubectl scale --current-replicas` sends no Content-Type at all: parse as JSON.
 */
export function decodeBody(contentType: string | undefined, raw: Buffer | undefined, allowPatch: boolean): { type: string; body: unknown } {
  const type = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase() || 'application/json';
  const text = raw && raw.length > 0 ? raw.toString('utf8') : '';
  if (type === PROTOBUF_CONTENT_TYPE && !allowPatch) return { type, body: raw && raw.length > 0 ? decodeKubeProtobuf(raw) : undefined };
  const acceptable = type === 'application/json' || type === 'application/yaml' || (allowPatch && (PATCH_TYPES as readonly string[]).includes(type));
  if (!acceptable) throw new UnsupportedMediaTypeError(type, allowPatch ? PATCH_TYPES : undefined);
  if (text.trim() === '') return { type, body: undefined };
  try {
    if (type === 'application/yaml' || type === 'application/apply-patch+yaml') return { type, body: parseYaml(text) as unknown };
    return { type, body: JSON.parse(text) as unknown };
  } catch (error) {
    throw new BadRequestError(`the request body is not valid ${type.endsWith('yaml') ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`);
  }
}
