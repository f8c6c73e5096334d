import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES, type ClusterRole, type KubeObject } from '@bosun/api';
import { clusterRoleAggregationReconciler } from './cluster-role-aggregation.reconciler';
import { rbacBootstrapReconciler } from './rbac-bootstrap.reconciler';
import { cacheOf, plan, summary } from './testing/cache.given';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const role = (name: string, o: { labels?: Record<string, string>; rules?: unknown[]; aggregationRule?: unknown; annotations?: Record<string, string> } = {}): KubeObject =>
  ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, uid: `uid-${name}`, labels: o.labels ?? {}, ...(o.annotations ? { annotations: o.annotations } : {}) },
    ...(o.rules ? { rules: o.rules } : {}),
    ...(o.aggregationRule ? { aggregationRule: o.aggregationRule } : {}),
  }) as unknown as KubeObject;
const bootstrap = (name: string): KubeObject => structuredClone(BOOTSTRAP_CLUSTER_ROLES.find((r) => r.metadata.name === name)!) as KubeObject;
const replaced = (p: readonly Anything[]): Anything => p[0].command.data.object;

describe('the default RBAC objects (kube-apiserver\'s rbac/bootstrap-roles)', () => {
  it('has kube\'s user-facing roles and bindings, labelled rbac-defaults and annotated autoupdate', () => {
    expect(BOOTSTRAP_CLUSTER_ROLES.map((r) => r.metadata.name)).toEqual(
      expect.arrayContaining(['cluster-admin', 'admin', 'edit', 'view', 'system:aggregate-to-admin', 'system:aggregate-to-edit', 'system:aggregate-to-view', 'system:discovery', 'system:basic-user', 'system:public-info-viewer']),
    );
    for (const o of [...BOOTSTRAP_CLUSTER_ROLES, ...BOOTSTRAP_CLUSTER_ROLE_BINDINGS]) {
      expect(o.metadata).toMatchObject({ labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } });
    }
    expect(BOOTSTRAP_CLUSTER_ROLES.find((r) => r.metadata.name === 'view')).toMatchObject({
      metadata: { labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] },
    });
    expect(BOOTSTRAP_CLUSTER_ROLE_BINDINGS.find((b) => b.metadata.name === 'system:public-info-viewer')!.subjects!.map((s) => s.name)).toEqual(['system:authenticated', 'system:unauthenticated']);
  });

  it('creates a default that is missing, at start and at each sync', () => {
    expect(summary(plan(rbacBootstrapReconciler, [], 'clusterroles/view'))).toEqual(['Create ClusterRole/view']);
    expect(summary(plan(rbacBootstrapReconciler, [], 'clusterrolebindings/cluster-admin'))).toEqual(['Create ClusterRoleBinding/cluster-admin']);
    const state = cacheOf([]);
    expect(rbacBootstrapReconciler.initialKeys(state)).toEqual(expect.arrayContaining(['clusterroles/cluster-admin', 'clusterrolebindings/system:discovery']));
    expect(rbacBootstrapReconciler.requeueAfterMs?.('clusterroles/view', state)).toBe(60_000);
  });

  it('gives a default back what it lacks, keeps what was added, and leaves one whose autoupdate is "false"', () => {
    expect(plan(rbacBootstrapReconciler, [bootstrap('system:discovery')], 'clusterroles/system:discovery')).toEqual([]);
    const trimmed = role('system:discovery', { labels: { team: 'x' }, rules: [{ nonResourceURLs: ['/extra'], verbs: ['get'] }], annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } });
    const next = replaced(plan(rbacBootstrapReconciler, [trimmed], 'clusterroles/system:discovery'));
    expect(next.metadata.labels).toEqual({ team: 'x', 'kubernetes.io/bootstrapping': 'rbac-defaults' });
    expect(next.rules).toEqual([{ nonResourceURLs: ['/extra'], verbs: ['get'] }, expect.objectContaining({ nonResourceURLs: expect.arrayContaining(['/api', '/version']) })]);
    const taken = role('system:discovery', { rules: [], annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' } });
    expect(plan(rbacBootstrapReconciler, [taken], 'clusterroles/system:discovery')).toEqual([]);
    // An aggregated role's rules are the aggregator's, never the bootstrap's.
    const view = { ...bootstrap('view'), rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } as KubeObject;
    expect(plan(rbacBootstrapReconciler, [view], 'clusterroles/view')).toEqual([]);
  });
});

describe('the clusterrole-aggregation controller', () => {
  const viewRules = (BOOTSTRAP_CLUSTER_ROLES.find((r) => r.metadata.name === 'system:aggregate-to-view') as ClusterRole).rules!;

  it('fills view with the rules of the roles labelled aggregate-to-view, in name order, each once', () => {
    const crd = role('crd-viewer', { labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }, rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] }, viewRules[0]] });
    const next = replaced(plan(clusterRoleAggregationReconciler, [bootstrap('view'), bootstrap('system:aggregate-to-view'), crd], 'clusterroles/view'));
    expect(next.rules).toEqual([{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] }, ...viewRules]);
  });

  it('chains: edit takes view\'s aggregated rules (view is labelled aggregate-to-edit), admin takes edit\'s', () => {
    const filledView = { ...bootstrap('view'), rules: viewRules } as KubeObject;
    const edit = replaced(plan(clusterRoleAggregationReconciler, [bootstrap('edit'), bootstrap('system:aggregate-to-edit'), filledView], 'clusterroles/edit'));
    expect(edit.rules).toEqual(expect.arrayContaining(viewRules));
    expect(edit.rules).toContainEqual(expect.objectContaining({ resources: ['pods/eviction'], verbs: ['create'] }));
  });

  it('does nothing when the rules are right, or for a role that aggregates nothing', () => {
    const filled = { ...bootstrap('view'), rules: viewRules } as KubeObject;
    expect(plan(clusterRoleAggregationReconciler, [filled, bootstrap('system:aggregate-to-view')], 'clusterroles/view')).toEqual([]);
    expect(plan(clusterRoleAggregationReconciler, [bootstrap('cluster-admin')], 'clusterroles/cluster-admin')).toEqual([]);
  });

  it('looks at every aggregating role when any ClusterRole changes', () => {
    const state = cacheOf([bootstrap('view'), bootstrap('edit'), bootstrap('cluster-admin')]);
    const change = { type: 'MODIFIED' as const, key: 'clusterroles/mine', object: role('mine'), offset: 9 };
    expect([...clusterRoleAggregationReconciler.keysFor(change, state)].sort()).toEqual(['clusterroles/edit', 'clusterroles/view']);
    expect(clusterRoleAggregationReconciler.keysFor({ ...change, object: { kind: 'ConfigMap', metadata: {} } as unknown as KubeObject }, state)).toEqual([]);
  });
});
