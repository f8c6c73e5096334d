import { sameJson } from './conventions';
import type { ClusterRole, ClusterRoleBinding, PolicyRule } from './types/rbac.types';

/*
 * The default ClusterRoles and ClusterRoleBindings kube-apiserver bootstraps
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy): the user-facing roles (cluster-admin, and
 * admin, edit and view, which aggregate the system:aggregate-to-* roles and whatever else carries
 * their labels), the discovery and self-review roles every user is bound to, and their bindings.
 * Bosun stores them and does not enforce them (RBAC is not authorisation here: see
 * docs/architecture.md), but tools and users read them as on any cluster. Only the roles a user
 * meets are listed: not the controllers' and nodes' system: roles, which Bosun's components do not use.
 */

export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
export const BOOTSTRAPPING_VALUE = 'rbac-defaults';
/** A default object carrying "true" here is reconciled at start; "false" leaves it to the user. */
export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';
export const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
export const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
export const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs });
const urls = (nonResourceURLs: string[], verbs: string[]): PolicyRule => ({ nonResourceURLs, verbs });

const meta = (name: string, labels: Record<string, string> = {}) => ({
  name,
  labels: { [BOOTSTRAPPING_LABEL]: BOOTSTRAPPING_VALUE, ...labels },
  annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
});

const clusterRole = (name: string, rules: PolicyRule[], labels: Record<string, string> = {}): ClusterRole => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: meta(name, labels),
  rules,
});

/** A role that takes its rules from the ClusterRoles labelled `label: "true"` (the aggregator fills them). */
const aggregated = (name: string, label: string, labels: Record<string, string> = {}): ClusterRole => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: meta(name, labels),
  aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [label]: 'true' } }] },
  rules: [],
});

