import { createHash } from 'node:crypto';
import { hasStatus, resourcesOfGroup, type ResourceInfo } from '../resources';
import { CLUSTER_SCHEMAS } from './cluster.schemas';
import { CONFIG_SCHEMAS } from './config.schemas';
import { STORAGE_SCHEMAS } from './storage.schemas';
import { QUOTA_SCHEMAS } from './quota.schemas';
import { META_SCHEMAS } from './meta.schemas';
import { POD_KEPT_SCHEMAS } from './pod-kept.schemas';
import { POD_SCHEMAS } from './pod.schemas';
import { REPLICATION_CONTROLLER_SCHEMAS } from './replication-controller.schemas';
import { $ref, AUTOSCALING, CORE, META, type GroupVersionKind, type Schema } from './schema.builders';
import { SERVICE_SCHEMAS } from './service.schemas';

/**
 * The OpenAPI v3 document of core/v1 as Bosun serves it (`/openapi/v3/api/v1`): the schemas of
 * every kind, and the operations the gateway answers. kubectl reads it for `explain` (the schema
 * whose `x-kubernetes-group-version-kind` matches the kind found on the resource's paths), to
 * decide that the server validates fields (a PATCH operation of the kind with a `fieldValidation`
 * parameter: kubectl then sends `fieldValidation=Strict`), and to compute client-side apply's
 * strategic merge patch from the schemas' merge keys (when the kind's PATCH accepts
 * `application/strategic-merge-patch+json`).
 */

type Operation = Record<string, unknown>;
type PathItem = Record<string, unknown>;

const JSON_TYPE = 'application/json';
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

const query = (name: string, description: string, schema: Schema = { type: 'string' }): Schema => ({ name, in: 'query', description, schema });
const pathParam = (name: string, description: string): Schema => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });

const P = {
  namespace: pathParam('namespace', 'The namespace of the objects.'),
  name: (kind: string) => pathParam('name', `The name of the ${kind}.`),
  dryRun: query('dryRun', 'With "All", the request is validated and defaulted and the result returned, but nothing is written.'),
  fieldManager: query('fieldManager', 'The name of the actor making the change. Required for server-side apply (kubectl sends "kubectl" or "kubectl-client-side-apply").'),
  fieldValidation: query(
    'fieldValidation',
    'What to do with fields the server does not know: "Strict" refuses the request, naming the fields (a create or update body: 400 BadRequest, "strict decoding error"; a patch or apply: 422 Invalid), "Warn" (the default) accepts it with a Warning header per field, "Ignore" drops them silently.',
  ),
  force: query('force', 'Server-side apply only: take over the fields other managers own instead of refusing the apply with a 409 Conflict that names them.', { type: 'boolean' }),
  labelSelector: query('labelSelector', 'Only objects whose labels match: "k=v", "k!=v", "k in (a,b)", "k notin (a)", "k", "!k", joined by commas (AND).'),
  fieldSelector: query(
    'fieldSelector',
    'Only objects whose fields match ("=", "==", "!=", joined by commas): metadata.name and metadata.namespace everywhere, plus fields of each kind (e.g. spec.nodeName and status.phase for pods, involvedObject.* for events). Other fields are a BadRequest.',
  ),
  limit: query('limit', 'At most this many items; the answer then carries a continue token for the rest.', { type: 'integer' }),
  continue: query('continue', 'The token from the previous page of a paged list.'),
  resourceVersion: query(
    'resourceVersion',
    'For a watch: send only changes after this resourceVersion (event-log offset); unset or "0" starts with an ADDED event for each current object. Too old: 410 Expired. Ignored by a list, which always reads the latest state.',
  ),
  watch: query('watch', 'Instead of a list, stream the changes as watch events, one JSON object per line.', { type: 'boolean' }),
  allowWatchBookmarks: query('allowWatchBookmarks', 'Send a BOOKMARK event with the current resourceVersion every 30 seconds.', { type: 'boolean' }),
  timeoutSeconds: query('timeoutSeconds', 'End a watch after this many seconds.', { type: 'integer' }),
  gracePeriodSeconds: query('gracePeriodSeconds', 'Seconds the object has to terminate; overrides the body\'s and the pod\'s own. 0 deletes at once.', { type: 'integer' }),
  propagationPolicy: query('propagationPolicy', 'What happens to dependents: "Background" (the default), "Foreground" or "Orphan".'),
};

