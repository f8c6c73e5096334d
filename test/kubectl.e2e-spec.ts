/**
 * The real kubectl against `bosun up` (embedded log), as a user would drive it.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bosunForSuite } from './support/bosun-process';
import { waitFor } from './support/wait-for';
import { spawnLines, killHard } from './support/child-process';
import { testKafkaBrokers } from './support/test-kafka';

jest.setTimeout(120_000);
const manifest = (name: string): string => join(__dirname, 'manifests', name);

// The same suite on the embedded log and on a real Kafka (the broker is shared with other suites, so
// Bosun's topics get a prefix of their own).
describe.each([
  { log: 'embedded', args: (): string[] => [] },
  { log: 'kafka', args: (): string[] => ['--kafka', testKafkaBrokers().join(','), '--topic-prefix', `kubectl${randomUUID().slice(0, 8)}`] },
])('kubectl against bosun up ($log)', ({ args }) => {
  const bosun = bosunForSuite(() => args());
  const { ok, fails } = bosun;

  it('reports a server version and lists the built-in namespaces', () => {
    expect(ok(['version', '-o', 'json'])).toContain('"serverVersion"');
    const table = ok(['get', 'namespaces']);
    expect(table).toMatch(/^NAME\s+STATUS\s+AGE/);
    expect(table).toMatch(/^default\s+Active\s+\d+s/m);
    expect(table).toMatch(/^kube-system\s+Active/m);
    // The cluster's own namespaces may not be deleted (they were, with everything in them).
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      expect(fails(['delete', 'namespace', ns])).toBe(`Error from server (Forbidden): namespaces "${ns}" is forbidden: this namespace may not be deleted\n`);
    }
    expect(ok(['get', 'namespace', 'default', '-o', 'jsonpath={.status.phase}'])).toBe('Active');
  });

  it('creates, shows and deletes a pod with kubectl’s usual output', () => {
    expect(ok(['create', '-f', manifest('web-pod.yaml')])).toBe('pod/web created\n');
    expect(ok(['get', 'pods'])).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb\s+0\/1\s+Pending\s+0\s+\d+s\n$/);
    expect(ok(['get', 'pods', '-o', 'wide'])).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/);
    const pod = JSON.parse(ok(['get', 'pod', 'web', '-o', 'json']));
    expect(pod).toMatchObject({
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 },
    });
    expect(pod.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok(['get', 'pod', 'web', '-o', 'jsonpath={.spec.containers[0].ports[0].containerPort}'])).toBe('8080');
    expect(fails(['create', '-f', manifest('web-pod.yaml')])).toContain('Error from server (AlreadyExists): error when creating');
    expect(ok(['delete', 'pod', 'web'])).toBe('pod "web" deleted\n');
    expect(fails(['get', 'pod', 'web'])).toContain('Error from server (NotFound): pods "web" not found');
    // A server dry run answers the defaulted object, without a resourceVersion (it was "-1"), and writes nothing.
    const dry = JSON.parse(ok(['create', '-f', manifest('web-pod.yaml'), '--dry-run=server', '-o', 'json']));
    expect(dry.metadata.resourceVersion).toBeUndefined();
    expect(dry.spec.restartPolicy).toBe('Always');
    expect(ok(['create', 'namespace', 'dry-ns', '--dry-run=server'])).toBe('namespace/dry-ns created (server dry run)\n');
    expect(fails(['get', 'pod', 'web'])).toContain('pods "web" not found');
    expect(fails(['get', 'namespace', 'dry-ns'])).toContain('namespaces "dry-ns" not found');
  });

  it('labels, annotates and selects, including set-based selectors and removal', () => {
    ok(['create', '-f', manifest('web-pod.yaml')]);
    expect(ok(['label', 'pod', 'web', 'tier=front'])).toBe('pod/web labeled\n');
    expect(ok(['get', 'pods', '-l', 'tier in (front,back)', '-o', 'name'])).toBe('pod/web\n');
    expect(ok(['get', 'pods', '-l', 'tier notin (front)', '-o', 'name'])).toBe('');
    expect(ok(['annotate', 'pod', 'web', 'owner=team-a'])).toBe('pod/web annotated\n');
    expect(ok(['label', 'pod', 'web', 'tier-'])).toBe('pod/web unlabeled\n');
    expect(ok(['get', 'pods', '-l', '!tier', '-o', 'name'])).toBe('pod/web\n');
    const pod = JSON.parse(ok(['get', 'pod', 'web', '-o', 'json']));
    expect(pod.metadata.annotations).toEqual({ owner: 'team-a' });
    expect(fails(['get', 'pods', '-l', 'tier in (front'])).toMatch(/Error|error/);
    ok(['delete', 'pod', 'web']);
  });

  it('keeps ConfigMaps and Secrets: kubectl create and get, field selectors, and an immutable one stays as it is', () => {
    expect(ok(['create', 'configmap', 'settings', '--from-literal=mode=fast', '--from-literal=level=3'])).toBe('configmap/settings created\n');
    expect(ok(['get', 'cm', 'settings'])).toMatch(/^NAME\s+DATA\s+AGE\nsettings\s+2\s+/);
    // Kubernetes counts no generations for ConfigMaps (nor Secrets, Services, Namespaces, Nodes).
    expect(JSON.parse(ok(['get', 'cm', 'settings', '-o', 'json'])).metadata.generation).toBeUndefined();
    expect(ok(['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cret'])).toBe('secret/creds created\n');
    expect(ok(['get', 'secret', 'creds'])).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE\ncreds\s+Opaque\s+1\s+/);
    expect(Buffer.from(ok(['get', 'secret', 'creds', '-o', 'jsonpath={.data.password}']), 'base64').toString()).toBe('s3cret');
    expect(ok(['get', 'secrets', '--field-selector=type=Opaque', '-o', 'name'])).toBe('secret/creds\n');
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'typed' }, type: 'example.com/token', stringData: { token: 'abc' } }));
    expect(ok(['get', 'secret', 'typed', '-o', 'jsonpath={.type} {.data.token}'])).toBe(`example.com/token ${Buffer.from('abc').toString('base64')}`);
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'frozen' }, data: { a: '1' }, immutable: true }));
    expect(fails(['patch', 'cm', 'frozen', '--type=merge', '-p', '{"data":{"a":"2"}}'])).toContain('data: Forbidden: field is immutable when `immutable` is set');
    expect(fails(['create', 'configmap', 'bad', '--from-literal=bad key=1'])).toContain('a valid config key must consist of alphanumeric characters');
    ok(['delete', 'cm', 'settings', 'frozen']);
    ok(['delete', 'secret', 'creds', 'typed']);
  });

  it('stores Leases as kube-apiserver does (coordination.k8s.io/v1): create from YAML, get as a Table, apply, a stale replace is a Conflict, invalid ones are Invalid, delete', () => {
    expect(ok(['create', '-f', manifest('leader-lease.yaml')])).toBe('lease.coordination.k8s.io/operator-lock created\n');
    expect(ok(['get', 'leases'])).toMatch(/^NAME\s+HOLDER\s+AGE\noperator-lock\s+operator-7d9f-abcde\s+\d+s\n$/);
    const created = JSON.parse(ok(['get', 'lease', 'operator-lock', '-o', 'json']));
    expect(created).toMatchObject({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { namespace: 'default', labels: { app: 'operator' } }, spec: { leaseDurationSeconds: 15, leaseTransitions: 0 } });
    expect(created.metadata.generation).toBeUndefined();
    // Another candidate takes the lock: apply computes its patch from the group's OpenAPI document.
    const taken = readFileSync(manifest('leader-lease.yaml'), 'utf8').replace('operator-7d9f-abcde', 'operator-7d9f-fghij').replace('leaseTransitions: 0', 'leaseTransitions: 1').replace(/renewTime: .*/, 'renewTime: "2026-11-29T09:00:20.5Z"');
    expect(ok(['apply', '-f', '-'], taken)).toBe('lease.coordination.k8s.io/operator-lock configured\n');
    expect(ok(['get', 'lease', 'operator-lock', '-o', 'jsonpath={.spec.holderIdentity} {.spec.leaseTransitions} {.spec.renewTime}'])).toBe('operator-7d9f-fghij 1 2026-11-29T09:00:20.500000Z');
    // The first candidate, still holding the old resourceVersion, loses the race, as client-go's leader election does.
    const stale = JSON.stringify({ ...created, spec: { ...created.spec, renewTime: '2026-11-29T09:00:21.000000Z' } });
    expect(fails(['replace', '-f', '-'], stale)).toContain(
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on leases.coordination.k8s.io "operator-lock": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(fails(['patch', 'lease', 'operator-lock', '--type=merge', '-p', '{"spec":{"leaseDurationSeconds":0,"leaseTransitions":-1}}'])).toContain(
      'The Lease "operator-lock" is invalid: \n* spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0\n* spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(ok(['get', 'leases', '-l', 'app=operator', '-o', 'name'])).toBe('lease.coordination.k8s.io/operator-lock\n');
    expect(ok(['delete', 'lease', 'operator-lock'])).toBe('lease.coordination.k8s.io "operator-lock" deleted\n');
    expect(fails(['get', 'lease', 'operator-lock'])).toContain('Error from server (NotFound): leases.coordination.k8s.io "operator-lock" not found');
    // A server dry run writes nothing; generateName gives a name, as client-go's candidates rarely but Helm hooks do.
    expect(ok(['create', '-f', manifest('leader-lease.yaml'), '--dry-run=server'])).toBe('lease.coordination.k8s.io/operator-lock created (server dry run)\n');
    expect(fails(['get', 'lease', 'operator-lock'])).toContain('not found');
    const generated = ok(['create', '-f', '-', '-o', 'name'], JSON.stringify({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { generateName: 'lock-' }, spec: { holderIdentity: 'x' } }));
    expect(generated).toMatch(/^lease\.coordination\.k8s\.io\/lock-[a-z0-9]{5}\n$/);
    ok(['delete', generated.trim()]);
  });

  it('gives every namespace a default ServiceAccount, which pods get unless they name another that exists', async () => {
    await waitFor('the default ServiceAccount of default', () => bosun.kubectl(['get', 'sa', 'default']).code === 0, 15_000);
    expect(ok(['get', 'serviceaccounts'])).toMatch(/^NAME\s+SECRETS\s+AGE\ndefault\s+0\s+\d+s\n$/);
    expect(ok(['create', 'namespace', 'team-sa'])).toBe('namespace/team-sa created\n');
    await waitFor('the new namespace’s default ServiceAccount', () => ok(['get', 'sa', '-n', 'team-sa', '-o', 'name']) === 'serviceaccount/default\n', 15_000);
    expect(ok(['create', 'serviceaccount', 'builder', '-n', 'team-sa'])).toBe('serviceaccount/builder created\n');
    // Deleted, the default one comes back.
    ok(['delete', 'sa', 'default', '-n', 'team-sa']);
    await waitFor('default back', () => bosun.kubectl(['get', 'sa', 'default', '-n', 'team-sa']).code === 0, 15_000);
    const pod = (name: string, account?: string) =>
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'team-sa' }, spec: { ...(account ? { serviceAccountName: account } : {}), containers: [{ name: 'c', image: 'busybox' }] } });
    ok(['apply', '-f', '-'], pod('plain'));
    ok(['apply', '-f', '-'], pod('built', 'builder'));
    expect(ok(['get', 'pods', '-n', 'team-sa', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.serviceAccountName},{.spec.serviceAccount} {end}'])).toBe('built=builder,builder plain=default,default ');
    expect(fails(['apply', '-f', '-'], pod('lost', 'nobody'))).toContain('pods "lost" is forbidden: error looking up service account team-sa/nobody: serviceaccount "nobody" not found');
    expect(fails(['create', 'sa', 'Bad_Name'])).toContain('ServiceAccount "Bad_Name" is invalid: metadata.name: Invalid value');
    ok(['delete', 'namespace', 'team-sa', '--wait=true']);
  });

  it('mounts the API credentials in pods as the ServiceAccount admission does, unless the pod or its account says not to; every namespace has kube-root-ca.crt, kept as published', async () => {
    ok(['create', 'namespace', 'team-creds']);
    await waitFor('kube-root-ca.crt', () => bosun.kubectl(['get', 'cm', 'kube-root-ca.crt', '-n', 'team-creds']).code === 0, 15_000);
    const published = JSON.parse(ok(['get', 'cm', 'kube-root-ca.crt', '-n', 'team-creds', '-o', 'json']));
    expect(published.data['ca.crt']).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    expect(published.metadata.annotations['kubernetes.io/description']).toMatch(/^Contains a CA bundle that can be used to verify the kube-apiserver/);
    // Deleted, it comes back; changed, it is put back.
    ok(['delete', 'cm', 'kube-root-ca.crt', '-n', 'team-creds']);
    await waitFor('kube-root-ca.crt back', () => bosun.kubectl(['get', 'cm', 'kube-root-ca.crt', '-n', 'team-creds', '-o', 'jsonpath={.metadata.uid}']).stdout.length > 0, 15_000);
    ok(['patch', 'cm', 'kube-root-ca.crt', '-n', 'team-creds', '--type=merge', '-p', '{"data":{"ca.crt":"forged"}}']);
    await waitFor('ca.crt put back', () => ok(['get', 'cm', 'kube-root-ca.crt', '-n', 'team-creds', '-o', 'jsonpath={.data.ca\\.crt}']) === published.data['ca.crt'], 15_000);
    await waitFor('the default ServiceAccount', () => bosun.kubectl(['get', 'sa', 'default', '-n', 'team-creds']).code === 0, 15_000);
    ok(['run', 'mounted', '-n', 'team-creds', '--image=busybox', '--overrides', JSON.stringify({ spec: { initContainers: [{ name: 'setup', image: 'busybox' }] } })]);
    const spec = JSON.parse(ok(['get', 'pod', 'mounted', '-n', 'team-creds', '-o', 'jsonpath={.spec}']));
    const name = spec.volumes[0].name;
    expect(name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(spec.volumes).toEqual([{
      name,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    }]);
    const mount = { name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
    expect([spec.initContainers[0].volumeMounts, spec.containers[0].volumeMounts]).toEqual([[mount], [mount]]);
    expect(ok(['describe', 'pod', 'mounted', '-n', 'team-creds'])).toMatch(new RegExp(`${name}:\\n\\s+Type:\\s+Projected .*\\n\\s+TokenExpirationSeconds:\\s+3607\\n\\s+ConfigMapName:\\s+kube-root-ca.crt`));
    // The pod's say, then its account's.
    ok(['run', 'unmounted', '-n', 'team-creds', '--image=busybox', '--overrides', '{"spec":{"automountServiceAccountToken":false}}']);
    ok(['create', 'sa', 'quiet', '-n', 'team-creds']);
    ok(['patch', 'sa', 'quiet', '-n', 'team-creds', '-p', '{"automountServiceAccountToken":false}']);
    ok(['run', 'quiet', '-n', 'team-creds', '--image=busybox', '--overrides', '{"spec":{"serviceAccountName":"quiet"}}']);
    ok(['run', 'loud', '-n', 'team-creds', '--image=busybox', '--overrides', '{"spec":{"serviceAccountName":"quiet","automountServiceAccountToken":true}}']);
    const volumes = ok(['get', 'pods', '-n', 'team-creds', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.volumes[*].name} {end}']);
    expect(volumes).toMatch(/^loud=kube-api-access-\w{5} mounted=kube-api-access-\w{5} quiet= unmounted= $/);
    ok(['delete', 'namespace', 'team-creds', '--wait=false']);
  });

  it('patches with all three patch types', () => {
    ok(['create', '-f', manifest('web-pod.yaml')]);
    ok(['patch', 'pod', 'web', '--type=merge', '-p', '{"metadata":{"labels":{"m":"1"}}}']);
    ok(['patch', 'pod', 'web', '--type=json', '-p', '[{"op":"add","path":"/metadata/labels/j","value":"2"}]']);
    ok(['patch', 'pod', 'web', '-p', '{"spec":{"containers":[{"name":"web","image":"python:3.12"}]}}']);
    const pod = JSON.parse(ok(['get', 'pod', 'web', '-o', 'json']));
    expect(pod.metadata.labels).toEqual({ app: 'web', m: '1', j: '2' });
    expect(pod.spec.containers).toHaveLength(1);
    expect(pod.spec.containers[0]).toMatchObject({ name: 'web', image: 'python:3.12', ports: [{ containerPort: 8080 }] });
    ok(['delete', 'pod', 'web']);
  });

  it('applies a replication controller, then changes it, and scales it', async () => {
    expect(ok(['apply', '-f', manifest('web-rc.yaml')])).toBe('replicationcontroller/web created\n');
    const changed = ok(['get', 'rc', 'web', '-o', 'yaml']).length > 0;
    expect(changed).toBe(true);
    expect(ok(['scale', 'rc', 'web', '--replicas=5'])).toBe('replicationcontroller/web scaled\n');
    expect(ok(['get', 'rc', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('5');
    expect(ok(['scale', 'rc', 'web', '--current-replicas=5', '--replicas=3'])).toBe('replicationcontroller/web scaled\n');
    expect(fails(['scale', 'rc', 'web', '--current-replicas=7', '--replicas=1'])).toContain('Expected replicas to be 7, was 3');
    // The replication controller creates the pods; with no node they stay Pending (none ready).
    await waitFor('3 current replicas', () => /^web\s+3\s+3\s+0\s+\d+s/m.test(ok(['get', 'rc'])), 20_000);
    expect(ok(['get', 'pods', '-l', 'app=web-rc', '-o', 'jsonpath={.items[*].status.conditions[0].message}'])).toContain('no nodes available to schedule pods');
    expect(ok(['apply', '-f', manifest('web-rc.yaml')])).toBe('replicationcontroller/web configured\n');
    expect(ok(['get', 'rc', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
    // kubectl diff: the apply as a server-side dry run, against the live object.
    const same = bosun.kubectl(['diff', '-f', manifest('web-rc.yaml')]);
    expect({ code: same.code, stdout: same.stdout, stderr: same.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    const scaled = bosun.kubectl(['diff', '-f', '-'], readFileSync(manifest('web-rc.yaml'), 'utf8').replace(/replicas: 2/, 'replicas: 4'));
    expect(scaled.code).toBe(1);
    expect(scaled.stdout).toMatch(/^-  replicas: 2$/m);
    expect(scaled.stdout).toMatch(/^\+  replicas: 4$/m);
    expect(ok(['get', 'rc', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
    expect(ok(['delete', 'rc', 'web'])).toBe('replicationcontroller "web" deleted\n');
  });

  it('refuses a stale replace with a Conflict and an invalid pod with Invalid', () => {
    ok(['create', '-f', manifest('web-pod.yaml')]);
    const pod = JSON.parse(ok(['get', 'pod', 'web', '-o', 'json']));
    ok(['label', 'pod', 'web', 'again=1']);
    expect(fails(['replace', '-f', '-'], JSON.stringify(pod))).toContain('Error from server (Conflict)');
    ok(['delete', 'pod', 'web']);
    const invalid = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' }, spec: { containers: [] } };
    expect(fails(['create', '-f', '-'], JSON.stringify(invalid))).toContain('is invalid');
  });

  it('pages long lists as kubectl asks (--chunk-size), with the same result as one page', () => {
    for (const name of ['page-a', 'page-b', 'page-c']) ok(['run', name, '--image=nginx', '--restart=Never']);
    const whole = ok(['get', 'pods', '-A', '-o', 'name', '--chunk-size=0']);
    expect(whole.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(3);
    expect(ok(['get', 'pods', '-A', '-o', 'name', '--chunk-size=1'])).toBe(whole);
    ok(['delete', 'pod', 'page-a', 'page-b', 'page-c', '--wait=false']);
  });

  it('lets apply change a pod’s image but refuses other pod spec changes, as Kubernetes does', () => {
    const pod = (image: string, port: string) =>
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'frozen' }, spec: { containers: [{ name: 'c', image, command: ['python3', '-m', 'http.server', port] }] } });
    ok(['apply', '-f', '-'], pod('python:3.11', '8080'));
    expect(ok(['apply', '-f', '-'], pod('python:3.12', '8080'))).toContain('pod/frozen configured');
    expect(ok(['get', 'pod', 'frozen', '-o', 'jsonpath={.spec.containers[0].image}'])).toBe('python:3.12');
    expect(fails(['apply', '-f', '-'], pod('python:3.12', '9090'))).toContain(
      'The Pod "frozen" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`',
    );
    expect(ok(['get', 'pod', 'frozen', '-o', 'jsonpath={.spec.containers[0].command[3]}'])).toBe('8080');
    ok(['delete', 'pod', 'frozen', '--wait=false']);
  });

  it('adds ephemeral containers with kubectl debug, through their own subresource only, and never changes or removes one', async () => {
    ok(['run', 'debugged', '--image=busybox', '--', 'sleep', '600']);
    expect(ok(['debug', 'debugged', '--image=busybox', '--target=debugged', '--container=dbg', '--', 'sh'])).toContain('Targeting container "debugged".');
    expect(ok(['get', 'pod', 'debugged', '-o', 'jsonpath={.spec.ephemeralContainers[0].name} {.spec.ephemeralContainers[0].image} {.spec.ephemeralContainers[0].targetContainerName}'])).toBe('dbg busybox debugged');
    // kubectl patch --subresource knows only status and scale: the subresource's answers, straight.
    const patch = async (body: unknown): Promise<string> => {
      const r = await fetch(`${bosun.url}/api/v1/namespaces/default/pods/debugged/ephemeralcontainers`, { method: 'PATCH', headers: { 'Content-Type': 'application/json-patch+json' }, body: JSON.stringify(body) });
      return `${r.status} ${((await r.json()) as { message?: string }).message ?? ''}`;
    };
    expect(await patch([{ op: 'replace', path: '/spec/ephemeralContainers/0/image', value: 'python:3.11' }])).toContain('422 Pod "debugged" is invalid: spec.ephemeralContainers[0]: Forbidden: existing ephemeral containers "dbg" may not be changed');
    expect(await patch([{ op: 'remove', path: '/spec/ephemeralContainers/0' }])).toContain('existing ephemeral containers "dbg" may not be removed');
    expect(await patch([{ op: 'add', path: '/spec/ephemeralContainers/-', value: { name: 'debugged', image: 'busybox' } }])).toContain('spec.ephemeralContainers[1].name: Duplicate value: "debugged"');
    expect(await patch([{ op: 'add', path: '/spec/ephemeralContainers/-', value: { name: 'porty', image: 'busybox', ports: [{ containerPort: 80 }] } }])).toContain('spec.ephemeralContainers[1].ports: Forbidden: cannot be set for an Ephemeral Container');
    expect(await patch([{ op: 'add', path: '/spec/ephemeralContainers/-', value: { name: 'second', image: 'busybox' } }])).toMatch(/^200 /);
    expect(ok(['get', 'pod', 'debugged', '-o', 'jsonpath={.spec.ephemeralContainers[*].name}'])).toBe('dbg second');
    // Not through the pod itself.
    expect(fails(['patch', 'pod', 'debugged', '--type=json', '-p', JSON.stringify([{ op: 'add', path: '/spec/ephemeralContainers/-', value: { name: 'sneaky', image: 'busybox' } }])])).toContain('spec: Forbidden: pod updates may not change fields');
    ok(['delete', 'pod', 'debugged', '--wait=false']);
  });

  it('shows later changes to kubectl get -w', async () => {
    const watcher = spawnLines('kubectl', ['--kubeconfig', bosun.kubeconfig, 'get', 'pods', '-w', '--request-timeout=0']);
    try {
      ok(['create', '-f', manifest('web-pod.yaml')]);
      await waitFor(`the watch to show the new pod (${watcher.stderr()})`, () => watcher.lines.some((l) => /^web\s+0\/1\s+Pending/.test(l)), 20_000);
      ok(['label', 'pod', 'web', 'seen=yes']);
      ok(['delete', 'pod', 'web']);
      await waitFor('a second line for web', () => watcher.lines.filter((l) => l.startsWith('web')).length >= 2, 20_000);
    } finally {
      await killHard(watcher);
    }
  });

  it('resumes a filtered watch from a resourceVersion with only the objects it selects', async () => {
    const pod = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { resume: 'yes' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    ok(['apply', '-f', '-'], pod('kept'));
    ok(['apply', '-f', '-'], pod('other'));
    const rv = (JSON.parse(ok(['get', '--raw', '/api/v1/namespaces/default/pods'])) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    expect(rv).toMatch(/^\d+$/);
    // Both change after the resourceVersion; the watch selects one by name.
    ok(['label', 'pod', 'other', 'step=1']);
    ok(['delete', 'pod', 'other', '--grace-period=0', '--force']);
    ok(['label', 'pod', 'kept', 'step=1']);
    const abort = new AbortController();
    const res = await fetch(`${bosun.url}/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dkept`, { signal: abort.signal });
    const events: string[] = [];
    const reader = res.body!.getReader();
    let text = '';
    try {
      await waitFor('the label change of kept', async () => {
        const { value } = await reader.read();
        text += Buffer.from(value ?? new Uint8Array()).toString();
        events.splice(0, events.length, ...text.split('\n').filter(Boolean).map((l) => { const e = JSON.parse(l); return `${e.type} ${e.object.metadata.name}`; }));
        return events.length > 0;
      }, 10_000);
    } finally {
      abort.abort();
    }
    expect(events).toEqual(['MODIFIED kept']);
    ok(['delete', 'pod', 'kept', '--grace-period=0', '--force']);
  });

  it('creates a service with server-side defaults', () => {
    ok(['create', '-f', manifest('redis-svc.yaml')]);
    const svc = JSON.parse(ok(['get', 'svc', 'redis', '-o', 'json']));
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 6379, protocol: 'TCP', targetPort: 6379 }] });
    // Beside the cluster's own `kubernetes` service, as in every Kubernetes cluster.
    expect(ok(['get', 'svc'])).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nkubernetes\s+ClusterIP\s+10\.96\.0\.1\s.*\nredis\s+ClusterIP/);
    ok(['delete', 'svc', 'redis']);
  });
});

describe('kubectl against bosun up with simulated nodes', () => {
  const bosun = bosunForSuite(['--simulated-nodes', '2']);

  it('runs a replication controller’s pods on the nodes and replaces a deleted one', async () => {
    const get = (args: string[]) => bosun.kubectl(args).stdout;
    await waitFor('2 Ready nodes', () => (get(['get', 'nodes']).match(/\sReady\s/g) ?? []).length === 2, 20_000);
    expect(bosun.kubectl(['apply', '-f', manifest('web-rc.yaml')]).code).toBe(0);
    await waitFor('2 Running pods', () => (get(['get', 'pods', '-l', 'app=web-rc']).match(/1\/1\s+Running/g) ?? []).length === 2, 20_000);
    await waitFor('the RC ready', () => /^web\s+2\s+2\s+2\s/m.test(get(['get', 'rc'])), 20_000);
    const victim = get(['get', 'pods', '-l', 'app=web-rc', '-o', 'jsonpath={.items[0].metadata.name}']);
    expect(bosun.kubectl(['delete', 'pod', victim]).stdout).toBe(`pod "${victim}" deleted\n`);
    await waitFor('a replacement running', () => {
      const names = get(['get', 'pods', '-l', 'app=web-rc', '--field-selector=status.phase=Running', '-o', 'name']).trim().split('\n');
      return names.length === 2 && !names.includes(`pod/${victim}`);
    }, 20_000);
    // A NodePort service gets a cluster IP and a node port; its Endpoints list the ready pods.
    expect(bosun.kubectl(['expose', 'rc', 'web', '--port=80', '--target-port=8080', '--type=NodePort']).stdout).toBe('service/web exposed\n');
    expect(get(['get', 'svc', 'web'])).toMatch(/^web\s+NodePort\s+10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+\s+<none>\s+80:3\d{4}\/TCP/m);
    await waitFor('2 endpoints for web', () => /^web\s+10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080\s/m.test(get(['get', 'endpoints', 'web'])), 20_000);
    // kubectl describe reads a service's endpoints from its EndpointSlices (discovery.k8s.io/v1),
    // derived from the Endpoints: it said "Endpoints: <none>" without them.
    expect(get(['describe', 'svc', 'web'])).toMatch(/^Endpoints:\s+10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080$/m);
    expect(get(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web'])).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\nweb-[a-z0-9]{5}\s+IPv4\s+8080\s+10\.244\.\d+\.\d+,10\.244\.\d+\.\d+\s+\d+s\n$/);
    // An ExternalName service gets no Endpoints (it got an empty one); a service made after it does, so the controller saw both.
    expect(bosun.kubectl(['create', 'service', 'externalname', 'ext', '--external-name=example.com']).code).toBe(0);
    expect(bosun.kubectl(['create', 'service', 'clusterip', 'after-ext', '--tcp=80:8080']).code).toBe(0);
    await waitFor('Endpoints of after-ext', () => bosun.kubectl(['get', 'endpoints', 'after-ext']).code === 0, 20_000);
    expect(bosun.kubectl(['get', 'endpoints', 'ext']).stderr).toContain('endpoints "ext" not found');
    expect(bosun.kubectl(['delete', 'service', 'ext', 'after-ext']).code).toBe(0);
    const current = get(['get', 'pods', '-l', 'app=web-rc', '-o', 'jsonpath={.items[0].metadata.name}']);
    expect(get(['describe', 'pod', current])).toMatch(/Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/web-/);
    // The kubelet's Events name their container (SUBOBJECT), which a field selector can pick.
    expect(get(['get', 'events', '-o', 'wide', `--field-selector=involvedObject.name=${current},involvedObject.fieldPath=spec.containers{web},reason=Started`])).toMatch(
      new RegExp(`^\\S+\\s+Normal\\s+Started\\s+pod/${current}\\s+spec\\.containers\\{web\\}\\s+kubelet, sim-node-\\d\\s+Started container web`, 'm'),
    );
    // Orphaning keeps the pods; deleting a namespace deletes what it holds, then itself.
    expect(bosun.kubectl(['delete', 'rc', 'web', '--cascade=orphan']).code).toBe(0);
    expect(get(['get', 'pods', '-l', 'app=web-rc', '-o', 'jsonpath={.items[*].metadata.ownerReferences}'])).toBe('');
    expect(get(['get', 'pods', '-l', 'app=web-rc', '-o', 'name']).trim().split('\n')).toHaveLength(2);
    expect(bosun.kubectl(['create', 'namespace', 'team']).code).toBe(0);
    expect(bosun.kubectl(['apply', '-n', 'team', '-f', manifest('web-rc.yaml')]).code).toBe(0);
    await waitFor('pods in team', () => get(['get', 'pods', '-n', 'team', '-o', 'name']).trim().split('\n').filter((l) => l).length === 2, 20_000);
    const deleted = bosun.kubectl(['delete', 'namespace', 'team', '--timeout=30s']);
    expect({ code: deleted.code, stderr: deleted.stderr }).toEqual({ code: 0, stderr: '' });
    expect(bosun.kubectl(['get', 'namespace', 'team']).stderr).toContain('namespaces "team" not found');
  });

  it('holds a deletion while a finalizer stays, refuses new objects in a terminating namespace, says what holds it, and ends when the last finalizer is patched off', async () => {
    const { ok } = bosun;
    ok(['create', 'namespace', 'held']);
    ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'held', finalizers: ['example.com/hold'] } }));
    expect(ok(['delete', 'namespace', 'held', '--wait=false'])).toBe('namespace "held" deleted\n');
    expect(ok(['get', 'namespace', 'held'])).toMatch(/^held\s+Terminating\s/m);
    expect(bosun.kubectl(['create', 'configmap', 'late', '-n', 'held']).stderr).toBe(
      'error: failed to create configmap: configmaps "late" is forbidden: unable to create new content in namespace held because it is being terminated\n',
    );
    expect(ok(['get', 'cm', 'kept', '-n', 'held', '-o', 'jsonpath={.metadata.deletionTimestamp}'])).not.toBe('');
    // What holds it, as kube-controller-manager's namespace deleter says it (kubectl describe namespace).
    await waitFor('the namespace to say what remains', () => /NamespaceFinalizersRemaining\s+True/.test(ok(['describe', 'namespace', 'held'])), 20_000);
    const described = ok(['describe', 'namespace', 'held']);
    expect(described).toMatch(/NamespaceContentRemaining\s+True\s+.*SomeResourcesRemain\s+Some resources are remaining: configmaps\. has 1 resource instances/);
    expect(described).toMatch(/NamespaceFinalizersRemaining\s+True\s+.*SomeFinalizersRemain\s+Some content in the namespace has finalizers remaining: example\.com\/hold in 1 resource instances/);
    expect(described).toMatch(/NamespaceDeletionContentFailure\s+False\s+.*ContentDeleted\s+All content successfully deleted, may be waiting on finalization/);
    // Taking the last finalizer off deletes the object; the API server answers the object as the
    // patch left it (kubectl said "Object 'Kind' is missing in 'null'" when the answer was null).
    expect(ok(['patch', 'cm', 'kept', '-n', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'])).toBe('configmap/kept patched\n');
    ok(['wait', '--for=delete', 'namespace/held', '--timeout=20s']); // it held nothing else
    expect(ok(['get', 'cm', '-A', '--field-selector=metadata.name=kept', '-o', 'name'])).toBe('');
  });

  it('deletes a replication controller in the foreground: it stays until its pods are gone', async () => {
    const { ok } = bosun;
    // The pods carry a finalizer of the test's, so that they stay terminating until it is taken off.
    const rc = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'fg' },
      spec: { replicas: 2, selector: { app: 'fg' }, template: { metadata: { labels: { app: 'fg' }, finalizers: ['example.com/hold'] }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    };
    ok(['apply', '-f', '-'], JSON.stringify(rc));
    const pods = (): string[] => ok(['get', 'pods', '-l', 'app=fg', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').filter(Boolean);
    await waitFor('2 pods of fg', () => pods().length === 2, 20_000);
    expect(ok(['delete', 'rc', 'fg', '--cascade=foreground', '--wait=false'])).toBe('replicationcontroller "fg" deleted\n');
    await waitFor('both pods terminating', () => ok(['get', 'pods', '-l', 'app=fg', '-o', 'jsonpath={.items[*].metadata.deletionTimestamp}']).split(' ').filter(Boolean).length === 2, 20_000);
    expect(ok(['get', 'rc', 'fg', '-o', 'jsonpath={.metadata.finalizers}'])).toBe('["foregroundDeletion"]');
    expect(ok(['get', 'rc', 'fg', '-o', 'jsonpath={.metadata.deletionTimestamp}'])).not.toBe('');
    for (const name of pods()) ok(['patch', 'pod', name, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    ok(['wait', '--for=delete', 'rc/fg', '--timeout=20s']);
    expect(pods()).toEqual([]);
  });

  it('keeps pods off tainted nodes unless they tolerate the taint, and schedules them once a node is untainted', async () => {
    const { ok } = bosun;
    await waitFor('2 Ready nodes', () => (ok(['get', 'nodes']).match(/\sReady\s/g) ?? []).length === 2, 20_000);
    expect(ok(['taint', 'nodes', 'sim-node-1', 'sim-node-2', 'dedicated=gpu:NoSchedule'])).toBe('node/sim-node-1 tainted\nnode/sim-node-2 tainted\n');
    try {
      ok(['run', 'plain', '--image=nginx']);
      const tolerant = { spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] } };
      ok(['run', 'tolerant', '--image=nginx', `--overrides=${JSON.stringify(tolerant)}`]);
      await waitFor('the tolerant pod scheduled', () => ok(['get', 'pod', 'tolerant', '-o', 'jsonpath={.spec.nodeName}']).startsWith('sim-node-'), 20_000);
      await waitFor('the plain pod found unschedulable', () => /FailedScheduling/.test(ok(['describe', 'pod', 'plain'])), 20_000);
      expect(ok(['describe', 'pod', 'plain'])).toContain(
        '0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
      );
      expect(ok(['get', 'pod', 'plain', '-o', 'jsonpath={.spec.nodeName}'])).toBe('');
      expect(ok(['taint', 'nodes', 'sim-node-2', 'dedicated-'])).toBe('node/sim-node-2 untainted\n');
      await waitFor('the plain pod scheduled on the untainted node', () => ok(['get', 'pod', 'plain', '-o', 'jsonpath={.spec.nodeName}']) === 'sim-node-2', 20_000);
    } finally {
      bosun.kubectl(['taint', 'nodes', 'sim-node-1', 'sim-node-2', 'dedicated-']);
      bosun.kubectl(['delete', 'pod', 'plain', 'tolerant', '--wait=false']);
    }
  });

  it('server-side apply keeps field managers: refuses to overrule another manager unless forced, and removes what the applier stops applying', () => {
    const { ok } = bosun;
    const config = (data: Record<string, string>) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned' }, data });
    const managers = () =>
      (JSON.parse(ok(['get', 'cm', 'owned', '-o', 'json', '--show-managed-fields'])).metadata.managedFields as { manager: string; operation: string; fieldsV1: unknown }[]).map((e) => ({
        manager: e.manager,
        operation: e.operation,
        fieldsV1: e.fieldsV1,
      }));
    expect(ok(['apply', '--server-side', '-f', '-'], config({ a: '1', b: '2' }))).toBe('configmap/owned serverside-applied\n');
    expect(managers()).toEqual([{ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} } } }]);
    // kubectl hides them unless asked.
    expect(JSON.parse(ok(['get', 'cm', 'owned', '-o', 'json'])).metadata.managedFields).toBeUndefined();
    ok(['patch', 'cm', 'owned', '--type=merge', '-p', '{"data":{"a":"9"}}', '--field-manager=other']);
    expect(managers()).toEqual([
      { manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:data': { '.': {}, 'f:b': {} } } },
      { manager: 'other', operation: 'Update', fieldsV1: { 'f:data': { 'f:a': {} } } },
    ]);
    const refused = bosun.kubectl(['apply', '--server-side', '-f', '-'], config({ a: '3', b: '2' }));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: Apply failed with 1 conflict: conflict with "other" using v1 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: \.data\.a\nPlease review the fields above/);
    expect(ok(['get', 'cm', 'owned', '-o', 'jsonpath={.data.a}'])).toBe('9');
    // Agreeing with the other manager is no conflict: both own the field.
    ok(['apply', '--server-side', '-f', '-'], config({ a: '9', b: '2' }));
    expect(ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], config({ a: '3', b: '2' }))).toBe('configmap/owned serverside-applied\n');
    expect(ok(['get', 'cm', 'owned', '-o', 'jsonpath={.data}'])).toBe('{"a":"3","b":"2"}');
    expect(managers().map((m) => m.manager)).toEqual(['kubectl']);
    // A field the applier no longer applies, and nobody else owns, is removed (it stayed).
    ok(['apply', '--server-side', '-f', '-'], config({ a: '3' }));
    expect(ok(['get', 'cm', 'owned', '-o', 'jsonpath={.data}'])).toBe('{"a":"3"}');
    // kubectl create is an update by its manager, which owns what it set.
    ok(['create', 'configmap', 'made', '--from-literal=k=v']);
    const made = JSON.parse(ok(['get', 'cm', 'made', '-o', 'json', '--show-managed-fields'])).metadata.managedFields;
    expect(made).toMatchObject([{ manager: 'kubectl-create', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:k': {} } } }]);
    ok(['delete', 'cm', 'owned', 'made']);
  });

  // The schemas come from /openapi/v3/api/v1 (libs/api/src/openapi): kubectl explain renders them.
  it('explains every kind, its fields and their enums from the served OpenAPI schemas', () => {
    const ok = (args: string[]): string => {
      const r = bosun.kubectl(args);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
      return r.stdout;
    };
    const pods = ok(['explain', 'pods']);
    expect(pods).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nDESCRIPTION:\n\s+A Pod is/);
    expect(pods).toMatch(/^  spec\t<PodSpec> -required-$/m);
    expect(pods).toMatch(/^  status\t<PodStatus>$/m);
    const ports = ok(['explain', 'pod.spec.containers.ports']);
    expect(ports).toMatch(/^FIELD: ports <\[\]ContainerPort>$/m);
    expect(ports).toMatch(/^  containerPort\t<integer> -required-$/m);
    expect(ports).toMatch(/^  protocol\t<string>\n  enum: SCTP, TCP, UDP$/m);
    const rc = ok(['explain', 'rc', '--recursive']);
    expect(rc).toMatch(/^KIND:\s+ReplicationController$/m);
    expect(rc).toMatch(/^    replicas\t<integer>$/m);
    expect(rc).toMatch(/^        containers\t<\[\]Container> -required-$/m);
    expect(rc).toMatch(/^          livenessProbe\t<Probe>$/m);
    const type = ok(['explain', 'services.spec.type']);
    expect(type).toMatch(/^FIELD: type <string>\nENUM:\n    ClusterIP\n    ExternalName\n    LoadBalancer\n    NodePort$/m);
    expect(ok(['explain', 'svc'])).toMatch(/^KIND:\s+Service$/m);
    for (const [resource, kind] of [['no', 'Node'], ['ns', 'Namespace'], ['ep', 'Endpoints'], ['events', 'Event']])
      expect(ok(['explain', resource])).toMatch(new RegExp(`^KIND:\\s+${kind}$`, 'm'));
    // `ev` names events in core/v1 and in events.k8s.io/v1, as in a real cluster's discovery: kubectl picks core's and says so.
    const ev = bosun.kubectl(['explain', 'ev']);
    expect({ code: ev.code, stderr: ev.stderr }).toEqual({ code: 0, stderr: 'Warning: short name "ev" could also match lower priority resource events.events.k8s.io\n' });
    expect(ev.stdout).toMatch(/^KIND:\s+Event\nVERSION:\s+v1$/m);
    expect(bosun.kubectl(['explain', 'pod.spec.nosuchfield']).stderr).toContain('field "nosuchfield" does not exist');
  });

  // With schemas published, kubectl computes client-side apply's strategic merge patch from them:
  // lists merge by their keys, and fields Bosun only keeps (affinity, securityContext) are walked
  // without kubectl's "error calculating patch from openapi v3 spec" warning.
  it('applies changes through patches computed from the schemas, and still leaves validation to the server', () => {
    const rc = (value: string, side: boolean, zone: string): string => `apiVersion: v1
kind: ReplicationController
metadata: {name: schema-apply}
spec:
  replicas: 1
  selector: {app: schema-apply}
  template:
    metadata: {labels: {app: schema-apply}}
    spec:
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 1
            preference: {matchExpressions: [{key: zone, operator: In, values: [${zone}]}]}
      securityContext: {runAsUser: 1000}
      containers:
      - name: web
        image: python:3.11
        env: [{name: A, value: "1"}, {name: B, value: "${value}"}]
        ports: [{containerPort: 8080, name: http}]
${side ? '      - {name: side, image: busybox}\n' : ''}`;
    const first = bosun.kubectl(['apply', '-f', '-'], rc('1', true, 'a'));
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    const second = bosun.kubectl(['apply', '-f', '-'], rc('2', false, 'b'));
    expect({ code: second.code, stdout: second.stdout, stderr: second.stderr }).toEqual({ code: 0, stdout: 'replicationcontroller/schema-apply configured\n', stderr: '' });
    const spec = JSON.parse(bosun.kubectl(['get', 'rc', 'schema-apply', '-o', 'jsonpath={.spec.template.spec}']).stdout);
    expect(spec.containers.map((c: { name: string }) => c.name)).toEqual(['web']);
    expect(spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values).toEqual(['b']);
    // A strategic merge patch as kubectl edit sends it: containers by name, ports by containerPort.
    const patched = bosun.kubectl(['patch', 'rc', 'schema-apply', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","ports":[{"containerPort":9090,"name":"metrics"}]}]}}}}']);
    expect(patched.code).toBe(0);
    const ports = bosun.kubectl(['get', 'rc', 'schema-apply', '-o', 'jsonpath={.spec.template.spec.containers[0].ports[*].containerPort}']).stdout;
    expect(ports.split(' ').sort()).toEqual(['8080', '9090']);
    const ssa = bosun.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], rc('3', false, 'b'));
    expect({ code: ssa.code, stderr: ssa.stderr }).toEqual({ code: 0, stderr: '' });
    expect(bosun.kubectl(['get', 'rc', 'schema-apply', '-o', 'jsonpath={.spec.template.spec.containers[0].env[1].value}']).stdout).toBe('3');
    // Unknown fields are still the server's to report, with default and with strict validation.
    const typo = 'apiVersion: v1\nkind: Pod\nmetadata: {name: typo}\nspec:\n  containers: [{name: c, image: busybox, imagePolicy: Always}]\n';
    for (const flags of [[], ['--validate=strict']]) {
      const created = bosun.kubectl(['create', ...flags, '-f', '-'], typo);
      expect({ flags, code: created.code }).toEqual({ flags, code: 1 });
      expect(created.stderr).toContain('unknown field "spec.containers[0].imagePolicy"');
    }
    expect(bosun.kubectl(['delete', 'rc', 'schema-apply']).code).toBe(0);
  });

  // kubectl validates the items of a `kind: List` file itself, from /openapi/v2 (protobuf); without
  // it the whole file was refused ("error validating data: the server could not find the requested resource").
  it('creates and applies a kind: List file, as kubectl get -o yaml prints one, and validates its items', () => {
    const ok = (args: string[], input?: string): string => {
      const r = bosun.kubectl(args, input);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
      return r.stdout;
    };
    const list = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: list-cm, labels: {from: list}}, data: {a: "1"}}
- apiVersion: v1
  kind: Pod
  metadata: {name: list-pod, labels: {from: list}}
  spec: {containers: [{name: c, image: busybox, command: [sleep, "100"], ports: [{containerPort: 80}]}]}
`;
    expect(ok(['create', '--save-config', '-f', '-'], list)).toBe('configmap/list-cm created\npod/list-pod created\n');
    // (Only the ConfigMap: the pod changes as it starts, and its printed resourceVersion would then
    // make apply's patch a Conflict, as on Kubernetes.)
    const printed = ok(['get', 'configmaps', '-l', 'from=list', '-o', 'yaml']);
    expect(printed).toMatch(/^apiVersion: v1\nitems:/);
    expect(ok(['apply', '-f', '-'], printed)).toBe('configmap/list-cm configured\n');
    expect(ok(['delete', '-f', '-', '--wait=false'], list)).toBe('configmap "list-cm" deleted\npod "list-pod" deleted\n');
    const bad = bosun.kubectl(['create', '-f', '-'], list.replace('containerPort: 80', 'containerPort: "80", bogus: 1'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown field "bogus" in io.k8s.api.core.v1.ContainerPort');
    expect(bad.stderr).toContain('invalid type for io.k8s.api.core.v1.ContainerPort.containerPort: got "string", expected "integer"');
    expect(bosun.kubectl(['get', 'configmap', 'list-cm']).stderr).toContain('not found');
  });

  // EndpointSlices follow their Endpoints in a watch too (what informers and kubectl get -w use).
  it('watches EndpointSlices appear and go with their service', async () => {
    const watcher = spawnLines('kubectl', ['--kubeconfig', bosun.kubeconfig, 'get', 'endpointslices', '-w', '--output-watch-events', '-l', 'kubernetes.io/service-name=sliced', '--request-timeout=0']);
    try {
      expect(bosun.kubectl(['run', 'sliced', '--image=busybox', '--labels=app=sliced', '--restart=Never', '--', 'sleep', '100']).code).toBe(0);
      expect(bosun.kubectl(['create', 'service', 'clusterip', 'sliced', '--tcp=80:8080']).code).toBe(0);
      // (MODIFIED when the service's placeholder slice came first, as Kubernetes' controller keeps one.)
      await waitFor(`the slice ADDED (${watcher.stderr()})`, () => watcher.lines.some((l) => /^(ADDED|MODIFIED)\s+sliced-[a-z0-9]{5}\s+IPv4\s+8080\s+10\.244\./.test(l)), 20_000);
      expect(bosun.kubectl(['delete', 'service', 'sliced']).code).toBe(0);
      await waitFor('the slice DELETED', () => watcher.lines.some((l) => /^DELETED\s+sliced-/.test(l)), 20_000);
      expect(bosun.kubectl(['delete', 'pod', 'sliced', '--wait=false']).code).toBe(0);
      // Their schema comes from the group's own OpenAPI document.
      const explained = bosun.kubectl(['explain', 'endpointslices.endpoints.conditions']);
      expect({ code: explained.code, stderr: explained.stderr }).toEqual({ code: 0, stderr: '' });
      expect(explained.stdout).toMatch(/^GROUP:\s+discovery\.k8s\.io\nKIND:\s+EndpointSlice\nVERSION:\s+v1\n\nFIELD: conditions <EndpointConditions>/);
      expect(explained.stdout).toMatch(/^\s+ready\s+<boolean>/m);
    } finally {
      await killHard(watcher);
    }
  });

  // kubectl drain evicts through pods/eviction when discovery lists it (policy/v1 Eviction), and
  // falls back to plain deletes otherwise.
  it('drains a node by evicting its pods, and a dry run evicts nothing', async () => {
    const run = (args: string[]) => bosun.kubectl(args);
    expect(run(['run', 'drained', '--image=busybox', '--restart=Never', '--overrides={"spec":{"nodeName":"sim-node-1"}}', '--', 'sleep', '100']).code).toBe(0);
    const dry = run(['drain', 'sim-node-1', '--force', '--dry-run=server']);
    expect({ code: dry.code, stdout: dry.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('evicting pod default/drained (server dry run)\n') });
    expect(run(['get', 'pod', 'drained']).code).toBe(0);
    const drained = run(['drain', 'sim-node-1', '--force', '--timeout=30s']);
    // (Earlier cases of the suite leave orphaned pods on the node too.)
    expect({ code: drained.code, stderr: drained.stderr }).toEqual({ code: 0, stderr: expect.stringMatching(/^Warning: deleting Pods that declare no controller: .*default\/drained/) });
    expect(drained.stdout).toContain('evicting pod default/drained\n');
    expect(drained.stdout).toContain('pod/drained evicted\n');
    expect(drained.stdout).toMatch(/node\/sim-node-1 drained\n$/);
    expect(run(['get', 'pod', 'drained']).stderr).toContain('pods "drained" not found');
    expect(run(['uncordon', 'sim-node-1']).code).toBe(0);
    const wrong = await fetch(`${bosun.url}/api/v1/namespaces/default/pods/nobody/eviction`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'other' } }),
    });
    expect(wrong.status).toBe(400);
  });
});

describe('service address allocation', () => {
  const bosun = bosunForSuite();

  it('never hands out one cluster IP or node port twice, also to services created at once, and takes a freed one back', async () => {
    const create = (i: number) =>
      fetch(`${bosun.url}/api/v1/namespaces/default/services`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}` }, spec: { type: 'NodePort', selector: { app: `s${i}` }, ports: [{ port: 80 }] } }),
      }).then((r) => r.json() as Promise<any>);
    const services = await Promise.all(Array.from({ length: 20 }, (_, i) => create(i)));
    const ips = services.map((s) => s.spec.clusterIP);
    const ports = services.map((s) => s.spec.ports[0].nodePort);
    expect(ips.every((ip) => /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/.test(ip))).toBe(true);
    expect(new Set(ips).size).toBe(20);
    expect(new Set(ports).size).toBe(20);
    expect(ports.every((p) => p >= 30000 && p <= 32767)).toBe(true);
    // A taken node port is refused; a freed one is handed out again.
    const taken = await fetch(`${bosun.url}/api/v1/namespaces/default/services`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'dup' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: ports[0] }] } }) });
    expect(taken.status).toBe(422);
    expect(((await taken.json()) as any).message).toContain('provided port is already allocated');
    // Handed out at random, as Kubernetes does: not one after the other.
    expect(new Set(ips.map((ip) => ip.split('.').slice(0, 3).join('.'))).size).toBeGreaterThan(1);
    expect(bosun.kubectl(['delete', 'svc', 's0']).code).toBe(0);
    // A freed address can be asked for again.
    const again = await fetch(`${bosun.url}/api/v1/namespaces/default/services`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's99' }, spec: { clusterIP: ips[0], ports: [{ port: 80 }] } }) });
    expect(again.status).toBe(201);
  });

  it('keeps a NodePort service’s node port when kubectl apply renumbers its port, matched by the port’s name as kube-apiserver does', () => {
    const service = (port: number): string => JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'renumbered' }, spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ name: 'http', port, targetPort: 8080 }] } });
    expect(bosun.kubectl(['apply', '-f', '-'], service(80)).code).toBe(0);
    const nodePort = bosun.kubectl(['get', 'svc', 'renumbered', '-o', 'jsonpath={.spec.ports[0].nodePort}']).stdout;
    expect(bosun.kubectl(['apply', '-f', '-'], service(81)).stdout).toBe('service/renumbered configured\n');
    expect(bosun.kubectl(['get', 'svc', 'renumbered', '-o', 'jsonpath={.spec.ports[0].port}:{.spec.ports[0].nodePort}']).stdout).toBe(`81:${nodePort}`);
  });
});

