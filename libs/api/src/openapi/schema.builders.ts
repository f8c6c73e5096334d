/**
 * Small builders for OpenAPI 3.0 schema objects in the shape Kubernetes publishes them, so the
 * schema files read like the types they describe. Conventions kept (kubectl and server-side apply
 * tooling read them):
 * - a field that points at a component wraps the `$ref` in `allOf`, because OpenAPI 3.0 ignores
 *   siblings of `$ref` and the field's own description must survive;
 * - list and map semantics are vendor extensions: `x-kubernetes-list-type` (atomic | set | map),
 *   `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`, and the strategic-merge-patch pair
 *   `x-kubernetes-patch-merge-key` / `x-kubernetes-patch-strategy`.
 */

/** An OpenAPI 3.0 schema object (a JSON value: only plain data, no functions). */
export type Schema = { readonly [key: string]: unknown };

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export const SCHEMA_PREFIX = '#/components/schemas/';

/** Component names, spelled as Kubernetes spells them so generated clients line up. */
export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const CORE = 'io.k8s.api.core.v1.';
export const AUTOSCALING = 'io.k8s.api.autoscaling.v1.';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
export const TIME = `${META}Time`;
export const MICRO_TIME = `${META}MicroTime`;

const described = (description: string | undefined): Schema => (description === undefined ? {} : { description });

/** The bare reference (list items, map values, request and response bodies). */
export const $ref = (component: string): Schema => ({ $ref: SCHEMA_PREFIX + component });

/** A field whose value is the named component. */
export const ref = (component: string, description?: string): Schema => ({ allOf: [$ref(component)], ...described(description) });

export const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', ...described(description), ...extra });
export const oneOfStrings = (description: string, values: readonly string[]): Schema => str(description, { enum: [...values] });
export const int32 = (description: string): Schema => ({ type: 'integer', format: 'int32', ...described(description) });
export const int64 = (description: string): Schema => ({ type: 'integer', format: 'int64', ...described(description) });
export const bool = (description: string): Schema => ({ type: 'boolean', ...described(description) });
export const time = (description: string): Schema => ref(TIME, description);
export const quantities = (description: string): Schema => ({ type: 'object', additionalProperties: $ref(QUANTITY), ...described(description) });

/** A map of strings; selectors are `atomic` (replaced whole), labels and annotations are not. */
export const stringMap = (description: string, opts: { atomic?: boolean } = {}): Schema => ({
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
  ...described(description),
  ...(opts.atomic ? { 'x-kubernetes-map-type': 'atomic' } : {}),
});

/**
 * A value Bosun stores as given without looking inside: its shape is Kubernetes' and is not
 * described here, so any fields are kept.
 */
export const opaque = (description: string): Schema => ({ type: 'object', ...described(description), 'x-kubernetes-preserve-unknown-fields': true });

/**
 * How a list merges: `x-kubernetes-list-type` (atomic lists are replaced whole by patches and
 * apply), map keys, and the strategic-merge-patch key and strategy (which Kubernetes also sets on a
 * few atomic lists, e.g. a pod's hostIPs).
 */
export interface ListSemantics {
  readonly type: 'atomic' | 'set' | 'map';
  readonly keys?: readonly string[];
  readonly mergeKey?: string;
  readonly patch?: 'merge' | 'merge,retainKeys';
}

export const list = (items: Schema, description: string, semantics?: ListSemantics): Schema => ({
  type: 'array',
  items,
  ...described(description),
  ...(semantics === undefined ? {} : { 'x-kubernetes-list-type': semantics.type }),
  ...(semantics?.keys ? { 'x-kubernetes-list-map-keys': [...semantics.keys] } : {}),
  ...(semantics?.mergeKey ? { 'x-kubernetes-patch-merge-key': semantics.mergeKey } : {}),
  ...(semantics?.patch ? { 'x-kubernetes-patch-strategy': semantics.patch } : {}),
});

