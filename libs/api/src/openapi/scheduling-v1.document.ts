import { groupDocument, groupPaths, servedOnce } from './group.document';
import { bool, groupKinds, int32, META, object, ref, str, type Schema } from './schema.builders';

/**
 * The OpenAPI v3 document of scheduling.k8s.io/v1 (`/openapi/v3/apis/scheduling.k8s.io/v1`): the
 * PriorityClass schemas, for `kubectl explain pc` and server-side validation, and the operations
 * of a stored kind.
 */

const SCHEDULING = 'io.k8s.api.scheduling.v1.';
const { gvk, listOf } = groupKinds('scheduling.k8s.io', SCHEDULING);

const SCHEMAS: Record<string, Schema> = {
  [`${SCHEDULING}PriorityClass`]: object(
    'PriorityClass defines mapping from a priority class name to the priority integer value. The value can be any valid integer. Bosun creates system-cluster-critical and system-node-critical at start, as kube-apiserver does.',
    {
      apiVersion: str('The schema version ("scheduling.k8s.io/v1").'),
      kind: str('"PriorityClass".'),
      metadata: ref(`${META}ObjectMeta`, "Standard object's metadata."),
      value: int32('value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec. At most 1000000000 for classes not named system-. Immutable.'),
      globalDefault: bool('globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as globalDefault.'),
      description: str('description is an arbitrary string that usually provides guidelines on when this priority class should be used.'),
      preemptionPolicy: str('preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset. Immutable.'),
    },
    { required: ['value'], gvk: gvk('PriorityClass') },
  ),
  [`${SCHEDULING}PriorityClassList`]: listOf('PriorityClass'),
};

/** The document, its JSON and its hash, computed once. */
export const schedulingV1OpenApi = servedOnce(() =>
  groupDocument({
    group: 'scheduling.k8s.io',
    tag: 'scheduling_v1',
    operationStem: 'SchedulingV1',
    kind: 'PriorityClass',
    plural: 'priorityclasses',
    prefix: 'io.k8s.api.scheduling.v1',
    schemas: SCHEMAS,
    description: 'PriorityClasses: stored; system-cluster-critical and system-node-critical are created at start; pods take their priority from them at creation.',
    paths: groupPaths('scheduling.k8s.io'),
    selects: { label: 'PriorityClasses whose labels match', field: 'PriorityClasses whose metadata.name match' },
    nouns: 'PriorityClasses',
  }),
);
