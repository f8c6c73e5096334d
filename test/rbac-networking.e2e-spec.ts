/**
 * rbac.authorization.k8s.io/v1 and networking.k8s.io/v1 with the real kubectl against `bosun up`
 * (one simulated node, no local node agent): the kinds application bundles carry, stored and served
 * as kube-apiserver serves them — kubectl's create verbs, tables, describe, explain, refusals — and a
 * realistic bundle applied, re-applied unchanged and deleted. Nothing is enforced: Bosun authorizes
 * every request and routes no ingress traffic.
 */
import { join } from 'node:path';
import { bosunForSuite } from './support/bosun-process';

jest.setTimeout(120_000);

const BUNDLE = join(__dirname, 'manifests', 'app-bundle.yaml');

describe('RBAC and networking kinds with kubectl against bosun up', () => {
  const bosun = bosunForSuite(['--simulated-nodes', '1']);
  const { ok, fails } = bosun;

  it('serves Roles, RoleBindings, ClusterRoles and ClusterRoleBindings: kubectl create, get, describe, explain, refusals; can-i still says yes', () => {
    expect(ok(['api-resources', '--api-group=rbac.authorization.k8s.io'])).toMatch(/^clusterrolebindings\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRoleBinding$/m);
    expect(ok(['create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods'])).toBe('role.rbac.authorization.k8s.io/pod-reader created\n');
    expect(ok(['create', 'rolebinding', 'read-pods', '--role=pod-reader', '--serviceaccount=default:default', '--user=jane'])).toBe('rolebinding.rbac.authorization.k8s.io/read-pods created\n');
    expect(ok(['create', 'clusterrole', 'node-reader', '--verb=get,list,watch', '--resource=nodes'])).toBe('clusterrole.rbac.authorization.k8s.io/node-reader created\n');
    expect(ok(['create', 'clusterrolebinding', 'read-nodes', '--clusterrole=node-reader', '--group=ops'])).toBe('clusterrolebinding.rbac.authorization.k8s.io/read-nodes created\n');

    expect(JSON.parse(ok(['get', 'role', 'pod-reader', '-o', 'json']))).toMatchObject({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] });
    expect(ok(['get', 'roles'])).toMatch(/^NAME\s+CREATED AT\npod-reader\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    expect(ok(['get', 'rolebindings', '-o', 'wide'])).toMatch(/^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\nread-pods\s+Role\/pod-reader\s+\d+s\s+jane\s+default\/default\n$/);
    expect(ok(['get', 'clusterrolebinding', 'read-nodes', '-o', 'wide'])).toMatch(/^read-nodes\s+ClusterRole\/node-reader\s+\d+s\s+ops\s*$/m);
    expect(ok(['get', 'roles,rolebindings', '-A'])).toMatch(/^NAMESPACE\s+NAME\s+CREATED AT\ndefault\s+role\.rbac\.authorization\.k8s\.io\/pod-reader\s+\S+Z\n\nNAMESPACE\s+NAME\s+ROLE\s+AGE\ndefault\s+rolebinding\.rbac\.authorization\.k8s\.io\/read-pods\s+Role\/pod-reader\s+\d+s\n$/);
    expect(ok(['describe', 'role', 'pod-reader'])).toMatch(/PolicyRule:\n\s+Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n.*\n\s+pods\s+\[\]\s+\[\]\s+\[get list\]/);
    expect(ok(['describe', 'rolebinding', 'read-pods'])).toMatch(/Role:\n\s+Kind:\s+Role\n\s+Name:\s+pod-reader\nSubjects:\n[\s\S]*ServiceAccount\s+default\s+default/);
    expect(ok(['explain', 'role.rules'])).toContain('Rules holds all the PolicyRules for this Role');
    // ClusterRoles alone take non-resource URLs; an aggregationRule is stored (nothing aggregates into it).
    expect(ok(['create', 'clusterrole', 'logs-reader', '--verb=get', '--non-resource-url=/logs/*'])).toBe('clusterrole.rbac.authorization.k8s.io/logs-reader created\n');
    expect(ok(['describe', 'clusterrole', 'logs-reader'])).toMatch(/\s+\[\/logs\/\*\]\s+\[\]\s+\[get\]/);
    expect(ok(['create', 'clusterrole', 'monitoring', '--aggregation-rule=rbac.example.com/aggregate-to-monitoring=true'])).toBe('clusterrole.rbac.authorization.k8s.io/monitoring created\n');
    expect(ok(['get', 'clusterrole', 'monitoring', '-o', 'jsonpath={.aggregationRule.clusterRoleSelectors[0].matchLabels}'])).toBe('{"rbac.example.com/aggregate-to-monitoring":"true"}');
    expect(ok(['describe', 'clusterrolebinding', 'read-nodes'])).toMatch(/Role:\n\s+Kind:\s+ClusterRole\n\s+Name:\s+node-reader\nSubjects:\n[\s\S]*Group\s+ops/);
    expect(ok(['delete', 'clusterrole', 'logs-reader', 'monitoring'])).toBe('clusterrole.rbac.authorization.k8s.io "logs-reader" deleted\nclusterrole.rbac.authorization.k8s.io "monitoring" deleted\n');
    // kubectl auth reconcile: reads each role and binding (protobuf), creates what is missing, then has nothing to do.
    const reconciled = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm-reader', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'cm-reader', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }] },
      ],
    });
    const first = bosun.kubectl(['auth', 'reconcile', '-f', '-'], reconciled);
    expect(first.stdout).toBe('role.rbac.authorization.k8s.io/cm-reader reconciled\nrolebinding.rbac.authorization.k8s.io/cm-reader reconciled\n');
    expect(first.stderr.match(/reconciliation required create/g)).toHaveLength(2);
    const again = bosun.kubectl(['auth', 'reconcile', '-f', '-'], reconciled);
    expect({ code: again.code, stdout: again.stdout, stderr: again.stderr }).toEqual({ code: 0, stdout: first.stdout, stderr: '' });
    expect(ok(['delete', 'rolebinding,role', 'cm-reader'])).toContain('role.rbac.authorization.k8s.io "cm-reader" deleted');
    // Stored, not enforced: the authorizer still allows everything.
    expect(ok(['auth', 'can-i', 'delete', 'nodes'])).toBe('yes\n');

    // What kube-apiserver refuses.
    const role = (rules: unknown[]) => JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'bad' }, rules });
    expect(fails(['create', '-f', '-'], role([{ apiGroups: [''], resources: ['pods'] }]))).toContain('rules[0].verbs: Required value: verbs must contain at least one value');
    expect(fails(['create', '-f', '-'], role([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }]))).toContain('namespaced rules cannot apply to non-resource URLs');
    expect(fails(['patch', 'rolebinding', 'read-pods', '--type=merge', '-p', '{"roleRef":{"name":"other"}}'])).toContain('roleRef: Invalid value:');
    expect(fails(['create', 'clusterrolebinding', 'bad', '--clusterrole=node-reader', '--serviceaccount=:default'])).toMatch(/subjects\[0\]\.namespace: Required value|serviceaccount must be <namespace>:<name>/);

    expect(ok(['delete', 'rolebinding', 'read-pods'])).toBe('rolebinding.rbac.authorization.k8s.io "read-pods" deleted\n');
    expect(ok(['delete', 'role', 'pod-reader'])).toBe('role.rbac.authorization.k8s.io "pod-reader" deleted\n');
    expect(ok(['delete', 'clusterrolebinding,clusterrole', 'read-nodes', 'node-reader', '--ignore-not-found'])).toContain('clusterrole.rbac.authorization.k8s.io "node-reader" deleted');
  });

  it('serves Ingresses, IngressClasses and NetworkPolicies: create ingress, get ing, describe, explain, policyTypes defaulted, refusals', () => {
    expect(ok(['api-resources', '--api-group=networking.k8s.io'])).toMatch(/^ingresses\s+ing\s+networking\.k8s\.io\/v1\s+true\s+Ingress$/m);
    expect(ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } }))).toBe('ingressclass.networking.k8s.io/nginx created\n');
    expect(ok(['get', 'ingressclass'])).toMatch(/^NAME\s+CONTROLLER\s+PARAMETERS\s+AGE\nnginx\s+k8s\.io\/ingress-nginx\s+<none>\s+\d+s\n$/);

    expect(ok(['create', 'ingress', 'simple', '--rule=foo.com/bar=svc1:8080', '--class=nginx'])).toBe('ingress.networking.k8s.io/simple created\n');
    const ing = JSON.parse(ok(['get', 'ing', 'simple', '-o', 'json']));
    expect(ing).toMatchObject({ metadata: { generation: 1 }, spec: { ingressClassName: 'nginx', rules: [{ host: 'foo.com', http: { paths: [{ path: '/bar', pathType: 'Exact', backend: { service: { name: 'svc1', port: { number: 8080 } } } }] } }] } });
    expect(ok(['get', 'ing'])).toMatch(/^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\nsimple\s+nginx\s+foo\.com\s+80\s+\d+s\n$/);
    expect(ok(['describe', 'ingress', 'simple'])).toMatch(/Name:\s+simple[\s\S]*Ingress Class:\s+nginx[\s\S]*foo\.com\s*\n\s+\/bar\s+svc1:8080/);
    expect(ok(['explain', 'ingress.spec'])).toContain('ingressClassName');
    // The status subresource, as an ingress controller writes it: the address shows in the Table.
    expect(ok(['patch', 'ing', 'simple', '--subresource=status', '--type=merge', '-p', '{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.7"}]}}}'])).toBe('ingress.networking.k8s.io/simple patched\n');
    expect(ok(['get', 'ing', 'simple'])).toMatch(/^simple\s+nginx\s+foo\.com\s+192\.0\.2\.7\s+80\s+\d+s$/m);
    expect(fails(['patch', 'ing', 'simple', '--subresource=status', '--type=merge', '-p', '{"status":{"loadBalancer":{"ingress":[{"hostname":"192.0.2.8"}]}}}'])).toContain('must be a DNS name, not an IP address');
    expect(fails(['create', 'ingress', 'bad', '--rule=10.0.0.1/=svc1:80'])).toContain('must be a DNS name, not an IP address');
    const noPathType = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'np' }, spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'svc1', port: { number: 80 } } } }] } }] } };
    expect(fails(['create', '-f', '-'], JSON.stringify(noPathType))).toContain('spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified');

    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-all' }, spec: { podSelector: {} } };
    expect(ok(['apply', '-f', '-'], JSON.stringify(policy))).toBe('networkpolicy.networking.k8s.io/deny-all created\n');
    expect(ok(['get', 'netpol', 'deny-all', '-o', 'jsonpath={.spec.policyTypes}'])).toBe('["Ingress"]');
    const dns = { ...policy, metadata: { name: 'dns' }, spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } };
    expect(ok(['create', '-f', '-'], JSON.stringify(dns))).toBe('networkpolicy.networking.k8s.io/dns created\n');
    expect(ok(['get', 'netpol', 'dns', '-o', 'jsonpath={.spec.policyTypes} {.spec.egress[0].ports[0].protocol}'])).toBe('["Ingress","Egress"] TCP');
    expect(ok(['get', 'networkpolicies'])).toMatch(/^NAME\s+POD-SELECTOR\s+AGE\ndeny-all\s+<none>\s+\d+s\ndns\s+<none>\s+\d+s\n$/);
    const badBlock = { ...policy, metadata: { name: 'bad' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } }] }] } };
    expect(fails(['create', '-f', '-'], JSON.stringify(badBlock))).toContain('must be a strict subset of `cidr`');
    expect(ok(['delete', 'ing', 'simple'])).toBe('ingress.networking.k8s.io "simple" deleted\n');
    expect(ok(['delete', 'netpol', 'deny-all', 'dns'])).toBe('networkpolicy.networking.k8s.io "deny-all" deleted\nnetworkpolicy.networking.k8s.io "dns" deleted\n');
    expect(ok(['delete', 'ingressclass', 'nginx'])).toBe('ingressclass.networking.k8s.io "nginx" deleted\n');
  });

  it('applies a realistic bundle (Deployment, Service, ServiceAccount, Role, RoleBinding, ClusterRole, ClusterRoleBinding, Ingress, NetworkPolicy, ConfigMap), re-applies it unchanged, deletes it', () => {
    const kinds = ['serviceaccount/web', 'configmap/web-config', 'role.rbac.authorization.k8s.io/web-reader', 'rolebinding.rbac.authorization.k8s.io/web-reader', 'clusterrole.rbac.authorization.k8s.io/web-node-reader', 'clusterrolebinding.rbac.authorization.k8s.io/web-node-reader', 'deployment.apps/web', 'service/web', 'ingress.networking.k8s.io/web', 'networkpolicy.networking.k8s.io/web'];
    expect(ok(['apply', '-f', BUNDLE])).toBe(kinds.map((k) => `${k} created\n`).join(''));
    expect(ok(['get', 'sa,cm,role,rolebinding,deploy,svc,ing,netpol', '-o', 'name']).split('\n')).toEqual(expect.arrayContaining(kinds.filter((k) => !k.startsWith('cluster'))));
    expect(ok(['get', 'clusterrole,clusterrolebinding', '-l', 'app=web', '-o', 'name'])).toBe('clusterrole.rbac.authorization.k8s.io/web-node-reader\n');
    expect(ok(['get', 'clusterrolebinding', 'web-node-reader', '-o', 'wide'])).toMatch(/ClusterRole\/web-node-reader\s+\d+s\s+default\/web/);
    expect(ok(['get', 'ing', 'web'])).toMatch(/^web\s+<none>\s+web\.example\.com\s+80, 443\s+\d+s$/m);
    expect(ok(['get', 'netpol', 'web', '-o', 'jsonpath={.spec.policyTypes}'])).toBe('["Ingress","Egress"]');
    expect(ok(['get', 'rolebinding', 'web-reader', '-o', 'jsonpath={.subjects[0]}'])).toBe('{"kind":"ServiceAccount","name":"web"}');
    expect(ok(['apply', '-f', BUNDLE])).toBe(kinds.map((k) => `${k} unchanged\n`).join(''));
    expect(ok(['diff', '-f', BUNDLE]).trim()).toBe('');
    const deleted = ok(['delete', '-f', BUNDLE]);
    for (const k of kinds) expect(deleted).toContain(`${k.replace('/', ' "')}" deleted`);
    expect(ok(['get', 'role,rolebinding,ing,netpol,cm', '-o', 'name'])).not.toMatch(/web/);
  });
});
