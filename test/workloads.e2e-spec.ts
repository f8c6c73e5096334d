/**
 * apps/v1 workloads with the real kubectl against `bosun up` (embedded log, simulated nodes, no node
 * agent): what a Kubernetes user types first.
 */
import { join } from 'node:path';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);
const manifest = (name: string): string => join(__dirname, 'manifests', name);

describe('apps/v1 workloads with kubectl against bosun up with simulated nodes', () => {
  let bosun: BosunUnderTest;
  beforeAll(async () => {
    bosun = await startBosun(undefined, 0, ['--simulated-nodes', '2']);
  });
  afterAll(async () => {
    await bosun?.stop();
  });
  const ok = (args: string[], input?: string): string => bosun.ok(args, input);
  const fails = (args: string[], input?: string): string => {
    const r = bosun.kubectl(args, input);
    expect(r.code).not.toBe(0);
    return r.stderr;
  };
  const get = (args: string[]): string => bosun.kubectl(args).stdout;

  it('runs a ReplicaSet: discovery, apply, Table, scale, selector rules, adoption, events, get all, delete with its pods', async () => {
    expect(ok(['api-resources', '--api-group=apps'])).toMatch(/^replicasets\s+rs\s+apps\/v1\s+true\s+ReplicaSet$/m);
    expect(ok(['apply', '-f', manifest('frontend-rs.yaml')])).toBe('replicaset.apps/frontend created\n');
    await waitFor('2 Running pods', () => (get(['get', 'pods', '-l', 'tier=frontend']).match(/1\/1\s+Running/g) ?? []).length === 2, 20_000);
    await waitFor('the ReplicaSet ready', () => /^frontend\s+2\s+2\s+2\s+\d+s$/m.test(get(['get', 'rs'])), 20_000);
    expect(ok(['get', 'rs', '-o', 'wide'])).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nfrontend\s+2\s+2\s+2\s+\d+s\s+php-redis\s+nginx:1\.25\s+env notin \(prod\),tier=frontend\n$/);
    const rs = JSON.parse(ok(['get', 'replicaset.apps', 'frontend', '-o', 'json']));
    expect(rs).toMatchObject({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { generation: 1 }, spec: { replicas: 2 }, status: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 } });
    const owners = JSON.parse(ok(['get', 'pods', '-l', 'tier=frontend', '-o', 'jsonpath={.items[0].metadata.ownerReferences}']));
    expect(owners).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'frontend', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    // kubectl get all: the ReplicaSet's category.
    expect(ok(['get', 'all'])).toMatch(/^replicaset\.apps\/frontend\s+2\s+2\s+2\s/m);

    // Scale through the scale subresource (autoscaling/v1), and read it back.
    expect(ok(['scale', 'rs', 'frontend', '--replicas=3'])).toBe('replicaset.apps/frontend scaled\n');
    await waitFor('3 ready', () => /^frontend\s+3\s+3\s+3\s/m.test(get(['get', 'rs'])), 20_000);
    expect(ok(['get', 'rs', 'frontend', '--subresource=scale'])).toMatch(/^NAME\s+DESIRED\s+AVAILABLE\s+AGE\nfrontend\s+3\s+3\s/);
    expect(JSON.parse(ok(['get', '--raw', '/apis/apps/v1/namespaces/default/replicasets/frontend/scale']))).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 3 }, status: { replicas: 3, selector: 'env notin (prod),tier=frontend' } });
    expect(ok(['describe', 'rs', 'frontend'])).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+replicaset-controller\s+Created pod: frontend-/);

    // apps/v1 rules: the selector is immutable, and must select the template.
    expect(fails(['patch', 'rs', 'frontend', '--type=merge', '-p', '{"spec":{"selector":{"matchLabels":{"tier":"back"}}}}'])).toContain('spec.selector: Invalid value');
    const stray = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'stray' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'c' } }, spec: { containers: [{ name: 'x', image: 'nginx' }] } } } };
    expect(fails(['create', '-f', '-'], JSON.stringify(stray))).toContain('The ReplicaSet "stray" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"a":"c"}: `selector` does not match template `labels`');

    // Orphaned pods are adopted by a new ReplicaSet that selects them, rather than new ones created; the excess is deleted.
    const before = get(['get', 'pods', '-l', 'tier=frontend', '-o', 'name']).trim().split('\n');
    expect(before).toHaveLength(3);
    ok(['delete', 'rs', 'frontend', '--cascade=orphan']);
    expect(get(['get', 'pods', '-l', 'tier=frontend', '-o', 'jsonpath={.items[*].metadata.ownerReferences}'])).toBe('');
    ok(['apply', '-f', manifest('frontend-rs.yaml')]);
    const uid = ok(['get', 'rs', 'frontend', '-o', 'jsonpath={.metadata.uid}']);
    await waitFor('2 pods adopted, the third deleted', () => {
      const owners = get(['get', 'pods', '-l', 'tier=frontend', '-o', 'jsonpath={.items[*].metadata.ownerReferences[0].uid}']).split(' ');
      return owners.length === 2 && owners.every((o) => o === uid);
    }, 20_000);
    const after = get(['get', 'pods', '-l', 'tier=frontend', '-o', 'name']).trim().split('\n');
    expect(after.every((name) => before.includes(name))).toBe(true);

    // Deleting the ReplicaSet takes its pods with it (garbage collector, ownerReferences).
    expect(ok(['delete', 'rs', 'frontend'])).toBe('replicaset.apps "frontend" deleted\n');
    await waitFor('its pods gone', () => get(['get', 'pods', '-l', 'tier=frontend', '-o', 'name']) === '', 20_000);
  });
});
