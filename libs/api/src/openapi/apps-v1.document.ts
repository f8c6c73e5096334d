import { groupDocument, groupPaths, servedOnce } from './group.document';
import { $ref, bool, condition, CORE, INT_OR_STRING, int32, int64, list, mergedBy, META, object, oneOfStrings, opaque, ref, str, time, typeMeta, type Schema } from './schema.builders';

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

const DAEMON_SET_SCHEMAS: Record<string, Schema> = {
  [`${APPS}DaemonSet`]: appsKind(
    'DaemonSet',
    'DaemonSet represents the configuration of a daemon set: one pod of its template on every node its nodeSelector, node affinity and tolerations admit, created as nodes come and deleted as they go.',
    {
      spec: ref(`${APPS}DaemonSetSpec`, 'The desired behavior of this daemon set.'),
      status: ref(`${APPS}DaemonSetStatus`, 'The current status of this daemon set. Read-only for users.'),
    },
  ),
  [`${APPS}DaemonSetList`]: appsList('DaemonSet', 'DaemonSetList is a collection of daemon sets.'),
  [`${APPS}DaemonSetSpec`]: object(
    'DaemonSetSpec is the specification of a daemon set.',
    {
      selector: ref(`${META}LabelSelector`, "A label query over pods that are managed by the daemon set. Required, not empty, immutable; it must match the pod template's labels."),
      template: ref(`${CORE}PodTemplateSpec`, 'An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template\'s node selector (or on every node if no node selector is specified). Its restartPolicy must be Always.'),
      updateStrategy: ref(`${APPS}DaemonSetUpdateStrategy`, 'An update strategy to replace existing DaemonSet pods with new pods.'),
      minReadySeconds: int32('The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.'),
      revisionHistoryLimit: int32('The number of old history to retain to allow rollback. Defaults to 10.'),
    },
    { required: ['selector', 'template'] },
  ),
  [`${APPS}DaemonSetUpdateStrategy`]: object('DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.', {
    type: oneOfStrings('Type of daemon set update. Can be "RollingUpdate" or "OnDelete". Default is RollingUpdate.', ['OnDelete', 'RollingUpdate']),
    rollingUpdate: ref(`${APPS}RollingUpdateDaemonSet`, 'Rolling update config params. Present only if type = "RollingUpdate".'),
  }),
  [`${APPS}RollingUpdateDaemonSet`]: object('Spec to control the desired behavior of daemon set rolling update.', {
    maxUnavailable: ref(INT_OR_STRING, 'The maximum number of DaemonSet pods that can be unavailable during the update: an absolute number or a percentage of the desired nodes (rounded up). Defaults to 1; may not be 0 when maxSurge is 0.'),
    maxSurge: ref(INT_OR_STRING, 'The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during an update. Defaults to 0.'),
  }),
  [`${APPS}DaemonSetStatus`]: object(
    'DaemonSetStatus represents the current status of a daemon set.',
    {
      currentNumberScheduled: int32('The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
      numberMisscheduled: int32('The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod.'),
      desiredNumberScheduled: int32('The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
      numberReady: int32('The number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
      observedGeneration: int64('The most recent generation observed by the daemon set controller.'),
      updatedNumberScheduled: int32('The total number of nodes that are running updated daemon pod.'),
      numberAvailable: int32('The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds).'),
      numberUnavailable: int32('The number of nodes that should be running the daemon pod and have none of the daemon pod running and available (ready for at least spec.minReadySeconds).'),
      collisionCount: int32('Count of hash collisions for the DaemonSet.'),
      conditions: list($ref(`${APPS}DaemonSetCondition`), "Represents the latest available observations of a DaemonSet's current state.", mergedBy('type')),
    },
    { required: ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'] },
  ),
  [`${APPS}DaemonSetCondition`]: condition('DaemonSetCondition describes the state of a DaemonSet at a certain point.', 'Type of DaemonSet condition.'),
};

const STATEFUL_SET_SCHEMAS: Record<string, Schema> = {
  [`${APPS}StatefulSet`]: appsKind(
    'StatefulSet',
    'StatefulSet represents a set of pods with consistent identities: each pod is named <statefulset>-<ordinal>, has that name as its hostname and the serviceName as its subdomain, and is created, replaced and removed in ordinal order. Bosun stores volumeClaimTemplates but serves no PersistentVolumeClaims.',
    {
      spec: ref(`${APPS}StatefulSetSpec`, 'Spec defines the desired identities of pods in this set.'),
      status: ref(`${APPS}StatefulSetStatus`, 'Status is the current status of Pods in this StatefulSet. Read-only for users.'),
    },
  ),
  [`${APPS}StatefulSetList`]: appsList('StatefulSet', 'StatefulSetList is a collection of StatefulSets.'),
  [`${APPS}StatefulSetSpec`]: object(
    'A StatefulSetSpec is the specification of a StatefulSet.',
    {
      replicas: int32('The desired number of replicas of the given Template. Defaults to 1.'),
      selector: ref(`${META}LabelSelector`, "A label query over pods that should match the replica count. Required, immutable; it must match the pod template's labels."),
      template: ref(`${CORE}PodTemplateSpec`, 'The object that describes the pod that will be created if insufficient replicas are detected. Its restartPolicy must be Always.'),
      volumeClaimTemplates: list(opaque('A PersistentVolumeClaim template.'), 'A list of claims that pods are allowed to reference. Stored only: Bosun serves no PersistentVolumeClaims.'),
      serviceName: str('The name of the service that governs this StatefulSet: each pod gets it as its subdomain (pod-specific DNS names <pod>.<serviceName>.<namespace>.svc).'),
      podManagementPolicy: oneOfStrings('Controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down: OrderedReady (default) or Parallel.', ['OrderedReady', 'Parallel']),
      updateStrategy: ref(`${APPS}StatefulSetUpdateStrategy`, 'The strategy used to update Pods when a revision is made to Template.'),
      revisionHistoryLimit: int32('The maximum number of revisions kept in the StatefulSet\'s revision history. Defaults to 10.'),
      minReadySeconds: int32('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available. Defaults to 0.'),
      persistentVolumeClaimRetentionPolicy: object('Describes the lifecycle of persistent volume claims created from volumeClaimTemplates.', {
        whenDeleted: oneOfStrings('What happens to PVCs when the StatefulSet is deleted: Retain (default) or Delete.', ['Delete', 'Retain']),
        whenScaled: oneOfStrings('What happens to PVCs when the StatefulSet is scaled down: Retain (default) or Delete.', ['Delete', 'Retain']),
      }),
      ordinals: object('Controls the numbering of replica indices in a StatefulSet.', { start: int32('The number representing the first replica\'s index. Defaults to 0.') }),
    },
    { required: ['selector', 'template'] },
  ),
  [`${APPS}StatefulSetUpdateStrategy`]: object('StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.', {
    type: oneOfStrings('Type indicates the type of the StatefulSetUpdateStrategy: RollingUpdate (default) or OnDelete.', ['OnDelete', 'RollingUpdate']),
    rollingUpdate: object('RollingUpdate is used to communicate parameters when Type is RollingUpdate.', {
      partition: int32('Pods with an ordinal greater than or equal to the partition are updated when the template changes. Defaults to 0.'),
      maxUnavailable: ref(INT_OR_STRING, 'The maximum number of pods that can be unavailable during the update (alpha in Kubernetes, not enforced).'),
    }),
  }),
  [`${APPS}StatefulSetStatus`]: object('StatefulSetStatus represents the current state of a StatefulSet.', {
    observedGeneration: int64('The most recent generation observed for this StatefulSet.'),
    replicas: int32('The number of Pods created by the StatefulSet controller.'),
    readyReplicas: int32('The number of pods created for this StatefulSet with a Ready Condition.'),
    currentReplicas: int32('The number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision.'),
    updatedReplicas: int32('The number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision.'),
    currentRevision: str('The version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).'),
    updateRevision: str('The version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas).'),
    collisionCount: int32('The count of hash collisions for the StatefulSet, used as a suffix when naming its ControllerRevisions.'),
    conditions: list($ref(`${APPS}StatefulSetCondition`), "Represents the latest available observations of a statefulset's current state.", mergedBy('type')),
    availableReplicas: int32('Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.'),
  }),
  [`${APPS}StatefulSetCondition`]: condition('StatefulSetCondition describes the state of a statefulset at a certain point.', 'Type of statefulset condition.'),
  [`${APPS}ControllerRevision`]: appsKind(
    'ControllerRevision',
    'ControllerRevision implements an immutable snapshot of state data (for a StatefulSet: a strategic merge patch restoring its pod template), named <controller>-<hash> and numbered by revision; kubectl rollout history and undo read them.',
    {
      data: opaque('Data is the serialized representation of the state.'),
      revision: int64('Revision indicates the revision of the state represented by Data.'),
    },
  ),
  [`${APPS}ControllerRevisionList`]: appsList('ControllerRevision', 'ControllerRevisionList is a resource containing a list of ControllerRevision objects.'),
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
    schemas: { ...DAEMON_SET_SCHEMAS, ...DEPLOYMENT_SCHEMAS, ...REPLICA_SET_SCHEMAS, ...STATEFUL_SET_SCHEMAS },
    description: 'Workloads: DaemonSets, Deployments, ReplicaSets and StatefulSets, stored, with their status subresources (and scale, but for DaemonSets); ControllerRevisions.',
    paths: groupPaths('apps'),
    selects: { label: 'objects whose labels match', field: 'objects whose metadata.name, metadata.namespace or status.replicas match' },
    nouns: 'DaemonSets, Deployments, ReplicaSets, StatefulSets and ControllerRevisions',
  }),
);
