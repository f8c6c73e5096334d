import { groupDocument, groupPaths, servedOnce } from './group.document';
import { $ref, INT_OR_STRING, int32, int64, list, mergedBy, META, object, oneOfStrings, ref, str, time, typeMeta, groupKinds, type Schema } from './schema.builders';

/**
 * The OpenAPI v3 document of policy/v1 (`/openapi/v3/apis/policy/v1`): the PodDisruptionBudget
 * schemas and their operations (a stored kind's, with status), for `kubectl explain pdb`, server-side
 * field validation and client-side apply. metav1.Condition is written here, the only kind using it.
 */

const POLICY = 'io.k8s.api.policy.v1.';
const { gvk } = groupKinds('policy', POLICY);

const PDB_SCHEMAS: Record<string, Schema> = {
  [`${POLICY}PodDisruptionBudget`]: object(
    'PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods',
    {
      ...typeMeta(),
      metadata: ref(`${META}ObjectMeta`, "Standard object's metadata."),
      spec: ref(`${POLICY}PodDisruptionBudgetSpec`, 'Specification of the desired behavior of the PodDisruptionBudget.'),
      status: ref(`${POLICY}PodDisruptionBudgetStatus`, 'Most recently observed status of the PodDisruptionBudget.'),
    },
    { gvk: gvk('PodDisruptionBudget') },
  ),
  [`${POLICY}PodDisruptionBudgetList`]: object(
    'PodDisruptionBudgetList is a collection of PodDisruptionBudgets.',
    { ...typeMeta(), metadata: ref(`${META}ListMeta`, 'Standard list metadata.'), items: list($ref(`${POLICY}PodDisruptionBudget`), 'Items is a list of PodDisruptionBudgets') },
    { required: ['items'], gvk: gvk('PodDisruptionBudgetList') },
  ),
  [`${POLICY}PodDisruptionBudgetSpec`]: object('PodDisruptionBudgetSpec is a description of a PodDisruptionBudget.', {
    minAvailable: ref(INT_OR_STRING, 'An eviction is allowed if at least "minAvailable" pods selected by "selector" will still be available after the eviction, i.e. even in the absence of the evicted pod. So for example you can prevent all voluntary evictions by specifying "100%".'),
    maxUnavailable: ref(INT_OR_STRING, 'An eviction is allowed if at most "maxUnavailable" pods selected by "selector" are unavailable after the eviction, i.e. even in absence of the evicted pod. For example, one can prevent all voluntary evictions by specifying 0. This is a mutually exclusive setting with "minAvailable".'),
    selector: { ...ref(`${META}LabelSelector`, 'Label query over pods whose evictions are managed by the disruption budget. A null selector will match no pods, while an empty ({}) selector will select all pods within the namespace.'), 'x-kubernetes-patch-strategy': 'replace' },
    unhealthyPodEvictionPolicy: oneOfStrings('UnhealthyPodEvictionPolicy defines the criteria for when unhealthy pods should be considered for eviction: IfHealthyBudget (the default when unset) or AlwaysAllow.', ['AlwaysAllow', 'IfHealthyBudget']),
  }),
  [`${POLICY}PodDisruptionBudgetStatus`]: object(
    'PodDisruptionBudgetStatus represents information about the status of a PodDisruptionBudget. Status may trail the actual state of a system.',
    {
      observedGeneration: int64("Most recent generation observed when updating this PDB status. DisruptionsAllowed and other status information is valid only if observedGeneration equals to PDB's object generation."),
      disruptedPods: { type: 'object', additionalProperties: $ref(`${META}Time`), description: 'DisruptedPods contains information about pods whose eviction was processed by the API server eviction subresource handler but has not yet been observed by the PodDisruptionBudget controller.' },
      disruptionsAllowed: int32('Number of pod disruptions that are currently allowed.'),
      currentHealthy: int32('current number of healthy pods'),
      desiredHealthy: int32('minimum desired number of healthy pods'),
      expectedPods: int32('total number of pods counted by this disruption budget'),
      conditions: list($ref(`${META}Condition`), 'Conditions contain conditions for PDB: DisruptionAllowed, True (SufficientPods) when disruptionsAllowed is above 0, else False (InsufficientPods, or SyncFailed when it could not be computed).', mergedBy('type')),
    },
    { required: ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'] },
  ),
  [`${META}Condition`]: object(
    'Condition contains details for one aspect of the current state of this API Resource.',
    {
      type: str('type of condition in CamelCase or in foo.example.com/CamelCase.'),
      status: oneOfStrings('status of the condition, one of True, False, Unknown.', ['False', 'True', 'Unknown']),
      observedGeneration: int64('observedGeneration represents the .metadata.generation that the condition was set based upon.'),
      lastTransitionTime: time('lastTransitionTime is the last time the condition transitioned from one status to another.'),
      reason: str("reason contains a programmatic identifier indicating the reason for the condition's last transition."),
      message: str('message is a human readable message indicating details about the transition. This may be an empty string.'),
    },
    { required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'] },
  ),
};

/** The document, its JSON and its hash, computed once. */
export const policyV1OpenApi = servedOnce(() =>
  groupDocument({
    group: 'policy',
    tag: 'policy_v1',
    operationStem: 'PolicyV1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    prefix: 'io.k8s.api.policy.v1',
    schemas: PDB_SCHEMAS,
    description: 'PodDisruptionBudgets: stored, with their status subresource, kept by the disruption controller and honoured by the pods\' eviction subresource.',
    paths: groupPaths('policy'),
    selects: { label: 'PodDisruptionBudgets whose labels match', field: 'PodDisruptionBudgets whose metadata.name or metadata.namespace match' },
    nouns: 'PodDisruptionBudgets',
  }),
);
