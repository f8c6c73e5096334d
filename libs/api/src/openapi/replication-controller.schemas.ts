import {
  $ref,
  condition,
  AUTOSCALING,
  CORE,
  int32,
  int64,
  kind,
  list,
  listKind,
  mergedBy,
  META,
  object,
  ref,
  str,
  stringMap,
  typeMeta,
  type Schema,
} from './schema.builders';

export const REPLICATION_CONTROLLER_SCHEMAS: Record<string, Schema> = {
  [`${CORE}ReplicationController`]: kind(
    'ReplicationController',
    'A ReplicationController keeps a number of identical pods running: it creates pods from its template when there are too few (after a pod failed, was deleted or its node was lost) and deletes the excess when there are too many. It finds its pods by label selector and owns them (ownerReferences). Scaling is changing spec.replicas, also through the scale subresource.',
    {
      spec: ref(`${CORE}ReplicationControllerSpec`, 'How many pods, of which template, selected how.'),
      status: ref(`${CORE}ReplicationControllerStatus`, 'What the replication controller last observed. Read-only for users.'),
    },
    { required: ['spec'] },
  ),
  [`${CORE}ReplicationControllerList`]: listKind('ReplicationController', 'A list of replication controllers.'),

  [`${CORE}ReplicationControllerSpec`]: object(
    'The desired state of a replication controller.',
    {
      replicas: int32('How many pods should run. Default 1; 0 is allowed (no pods).'),
      minReadySeconds: int32('Seconds a new pod must be Ready before it counts as available. Default 0.'),
      selector: stringMap(
        'The labels (all of them, exact values) of the pods this controller counts and owns. Defaults to the template\'s labels; must match them. Pods whose labels stop matching are released.',
        { atomic: true },
      ),
      template: ref(`${CORE}PodTemplateSpec`, 'The pods to create when there are too few. Changing it does not touch existing pods. The template\'s restartPolicy must be Always.'),
    },
    { required: ['template'] },
  ),
  [`${CORE}ReplicationControllerStatus`]: object(
    'The observed state of a replication controller.',
    {
      replicas: int32('Pods the controller currently owns that are not being deleted.'),
      fullyLabeledReplicas: int32('Of those, the pods whose labels match the template\'s.'),
      readyReplicas: int32('Of those, the pods that are Ready.'),
      availableReplicas: int32('Of those, the pods Ready for at least minReadySeconds.'),
      observedGeneration: int64('The metadata.generation this status reflects.'),
      conditions: list(
        $ref(`${CORE}ReplicationControllerCondition`),
        'ReplicaFailure when pods could not be created or deleted.',
        mergedBy('type'),
      ),
    },
    { required: ['replicas'] },
  ),
  [`${CORE}ReplicationControllerCondition`]: condition('One aspect of a replication controller\'s state.', 'The condition, e.g. ReplicaFailure.'),

  [`${AUTOSCALING}Scale`]: object(
    'The scale subresource of a replication controller (replicationcontrollers/{name}/scale): its desired and current number of pods, for `kubectl scale` and autoscalers.',
    {
      ...typeMeta(),
      metadata: ref(`${META}ObjectMeta`, 'The metadata of the replication controller (name, namespace, uid, resourceVersion, creationTimestamp).'),
      spec: ref(`${AUTOSCALING}ScaleSpec`, 'The desired number of pods; writing it scales the replication controller.'),
      status: ref(`${AUTOSCALING}ScaleStatus`, 'The current number of pods. Read-only.'),
    },
    { gvk: [{ group: 'autoscaling', version: 'v1', kind: 'Scale' }] },
  ),
  [`${AUTOSCALING}ScaleSpec`]: object('The desired scale.', { replicas: int32('The desired number of pods (spec.replicas of the replication controller).') }),
  [`${AUTOSCALING}ScaleStatus`]: object(
    'The current scale.',
    {
      replicas: int32('The number of pods the replication controller owns (its status.replicas).'),
      selector: str('The replication controller\'s selector in label-selector syntax ("app=web,tier=front").'),
    },
    { required: ['replicas'] },
  ),
};