const LIST_PARAMS = [P.labelSelector, P.fieldSelector, P.limit, P.continue, P.resourceVersion, P.watch, P.allowWatchBookmarks, P.timeoutSeconds];
const WATCH_PARAMS = [P.labelSelector, P.fieldSelector, P.resourceVersion, P.allowWatchBookmarks, P.timeoutSeconds];
const WRITE_PARAMS = [P.dryRun, P.fieldManager, P.fieldValidation];

const jsonBody = (component: string): Schema => ({ content: { [JSON_TYPE]: { schema: $ref(component) } }, required: true });
const response = (description: string, component: string, type = JSON_TYPE): Schema => ({ description, content: { [type]: { schema: $ref(component) } } });
const errorResponse: Schema = response('The request failed; the Status says why (NotFound, Conflict, Invalid, …).', `${META}Status`);

interface OperationSpec {
  readonly id: string;
  readonly action: 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'watch' | 'watchlist' | 'connect';
  readonly gvk: GroupVersionKind;
  readonly description: string;
  readonly parameters?: readonly Schema[];
  readonly requestBody?: Schema;
  readonly responses: Record<string, Schema>;
  /** The group version's tag: core_v1 unless said. */
  readonly tag?: string;
}

function operation(spec: OperationSpec): Operation {
  return {
    tags: [spec.tag ?? 'core_v1'],
    description: spec.description,
    operationId: spec.id,
    ...(spec.parameters?.length ? { parameters: spec.parameters } : {}),
    ...(spec.requestBody ? { requestBody: spec.requestBody } : {}),
    responses: { ...spec.responses, default: errorResponse },
    'x-kubernetes-action': spec.action,
    'x-kubernetes-group-version-kind': { ...spec.gvk },
  };
}

/**
 * How kube-apiserver names a group version's paths, operations and schemas: core/v1 under /api/v1,
 * `createCoreV1…`, tag core_v1, io.k8s.api.core.v1.*; coordination.k8s.io/v1 under
 * /apis/coordination.k8s.io/v1, `createCoordinationV1…`, tag coordination_v1, io.k8s.api.coordination.v1.*.
 */
interface GroupNaming {
  readonly base: string;
  readonly stem: string;
  readonly tag: string;
  readonly schemaPrefix: string;
}

function namingOf(r: ResourceInfo): GroupNaming {
  if (r.group === undefined) return { base: '/api/v1', stem: 'CoreV1', tag: 'core_v1', schemaPrefix: CORE };
  const short = r.group.split('.')[0]!;
  // As kube's OpenAPI names a group: its words before .k8s.io, camel-cased (rbac.authorization.k8s.io: RbacAuthorizationV1, rbacAuthorization_v1),
  // at the version the resource is stored at (autoscaling/v2: AutoscalingV2).
  const version = r.versions?.[0] ?? 'v1';
  const words = r.group.replace(/\.k8s\.io$/, '').split('.');
  const camel = words.map((w, i) => (i === 0 ? w : `${w[0]!.toUpperCase()}${w.slice(1)}`)).join('');
  return { base: `/apis/${r.group}/${version}`, stem: `${camel[0]!.toUpperCase()}${camel.slice(1)}${version.toUpperCase()}`, tag: `${camel}_${version}`, schemaPrefix: `io.k8s.api.${short}.${version}.` };
}