describe('server dry runs, continued lists on a small watch cache, impersonation, health', () => {
  const bosun = bosunForSuite(['--watch-cache-size', '6']);
  const { ok } = bosun;

  it('answers the health endpoints as kube-apiserver does: ok, a line per check with ?verbose, one check by name', () => {
    expect(ok(['get', '--raw', '/readyz'])).toBe('ok');
    expect(ok(['get', '--raw', '/readyz?verbose'])).toBe('[+]ping ok\n[+]event-log ok\nreadyz check passed\n');
    expect(ok(['get', '--raw', '/livez?verbose&exclude=event-log'])).toBe('[+]ping ok\n[+]event-log excluded: ok\nlivez check passed\n');
    expect(ok(['get', '--raw', '/healthz/event-log'])).toBe('ok');
    expect(bosun.kubectl(['get', '--raw', '/readyz/etcd']).code).not.toBe(0);
  });

  it('answers logs of a pod not yet on a node empty, and refuses exec into it as kube-apiserver words it', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unplaced' }, spec: { initContainers: [{ name: 'setup', image: 'busybox' }], containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }] } };
    ok(['create', '-f', '-'], JSON.stringify(pod));
    expect(bosun.kubectl(['logs', 'unplaced', '-c', 'a'])).toMatchObject({ code: 0, stdout: '' });
    expect(bosun.kubectl(['logs', 'unplaced', '-c', 'setup'])).toMatchObject({ code: 0, stdout: '' });
    expect(bosun.kubectl(['exec', 'unplaced', '-c', 'a', '--', 'true']).stderr).toContain('pod unplaced does not have a host assigned');
    const noContainer = await fetch(`${bosun.url}/api/v1/namespaces/default/pods/unplaced/log`);
    expect([noContainer.status, ((await noContainer.json()) as any).message]).toEqual([400, 'a container name must be specified for pod unplaced, choose one of: [a b] or one of the init containers: [setup]']);
  });

  it('acts as the user kubectl --as impersonates, and tells kubectl auth whoami so', () => {
    expect(ok(['auth', 'whoami'])).toMatch(/Username\s+admin\n/);
    const as = ok(['auth', 'whoami', '--as=bob', '--as-group=devs', '-o', 'json']);
    expect(JSON.parse(as).status.userInfo).toEqual({ username: 'bob', groups: ['devs', 'system:authenticated'] });
    const sa = JSON.parse(ok(['auth', 'whoami', '--as=system:serviceaccount:default:default', '-o', 'json']));
    expect(sa.status.userInfo.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']);
    const noUser = bosun.kubectl(['get', 'pods', '--as-group=devs']);
    expect(noUser.code).not.toBe(0);
    expect(noUser.stderr).toContain('without impersonating a user');
  });

  it('answers a dry-run Service create with the addresses it would get, reserving none', () => {
    const dry = JSON.parse(ok(['create', 'service', 'nodeport', 'dry', '--tcp=80:8080', '--dry-run=server', '-o', 'json']));
    expect(dry.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(dry.spec.clusterIPs).toEqual([dry.spec.clusterIP]);
    expect(dry.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(bosun.kubectl(['get', 'service', 'dry']).stderr).toContain('services "dry" not found');
    // Nothing was reserved: a create that asks for the same addresses gets them (free ones are picked at random).
    const real = JSON.parse(ok(['create', '-f', '-', '-o', 'json'], JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'real' }, spec: { type: 'NodePort', clusterIP: dry.spec.clusterIP, ports: [{ port: 80, targetPort: 8080, nodePort: dry.spec.ports[0].nodePort }] } })));
    expect([real.spec.clusterIP, real.spec.ports[0].nodePort]).toEqual([dry.spec.clusterIP, dry.spec.ports[0].nodePort]);
    // A dry run is refused what the create would be refused: a taken address.
    const taken = bosun.kubectl(['create', '-f', '-', '--dry-run=server'], JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'dup' }, spec: { clusterIP: real.spec.clusterIP, ports: [{ port: 80 }] } }));
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain(`The Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"${real.spec.clusterIP}"}: failed to allocate IP ${real.spec.clusterIP}: provided IP is already allocated`);
    // In kube-apiserver's words, which tools parse for the service range.
    expect(bosun.kubectl(['create', 'service', 'clusterip', 'outside', '--tcp=80', '--clusterip=1.1.1.1']).stderr).toBe(
      'error: failed to create ClusterIP service: Service "outside" is invalid: spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12\n',
    );
  });

  it('reads every page of a list at the first page’s resourceVersion, and answers 410 Expired once the watch cache no longer holds it', async () => {
    const configMap = (name: string): string => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { page: 'yes' } }, data: { k: 'v' } });
    for (const name of ['page-a', 'page-b', 'page-c']) ok(['create', '-f', '-'], configMap(name));
    const get = (query: string) => fetch(`${bosun.url}/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes${query}`).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const names = (list: { body: any }): string[] => list.body.items.map((c: any) => c.metadata.name);
    const first = await get('&limit=1');
    expect(names(first)).toEqual(['page-a']);
    const rv = first.body.metadata.resourceVersion as string;
    const token = first.body.metadata.continue as string;
    // Changed after the first page: the next page still shows the list as it was then, as etcd would.
    ok(['delete', 'configmap', 'page-b']);
    ok(['create', '-f', '-'], configMap('page-ab'));
    const second = await get(`&limit=1&continue=${token}`);
    expect([second.status, second.body.metadata.resourceVersion, names(second)]).toEqual([200, rv, ['page-b']]);
    const exact = await get(`&resourceVersion=${rv}&resourceVersionMatch=Exact`);
    expect([exact.body.metadata.resourceVersion, names(exact)]).toEqual([rv, ['page-a', 'page-b', 'page-c']]);
    expect(names(await get(''))).toEqual(['page-a', 'page-ab', 'page-c']);
    // More changes than the watch cache holds: the first page's resourceVersion is gone.
    for (let i = 0; i < 8; i++) ok(['annotate', 'configmap', 'page-c', `n=${i}`, '--overwrite']);
    const expired = await get(`&limit=1&continue=${token}`);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
    expect(expired.body.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/);
    // kube-apiserver's inconsistent continuation: the same place, read at the current state.
    const onward = await get(`&limit=1&continue=${expired.body.metadata.continue}`);
    expect([onward.status, names(onward)]).toEqual([200, ['page-ab']]);
    expect(Number(onward.body.metadata.resourceVersion)).toBeGreaterThan(Number(rv));
    const last = await get(`&limit=1&continue=${onward.body.metadata.continue}`);
    expect([last.status, names(last), last.body.metadata.continue]).toEqual([200, ['page-c'], undefined]);
    const gone = await get(`&resourceVersion=${rv}&resourceVersionMatch=Exact`);
    expect([gone.status, gone.body.reason, gone.body.message]).toEqual([410, 'Expired', 'The resourceVersion for the provided list is too old.']);
    const future = await get('&resourceVersion=999999&resourceVersionMatch=Exact');
    expect([future.status, future.body.reason]).toEqual([504, 'Timeout']);
    expect(future.body.message).toMatch(/^Timeout: Too large resource version: 999999, current: \d+$/);
    // A read not older than a resourceVersion the gateway has yet to see waits for it (up to 3 s).
    const now = Number((await get('')).body.metadata.resourceVersion);
    const waiting = get(`&resourceVersion=${now + 1}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const created = await fetch(`${bosun.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: configMap('page-d') });
    expect(created.status).toBe(201);
    const fresh = await waiting;
    expect(fresh.status).toBe(200);
    expect(names(fresh)).toContain('page-d');
    const tooNew = await fetch(`${bosun.url}/api/v1/namespaces/default/configmaps/page-d?resourceVersion=999999`);
    expect([tooNew.status, ((await tooNew.json()) as any).reason]).toEqual([504, 'Timeout']);
    const r = bosun.kubectl(['get', '--raw', '/api/v1/namespaces/default/configmaps?resourceVersionMatch=Exact']);
    expect(r.stderr).toContain('resourceVersionMatch is forbidden unless resourceVersion is provided');
  });
});

