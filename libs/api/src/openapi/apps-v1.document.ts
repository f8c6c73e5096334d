import { resourcesOfGroup } from '../resources';
import { documentHash, resourcePaths } from './openapi.document';
import { groupDocument } from './group.document';
import { $ref, condition, CORE, int32, int64, list, mergedBy, META, object, ref, typeMeta, type Schema } from './schema.builders';

/**
 * The OpenAPI v3 document of apps/v1 (`/openapi/v3/apis/apps/v1`): the schemas of its stored kinds
 * and their operations (the core kinds' write path: create, read, list, watch, replace, patch with
 * fieldValidation, delete; status and scale), for `kubectl explain`, server-side field validation and
 * client-side apply's strategic merge patch. The pod template and the label selector are core/v1's
 * and meta's, copied in so the document stands alone.
 */

const APPS = 'io.k8s.api.apps.v1.';
const gvk = (kind: string) => [{ group: 'apps', version: 'v1', kind }];

const appsKind = (name: string, description: string, fields: Record<string, Schema>): Schema =>
  object(description, { ...typeMeta(), metadata: ref(`${META}ObjectMeta`, "Standard object's metadata: name, namespace, labels, annotations and the fields the server maintains."), ...fields }, { gvk: gvk(name) });
const appsList = (itemKind: string, description: string): Schema =>
  object(
    description,
    {
      ...typeMeta(),
      metadata: ref(`${META}ListMeta`, 'Standard list metadata.'),
      items: list($ref(APPS + itemKind), `The ${itemKind} objects, in key order (namespace, then name).`),
    },
    { required: ['items'], gvk: gvk(`${itemKind}List`) },
  );

const REPLICA_SET_SCHEMAS: Record<string, Schema> = {
  [`${APPS}ReplicaSet`]: appsKind(
    'ReplicaSet',
    'ReplicaSet ensures that a specified number of pod replicas are running at any given time: it creates pods from its template when there are too few, deletes the excess, adopts matching orphans and owns its pods (ownerReferences). Usually made and scaled by a Deployment.',
    {
      spec: ref(`${APPS}ReplicaSetSpec`, 'Spec defines the specification of the desired behavior of the ReplicaSet.'),
      status: ref(`${APPS}ReplicaSetStatus`, 'Status is the most recently observed status of the ReplicaSet. Read-only for users.'),
    },
  ),
  [`${APPS}ReplicaSetList`]: appsList('ReplicaSet', 'ReplicaSetList is a collection of ReplicaSets.'),
  [`${APPS}ReplicaSetSpec`]: object(
    'ReplicaSetSpec is the specification of a ReplicaSet.',
    {
      replicas: int32('Replicas is the number of desired pods. Defaults to 1; 0 is allowed.'),
      minReadySeconds: int32('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.'),
      selector: ref(`${META}LabelSelector`, 'Selector is a label query over pods that should match the replica count. Required, not empty, immutable; it must match the pod template\'s labels.'),
      template: ref(`${CORE}PodTemplateSpec`, 'Template is the object that describes the pod that will be created if insufficient replicas are detected. Its restartPolicy must be Always.'),
    },
    { required: ['selector'] },
  ),
  [`${APPS}ReplicaSetStatus`]: object(
    'ReplicaSetStatus represents the current status of a ReplicaSet.',
    {
      replicas: int32('Replicas is the most recently observed number of non-terminating pods.'),
      fullyLabeledReplicas: int32('The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset.'),
      readyReplicas: int32('The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
      availableReplicas: int32('The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set.'),
      observedGeneration: int64('ObservedGeneration reflects the generation of the most recently observed ReplicaSet.'),
      conditions: list($ref(`${APPS}ReplicaSetCondition`), 'Represents the latest available observations of a replica set\'s current state.', mergedBy('type')),
    },
    { required: ['replicas'] },
  ),
  [`${APPS}ReplicaSetCondition`]: condition('ReplicaSetCondition describes the state of a replica set at a certain point.', 'Type of replica set condition, e.g. ReplicaFailure.'),
};

let cached: { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly hash: string } | undefined;

/** The document, its JSON and its hash, computed once. */
export function appsV1OpenApi(): { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly hash: string } {
  if (cached === undefined) {
    const resources = resourcesOfGroup('apps');
    const document = groupDocument({
      group: 'apps',
      tag: 'apps_v1',
      operationStem: 'AppsV1',
      kind: 'ReplicaSet',
      plural: 'replicasets',
      prefix: 'io.k8s.api.apps.v1',
      schemas: REPLICA_SET_SCHEMAS,
      description: 'Workloads: ReplicaSets, stored, with their status and scale subresources.',
      paths: Object.assign({}, ...resources.map(resourcePaths)) as Record<string, Schema>,
      selects: { label: 'objects whose labels match', field: 'objects whose metadata.name, metadata.namespace or status.replicas match' },
      nouns: 'ReplicaSets',
    });
    cached = { document, json: JSON.stringify(document), hash: documentHash(document) };
  }
  return cached;
}