/** The paths of one resource, as KubeHttpController routes them (core/v1 or a named group's stored version). */
export function resourcePaths(r: ResourceInfo): Record<string, PathItem> {
  const { base, stem, tag, schemaPrefix } = namingOf(r);
  const gvk: GroupVersionKind = { group: r.group ?? '', version: r.versions?.[0] ?? 'v1', kind: r.kind };
  const kind = r.kind;
  const schema = schemaPrefix + kind;
  const ns = r.namespaced ? 'Namespaced' : '';
  const scope = r.namespaced ? '/namespaces/{namespace}' : '';
  const collection = `${base}${scope}/${r.resource}`;
  const item = `${collection}/{name}`;
  const scopeParams = r.namespaced ? [P.namespace] : [];
  const itemParams = [...scopeParams, P.name(r.singular)];
  const patchBody: Schema = { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: $ref(`${META}Patch`) }])), required: true };
  const where = r.namespaced ? 'in a namespace' : '';
  const paths: Record<string, PathItem> = {};

  const listOp = (id: string, description: string): Operation =>
    operation({ tag, id, action: 'list', gvk, description, parameters: LIST_PARAMS, responses: { '200': listResponse(schema) } });
  const watchOp = (id: string, action: 'watch' | 'watchlist', description: string): Operation =>
    operation({ tag, id, action, gvk, description, parameters: WATCH_PARAMS, responses: { '200': watchResponse() } });
  const objectOps = (suffix: string, what: string): PathItem => ({
    get: operation({ tag, id: `read${stem}${ns}${kind}${suffix}`, action: 'get', gvk, description: `Read ${what}.`, responses: { '200': response('OK', schema) } }),
    put: operation({ tag,
      id: `replace${stem}${ns}${kind}${suffix}`,
      action: 'put',
      gvk,
      description: `Replace ${what}. Send metadata.resourceVersion to make the update conditional (409 Conflict if the object changed since).`,
      parameters: WRITE_PARAMS,
      requestBody: jsonBody(schema),
      responses: { '200': response('OK', schema) },
    }),
    patch: operation({ tag,
      id: `patch${stem}${ns}${kind}${suffix}`,
      action: 'patch',
      gvk,
      description: `Change ${what} with a JSON Patch, a JSON merge patch, a strategic merge patch (merged by the keys named in the schemas) or, with application/apply-patch+yaml, server-side apply (creating the object if it is absent).`,
      parameters: [...WRITE_PARAMS, P.force],
      requestBody: patchBody,
      responses: { '200': response('OK', schema) },
    }),
  });

  paths[collection] = {
    parameters: scopeParams,
    get: listOp(`list${stem}${ns}${kind}`, `List or watch the ${r.resource} ${where}.`.replace(' .', '.')),
    post: operation({ tag,
      id: `create${stem}${ns}${kind}`,
      action: 'post',
      gvk,
      description: `Create a ${kind}. The server fills in uid, resourceVersion, creationTimestamp and defaults, validates, and answers once the creation is recorded in the event log.`,
      parameters: WRITE_PARAMS,
      requestBody: jsonBody(schema),
      responses: { '201': response('Created', schema) },
    }),
  };
  paths[item] = {
    parameters: itemParams,
    ...objectOps('', `the ${kind}`),
    delete: operation({ tag,
      id: `delete${stem}${ns}${kind}`,
      action: 'delete',
      gvk,
      description: `Delete the ${kind}. Pods terminate gracefully first; dependents are deleted in the background unless orphaned. Answers with the object as it is after the request.`,
      parameters: [P.gracePeriodSeconds, P.propagationPolicy],
      requestBody: { content: { [JSON_TYPE]: { schema: $ref(`${META}DeleteOptions`) } } },
      responses: { '200': response('OK', schema) },
    }),
  };
  if (r.namespaced) {
    paths[`${base}/${r.resource}`] = { get: listOp(`list${stem}${kind}ForAllNamespaces`, `List or watch the ${r.resource} of all namespaces.`) };
    paths[`${base}/watch/${r.resource}`] = {
      get: watchOp(`watch${stem}${kind}ListForAllNamespaces`, 'watchlist', `Watch the ${r.resource} of all namespaces. Deprecated: use the list path with watch=true.`),
    };
  }
  paths[`${base}/watch${scope}/${r.resource}`] = {
    parameters: scopeParams,
    get: watchOp(`watch${stem}${ns}${kind}List`, 'watchlist', `Watch the ${r.resource} ${where}. Deprecated: use the list path with watch=true.`.replace(' .', '.')),
  };
  paths[`${base}/watch${scope}/${r.resource}/{name}`] = {
    parameters: itemParams,
    get: watchOp(`watch${stem}${ns}${kind}`, 'watch', `Watch one ${kind}. Deprecated: use the list path with watch=true and a metadata.name field selector.`),
  };
  // Status: like the object, but only status changes are kept (spec changes only from the main path).
  if (hasStatus(kind)) paths[`${item}/status`] = { parameters: itemParams, ...objectOps('Status', `the status of the ${kind}`) };
  if (r.scale) paths[`${item}/scale`] = scalePaths(itemParams, { stem, tag, kind, what: r.singular });
  if (kind === 'Pod') Object.assign(paths, podSubresourcePaths(item, itemParams));
  return paths;
}

