import { groupDocument, groupPaths, servedOnce } from './group.document';
import { $ref, int32, int64, list, mergedBy, META, object, oneOfStrings, opaque, QUANTITY, ref, str, time, typeMeta, groupKinds, type Schema } from './schema.builders';

/**
 * The OpenAPI v3 document of autoscaling/v2 (`/openapi/v3/apis/autoscaling/v2`), the version
 * HorizontalPodAutoscalers are stored at: their schemas and operations (with status), for `kubectl
 * explain hpa`, server-side field validation and client-side apply. Metric sources other than
 * Resource are described loosely (Bosun's controller measures none of them).
 */

const V2 = 'io.k8s.api.autoscaling.v2.';
const { gvk } = groupKinds('autoscaling', V2, 'v2');

const HPA_SCHEMAS: Record<string, Schema> = {
  [`${V2}HorizontalPodAutoscaler`]: object(
    'HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.',
    {
      ...typeMeta(),
      metadata: ref(`${META}ObjectMeta`, 'metadata is the standard object metadata.'),
      spec: ref(`${V2}HorizontalPodAutoscalerSpec`, 'spec is the specification for the behaviour of the autoscaler.'),
      status: ref(`${V2}HorizontalPodAutoscalerStatus`, 'status is the current information about the autoscaler.'),
    },
    { gvk: gvk('HorizontalPodAutoscaler') },
  ),
  [`${V2}HorizontalPodAutoscalerList`]: object(
    'HorizontalPodAutoscalerList is a list of horizontal pod autoscaler objects.',
    { ...typeMeta(), metadata: ref(`${META}ListMeta`, 'metadata is the standard list metadata.'), items: list($ref(`${V2}HorizontalPodAutoscaler`), 'items is the list of horizontal pod autoscaler objects.') },
    { required: ['items'], gvk: gvk('HorizontalPodAutoscalerList') },
  ),
  [`${V2}HorizontalPodAutoscalerSpec`]: object(
    'HorizontalPodAutoscalerSpec describes the desired functionality of the HorizontalPodAutoscaler.',
    {
      scaleTargetRef: ref(`${V2}CrossVersionObjectReference`, 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
      minReplicas: int32('minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down. It defaults to 1 pod.'),
      maxReplicas: int32('maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.'),
      metrics: list($ref(`${V2}MetricSpec`), 'metrics contains the specifications for which to use to calculate the desired replica count. If not set, the default metric will be set to 80% average CPU utilization.', { type: 'atomic' }),
      behavior: opaque('behavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively). Stored; Bosun\'s controller does not apply it.'),
    },
    { required: ['scaleTargetRef', 'maxReplicas'] },
  ),
  [`${V2}CrossVersionObjectReference`]: object(
    'CrossVersionObjectReference contains enough information to let you identify the referred resource.',
    { kind: str('kind is the kind of the referent.'), name: str('name is the name of the referent.'), apiVersion: str('apiVersion is the API version of the referent.') },
    { required: ['kind', 'name'] },
  ),
  [`${V2}MetricSpec`]: object(
    'MetricSpec specifies how to scale based on a single metric (only `type` and one other matching field should be set at once).',
    {
      type: oneOfStrings('type is the type of metric source.', ['ContainerResource', 'External', 'Object', 'Pods', 'Resource']),
      resource: ref(`${V2}ResourceMetricSource`, 'resource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing each pod in the current scale target.'),
      containerResource: opaque('containerResource refers to a resource metric of a single container in each pod of the current scale target.'),
      pods: opaque('pods refers to a metric describing each pod in the current scale target.'),
      object: opaque('object refers to a metric describing a single kubernetes object.'),
      external: opaque('external refers to a global metric that is not associated with any Kubernetes object.'),
    },
    { required: ['type'] },
  ),
  [`${V2}ResourceMetricSource`]: object(
    'ResourceMetricSource indicates how to scale on a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).',
    { name: str('name is the name of the resource in question.'), target: ref(`${V2}MetricTarget`, 'target specifies the target value for the given metric') },
    { required: ['name', 'target'] },
  ),
  [`${V2}MetricTarget`]: object(
    'MetricTarget defines the target value, average value, or average utilization of a specific metric',
    {
      type: oneOfStrings('type represents whether the metric type is Utilization, Value, or AverageValue', ['AverageValue', 'Utilization', 'Value']),
      value: ref(QUANTITY, 'value is the target value of the metric (as a quantity).'),
      averageValue: ref(QUANTITY, 'averageValue is the target value of the average of the metric across all relevant pods (as a quantity)'),
      averageUtilization: int32('averageUtilization is the target value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods. Currently only valid for Resource metric source type'),
    },
    { required: ['type'] },
  ),
  [`${V2}HorizontalPodAutoscalerStatus`]: object(
    'HorizontalPodAutoscalerStatus describes the current status of a horizontal pod autoscaler.',
    {
      observedGeneration: int64('observedGeneration is the most recent generation observed by this autoscaler.'),
      lastScaleTime: time('lastScaleTime is the last time the HorizontalPodAutoscaler scaled the number of pods, used by the autoscaler to control how often the number of pods is changed.'),
      currentReplicas: int32('currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
      desiredReplicas: int32('desiredReplicas is the desired number of replicas of pods managed by this autoscaler, as last calculated by the autoscaler.'),
      currentMetrics: list(opaque('MetricStatus describes the last-read state of a single metric.'), 'currentMetrics is the last read state of the metrics used by this autoscaler.', { type: 'atomic' }),
      conditions: list($ref(`${V2}HorizontalPodAutoscalerCondition`), 'conditions is the set of conditions required for this autoscaler to scale its target, and indicates whether or not those conditions are met.', mergedBy('type')),
    },
    { required: ['desiredReplicas'] },
  ),
  [`${V2}HorizontalPodAutoscalerCondition`]: object(
    'HorizontalPodAutoscalerCondition describes the state of a HorizontalPodAutoscaler at a certain point.',
    {
      type: str('type describes the current condition: AbleToScale, ScalingActive or ScalingLimited.'),
      status: oneOfStrings('status is the status of the condition (True, False, Unknown)', ['False', 'True', 'Unknown']),
      lastTransitionTime: time('lastTransitionTime is the last time the condition transitioned from one status to another'),
      reason: str("reason is the reason for the condition's last transition."),
      message: str('message is a human-readable explanation containing details about the transition'),
    },
    { required: ['type', 'status'] },
  ),
};

/** The document, its JSON and its hash, computed once. */
export const autoscalingV2OpenApi = servedOnce(() =>
  groupDocument({
    group: 'autoscaling',
    version: 'v2',
    tag: 'autoscaling_v2',
    operationStem: 'AutoscalingV2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    prefix: 'io.k8s.api.autoscaling.v2',
    schemas: HPA_SCHEMAS,
    description: 'HorizontalPodAutoscalers: stored at v2, with their status subresource; the horizontal-pod-autoscaler controller keeps their targets within their bounds.',
    paths: groupPaths('autoscaling'),
    selects: { label: 'HorizontalPodAutoscalers whose labels match', field: 'HorizontalPodAutoscalers whose metadata.name or metadata.namespace match' },
    nouns: 'HorizontalPodAutoscalers',
  }),
);
