import {
  $ref,
  atomic,
  bool,
  coreGvk,
  INT_OR_STRING,
  int32,
  int64,
  list,
  mergedBy,
  META,
  MICRO_TIME,
  object,
  QUANTITY,
  RAW_EXTENSION,
  ref,
  str,
  stringMap,
  strings,
  TIME,
  time,
  typeMeta,
  type Schema,
} from './schema.builders';

/**
 * apimachinery's meta/v1 types and the scalar types every kind uses (Time, Quantity,
 * IntOrString), as Bosun reads and writes them (libs/api/src/types/meta.types.ts, status.types.ts).
 */
export const META_SCHEMAS: Record<string, Schema> = {
  [TIME]: {
    description: 'A timestamp in RFC 3339 form with second precision, in UTC, e.g. "2024-01-02T03:04:05Z".',
    type: 'string',
    format: 'date-time',
  },
  [MICRO_TIME]: {
    description: 'A timestamp in RFC 3339 form with microsecond precision, e.g. "2024-01-02T03:04:05.000006Z".',
    type: 'string',
    format: 'date-time',
  },
  [QUANTITY]: {
    description:
      'An amount of a resource, written as a decimal number with an optional suffix: binary (Ki, Mi, Gi, Ti, Pi, Ei), decimal (m, k, M, G, T, P, E) or an exponent (e.g. "1e3"). Examples: "100m" (a tenth of a CPU), "0.5", "128Mi". Bosun compares quantities exactly, as Kubernetes does, and keeps the spelling it was given.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
  [INT_OR_STRING]: {
    description: 'Either an integer or a string: a port given by number, or by the name of a container port.',
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
  },
  [RAW_EXTENSION]: {
    description: 'An embedded object, kept as the JSON it arrived as (in a watch event: the changed object itself).',
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  [`${META}FieldsV1`]: {
    description: 'The set of fields a manager owns, in the "FieldsV1" trie encoding of server-side apply. Bosun stores it as given.',
    type: 'object',
  },
  [`${META}Patch`]: {
    description: 'The body of a PATCH request: a JSON Patch, a JSON merge patch, a strategic merge patch or an apply configuration, as the Content-Type says.',
    type: 'object',
  },

  [`${META}ObjectMeta`]: object(
    'Metadata that every persisted object carries: its identity (name, namespace, uid), its user-facing labels and annotations, its owners, and the fields the server maintains (resourceVersion, generation, timestamps).',
    {
      name: str(
        'The name of the object, unique among objects of its kind in its namespace. Required on create unless generateName is given; cannot be changed afterwards. Most kinds need a DNS subdomain (lower case, digits, "-" and "."); Services and Namespaces need a DNS label.',
      ),
      generateName: str(
        'A prefix from which the server builds a unique name when name is empty: a random five-character suffix is appended. Used by the replication controller for the pods it creates.',
      ),
      namespace: str(
        'The namespace the object lives in; empty for cluster-scoped kinds (Node, Namespace). Taken from the request path when omitted; must match it when given. Cannot be changed.',
      ),
      uid: str('A unique identifier assigned by the server when the object is created, never reused for another object. Read-only.'),
      resourceVersion: str(
        "An opaque version of the object. In Bosun it is the offset in the event log (bosun.events) of the object's last event. Send it back on an update to make the update conditional: if the object changed since, the update fails with a Conflict. Read-only otherwise.",
      ),
      generation: int64('A sequence number of changes to the desired state (spec), incremented by the server. Read-only.'),
      creationTimestamp: time('When the object was created, from the time of the create command. Read-only; null on input.'),
      deletionTimestamp: time(
        'Set by the server when deletion was requested; the object is gone once its finalizers are empty and, for pods, the node has confirmed the containers stopped or the grace period ran out. Read-only.',
      ),
      deletionGracePeriodSeconds: int64('Seconds the object was given to terminate gracefully, set with deletionTimestamp. Read-only.'),
      labels: stringMap(
        'Key/value pairs that organise and select objects: replication controllers find their pods, services their endpoints and pods their nodes through label selectors. Keys are optionally prefixed qualified names ("example.com/tier"); values are at most 63 characters.',
      ),
      annotations: stringMap('Arbitrary non-identifying metadata kept for tools and people (e.g. kubectl\'s last-applied-configuration). Not queryable. At most 256 KiB in total.'),
      ownerReferences: list(
        $ref(`${META}OwnerReference`),
        'Objects this one depends on. When the owner marked as controller is deleted, the garbage collector deletes this object too (background propagation), unless it was orphaned.',
        mergedBy('uid'),
      ),
      finalizers: strings(
        'Names of pending clean-ups that must finish before the object is removed; deletion waits until this list is empty. Bosun uses "orphan" (dependents are released) and "kubernetes" (on Namespaces).',
        { type: 'set', patch: 'merge' },
      ),
      managedFields: list($ref(`${META}ManagedFieldsEntry`), 'Which manager set which fields, as server-side apply records them: every write through the API records its field manager, and an apply may not change fields another manager owns unless forced. Server-side apply follows the core/v1 list keys; writes by Bosun\'s own controllers are not recorded.', atomic),
      selfLink: str('Deprecated and not set by Bosun.'),
    },
  ),

  [`${META}ListMeta`]: object('Metadata of a list response.', {
    resourceVersion: str('The resourceVersion (event-log offset) the list was read at. Start a watch from it to see every later change.'),
    continue: str(
      'Set when the list was cut short by limit: pass it as the continue parameter to read the next page. It carries the first page\'s resourceVersion, so pages belong together.',
    ),
    remainingItemCount: int64('Not set by Bosun.'),
    selfLink: str('Deprecated and not set by Bosun.'),
  }),

  [`${META}OwnerReference`]: object(
    'Names an owner of an object. The owner must be in the same namespace as its dependent, or cluster-scoped.',
    {
      apiVersion: str('API version of the owner.'),
      kind: str('Kind of the owner.'),
      name: str('Name of the owner.'),
      uid: str('UID of the owner; a new object with the same name is a different owner.'),
      controller: bool('True for the one owner that manages this object (e.g. the replication controller of a pod).'),
      blockOwnerDeletion: bool('Kept as given; Bosun deletes dependents in the background and does not block the owner (foreground deletion is not supported).'),
    },
    { required: ['apiVersion', 'kind', 'name', 'uid'], atomic: true },
  ),

  [`${META}ManagedFieldsEntry`]: object('One manager\'s claim on a set of fields, as server-side apply records it.', {
    manager: str('The name of the manager (kubectl, a controller, …).'),
    operation: str('Apply or Update: the kind of request that last changed these fields.'),
    apiVersion: str('The API version the fields are expressed in.'),
    time: time('When the fields were last changed.'),
    fieldsType: str('The encoding of fieldsV1; always "FieldsV1".'),
    fieldsV1: ref(`${META}FieldsV1`, 'The owned fields.'),
    subresource: str('The subresource the request was sent to, if any.'),
  }),

  [`${META}Status`]: object(
    'The answer of a call that does not return an object: every error, and some deletions.',
    {
      ...typeMeta(),
      metadata: ref(`${META}ListMeta`, 'Standard list metadata; empty on errors.'),
      status: str('"Success" or "Failure".'),
      message: str('A human-readable description of what happened.'),
      reason: str('A machine-readable CamelCase reason (NotFound, AlreadyExists, Conflict, Invalid, BadRequest, Expired, …); empty when none applies.'),
      details: ref(`${META}StatusDetails`, 'More about the failure: the object named and, for Invalid, the field causes.'),
      code: int32('The HTTP status code of the answer.'),
    },
    { gvk: coreGvk('Status') },
  ),

  [`${META}StatusDetails`]: object('The object an error is about, and its causes.', {
    name: str('Name of the object concerned, when there is one.'),
    group: str('API group of the resource; empty for core.'),
    kind: str('The resource (plural, lower case, e.g. "pods"), despite the field name.'),
    uid: str('UID of the object, when known.'),
    causes: list($ref(`${META}StatusCause`), 'One entry per problem, each naming the field at fault.', atomic),
    retryAfterSeconds: int32('Seconds to wait before retrying, when the server suggests it.'),
  }),

  [`${META}StatusCause`]: object('One reason a request failed.', {
    reason: str('A machine-readable reason, e.g. FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueDuplicate, FieldValueUnknown.'),
    message: str('A human-readable description of the problem.'),
    field: str('The field at fault, as a path (e.g. "spec.containers[0].image").'),
  }),

  [`${META}Preconditions`]: object('Conditions that must hold for a delete to go ahead.', {
    uid: str('The object must have this UID (not a re-created namesake).'),
    resourceVersion: str('The object must still be at this resourceVersion.'),
  }),

  [`${META}DeleteOptions`]: object(
    'The optional body of a DELETE request.',
    {
      ...typeMeta(),
      gracePeriodSeconds: int64('Seconds the object has to terminate; 0 deletes at once. Pods default to their spec.terminationGracePeriodSeconds.'),
      preconditions: ref(`${META}Preconditions`, 'Conditions the object must meet, or the delete fails with a Conflict.'),
      propagationPolicy: str('What happens to dependents: "Background" (the default: deleted by the garbage collector after the owner), "Foreground" (deleted first: the owner waits, with the foregroundDeletion finalizer, until they are gone) or "Orphan" (released, kept).'),
      orphanDependents: bool('Deprecated form of propagationPolicy: true means "Orphan".'),
      dryRun: strings('Not honoured on DELETE by Bosun.'),
    },
    { gvk: coreGvk('DeleteOptions') },
  ),

  [`${META}WatchEvent`]: object(
    'One line of a watch stream.',
    {
      type: str('ADDED, MODIFIED, DELETED, BOOKMARK (only a resourceVersion, to resume from) or ERROR (object is a Status; 410 Expired when the requested resourceVersion is older than the watch cache).'),
      object: ref(RAW_EXTENSION, 'The object as it is after the change (as it was last, for DELETED); a Status for ERROR.'),
    },
    { required: ['type', 'object'], gvk: coreGvk('WatchEvent') },
  ),

  [`${META}APIResource`]: object('One resource served by an API group version, as discovery lists it.', {
    name: str('The plural resource name, or resource/subresource.'),
    singularName: str('The singular name.'),
    namespaced: bool('Whether objects of the resource live in namespaces.'),
    group: str('The group of the kind, when it differs from the list\'s (autoscaling for replicationcontrollers/scale).'),
    version: str('The version of the kind, when it differs from the list\'s.'),
    kind: str('The kind of the objects.'),
    verbs: strings('The verbs served: get, list, watch, create, update, patch, delete.'),
    shortNames: strings('Abbreviations kubectl accepts (po, rc, svc, …).'),
    categories: strings('Groupings such as "all" (what `kubectl get all` shows).'),
    storageVersionHash: str('An opaque hash of the storage version.'),
  }),

  [`${META}APIResourceList`]: object(
    'The resources of one API group version.',
    {
      ...typeMeta(),
      groupVersion: str('The group version listed ("v1").'),
      resources: list($ref(`${META}APIResource`), 'The resources, each main resource before its subresources.', atomic),
    },
    { required: ['groupVersion', 'resources'], gvk: coreGvk('APIResourceList') },
  ),
};