function listResponse(schema: string): Schema {
  return {
    description: 'OK',
    content: { [JSON_TYPE]: { schema: $ref(`${schema}List`) }, [`${JSON_TYPE};stream=watch`]: { schema: $ref(`${META}WatchEvent`) } },
  };
}

function watchResponse(): Schema {
  return { description: 'OK: one watch event per line', content: { [`${JSON_TYPE};stream=watch`]: { schema: $ref(`${META}WatchEvent`) } } };
}

/** The scale subresource's operations (autoscaling/v1 Scale) of a kind with spec.replicas, named as kube-apiserver names them. */
function scalePaths(itemParams: readonly Schema[], of: { stem: string; tag: string; kind: string; what: string }): PathItem {
  const gvk: GroupVersionKind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  const scale = `${AUTOSCALING}Scale`;
  const { stem, tag, kind, what } = of;
  return {
    parameters: itemParams,
    get: operation({ tag, id: `read${stem}Namespaced${kind}Scale`, action: 'get', gvk, description: `Read the scale of the ${what}.`, responses: { '200': response('OK', scale) } }),
    put: operation({
      tag,
      id: `replace${stem}Namespaced${kind}Scale`,
      action: 'put',
      gvk,
      description: `Set spec.replicas of the ${what} (conditional on metadata.resourceVersion when given).`,
      parameters: WRITE_PARAMS,
      requestBody: jsonBody(scale),
      responses: { '200': response('OK', scale) },
    }),
    patch: operation({
      tag,
      id: `patch${stem}Namespaced${kind}Scale`,
      action: 'patch',
      gvk,
      description: `Change the scale of the ${what} with a patch of the Scale.`,
      parameters: WRITE_PARAMS,
      requestBody: { content: Object.fromEntries(PATCH_TYPES.filter((t) => t !== 'application/apply-patch+yaml').map((t) => [t, { schema: $ref(`${META}Patch`) }])), required: true },
      responses: { '200': response('OK', scale) },
    }),
  };
}