/** The default ClusterRoles, in name order as `kubectl get clusterroles` lists them. */
export const BOOTSTRAP_CLUSTER_ROLES: readonly ClusterRole[] = Object.freeze([
  aggregated('admin', AGGREGATE_TO_ADMIN),
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
  aggregated('edit', AGGREGATE_TO_EDIT, { [AGGREGATE_TO_ADMIN]: 'true' }),
  clusterRole(
    'system:aggregate-to-admin',
    [rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']), rule(['rbac.authorization.k8s.io'], ['rolebindings', 'roles'], ALL)],
    { [AGGREGATE_TO_ADMIN]: 'true' },
  ),
  clusterRole(
    'system:aggregate-to-edit',
    [
      rule([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], READ),
      rule([''], ['serviceaccounts'], ['impersonate']),
      rule([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], WRITE),
      rule([''], ['pods/eviction'], ['create']),
      rule([''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], WRITE),
      rule([''], ['serviceaccounts/token'], ['create']),
      rule(['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], WRITE),
      rule(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
      rule(['batch'], ['cronjobs', 'jobs'], WRITE),
      rule(['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'], WRITE),
      rule(['policy'], ['poddisruptionbudgets'], WRITE),
      rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
      rule(['coordination.k8s.io'], ['leases'], ALL),
    ],
    { [AGGREGATE_TO_EDIT]: 'true' },
  ),
  clusterRole(
    'system:aggregate-to-view',
    [
      rule([''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], READ),
      rule([''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'], READ),
      rule([''], ['namespaces'], READ),
      rule(['discovery.k8s.io'], ['endpointslices'], READ),
      rule(['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'], READ),
      rule(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
      rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
      rule(['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale'], READ),
      rule(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
      rule(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
    ],
    { [AGGREGATE_TO_VIEW]: 'true' },
  ),
  clusterRole('system:basic-user', [rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']), rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create'])]),
  clusterRole('system:discovery', [urls(['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], ['get'])]),
  clusterRole('system:monitoring', [urls(['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'], ['get'])]),
  clusterRole('system:public-info-viewer', [urls(['/healthz', '/livez', '/readyz', '/version', '/version/'], ['get'])]),
  aggregated('view', AGGREGATE_TO_VIEW, { [AGGREGATE_TO_EDIT]: 'true' }),
] satisfies ClusterRole[]);

const group = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });

const binding = (name: string, groups: string[]): ClusterRoleBinding => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: meta(name),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
  subjects: groups.map(group),
});

/** The default ClusterRoleBindings: each binds the role of its name to the groups every user (or an admin) is in. */
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: readonly ClusterRoleBinding[] = Object.freeze([
  binding('cluster-admin', ['system:masters']),
  binding('system:basic-user', ['system:authenticated']),
  binding('system:discovery', ['system:authenticated']),
  binding('system:monitoring', ['system:monitoring']),
  binding('system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
] satisfies ClusterRoleBinding[]);


/**
 * kube-apiserver's reconciliation of a default ClusterRole at start (computeReconciledRole, without
 * removing extra permissions): labels and annotations it lacks are added (its own values kept), the
 * aggregation rule's selectors united, and — unless it aggregates, when the aggregator owns its rules —
 * the rules it lacks appended. Undefined when nothing is to change, or when its autoupdate annotation
 * is "false" (the user took it over).
 */
export function reconcileClusterRole(existing: ClusterRole, expected: ClusterRole): ClusterRole | undefined {
  if (existing.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === 'false') return undefined;
  const labels = { ...expected.metadata.labels, ...(existing.metadata.labels ?? {}) };
  const annotations = { ...expected.metadata.annotations, ...(existing.metadata.annotations ?? {}) };
  let aggregationRule = existing.aggregationRule;
  if (expected.aggregationRule !== undefined) {
    const selectors = [...(existing.aggregationRule?.clusterRoleSelectors ?? [])];
    for (const s of expected.aggregationRule.clusterRoleSelectors ?? []) if (!selectors.some((t) => sameJson(t, s))) selectors.push(s);
    aggregationRule = { ...(existing.aggregationRule ?? {}), clusterRoleSelectors: selectors };
  }
  const rules = [...(existing.rules ?? [])];
  if (aggregationRule === undefined) for (const r of expected.rules ?? []) if (!rules.some((t) => sameJson(t, r))) rules.push(r);
  const next: ClusterRole = { ...existing, metadata: { ...existing.metadata, labels, annotations }, rules, ...(aggregationRule === undefined ? {} : { aggregationRule }) };
  const changed = !sameJson(next.metadata.labels, existing.metadata.labels) || !sameJson(next.metadata.annotations, existing.metadata.annotations) || !sameJson(next.aggregationRule, existing.aggregationRule) || !sameJson(next.rules, existing.rules ?? []);
  return changed ? next : undefined;
}

/**
 * The same for a default ClusterRoleBinding (computeReconciledRoleBinding, without removing extra
 * subjects): labels, annotations and subjects it lacks are added. Its roleRef cannot change.
 */
export function reconcileClusterRoleBinding(existing: ClusterRoleBinding, expected: ClusterRoleBinding): ClusterRoleBinding | undefined {
  if (existing.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === 'false') return undefined;
  const labels = { ...expected.metadata.labels, ...(existing.metadata.labels ?? {}) };
  const annotations = { ...expected.metadata.annotations, ...(existing.metadata.annotations ?? {}) };
  const subjects = [...(existing.subjects ?? [])];
  for (const s of expected.subjects ?? []) if (!subjects.some((t) => t.kind === s.kind && t.name === s.name && (t.namespace ?? '') === (s.namespace ?? ''))) subjects.push(s);
  const next: ClusterRoleBinding = { ...existing, metadata: { ...existing.metadata, labels, annotations }, subjects };
  const changed = !sameJson(labels, existing.metadata.labels) || !sameJson(annotations, existing.metadata.annotations) || !sameJson(subjects, existing.subjects ?? []);
  return changed ? next : undefined;
}

/**
 * The rules an aggregating ClusterRole has (ClusterRoleAggregationController.syncClusterRole): of
 * the ClusterRoles any of its selectors selects — but itself —, taken in name order, each rule once,
 * in the order met. `selects` answers whether a selector matches a role's labels.
 */
export function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[], selects: (selector: unknown, labels: Record<string, string>) => boolean): PolicyRule[] {
  const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
  const chosen = all
    .filter((r) => r.metadata.name !== role.metadata.name && selectors.some((s) => selects(s, r.metadata.labels ?? {})))
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  const out: PolicyRule[] = [];
  for (const r of chosen) for (const rule of r.rules ?? []) if (!out.some((o) => sameJson(o, rule))) out.push(rule);
  return out;
}
