/**
 * apps/v1 DaemonSets with the real kubectl against `bosun up` with the local node agent (its pods are
 * processes) and two simulated nodes: three nodes, one daemon pod on each that is eligible. Run it under
 * `flock /tmp/bosun-net.lock` as every suite that starts a node agent.
 */
import { randomUUID } from 'node:crypto';
import { startBosun, type BosunUnderTest } from './support/bosun-process';

jest.setTimeout(180_000);

describe('apps/v1 DaemonSets with kubectl against bosun up with the local node agent and two simulated nodes', () => {
  let bosun: BosunUnderTest;
  const local = `ds-${randomUUID().slice(0, 6)}`;
  beforeAll(async () => {
    bosun = await startBosun(undefined, 0, ['--node-agent', 'local', '--node-name', local, '--simulated-nodes', '2']);
  });
  afterAll(async () => {
    await bosun?.stop();
  });
  const ok = (args: string[], input?: string): string => bosun.ok(args, input);
  const fails = (args: string[], input?: string): string => bosun.fails(args, input);

  it('serves DaemonSets: discovery, apply, defaults, Table, explain, validation, patch, status, no scale, delete', () => {
    expect(ok(['api-resources', '--api-group=apps'])).toMatch(/^daemonsets\s+ds\s+apps\/v1\s+true\s+DaemonSet$/m);
    const invalid = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'bad' }, spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'y' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } };
    const refused = fails(['create', '-f', '-'], JSON.stringify(invalid));
    expect(refused).toContain('The DaemonSet "bad" is invalid');
    expect(refused).toContain('spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`');
    expect(refused).toContain('spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
    const api = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'api-only' }, spec: { selector: { matchLabels: { app: 'api-only' } }, template: { metadata: { labels: { app: 'api-only' } }, spec: { nodeSelector: { disk: 'none-has-it' }, containers: [{ name: 'c', image: 'busybox' }] } } } };
    expect(ok(['apply', '-f', '-'], JSON.stringify(api))).toBe('daemonset.apps/api-only created\n');
    expect(ok(['apply', '-f', '-'], JSON.stringify(api))).toBe('daemonset.apps/api-only unchanged\n');
    const ds = JSON.parse(ok(['get', 'ds', 'api-only', '-o', 'json']));
    expect(ds).toMatchObject({
      metadata: { generation: 1, annotations: { 'deprecated.daemonset.template.generation': '1' } },
      spec: { revisionHistoryLimit: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, template: { spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' } } },
    });
    expect(ok(['get', 'ds', 'api-only'])).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\napi-only\s+0\s+0\s+0\s+0\s+0\s+disk=none-has-it\s+\d+s\n$/);
    expect(ok(['get', 'ds', 'api-only', '-o', 'wide'])).toMatch(/\s+CONTAINERS\s+IMAGES\s+SELECTOR\napi-only\s+0\s+0\s+0\s+0\s+0\s+disk=none-has-it\s+\d+s\s+c\s+busybox\s+app=api-only\n$/);
    expect(ok(['get', 'all'])).toMatch(/^daemonset\.apps\/api-only\s+0\s+0\s/m);
    expect(ok(['explain', 'ds.spec.updateStrategy.type'])).toContain('Type of daemon set update');
    // A template change is a new template generation; kube-apiserver keeps the annotation whatever the update says.
    expect(ok(['patch', 'ds', 'api-only', '--type=merge', '-p', '{"metadata":{"annotations":{"deprecated.daemonset.template.generation":"9"}},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"alpine"}]}}}}'])).toBe('daemonset.apps/api-only patched\n');
    expect(ok(['get', 'ds', 'api-only', '-o', 'jsonpath={.metadata.generation} {.metadata.annotations.deprecated\\.daemonset\\.template\\.generation}'])).toBe('2 2');
    expect(fails(['patch', 'ds', 'api-only', '--type=merge', '-p', '{"spec":{"selector":{"matchLabels":{"app":"other"}}}}'])).toContain('spec.selector: Invalid value');
    expect(ok(['get', '--raw', '/apis/apps/v1/namespaces/default/daemonsets/api-only/status'])).toContain('"kind":"DaemonSet"');
    expect(fails(['scale', 'ds', 'api-only', '--replicas=2'])).toContain('the server could not find the requested resource');
    expect(ok(['delete', 'ds', 'api-only'])).toBe('daemonset.apps "api-only" deleted\n');
  });
});