function podSubresourcePaths(item: string, itemParams: readonly Schema[]): Record<string, PathItem> {
  const pod: GroupVersionKind = { group: '', version: 'v1', kind: 'Pod' };
  const execOptions: GroupVersionKind = { group: '', version: 'v1', kind: 'PodExecOptions' };
  const execParams = [
    query('command', 'The command, one parameter per argument.'),
    query('container', 'The container; defaults to the only or the default one.'),
    query('stdin', 'Pass standard input.', { type: 'boolean' }),
    query('stdout', 'Return standard output.', { type: 'boolean' }),
    query('stderr', 'Return standard error.', { type: 'boolean' }),
    query('tty', 'Allocate a terminal.', { type: 'boolean' }),
  ];
  const exec = (method: 'Get' | 'Post'): Operation =>
    operation({
      id: `connectCoreV1${method}NamespacedPodExec`,
      action: 'connect',
      gvk: execOptions,
      description: 'Run a command in a container of the pod (kubectl exec). As a WebSocket upgrade (subprotocols v5.channel.k8s.io, v4.channel.k8s.io) or a SPDY/3.1 one (v4.channel.k8s.io).',
      parameters: execParams,
      responses: { '101': { description: 'Switching Protocols' } },
    });
  return {
    [`${item}/log`]: {
      parameters: itemParams,
      get: operation({
        id: 'readCoreV1NamespacedPodLog',
        action: 'get',
        gvk: pod,
        description: 'Read the log of a container of the pod, from the node agent of its node.',
        parameters: [
          query('container', 'The container; defaults to the kubectl.kubernetes.io/default-container annotation, else the first one.'),
          query('follow', 'Keep the stream open and send new output as it is written.', { type: 'boolean' }),
          query('previous', 'The log of the previous run of the container.', { type: 'boolean' }),
          query('tailLines', 'Only the last lines.', { type: 'integer' }),
          query('limitBytes', 'At most this many bytes.', { type: 'integer' }),
          query('timestamps', 'Begin each line with its RFC 3339 time.', { type: 'boolean' }),
        ],
        responses: { '200': { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } } },
      }),
    },
    [`${item}/exec`]: { parameters: itemParams, get: exec('Get'), post: exec('Post') },
  };
}

/** componentstatuses: get and list only (deprecated; the gateway's health checks). */
function componentStatusPaths(): Record<string, PathItem> {
  const gvk: GroupVersionKind = { group: '', version: 'v1', kind: 'ComponentStatus' };
  return {
    '/api/v1/componentstatuses': {
      get: operation({ id: 'listCoreV1ComponentStatus', action: 'list', gvk, description: 'list objects of kind ComponentStatus', responses: { '200': response('OK', `${CORE}ComponentStatusList`) } }),
    },
    '/api/v1/componentstatuses/{name}': {
      parameters: [P.name('ComponentStatus')],
      get: operation({ id: 'readCoreV1ComponentStatus', action: 'get', gvk, description: 'read the specified ComponentStatus', responses: { '200': response('OK', `${CORE}ComponentStatus`) } }),
    },
  };
}

function buildDocument(): Record<string, unknown> {
  const paths: Record<string, PathItem> = {
    '/api/v1/': {
      get: operation({
        id: 'getCoreV1APIResources',
        action: 'get',
        gvk: { group: '', version: 'v1', kind: 'APIResourceList' },
        description: 'The resources of core/v1 (discovery).',
        responses: { '200': response('OK', `${META}APIResourceList`) },
      }),
    },
  };
  for (const r of resourcesOfGroup(undefined)) Object.assign(paths, resourcePaths(r));
  Object.assign(paths, componentStatusPaths());
  const schemas = { ...META_SCHEMAS, ...POD_SCHEMAS, ...POD_KEPT_SCHEMAS, ...REPLICATION_CONTROLLER_SCHEMAS, ...SERVICE_SCHEMAS, ...CLUSTER_SCHEMAS, ...CONFIG_SCHEMAS, ...STORAGE_SCHEMAS, ...QUOTA_SCHEMAS };
  return {
    openapi: '3.0.0',
    info: { title: 'Bosun', version: 'v1', description: 'The core/v1 API of Bosun, a Kubernetes-style orchestrator whose control plane is an event log.' },
    paths,
    components: { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) },
  };
}

/** The hash kubectl caches the document by: it changes whenever the document does. */
export function documentHash(document: unknown): string {
  return createHash('sha512').update(JSON.stringify(document)).digest('hex').slice(0, 128).toUpperCase();
}

let cached: { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly hash: string } | undefined;

/** The document, its JSON and its hash, computed on first use and then shared (it never changes in a process). */
export function coreV1OpenApi(): { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly hash: string } {
  if (cached === undefined) {
    const document = deepFreeze(buildDocument());
    cached = { document, json: JSON.stringify(document), hash: documentHash(document) };
  }
  return cached;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
