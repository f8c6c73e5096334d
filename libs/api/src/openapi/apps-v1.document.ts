import { groupDocument, groupPaths, servedOnce } from './group.document';
import { $ref, bool, condition, CORE, INT_OR_STRING, int32, int64, list, mergedBy, META, object, oneOfStrings, ref, str, time, typeMeta, type Schema } from './schema.builders';

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

const DEPLOYMENT_SCHEMAS: Record<string, Schema> = {
  [`${APPS}Deployment`]: appsKind(
    'Deployment',
    'Deployment enables declarative updates for Pods and ReplicaSets: it keeps one ReplicaSet per pod template (named <deployment>-<pod-template-hash>), scales the current one, and rolls a changed template out by scaling a new ReplicaSet up and the old ones down.',
    {
      spec: ref(`${APPS}DeploymentSpec`, 'Specification of the desired behavior of the Deployment.'),
      status: ref(`${APPS}DeploymentStatus`, 'Most recently observed status of the Deployment. Read-only for users.'),
    },
  ),
  [`${APPS}DeploymentList`]: appsList('Deployment', 'DeploymentList is a list of Deployments.'),
  [`${APPS}DeploymentSpec`]: object(
    'DeploymentSpec is the specification of the desired behavior of the Deployment.',
    {
      replicas: int32('Number of desired pods. Defaults to 1.'),
      selector: ref(`${META}LabelSelector`, 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. Required, immutable; it must match the pod template\'s labels.'),
      template: ref(`${CORE}PodTemplateSpec`, 'Template describes the pods that will be created. Its restartPolicy must be Always.'),
      strategy: ref(`${APPS}DeploymentStrategy`, 'The deployment strategy to use to replace existing pods with new ones.'),
      minReadySeconds: int32('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.'),
      revisionHistoryLimit: int32('The number of old ReplicaSets to retain to allow rollback. Defaults to 10.'),
      paused: bool('Indicates that the deployment is paused: template changes are not rolled out.'),
      progressDeadlineSeconds: int32('The maximum time in seconds for a deployment to make progress before it is considered to be failed. Defaults to 600.'),
    },
    { required: ['selector', 'template'] },
  ),
  [`${APPS}DeploymentStrategy`]: object('DeploymentStrategy describes how to replace existing pods with new ones.', {
    type: oneOfStrings('Type of deployment: "Recreate" or "RollingUpdate". Default is RollingUpdate.', ['Recreate', 'RollingUpdate']),
    rollingUpdate: ref(`${APPS}RollingUpdateDeployment`, 'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.'),
  }),
  [`${APPS}RollingUpdateDeployment`]: object('Spec to control the desired behavior of rolling update.', {
    maxUnavailable: ref(INT_OR_STRING, 'The maximum number of pods that can be unavailable during the update: an absolute number or a percentage of desired pods (rounded down). Defaults to 25%.'),
    maxSurge: ref(INT_OR_STRING, 'The maximum number of pods that can be scheduled above the desired number of pods: an absolute number or a percentage of desired pods (rounded up). Defaults to 25%.'),
  }),
  [`${APPS}DeploymentStatus`]: object('DeploymentStatus is the most recently observed status of the Deployment.', {
    observedGeneration: int64('The generation observed by the deployment controller.'),
    replicas: int32('Total number of non-terminating pods targeted by this deployment (their labels match the selector).'),
    updatedReplicas: int32('Total number of non-terminating pods targeted by this deployment that have the desired template spec.'),
    readyReplicas: int32('Total number of non-terminating pods targeted by this Deployment with a Ready Condition.'),
    availableReplicas: int32('Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.'),
    unavailableReplicas: int32('Total number of unavailable pods targeted by this deployment.'),
    conditions: list($ref(`${APPS}DeploymentCondition`), "Represents the latest available observations of a deployment's current state.", mergedBy('type')),
    collisionCount: int32('Count of hash collisions for the Deployment.'),
  }),
  [`${APPS}DeploymentCondition`]: object('DeploymentCondition describes the state of a deployment at a certain point.', {
    type: str('Type of deployment condition: Available, Progressing or ReplicaFailure.'),
    status: oneOfStrings('Status of the condition, one of True, False, Unknown.', ['False', 'True', 'Unknown']),
    lastUpdateTime: time('The last time this condition was updated.'),
    lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
    reason: str("The reason for the condition's last transition, e.g. NewReplicaSetAvailable."),
    message: str('A human readable message indicating details about the transition.'),
  }),
};

/** The document, its JSON and its hash, computed once. */
export const appsV1OpenApi = servedOnce(() =>
  groupDocument({
    group: 'apps',
    tag: 'apps_v1',
    operationStem: 'AppsV1',
    kind: 'ReplicaSet',
    plural: 'replicasets',
    prefix: 'io.k8s.api.apps.v1',
    schemas: { ...DEPLOYMENT_SCHEMAS, ...REPLICA_SET_SCHEMAS },
    description: 'Workloads: Deployments and ReplicaSets, stored, with their status and scale subresources.',
    paths: groupPaths('apps'),
    selects: { label: 'objects whose labels match', field: 'objects whose metadata.name, metadata.namespace or status.replicas match' },
    nouns: 'Deployments and ReplicaSets',
  }),
);