export const atomic: ListSemantics = { type: 'atomic' };
export const strings = (description: string, semantics: ListSemantics = atomic): Schema => list({ type: 'string', default: '' }, description, semantics);
/** A list of objects merged by one key, as strategic merge patch and server-side apply both do. */
export const mergedBy = (key: string, mapKeys: readonly string[] = [key], patch: 'merge' | 'merge,retainKeys' = 'merge'): ListSemantics => ({
  type: 'map',
  keys: mapKeys,
  mergeKey: key,
  patch,
});

/** A component: an object with its properties, the required ones, and its kind if it is one. */
export const object = (
  description: string,
  properties: Record<string, Schema>,
  opts: { required?: readonly string[]; gvk?: readonly GroupVersionKind[]; atomic?: boolean } = {},
): Schema => ({
  description,
  type: 'object',
  properties,
  ...(opts.required?.length ? { required: [...opts.required] } : {}),
  ...(opts.gvk ? { 'x-kubernetes-group-version-kind': opts.gvk.map((g) => ({ ...g })) } : {}),
  ...(opts.atomic ? { 'x-kubernetes-map-type': 'atomic' } : {}),
});

export const coreGvk = (kind: string): GroupVersionKind[] => [{ group: '', version: 'v1', kind }];

/** `apiVersion` and `kind`: the same on every object. */
export const typeMeta = (): Record<string, Schema> => ({
  apiVersion: str('The schema version of this representation of an object ("v1" for core objects). Servers convert recognised versions to their own and may reject unknown ones.'),
  kind: str('The REST resource this object represents, in CamelCase (e.g. "Pod"). Inferred by the server from the endpoint the client writes to; cannot be updated.'),
});

/** The standard top-level shape of a kind: typeMeta, metadata, then its own fields. */
export const kind = (
  name: string,
  description: string,
  fields: Record<string, Schema>,
  opts: { required?: readonly string[]; gvk?: readonly GroupVersionKind[] } = {},
): Schema =>
  object(
    description,
    { ...typeMeta(), metadata: ref(`${META}ObjectMeta`, "Standard object's metadata: name, namespace, labels, annotations and the fields the server maintains."), ...fields },
    { ...opts, gvk: opts.gvk ?? coreGvk(name) },
  );

/** `<Kind>List`: what a list call answers. */
export const listKind = (itemKind: string, description: string): Schema =>
  object(
    description,
    {
      ...typeMeta(),
      metadata: ref(`${META}ListMeta`, 'Standard list metadata: the resourceVersion the list was read at, and the continue token of a paged list.'),
      items: list($ref(CORE + itemKind), `The ${itemKind} objects, in key order (namespace, then name).`),
    },
    { required: ['items'], gvk: coreGvk(`${itemKind}List`) },
  );

/**
 * A status condition as Kubernetes shapes them all: its type, True/False/Unknown, when it last
 * changed and why; `extra` for the kind's own times (lastHeartbeatTime, lastProbeTime).
 */
export const condition = (
  description: string,
  types: string,
  extra: Record<string, Schema> = {},
  why: { reason: string; message: string } = { reason: 'Why, in CamelCase.', message: 'Why, for people.' },
): Schema =>
  object(
    description,
    {
      type: str(types),
      status: oneOfStrings('True, False or Unknown.', ['False', 'True', 'Unknown']),
      ...extra,
      lastTransitionTime: time('When status last changed.'),
      reason: str(why.reason),
      message: str(why.message),
    },
    { required: ['type', 'status'] },
  );

/** A named group version's kinds (v1 unless said): their group-version-kinds, and a `<Kind>List` of them (prefix: e.g. io.k8s.api.rbac.v1.). */
export const groupKinds = (group: string, prefix: string, version = 'v1') => {
  const gvk = (kind: string): GroupVersionKind[] => [{ group, version, kind }];
  const listOf = (kind: string): Schema =>
    object(
      `${kind}List is a collection of ${kind} objects.`,
      { ...typeMeta(), metadata: ref(`${META}ListMeta`, "Standard list metadata."), items: list($ref(`${prefix}${kind}`), `items is the list of ${kind} objects.`) },
      { required: ['items'], gvk: gvk(`${kind}List`) },
    );
  return { gvk, listOf };
};
