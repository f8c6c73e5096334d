import { groupDocument, groupPaths, servedOnce } from './group.document';
import { $ref, list, META, object, ref, str, strings, typeMeta, groupKinds, type Schema } from './schema.builders';

/**
 * The OpenAPI v3 document of rbac.authorization.k8s.io/v1: Roles, ClusterRoles and their bindings,
 * for `kubectl explain role.rules`, server-side field validation and client-side apply. Stored
 * only: Bosun authorizes nothing with them.
 */

const RBAC = 'io.k8s.api.rbac.v1.';
const { gvk, listOf } = groupKinds('rbac.authorization.k8s.io', RBAC);
const metadata = ref(`${META}ObjectMeta`, "Standard object's metadata.");
const rules = (whose: string): Schema => list($ref(`${RBAC}PolicyRule`), `Rules holds all the PolicyRules for this ${whose}`, { type: 'atomic' });
const bindingFields = (what: string): Record<string, Schema> => ({
  subjects: list($ref(`${RBAC}Subject`), 'Subjects holds references to the objects the role applies to.', { type: 'atomic' }),
  roleRef: ref(`${RBAC}RoleRef`, `RoleRef can only reference a ${what}. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.`),
});

const RBAC_SCHEMAS: Record<string, Schema> = {
  [`${RBAC}PolicyRule`]: object(
    'PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.',
    {
      verbs: strings('Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. \'*\' represents all verbs.'),
      apiGroups: strings('APIGroups is the name of the APIGroup that contains the resources.  If multiple API groups are specified, any action requested against one of the enumerated resources in any API group will be allowed. "" represents the core API group and "*" represents all API groups.'),
      resources: strings('Resources is a list of resources this rule applies to. \'*\' represents all resources.'),
      resourceNames: strings('ResourceNames is an optional white list of names that the rule applies to.  An empty set means that everything is allowed.'),
      nonResourceURLs: strings('NonResourceURLs is a set of partial urls that a user should have access to.  *s are allowed, but only as the full, final step in the path. Rules can either apply to API resources (such as "pods" or "secrets") or non-resource URL paths (such as "/api"),  but not both.'),
    },
    { required: ['verbs'] },
  ),
  [`${RBAC}Subject`]: object(
    'Subject contains a reference to the object or user identities a role binding applies to.  This can either hold a direct API object reference, or a value for non-objects such as user and group names.',
    {
      kind: str('Kind of object being referenced. Values defined by this API group are "User", "Group", and "ServiceAccount". If the Authorizer does not recognized the kind value, the Authorizer should report an error.'),
      apiGroup: str('APIGroup holds the API group of the referenced subject. Defaults to "" for ServiceAccount subjects. Defaults to "rbac.authorization.k8s.io" for User and Group subjects.'),
      name: str('Name of the object being referenced.'),
      namespace: str('Namespace of the referenced object.  If the object kind is non-namespace, such as "User" or "Group", and this value is not empty the Authorizer should report an error.'),
    },
    { required: ['kind', 'name'], atomic: true },
  ),
  [`${RBAC}RoleRef`]: object(
    'RoleRef contains information that points to the role being used',
    {
      apiGroup: str('APIGroup is the group for the resource being referenced'),
      kind: str('Kind is the type of resource being referenced'),
      name: str('Name is the name of resource being referenced'),
    },
    { required: ['apiGroup', 'kind', 'name'], atomic: true },
  ),
  [`${RBAC}AggregationRule`]: object('AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole', {
    clusterRoleSelectors: list($ref(`${META}LabelSelector`), "ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules. If any of the selectors match, then the ClusterRole's permissions will be added", { type: 'atomic' }),
  }),
  [`${RBAC}Role`]: object(
    'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.',
    { ...typeMeta(), metadata, rules: rules('Role') },
    { gvk: gvk('Role') },
  ),
  [`${RBAC}RoleList`]: listOf('Role'),
  [`${RBAC}ClusterRole`]: object(
    'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.',
    {
      ...typeMeta(),
      metadata,
      rules: rules('ClusterRole'),
      aggregationRule: ref(`${RBAC}AggregationRule`, 'AggregationRule is an optional field that describes how to build the Rules for this ClusterRole. If AggregationRule is set, then the Rules are controller managed and direct changes to Rules will be stomped by the controller (Bosun stores it; it aggregates nothing).'),
    },
    { gvk: gvk('ClusterRole') },
  ),
  [`${RBAC}ClusterRoleList`]: listOf('ClusterRole'),
  [`${RBAC}RoleBinding`]: object(
    'RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace. It adds who information via Subjects and namespace information by which namespace it exists in.',
    { ...typeMeta(), metadata, ...bindingFields('Role in the current namespace or a ClusterRole in the global namespace') },
    { required: ['roleRef'], gvk: gvk('RoleBinding') },
  ),
  [`${RBAC}RoleBindingList`]: listOf('RoleBinding'),
  [`${RBAC}ClusterRoleBinding`]: object(
    'ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.',
    { ...typeMeta(), metadata, ...bindingFields('ClusterRole in the global namespace') },
    { required: ['roleRef'], gvk: gvk('ClusterRoleBinding') },
  ),
  [`${RBAC}ClusterRoleBindingList`]: listOf('ClusterRoleBinding'),
};

/** The document, its JSON and its hash, computed once. */
export const rbacV1OpenApi = servedOnce(() =>
  groupDocument({
    group: 'rbac.authorization.k8s.io',
    tag: 'rbacAuthorization_v1',
    operationStem: 'RbacAuthorizationV1',
    kind: 'Role',
    plural: 'roles',
    prefix: 'io.k8s.api.rbac.v1',
    schemas: RBAC_SCHEMAS,
    description: 'Roles, ClusterRoles and their bindings: stored as kube-apiserver stores them; Bosun authorizes nothing with them.',
    paths: groupPaths('rbac.authorization.k8s.io'),
    selects: { label: 'objects whose labels match', field: 'objects whose metadata.name or metadata.namespace match' },
    nouns: 'Roles, ClusterRoles and bindings',
  }),
);