describe('less common kubectl commands, as a kube-apiserver answers them', () => {
  const bosun = bosunForSuite(['--simulated-nodes', '1']);
  const { ok, fails } = bosun;

  it('applies every one of many concurrent label patches, as kube-apiserver retries a patch on the fresh object', async () => {
    ok(['create', 'configmap', 'contended', '--from-literal=a=b']);
    const run = promisify(execFile);
    const labels = Array.from({ length: 16 }, (_, i) => `l${i}=v`);
    // Each kubectl patches without a resourceVersion; those that lose a race are retried server-side.
    const results = await Promise.allSettled(labels.map((l) => run('kubectl', ['--kubeconfig', bosun.kubeconfig, 'label', 'configmap', 'contended', l])));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const got = JSON.parse(ok(['get', 'configmap', 'contended', '-o', 'jsonpath={.metadata.labels}'])) as Record<string, string>;
    expect(Object.keys(got).sort()).toEqual(labels.map((l) => l.split('=')[0]).sort());
  });

  it('prints a replication controller’s scale subresource as printScale does, refuses a negative scale as invalid, and leaves zero counts out of its status', async () => {
    ok(['create', '-f', manifest('web-rc.yaml')]);
    await waitFor('2 replicas', () => ok(['get', 'rc', 'web', '-o', 'jsonpath={.status.replicas}']) === '2', 20_000);
    expect(ok(['get', 'rc', 'web', '--subresource=scale'])).toMatch(/^NAME\s+DESIRED\s+AVAILABLE\s+AGE\nweb\s+2\s+2\s+\d+s\n$/);
    expect(fails(['get', 'rc', 'nope', '--subresource=scale'])).toBe('Error from server (NotFound): replicationcontrollers/scale.autoscaling "nope" not found\n');
    expect(fails(['patch', 'rc', 'web', '--subresource=scale', '-p', '{"spec":{"replicas":-1}}'])).toBe(
      'The Scale "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
    expect(ok(['patch', 'rc', 'web', '--subresource=scale', '-p', '{"spec":{"replicas":1}}'])).toBe('scale.autoscaling/web patched\n');
    expect(ok(['get', 'rc', 'web', '--subresource=scale', '-o', 'jsonpath={.spec.replicas} {.status.selector}'])).toBe('1 app=web-rc');
    // Scaled to nothing, the status keeps replicas and leaves out the zero counts, as Go omits them.
    ok(['scale', 'rc', 'web', '--replicas=0']);
    await waitFor('no replicas', () => ok(['get', 'rc', 'web', '-o', 'jsonpath={.status.replicas}']) === '0', 20_000);
    expect(Object.keys(JSON.parse(ok(['get', 'rc', 'web', '-o', 'jsonpath={.status}'])) as object).sort()).toEqual(['observedGeneration', 'replicas']);
  });

  it('sets a pod template’s ServiceAccount in both its fields, as kube-apiserver writes serviceAccount from serviceAccountName', () => {
    ok(['create', 'serviceaccount', 'robot']);
    expect(ok(['set', 'serviceaccount', 'rc', 'web', 'robot'])).toBe('replicationcontroller/web serviceaccount updated\n');
    expect(ok(['get', 'rc', 'web', '-o', 'jsonpath={.spec.template.spec.serviceAccountName} {.spec.template.spec.serviceAccount}'])).toBe('robot robot');
  });

  it('labels a service’s Endpoints as the service and follows its labels, marks a headless one, and lists no subsets without pods', async () => {
    ok(['create', 'service', 'clusterip', 'quiet', '--tcp=80:8080']);
    ok(['create', 'service', 'clusterip', 'bare', '--clusterip=None', '--tcp=80:8080']);
    await waitFor('both Endpoints', () => ok(['get', 'endpoints', 'quiet', 'bare', '--ignore-not-found', '-o', 'name']) === 'endpoints/quiet\nendpoints/bare\n', 20_000);
    expect(JSON.parse(ok(['get', 'endpoints', 'quiet', '-o', 'json'])).subsets).toBeUndefined();
    // Its EndpointSlice is the placeholder Kubernetes keeps: no endpoints, no ports; describe prints them empty.
    expect(ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=quiet', '--no-headers'])).toMatch(/^quiet-[a-z0-9]{5}\s+IPv4\s+<unset>\s+<unset>\s+\d+s\n$/);
    expect(ok(['describe', 'service', 'quiet'])).toMatch(/^Endpoints:\s*$/m);
    // Owned by its Service, as the EndpointSlice controller writes it.
    expect(ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=quiet', '-o', 'jsonpath={.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}'])).toBe('Service/quiet');
    expect(ok(['get', 'endpoints', '-l', 'service.kubernetes.io/headless', '-o', 'name'])).toBe('endpoints/bare\n');
    ok(['label', 'service', 'quiet', 'tier=front']);
    await waitFor('the Endpoints relabelled', () => ok(['get', 'endpoints', '-l', 'tier=front', '-o', 'name']) === 'endpoints/quiet\n', 20_000);
  });

  it('refuses a change of a service’s cluster IP as a change of its primary cluster IP, also when only clusterIP is changed', () => {
    ok(['create', 'service', 'clusterip', 'fixed', '--tcp=80:8080']);
    const ip = ok(['get', 'service', 'fixed', '-o', 'jsonpath={.spec.clusterIP}']);
    for (const patch of ['{"spec":{"clusterIP":"None"}}', '{"spec":{"clusterIP":"None","clusterIPs":["None"]}}']) {
      expect(fails(['patch', 'service', 'fixed', '-p', patch])).toBe('The Service "fixed" is invalid: spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set\n');
    }
    expect(ok(['patch', 'service', 'fixed', '-p', `{"spec":{"clusterIP":"${ip}"}}`])).toBe('service/fixed patched (no change)\n');
  });

  it('changes a service’s type both ways: node ports allocated when it becomes a NodePort, dropped when it goes back, a cluster IP for a former ExternalName', () => {
    ok(['create', 'service', 'clusterip', 'shifty', '--tcp=80:8080']);
    expect(ok(['patch', 'service', 'shifty', '-p', '{"spec":{"type":"NodePort"}}'])).toBe('service/shifty patched\n');
    const nodePort = Number(ok(['get', 'service', 'shifty', '-o', 'jsonpath={.spec.ports[0].nodePort}']));
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(ok(['get', 'service', 'shifty'])).toMatch(new RegExp(`^shifty\\s+NodePort\\s+\\S+\\s+<none>\\s+80:${nodePort}/TCP`, 'm'));
    // A node port another service holds is refused on update as on create.
    ok(['create', 'service', 'nodeport', 'holder', '--tcp=80:8080']);
    const held = ok(['get', 'service', 'holder', '-o', 'jsonpath={.spec.ports[0].nodePort}']);
    expect(fails(['patch', 'service', 'shifty', '-p', `{"spec":{"ports":[{"port":80,"nodePort":${held}}]}}`])).toBe(
      `The Service "shifty" is invalid: spec.ports[0].nodePort: Invalid value: ${held}: provided port is already allocated\n`,
    );
    ok(['patch', 'service', 'shifty', '-p', '{"spec":{"type":"LoadBalancer"}}']);
    expect(ok(['get', 'service', 'shifty', '-o', 'jsonpath={.spec.ports[0].nodePort}'])).toBe(String(nodePort));
    ok(['patch', 'service', 'shifty', '-p', '{"spec":{"type":"ClusterIP"}}']);
    expect(ok(['get', 'service', 'shifty', '-o', 'jsonpath={.spec.ports[0].nodePort}/{.spec.externalTrafficPolicy}'])).toBe('/');
    ok(['patch', 'service', 'shifty', '-p', '{"spec":{"type":"ExternalName","externalName":"example.com"}}']);
    expect(ok(['get', 'service', 'shifty', '-o', 'jsonpath={.spec.clusterIP}'])).toBe('');
    ok(['patch', 'service', 'shifty', '--type=json', '-p', '[{"op":"replace","path":"/spec/type","value":"ClusterIP"},{"op":"remove","path":"/spec/externalName"}]']);
    expect(ok(['get', 'service', 'shifty', '-o', 'jsonpath={.spec.clusterIP}'])).toMatch(/^10\.\d+\.\d+\.\d+$/);
  });

  it('stores resource quantities canonical, as kube-apiserver answers them, and still updates the pod', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: sized}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    resources: {requests: {cpu: 0.5, memory: 1024Mi}, limits: {cpu: 1, memory: 1.5Gi}}\n';
    ok(['apply', '-f', '-'], pod);
    expect(JSON.parse(ok(['get', 'pod', 'sized', '-o', 'jsonpath={.spec.containers[0].resources}']))).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '1536Mi' } });
    expect(ok(['apply', '-f', '-'], pod.replace('name: sized}', 'name: sized, labels: {tier: db}}'))).toBe('pod/sized configured\n');
  });

  it('labels simulated nodes as a kubelet labels its node, so a pod selecting linux nodes runs', async () => {
    expect(ok(['get', 'nodes', '-L', 'kubernetes.io/os,kubernetes.io/arch', '--no-headers'])).toMatch(/^sim-node-1\s+Ready\s+<none>\s+\S+\s+\S+\s+linux\s+amd64\n$/);
    ok(['run', 'on-linux', '--image=busybox', '--overrides={"spec":{"nodeSelector":{"kubernetes.io/os":"linux"}}}']);
    await waitFor('on-linux running', () => ok(['get', 'pod', 'on-linux', '-o', 'jsonpath={.status.phase}']) === 'Running', 20_000);
  });

  it('answers a JSON patch that does not apply with kube-apiserver’s bare 422, one it cannot decode with Go’s json error, and replaces a missing key as an add', () => {
    ok(['create', 'configmap', 'patched', '--from-literal=a=1']);
    for (const patch of ['[{"op":"replace","path":"/data/x/y","value":"1"}]', '[{"op":"test","path":"/data/a","value":"2"}]', '[{"op":"remove","path":"/data/nope"}]']) {
      expect(fails(['patch', 'configmap', 'patched', '--type=json', '-p', patch])).toBe('The request is invalid: the server rejected our request due to an error in our request\n');
    }
    expect(fails(['patch', 'configmap', 'patched', '--type=json', '-p', '{"op":"add"}'])).toBe('Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n');
    expect(fails(['patch', 'configmap', 'patched', '--type=merge', '-p', '1'])).toBe('Error from server (BadRequest): Invalid JSON Patch\n');
    expect(fails(['patch', 'configmap', 'patched', '-p', '[1]'])).toBe('Error from server (BadRequest): json: cannot unmarshal array into Go value of type map[string]interface {}\n');
    expect(ok(['patch', 'configmap', 'patched', '--type=json', '-p', '[{"op":"replace","path":"/data/b","value":"2"}]'])).toBe('configmap/patched patched\n');
    expect(ok(['get', 'configmap', 'patched', '-o', 'jsonpath={.data}'])).toBe('{"a":"1","b":"2"}');
  });

  it('has the kubernetes Service in default, on the first service address, port 443 to the API, with its Endpoints and slice, and brings it back when deleted', async () => {
    // The API's in-cluster endpoint: the HTTPS listener beside kubectl's plain-HTTP one.
    const inCluster = bosun.child.lines.find((l) => l.includes('in-cluster API'));
    expect(inCluster).toMatch(/ at https:\/\/127\.0\.0\.1:\d+$/);
    const apiPort = new URL(inCluster!.replace(/^.* at /, '')).port;
    expect(apiPort).not.toBe(new URL(bosun.url).port);
    await waitFor('the kubernetes service', () => bosun.kubectl(['get', 'endpoints', 'kubernetes']).code === 0, 20_000);
    expect(ok(['get', 'service', 'kubernetes'])).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nkubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+\d+s\n$/);
    const service = JSON.parse(ok(['get', 'service', 'kubernetes', '-o', 'json']));
    expect(service.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    expect(service.spec).toMatchObject({ type: 'ClusterIP', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: Number(apiPort) }], sessionAffinity: 'None' });
    expect(service.spec.selector).toBeUndefined();
    expect(ok(['get', 'endpoints', 'kubernetes', '-o', 'jsonpath={.subsets[0].addresses[0].ip}:{.subsets[0].ports[0].port}'])).toBe(`127.0.0.1:${apiPort}`);
    expect(ok(['get', 'endpointslice', 'kubernetes', '-o', 'jsonpath={.metadata.labels}'])).toBe('{"kubernetes.io/service-name":"kubernetes"}');
    expect(ok(['describe', 'service', 'kubernetes'])).toMatch(new RegExp(`^Endpoints:\\s+127\\.0\\.0\\.1:${apiPort}$`, 'm'));
    const uid = service.metadata.uid;
    ok(['delete', 'service', 'kubernetes']);
    await waitFor('the kubernetes service back', () => {
      const r = bosun.kubectl(['get', 'service', 'kubernetes', '-o', 'jsonpath={.metadata.uid} {.spec.clusterIP}']);
      return r.code === 0 && !r.stdout.startsWith(uid) && r.stdout.endsWith(' 10.96.0.1');
    }, 20_000);
  });

  it('lists the deprecated componentstatuses with kube-apiserver’s warning: the event log, healthy', () => {
    const r = bosun.kubectl(['get', 'componentstatuses']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+STATUS\s+MESSAGE\s+ERROR\nevent-log\s+Healthy\s+ok\s*\n$/);
    expect(r.stderr).toBe('Warning: v1 ComponentStatus is deprecated in v1.19+\n');
    expect(JSON.parse(ok(['get', 'cs', 'event-log', '-o', 'json']))).toEqual({ kind: 'ComponentStatus', apiVersion: 'v1', metadata: { name: 'event-log', creationTimestamp: null }, conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] });
    expect(fails(['get', 'cs', 'etcd-9'])).toContain('Error from server (NotFound): componentstatuses "etcd-9" not found');
    // Listed, then refused as kube-apiserver refuses a watch of what it cannot watch.
    const watched = bosun.kubectl(['get', 'cs', '--watch']);
    expect(watched.stdout).toMatch(/^NAME\s+STATUS\s+MESSAGE\s+ERROR\nevent-log\s+Healthy/);
    expect(watched.stderr).toContain('Error from server (MethodNotAllowed): ');
    expect(ok(['explain', 'componentstatus.conditions'])).toMatch(/^KIND:\s+ComponentStatus\nVERSION:\s+v1\n[\s\S]*^  error\t<string>/m);
  });

  it('creates kube-node-lease again within a minute of its deletion, as kube-apiserver keeps its system namespaces', async () => {
    const uid = ok(['get', 'namespace', 'kube-node-lease', '-o', 'jsonpath={.metadata.uid}']);
    expect(ok(['delete', 'namespace', 'kube-node-lease'])).toBe('namespace "kube-node-lease" deleted\n');
    await waitFor('kube-node-lease back', () => {
      const r = bosun.kubectl(['get', 'namespace', 'kube-node-lease', '-o', 'jsonpath={.metadata.uid} {.status.phase}']);
      return r.code === 0 && !r.stdout.startsWith(uid) && r.stdout.endsWith(' Active');
    }, 75_000); // at the controller's next sync, once a minute as kube-apiserver's
  }, 90_000);

  it('answers a path it does not serve as kube-apiserver’s not-found handler does, so kubectl says what it says there', () => {
    for (const path of ['/apis/flowcontrol.apiserver.k8s.io/v1', '/api/v1/widgets', '/api/v1/namespaces/default/pods/web/nothing']) {
      expect(fails(['get', '--raw', path])).toBe('Error from server (NotFound): the server could not find the requested resource\n');
    }
  });

  it('refuses a resourceVersion that is no number as kube-apiserver’s storage does: unclassified from the watch cache, BadRequest from etcd for a paged list', () => {
    const invalid = 'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax';
    for (const path of ['/api/v1/namespaces/default/pods?resourceVersion=abc', '/api/v1/namespaces/default/pods/nothing?resourceVersion=abc', '/api/v1/namespaces/default/pods?watch=true&resourceVersion=abc']) {
      expect(fails(['get', '--raw', path])).toBe(`Error from server: ${invalid}\n`);
    }
    expect(fails(['get', '--raw', '/api/v1/namespaces/default/pods?limit=500&resourceVersion=abc'])).toBe(`Error from server (BadRequest): invalid resource version: ${invalid}\n`);
  });

  it('moves an object from client-side to server-side apply without a conflict, as kube-apiserver hands kubectl the fields of its last-applied configuration', () => {
    const config = (value: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: upgraded}\ndata: {k: ${value}, other: x}\n`;
    expect(ok(['apply', '-f', '-'], config('v'))).toBe('configmap/upgraded created\n');
    expect(ok(['apply', '--server-side', '-f', '-'], config('w'))).toBe('configmap/upgraded serverside-applied\n');
    expect(ok(['get', 'configmap', 'upgraded', '-o', 'jsonpath={.data.k}'])).toBe('w');
    // The client-side apply annotation follows what kubectl applied server-side (lastAppliedUpdater).
    expect(ok(['apply', 'view-last-applied', 'configmap/upgraded', '-o', 'json'])).toBe(
      JSON.stringify({ apiVersion: 'v1', data: { k: 'w', other: 'x' }, kind: 'ConfigMap', metadata: { name: 'upgraded', namespace: 'default' } }, null, 2) + '\n',
    );
    // A field someone else changed since is not the last-applied configuration's: that conflict stands.
    ok(['patch', 'configmap', 'upgraded', '--field-manager', 'editor', '-p', '{"data":{"other":"y"}}']);
    expect(fails(['apply', '--server-side', '-f', '-'], config('w').replace('other: x', 'other: z'))).toContain('conflict with "editor"');
  });

  it('answers in YAML when asked for it (Accept: application/yaml), errors too, and refuses a YAML watch as kube-apiserver does', () => {
    const curl = (path: string): { type: string; code: string; body: string } => {
      const r = spawnSync('curl', ['-s', '-H', 'Accept: application/yaml', '-w', '\n%{content_type} %{http_code}', `${bosun.url}${path}`], { encoding: 'utf8' });
      const lines = r.stdout.split('\n');
      const [type, code] = lines.pop()!.split(' ');
      return { type, code, body: lines.join('\n') };
    };
    const service = curl('/api/v1/namespaces/default/services/kubernetes');
    expect({ type: service.type, code: service.code }).toEqual({ type: 'application/yaml', code: '200' });
    expect(parseYaml(service.body)).toEqual(JSON.parse(ok(['get', 'service', 'kubernetes', '-o', 'json'])));
    expect(service.body).toMatch(/^ {2}creationTimestamp: "\d{4}-/m); // a string, as go-yaml quotes what YAML 1.1 reads as a time
    expect(parseYaml(curl('/api/v1/namespaces/default/services').body)).toMatchObject({ kind: 'ServiceList', items: expect.arrayContaining([expect.objectContaining({ kind: 'Service' })]) });
    const missing = curl('/api/v1/namespaces/default/pods/nothing');
    expect({ type: missing.type, code: missing.code, status: parseYaml(missing.body) }).toMatchObject({ type: 'application/yaml', code: '404', status: { kind: 'Status', reason: 'NotFound', message: 'pods "nothing" not found' } });
    // /version and / are raw JSON there, whatever is asked; discovery is negotiated like the resources.
    expect(curl('/version').type).toBe('application/json');
    expect(parseYaml(curl('/api').body)).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    expect(curl('/api').type).toBe('application/yaml');
    const watch = curl('/api/v1/namespaces/default/pods?watch=true');
    expect({ code: watch.code, message: parseYaml(watch.body).message }).toEqual({
      code: '406',
      message: 'only the following media types are accepted: application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch',
    });
  });

  it('evicts dry when the request or its deleteOptions say so, and refuses an eviction whose two dryRuns differ, as kube-apiserver settles them', () => {
    ok(['run', 'evictee', '--image', 'busybox']);
    const uid = ok(['get', 'pod', 'evictee', '-o', 'jsonpath={.metadata.uid}']);
    const evict = (query: string, deleteOptions?: object): { code: number; stdout: string; stderr: string } =>
      bosun.kubectl(['create', '--raw', `/api/v1/namespaces/default/pods/evictee/eviction${query}`, '-f', '-'], JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'evictee' }, ...(deleteOptions ? { deleteOptions } : {}) }));
    expect(evict('?dryRun=All', { dryRun: ['All', 'All'] }).stderr).toBe('Error from server: DryRun in DeleteOptions ([All All]) does not match CreateOptions ([All])\n');
    expect(evict('?dryRun=All').code).toBe(0);
    expect(evict('', { dryRun: ['All'] }).code).toBe(0);
    // Still there, untouched: neither dry run deleted it or marked it a disruption target.
    expect(ok(['get', 'pod', 'evictee', '-o', 'jsonpath={.metadata.uid} {.metadata.deletionTimestamp}{.status.conditions[?(@.type=="DisruptionTarget")].status}'])).toBe(`${uid} `);
    expect(evict('').code).toBe(0);
    expect(ok(['get', 'pod', 'evictee', '-o', 'jsonpath={.status.conditions[?(@.type=="DisruptionTarget")].reason}', '--ignore-not-found'])).toMatch(/^(EvictionByEvictionAPI)?$/);
  });

  it('records the manager of a status write in managedFields with subresource status, and keeps it through later writes of the spec', () => {
    ok(['create', 'service', 'clusterip', 'balanced', '--tcp', '80:80']);
    ok(['patch', 'service', 'balanced', '--subresource', 'status', '--type', 'merge', '--field-manager', 'lb-controller', '-p', '{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}}']);
    ok(['label', 'service', 'balanced', 'tier=edge']);
    const { managedFields } = JSON.parse(ok(['get', 'service', 'balanced', '-o', 'json', '--show-managed-fields'])).metadata as { managedFields: { manager: string }[] };
    expect(managedFields.find((e) => e.manager === 'lb-controller')).toEqual({
      manager: 'lb-controller',
      operation: 'Update',
      apiVersion: 'v1',
      time: expect.any(String),
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { 'f:loadBalancer': { 'f:ingress': {} } } },
      subresource: 'status',
    });
    expect(managedFields.map((e) => e.manager)).toEqual(['kubectl-create', 'lb-controller', 'kubectl-label']);
  });

  it('serves the Events in events.k8s.io/v1 too, as kube-apiserver serves its one Event storage in both versions', async () => {
    ok(['run', 'reported', '--image', 'busybox']);
    await waitFor('the pod’s Scheduled Event', () => ok(['get', 'events', '--field-selector', 'involvedObject.name=reported,reason=Scheduled', '-o', 'name']).trim() !== '');
    const rows = ok(['get', 'events.events.k8s.io', '--field-selector', 'involvedObject.name=reported', '--no-headers']);
    expect(rows).toMatch(/Normal\s+Scheduled\s+pod\/reported/);
    const [event] = JSON.parse(ok(['get', 'events.events.k8s.io', '--field-selector', 'involvedObject.name=reported,reason=Scheduled', '-o', 'json'])).items;
    expect(event).toMatchObject({ apiVersion: 'events.k8s.io/v1', kind: 'Event', regarding: { kind: 'Pod', name: 'reported' }, note: expect.stringContaining('Successfully assigned default/reported') });
    expect(fails(['get', 'events.events.k8s.io', 'nothing'])).toBe('Error from server (NotFound): events.events.k8s.io "nothing" not found\n');
    // Watched as a Table (--watch-only: the watch's rows alone), its rows are the stored Events', as kube-apiserver prints either version.
    const watching = spawnLines('kubectl', ['--kubeconfig', bosun.kubeconfig, 'get', 'events.events.k8s.io', '--watch-only', '--field-selector', 'involvedObject.name=watched']);
    const probe = JSON.stringify({ apiVersion: 'v1', kind: 'Event', metadata: { generateName: 'probe-' }, involvedObject: { kind: 'Pod', name: 'watched', namespace: 'default' }, reason: 'Probe', message: 'through the watch', type: 'Normal' });
    try {
      // Written until the watch, once it has started, sends one.
      await waitFor(`a row of the watch (${watching.lines.join(' | ')})`, () => {
        ok(['create', '-f', '-'], probe);
        return watching.lines.some((l) => /Normal\s+Probe\s+pod\/watched\s+through the watch/.test(l));
      }, 20_000, 300);
    } finally {
      await killHard(watching);
    }
  });

  it('settles a patched object’s namespace as kube-apiserver does: another namespace is refused in the patch handler’s words, a cluster-scoped object’s is dropped', () => {
    ok(['create', 'configmap', 'stays']);
    expect(fails(['patch', 'configmap', 'stays', '--type', 'merge', '-p', '{"metadata":{"namespace":"kube-system"}}'])).toBe(
      'Error from server (BadRequest): the namespace of the object (kube-system) does not match the namespace on the URL (default)\n',
    );
    ok(['create', 'namespace', 'scoped-patch']);
    ok(['patch', 'namespace', 'scoped-patch', '--type', 'merge', '-p', '{"metadata":{"namespace":"default"}}']);
    ok(['patch', 'node', 'sim-node-1', '--type', 'json', '-p', '[{"op":"add","path":"/metadata/namespace","value":"default"}]']);
    expect(ok(['get', 'namespace/scoped-patch', 'node/sim-node-1', '-o', 'jsonpath={range .items[*]}[{.metadata.namespace}]{end}'])).toBe('[][]');
  });

  it('answers a method no route takes with kube-apiserver’s generic 405, and deletes no collection of namespaces', () => {
    const generic = 'Error from server (MethodNotAllowed): the server does not allow this method on the requested resource\n';
    expect(fails(['delete', '--raw', '/api/v1/namespaces/default/pods/nothing/status'])).toBe(generic);
    expect(fails(['delete', '--raw', '/api/v1/namespaces?labelSelector=matches-nothing%3D1'])).toBe(generic);
  });

  it('lists its root paths at /, as kube-apiserver’s index does', () => {
    const { paths } = JSON.parse(ok(['get', '--raw', '/']));
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual(expect.arrayContaining(['/api', '/api/v1', '/apis', '/apis/discovery.k8s.io/v1', '/healthz', '/openapi/v3', '/readyz/event-log', '/version']));
  });

  it('explains a Lease from the coordination.k8s.io OpenAPI document', () => {
    const explained = ok(['explain', 'lease.spec']);
    expect(explained).toMatch(/^GROUP:\s+coordination\.k8s\.io\nKIND:\s+Lease\nVERSION:\s+v1\n/);
    for (const field of ['holderIdentity', 'leaseDurationSeconds', 'renewTime']) expect(explained).toMatch(new RegExp(`^  ${field}\\t<`, 'm'));
  });

  it('shows a node’s Lease, renewed at its heartbeats, and its conditions, as kubectl describe node and get leases show a kubelet’s', async () => {
    const heartbeat = ok(['get', 'node', 'sim-node-1', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].lastHeartbeatTime}']);
    const lease = JSON.parse(ok(['get', 'lease', '-n', 'kube-node-lease', 'sim-node-1', '-o', 'json']));
    expect(lease).toMatchObject({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { ownerReferences: [{ kind: 'Node', name: 'sim-node-1' }] }, spec: { holderIdentity: 'sim-node-1', leaseDurationSeconds: 40 } });
    expect(Date.parse(lease.spec.renewTime)).toBeGreaterThanOrEqual(Date.parse(heartbeat));
    const described = ok(['describe', 'node', 'sim-node-1']);
    expect(described).toMatch(/^Lease:\n\s+HolderIdentity:\s+sim-node-1\n\s+AcquireTime:\s+<unset>\n\s+RenewTime:\s+\w{3}, /m);
    // The conditions a kubelet posts, in its order and words: the three pressures (none), then Ready.
    expect(described).toMatch(
      /^Conditions:\n.*\n.*\n\s+MemoryPressure\s+False\s.*\sKubeletHasSufficientMemory\s+kubelet has sufficient memory available\n\s+DiskPressure\s+False\s.*\sKubeletHasNoDiskPressure\s+kubelet has no disk pressure\n\s+PIDPressure\s+False\s.*\sKubeletHasSufficientPID\s+kubelet has sufficient PID available\n\s+Ready\s+True\s.*\sKubeletReady\s+simulated node is ready\n/m,
    );
    // Beside the stored ones: all of them in one list, and in one watch.
    const watcher = spawnLines('kubectl', ['--kubeconfig', bosun.kubeconfig, 'get', 'leases', '-A', '-w', '--output-watch-events', '--request-timeout=0']);
    try {
      await waitFor(`the node's Lease ADDED (${watcher.stderr()})`, () => watcher.lines.some((l) => /^ADDED\s+kube-node-lease\s+sim-node-1\s+sim-node-1\s/.test(l)), 20_000);
      ok(['create', '-f', manifest('leader-lease.yaml')]);
      const all = ok(['get', 'leases', '-A']);
      expect(all).toMatch(/^kube-node-lease\s+sim-node-1\s+sim-node-1\s+\d+s$/m);
      expect(all).toMatch(/^default\s+operator-lock\s+operator-7d9f-abcde\s+\d+s$/m);
      ok(['patch', 'lease', 'operator-lock', '--type=merge', '-p', '{"spec":{"holderIdentity":"operator-7d9f-next"}}']);
      ok(['delete', 'lease', 'operator-lock']);
      await waitFor('the stored Lease ADDED, MODIFIED and DELETED', () => ['ADDED', 'MODIFIED', 'DELETED'].every((type) => watcher.lines.some((l) => new RegExp(`^${type}\\s+default\\s+operator-lock\\s`).test(l))), 20_000);
      expect(watcher.lines.some((l) => /^MODIFIED\s+default\s+operator-lock\s+operator-7d9f-next\s/.test(l))).toBe(true);
    } finally {
      await killHard(watcher);
    }
    // Answered from the Nodes: read-only, and the refusal says so.
    expect(fails(['delete', 'lease', '-n', 'kube-node-lease', 'sim-node-1'])).toContain(
      "Error from server (MethodNotAllowed): delete is not supported on leases.coordination.k8s.io in namespace kube-node-lease: Bosun derives those Leases from the Nodes' heartbeats (read-only)",
    );
    expect(fails(['label', 'lease', '-n', 'kube-node-lease', 'sim-node-1', 'a=b'])).toContain('patch is not supported on leases.coordination.k8s.io in namespace kube-node-lease');
    expect(ok(['get', 'lease', '-n', 'kube-node-lease', 'sim-node-1', '-o', 'jsonpath={.spec.holderIdentity}'])).toBe('sim-node-1');
  });

  it('resumes a watch of all Leases from a resourceVersion with the stored and the nodes’ changes in log order', async () => {
    const rv = (JSON.parse(ok(['get', '--raw', '/apis/coordination.k8s.io/v1/leases'])) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    ok(['create', '-f', manifest('leader-lease.yaml')]);
    ok(['label', 'node', 'sim-node-1', 'lease-step=1']); // a change of the node: one of its Lease
    ok(['patch', 'lease', 'operator-lock', '--type=merge', '-p', '{"spec":{"holderIdentity":"operator-7d9f-next"}}']);
    const abort = new AbortController();
    const res = await fetch(`${bosun.url}/apis/coordination.k8s.io/v1/leases?watch=true&resourceVersion=${rv}`, { signal: abort.signal });
    const reader = res.body!.getReader();
    let text = '';
    const events = (): { type: string; name: string; rv: number }[] =>
      text.split('\n').filter(Boolean).map((l) => {
        const e = JSON.parse(l) as { type: string; object: { metadata: { name: string; resourceVersion: string } } };
        return { type: e.type, name: e.object.metadata.name, rv: Number(e.object.metadata.resourceVersion) };
      });
    try {
      await waitFor('the stored Lease MODIFIED', async () => {
        const { value } = await reader.read();
        text += Buffer.from(value ?? new Uint8Array()).toString();
        return text.endsWith('\n') && events().some((e) => e.type === 'MODIFIED' && e.name === 'operator-lock');
      }, 10_000);
    } finally {
      abort.abort();
      ok(['label', 'node', 'sim-node-1', 'lease-step-']);
      ok(['delete', 'lease', 'operator-lock']);
    }
    const seen = events();
    // Resuming from the last one must miss nothing: the resourceVersions only grow.
    expect(seen.map((e) => e.rv)).toEqual([...seen.map((e) => e.rv)].sort((a, b) => a - b));
    const mine = seen.filter((e) => e.name === 'operator-lock' || e.type === 'MODIFIED').map((e) => `${e.type} ${e.name}`);
    expect(mine.slice(0, 1)).toEqual(['ADDED operator-lock']);
    expect(mine).toContain('MODIFIED sim-node-1');
    expect(mine.at(-1)).toBe('MODIFIED operator-lock');
  });

  it('taints a cordoned node as the node lifecycle controller does, and gives pods the default not-ready and unreachable tolerations', async () => {
    const taints = (): string => ok(['get', 'node', 'sim-node-1', '-o', 'jsonpath={.spec.taints[*].key}']);
    expect(ok(['cordon', 'sim-node-1'])).toBe('node/sim-node-1 cordoned\n');
    try {
      await waitFor('the unschedulable taint', () => taints() === 'node.kubernetes.io/unschedulable', 20_000);
      expect(ok(['describe', 'node', 'sim-node-1'])).toMatch(/^Taints:\s+node\.kubernetes\.io\/unschedulable:NoSchedule\nUnschedulable:\s+true$/m);
    } finally {
      ok(['uncordon', 'sim-node-1']);
    }
    await waitFor('the taint gone', () => taints() === '', 20_000);
    ok(['run', 'tolerating', '--image=busybox']);
    expect(ok(['describe', 'pod', 'tolerating'])).toMatch(
      /^Tolerations:\s+node\.kubernetes\.io\/not-ready:NoExecute op=Exists for 300s\n\s+node\.kubernetes\.io\/unreachable:NoExecute op=Exists for 300s$/m,
    );
  });

  it('refuses the write options kube-apiserver refuses, before writing anything: a dry run other than All, an apply patch without a field manager', async () => {
    const configMaps = `${bosun.url}/api/v1/namespaces/default/configmaps`;
    const dry = await fetch(`${configMaps}?dryRun=true`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"metadata":{"name":"not-dry"}}' });
    expect([dry.status, ((await dry.json()) as { message: string }).message]).toEqual([422, 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"true"}: supported values: "All"']);
    expect(bosun.kubectl(['get', 'configmap', 'not-dry']).stderr).toContain('configmaps "not-dry" not found');
    const apply = await fetch(`${configMaps}/not-dry`, { method: 'PATCH', headers: { 'Content-Type': 'application/apply-patch+yaml' }, body: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: not-dry}\n' });
    expect([apply.status, ((await apply.json()) as { message: string }).message]).toEqual([422, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch']);
    // An object whose fields nobody manages (only a name) has no managedFields, not an empty list.
    ok(['create', 'configmap', 'bare']);
    expect(Object.keys(((await (await fetch(`${configMaps}/bare`)).json()) as { metadata: object }).metadata)).not.toContain('managedFields');
  });

  it('deletes an owner of any kind with --cascade=orphan, releasing what it owned, or with --cascade=foreground, deleting that first', () => {
    const ownedBy = (name: string, owner: string): string => {
      const uid = ok(['get', 'configmap', owner, '-o', 'jsonpath={.metadata.uid}']);
      return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: ${owner}, uid: ${uid}}]\n`;
    };
    ok(['create', 'configmap', 'keeper']);
    ok(['create', '-f', '-'], ownedBy('kept', 'keeper'));
    // kubectl waits for the owner to go: it went on waiting, the orphan finalizer never removed.
    expect(ok(['delete', 'configmap', 'keeper', '--cascade=orphan', '--timeout=20s'])).toBe('configmap "keeper" deleted\n');
    expect(ok(['get', 'configmap', 'kept', '-o', 'jsonpath={.metadata.ownerReferences}'])).toBe('');
    ok(['create', 'configmap', 'boss']);
    ok(['create', '-f', '-'], ownedBy('minion', 'boss'));
    expect(ok(['delete', 'configmap', 'boss', '--cascade=foreground', '--timeout=20s'])).toBe('configmap "boss" deleted\n');
    expect(bosun.kubectl(['get', 'configmap', 'minion']).stderr).toContain('configmaps "minion" not found');
  });

  it('refuses Endpoints kube-apiserver refuses: a loopback or link-local address, a subset without addresses', () => {
    const endpoints = (subset: string): string => `apiVersion: v1\nkind: Endpoints\nmetadata: {name: outside}\nsubsets:\n- ${subset}\n`;
    expect(fails(['create', '-f', '-'], endpoints('{addresses: [{ip: 127.0.0.1}, {ip: 169.254.169.254}], ports: [{port: 80}]}'))).toBe(
      'The Endpoints "outside" is invalid: \n' +
        '* subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)\n' +
        '* subsets[0].addresses[1].ip: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)\n',
    );
    expect(fails(['create', '-f', '-'], endpoints('{ports: [{port: 80}]}'))).toBe('The Endpoints "outside" is invalid: subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`\n');
    expect(ok(['create', '-f', '-'], endpoints('{addresses: [{ip: 192.0.2.10}], ports: [{port: 80}]}'))).toBe('endpoints/outside created\n');
  });

  it('reports an update’s own errors and the object’s together, as ValidateSecretUpdate does', () => {
    ok(['create', 'secret', 'generic', 'typed', '--from-literal=a=b']);
    expect(fails(['patch', 'secret', 'typed', '-p', '{"type":"kubernetes.io/tls"}'])).toBe(
      'The Secret "typed" is invalid: \n* type: Invalid value: "kubernetes.io/tls": field is immutable\n* data[tls.crt]: Required value\n* data[tls.key]: Required value\n',
    );
  });

  it('refuses a manifest with unknown fields or values it cannot decode as kube-apiserver’s decoder does, and warns of unknown fields with --validate=warn', () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo}\ndata: {a: b}\nfoo: 1\nbar: 2\n';
    expect(fails(['create', '-f', '-'], manifest)).toBe(
      'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bar", unknown field "foo"\n',
    );
    const warned = bosun.kubectl(['create', '--validate=warn', '-f', '-'], manifest);
    expect({ code: warned.code, stdout: warned.stdout }).toEqual({ code: 0, stdout: 'configmap/typo created\n' });
    expect(warned.stderr).toContain('Warning: unknown field "foo"');
    // What the decoder cannot read at all is refused first, as Helm users know the messages.
    expect(fails(['create', '-f', '-'], 'apiVersion: v1\nkind: Secret\nmetadata: {name: raw}\ndata: {a: "not base64!"}\n')).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3\n',
    );
    expect(fails(['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: numbers}\ndata: {replicas: 3}\n')).toBe(
      'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string\n',
    );
    // YAML reads n as a boolean: a label value the decoder cannot read into a string (kubectl apply sends it as it read it).
    const rc = 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: yaml-bool}\nspec:\n  template:\n    metadata: {labels: {app: n}}\n    spec: {containers: [{name: c, image: busybox}]}\n';
    expect(fails(['apply', '-f', '-'], rc)).toBe(
      'Error from server (BadRequest): error when creating "STDIN": ReplicationController in version "v1" cannot be handled as a ReplicationController: json: cannot unmarshal bool into Go struct field ObjectMeta.spec.template.metadata.labels of type string\n',
    );
    expect(fails(['create', 'secret', 'generic', 'registry', '--type=kubernetes.io/dockerconfigjson', '--from-literal=.dockerconfigjson={bad'])).toBe(
      'error: failed to create secret Secret "registry" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'b\' looking for beginning of object key string\n',
    );
    expect(fails(['replace', '-f', '-'], manifest)).toBe(
      'Error from server (BadRequest): error when replacing "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bar", unknown field "foo"\n',
    );
  });
});
