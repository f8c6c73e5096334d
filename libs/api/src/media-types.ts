import { stringify } from 'yaml';

/**
 * What an answer is rendered as, by the Accept header, as kube-apiserver negotiates it: the object
 * itself, a Table (`as=Table`, kubectl get), or its metadata only (`as=PartialObjectMetadata` /
 * `PartialObjectMetadataList`, client-go's metadata client and controller-runtime's metadata
 * watches). Alternatives are tried in order; Bosun answers JSON only, so protobuf alternatives are
 * skipped, and when none is served the object is sent as JSON.
 */
export type ResponseShape = 'object' | 'table' | 'metadata';

const META_VERSIONS = new Set(['v1', 'v1beta1']);

export function responseShape(accept: string | undefined): ResponseShape {
  for (const alternative of (accept ?? '').split(',')) {
    const [type, ...rest] = alternative.split(';').map((p) => p.trim());
    if (!['application/json', 'application/*', '*/*', 'application/yaml'].includes(type.toLowerCase())) continue;
    const params = new Map(rest.map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
    const as = params.get('as');
    if (as === undefined) return 'object';
    if (params.get('g') !== 'meta.k8s.io' || !META_VERSIONS.has(params.get('v') ?? '')) continue;
    if (as === 'Table') return 'table';
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return 'metadata';
  }
  return 'object';
}

/** The media types kube-apiserver serves its resources in, as its 406 names them. */
export const SERVED_MEDIA_TYPES: readonly string[] = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/**
 * Whether an Accept header names something kube-apiserver would answer a resource request with
 * (negotiation.NegotiateOutputMediaType): no header, or an alternative of a served type (or
 * `*\/*`, `application/*`) whose `as` — if any — is a Table or PartialObjectMetadata(List) of
 * meta.k8s.io v1 or v1beta1. Otherwise the request is refused with 406 before anything is done.
 */
export function acceptable(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  for (const alternative of accept.split(',')) {
    const [type, ...rest] = alternative.split(';').map((p) => p.trim());
    if (![...SERVED_MEDIA_TYPES, 'application/*', '*/*'].includes(type.toLowerCase())) continue;
    const params = new Map(rest.map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
    const as = params.get('as');
    if (as === undefined) return true;
    if (params.get('g') === 'meta.k8s.io' && META_VERSIONS.has(params.get('v') ?? '') && ['Table', 'PartialObjectMetadata', 'PartialObjectMetadataList'].includes(as)) return true;
  }
  return false;
}

/** An object as PartialObjectMetadata: its kind and metadata, nothing else. */
export function partialObjectMetadata(object: { metadata: object }): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

/** A list as PartialObjectMetadataList. */
export function partialObjectMetadataList(items: readonly { metadata: object }[], metadata: object): Record<string, unknown> {
  return { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata, items: items.map(partialObjectMetadata) };
}

/** How an answer is encoded: JSON (also for clients that ask for protobuf first, which all read JSON), or YAML. */
export type AnswerEncoding = 'json' | 'yaml';

/**
 * The encoding kube-apiserver would answer an Accept header with: YAML when the first alternative
 * it serves is `application/yaml`, else JSON (its wildcards' first type, and what Bosun sends for
 * protobuf).
 */
export function answerEncoding(accept: string | undefined): AnswerEncoding {
  for (const alternative of (accept ?? '').split(',')) {
    const type = alternative.split(';')[0].trim().toLowerCase();
    if (type === 'application/yaml') return 'yaml';
    if ([...SERVED_MEDIA_TYPES, 'application/*', '*/*'].includes(type)) return 'json';
  }
  return 'json';
}

/** The media types a watch streams in (kube-apiserver's 406 for a watch asked as YAML, which does not stream). */
export const WATCH_MEDIA_TYPES: readonly string[] = ['application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];

/**
 * An answer as kube-apiserver's YAML serializer writes it (sigs.k8s.io/yaml: the JSON, keys in
 * sorted order at every level, as `kubectl get -o yaml` prints objects too).
 */
export function toKubeYaml(body: unknown): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  };
  // YAML 1.1 as go-yaml writes it: strings it would read as timestamps or booleans (y, on, …) quoted; sequences not indented.
  return stringify(sorted(JSON.parse(JSON.stringify(body))), { version: '1.1', indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false });
}
