/**
 * The default RBAC objects kube-apiserver bootstraps, with the real kubectl against `bosun up`:
 * cluster-admin, admin, edit, view (aggregated from the system:aggregate-to-* roles and any role
 * labelled to join them), the discovery and self-review roles and their bindings; recreated when
 * deleted. RBAC is stored, not enforced: `kubectl auth can-i` says yes, and why.
 */
import { bosunForSuite } from './support/bosun-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

describe('default ClusterRoles and ClusterRoleBindings with kubectl against bosun up', () => {
  const bosun = bosunForSuite();
  const { ok } = bosun;
  const jsonpath = (args: string[], path: string): string => bosun.kubectl([...args, '-o', `jsonpath=${path}`]).stdout;
  const viewRules = (): string => jsonpath(['get', 'clusterrole', 'view'], '{range .rules[*]}{.apiGroups}{.resources}{.verbs}{"\\n"}{end}');

  it('bootstraps the defaults: get clusterroles, view -o yaml with its aggregated rules, describe, the bindings', async () => {
    await waitFor('view aggregated', () => viewRules().includes('"pods"'), 20_000);
    const roles = ok(['get', 'clusterroles', '-o', 'name']).split('\n');
    for (const name of ['admin', 'cluster-admin', 'edit', 'view', 'system:aggregate-to-view', 'system:basic-user', 'system:discovery', 'system:public-info-viewer']) {
      expect(roles).toContain(`clusterrole.rbac.authorization.k8s.io/${name}`);
    }
    expect(ok(['get', 'clusterroles'])).toMatch(/^NAME\s+CREATED AT\nadmin\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\ncluster-admin\s+/);
    const yaml = ok(['get', 'clusterrole', 'view', '-o', 'yaml']);
    expect(yaml).toMatch(/^aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels:\n      rbac\.authorization\.k8s\.io\/aggregate-to-view: "true"\napiVersion: rbac\.authorization\.k8s\.io\/v1\nkind: ClusterRole\n/);
    expect(yaml).toContain('    rbac.authorization.kubernetes.io/autoupdate: "true"\n');
    expect(yaml).toContain('    kubernetes.io/bootstrapping: rbac-defaults\n');
    expect(yaml).toContain('    rbac.authorization.k8s.io/aggregate-to-edit: "true"\n');
    expect(yaml).toMatch(/- apiGroups:\n  - ""\n  resources:\n  - configmaps\n  - endpoints\n  - persistentvolumeclaims\n  - persistentvolumeclaims\/status\n  - pods\n/);
    // edit gathers view's rules and its own; admin gathers edit's.
    expect(jsonpath(['get', 'clusterrole', 'edit'], '{.rules[*].resources}')).toContain('"pods/eviction"');
    await waitFor('admin aggregated', () => jsonpath(['get', 'clusterrole', 'admin'], '{.rules[*].resources}').includes('"rolebindings"'), 20_000);
    expect(jsonpath(['get', 'clusterrole', 'admin'], '{.rules[*].resources}')).toContain('"pods/eviction"');
    expect(ok(['describe', 'clusterrole', 'view'])).toMatch(/^Name:\s+view\nLabels:\s+kubernetes\.io\/bootstrapping=rbac-defaults\n[\s\S]*PolicyRule:\n\s+Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n[\s\S]*\n\s+pods\s+\[\]\s+\[\]\s+\[get list watch\]\n/);
    expect(ok(['describe', 'clusterrole', 'cluster-admin'])).toMatch(/\*\.\*\s+\[\]\s+\[\]\s+\[\*\]\n\s+\[\*\]\s+\[\]\s+\[\*\]/);
    expect(ok(['get', 'clusterrolebinding', 'cluster-admin', 'system:public-info-viewer', '-o', 'wide'])).toMatch(
      /^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\ncluster-admin\s+ClusterRole\/cluster-admin\s+\d+s\s+system:masters\s*\nsystem:public-info-viewer\s+ClusterRole\/system:public-info-viewer\s+\d+s\s+system:authenticated, system:unauthenticated\s*\n$/,
    );
  });

  it('aggregates a role labelled aggregate-to-view into view, edit and admin, and takes it out again', async () => {
    // A CRD's viewer role, as an operator ships one (kubectl create clusterrole would ask discovery for the kind).
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'widget-viewer' }, rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list'] }] }));
    expect(jsonpath(['get', 'clusterrole', 'view'], '{.rules[*].resources}')).not.toContain('"widgets"');
    ok(['label', 'clusterrole', 'widget-viewer', 'rbac.authorization.k8s.io/aggregate-to-view=true']);
    for (const role of ['view', 'edit', 'admin']) {
      await waitFor(`${role} takes widgets`, () => jsonpath(['get', 'clusterrole', role], '{.rules[*].resources}').includes('"widgets"'), 20_000);
    }
    ok(['delete', 'clusterrole', 'widget-viewer']);
    await waitFor('view without widgets', () => !jsonpath(['get', 'clusterrole', 'view'], '{.rules[*].resources}').includes('"widgets"'), 20_000);
  });

  it('binds view to a ServiceAccount with kubectl create rolebinding, and answers can-i as Bosun authorises: yes, saying why', () => {
    expect(ok(['create', 'rolebinding', 'x', '--clusterrole=view', '--serviceaccount=default:default'])).toBe('rolebinding.rbac.authorization.k8s.io/x created\n');
    expect(ok(['get', 'rolebinding', 'x', '-o', 'wide'])).toMatch(/^x\s+ClusterRole\/view\s+\d+s\s+default\/default\s*$/m);
    expect(ok(['auth', 'can-i', 'delete', 'pods', '--as=system:serviceaccount:default:default'])).toBe('yes\n');
    const review = ok(['create', '-f', '-', '-o', 'jsonpath={.status.allowed} {.status.reason}'], JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'delete', resource: 'pods' } } }));
    expect(review).toMatch(/^true Bosun does not authorise requests/);
    ok(['delete', 'rolebinding', 'x']);
  });

  it('makes a deleted default again at its next sync (within a minute), as kube-apiserver\'s bootstrap reconciles', async () => {
    const uid = jsonpath(['get', 'clusterrole', 'system:discovery'], '{.metadata.uid}');
    expect(ok(['delete', 'clusterrole', 'system:discovery'])).toBe('clusterrole.rbac.authorization.k8s.io "system:discovery" deleted\n');
    await waitFor('system:discovery back', () => {
      const now = jsonpath(['get', 'clusterrole', 'system:discovery'], '{.metadata.uid}');
      return now !== '' && now !== uid;
    }, 75_000);
    expect(jsonpath(['get', 'clusterrole', 'system:discovery'], '{.rules[0].nonResourceURLs}')).toContain('"/version"');
  }, 100_000);
});
