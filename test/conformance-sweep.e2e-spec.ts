/**
 * A conformance sweep with the real kubectl against `bosun up` with simulated nodes: everyday
 * workflows a platform engineer tries, each checked against what kube 1.31 prints and returns.
 */
import { bosunForSuite } from './support/bosun-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

describe('conformance sweep: kubectl against bosun up with simulated nodes', () => {
  const bosun = bosunForSuite(['--simulated-nodes', '1']);
  const { ok, fails } = bosun;
  const jsonpath = (args: string[], path: string): string => bosun.kubectl([...args, '-o', `jsonpath=${path}`]).stdout;

  it('ResourceQuota: kubectl create quota, get/describe with used, refusals in kube-apiserver\'s words, a Deployment held at the quota until it is raised', async () => {
    expect(ok(['api-resources', '--api-group='])).toMatch(/^resourcequotas\s+quota\s+v1\s+true\s+ResourceQuota$/m);
    ok(['create', 'namespace', 'quota']);
    const n = ['-n', 'quota'];
    // As on kube, the namespace's kube-root-ca.crt counts against a quota of configmaps.
    await waitFor('kube-root-ca.crt in the namespace', () => bosun.kubectl([...n, 'get', 'configmap', 'kube-root-ca.crt']).code === 0);
    expect(ok([...n, 'create', 'quota', 'q', '--hard=pods=2,requests.cpu=1,limits.memory=1Gi,count/configmaps=2'])).toBe('resourcequota/q created\n');
    await waitFor('status.used', () => jsonpath([...n, 'get', 'quota', 'q'], '{.status.used.pods}') === '0');
    // A pod that names no request or limit of a capped resource.
    expect(fails([...n, 'run', 'bare', '--image=nginx'])).toContain('pods "bare" is forbidden: failed quota: q: must specify limits.memory for: bare; requests.cpu for: bare');
    const sized = (name: string, cpu: string): string[] => [...n, 'run', name, '--image=nginx', `--overrides={"spec":{"containers":[{"name":"${name}","image":"nginx","resources":{"requests":{"cpu":"${cpu}"},"limits":{"memory":"256Mi"}}}]}}`];
    expect(ok(sized('a', '600m'))).toBe('pod/a created\n');
    expect(fails(sized('b', '500m'))).toContain('Error from server (Forbidden): pods "b" is forbidden: exceeded quota: q, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1');
    ok([...n, 'create', 'configmap', 'one']);
    expect(fails([...n, 'create', 'configmap', 'two'])).toContain('configmaps "two" is forbidden: exceeded quota: q, requested: count/configmaps=1, used: count/configmaps=2, limited: count/configmaps=2');
    await waitFor('used counted', () => jsonpath([...n, 'get', 'quota', 'q'], '{.status.used.requests\\.cpu}') === '600m');
    expect(ok([...n, 'get', 'quota'])).toMatch(/^q\s+\d+s\s+count\/configmaps: 2\/2, pods: 1\/2, requests\.cpu: 600m\/1\s+limits\.memory: 256Mi\/1Gi$/m);
    expect(ok([...n, 'describe', 'quota', 'q'])).toMatch(/pods\s+1\s+2\n\s*requests\.cpu\s+600m\s+1/);
    ok([...n, 'delete', 'pod', 'a', '--grace-period=0', '--force']);

    // A Deployment's pods meet the quota too: its ReplicaSet stops at the cap, FailedCreate, until the quota is raised.
    ok([...n, 'patch', 'quota', 'q', '--type=json', '-p', '[{"op":"remove","path":"/spec/hard/requests.cpu"},{"op":"remove","path":"/spec/hard/limits.memory"}]']);
    ok([...n, 'create', 'deployment', 'web', '--image=nginx', '--replicas=3']);
    await waitFor('two pods', () => jsonpath([...n, 'get', 'rs'], '{.items[0].status.replicas}') === '2', 20_000);
    await waitFor('FailedCreate', () => /Warning\s+FailedCreate\s+ReplicaSet\/web-\w+\s+Error creating: pods "web-\w+-\w+" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2/.test(ok([...n, 'events'])), 10_000);
    expect(jsonpath([...n, 'get', 'rs'], '{.items[0].status.conditions[0].reason}')).toBe('FailedCreate');
    // The Deployment carries it too, as kube's deployment controller moves it (kubectl describe deploy: ReplicaFailure True FailedCreate).
    await waitFor('the Deployment\'s ReplicaFailure', () => /ReplicaFailure\s+True\s+FailedCreate/.test(ok([...n, 'describe', 'deployment', 'web'])), 10_000);
    ok([...n, 'patch', 'quota', 'q', '-p', '{"spec":{"hard":{"pods":"3"}}}']);
    await waitFor('three pods', () => jsonpath([...n, 'get', 'rs'], '{.items[0].status.replicas}') === '3', 20_000);
    expect(jsonpath([...n, 'get', 'rs'], '{.items[0].status.conditions}')).toBe('');
    await waitFor('no ReplicaFailure on the Deployment', () => !ok([...n, 'describe', 'deployment', 'web']).includes('ReplicaFailure'), 10_000);
    ok(['delete', 'namespace', 'quota', '--wait=false']);
  });

  it('ResourceQuota holds a Job\'s pods too, until it is raised', async () => {
    ok(['create', 'namespace', 'jobquota']);
    const n = ['-n', 'jobquota'];
    ok([...n, 'create', 'quota', 'q', '--hard=pods=1']);
    ok([...n, 'apply', '-f', '-'], 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: work}\nspec:\n  parallelism: 3\n  completions: 3\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox, command: [sleep, "3600"]}]\n');
    await waitFor('one pod', () => jsonpath([...n, 'get', 'job', 'work'], '{.status.active}') === '1', 20_000);
    expect(ok([...n, 'get', 'pods', '-o', 'name']).trim().split('\n')).toHaveLength(1);
    ok([...n, 'patch', 'quota', 'q', '-p', '{"spec":{"hard":{"pods":"3"}}}']);
    await waitFor('three pods', () => jsonpath([...n, 'get', 'job', 'work'], '{.status.active}') === '3', 20_000);
    ok(['delete', 'namespace', 'jobquota', '--wait=false']);
  });

  it('kubectl delete (waiting, as by default) of objects a controller makes again under their name returns: ServiceAccount default, the kubernetes Service and its Endpoints', async () => {
    // Each is deleted at once (no grace, no finalizer): kubectl's GET after the DELETE finds it gone or
    // made again with another uid, which it counts as deleted. A timeout here means the wait hung.
    for (let i = 0; i < 5; i++) {
      for (const [kind, name] of [['serviceaccount', 'default'], ['service', 'kubernetes'], ['endpoints', 'kubernetes']] as const) {
        const uid = jsonpath(['get', kind, name], '{.metadata.uid}');
        expect(ok(['delete', kind, name, '--timeout=20s'])).toMatch(/deleted/);
        await waitFor(`${kind}/${name} made again`, () => { const now = jsonpath(['get', kind, name], '{.metadata.uid}'); return now !== '' && now !== uid; }, 20_000, 100);
      }
    }
  });

  it('unknown fields are dropped, not stored, under --validate=warn and --validate=false (kube-apiserver decodes into its types)', () => {
    const manifest = (name: string): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {a: "1"}\ndatta: {b: "2"}\n`;
    expect(fails(['create', '-f', '-'], manifest('strict'))).toContain('strict decoding error: unknown field "datta"');
    const warned = bosun.kubectl(['create', '--validate=warn', '-f', '-'], manifest('warned'));
    expect(warned.stderr).toContain('Warning: unknown field "datta"');
    ok(['create', '--validate=false', '-f', '-'], manifest('ignored'));
    for (const name of ['warned', 'ignored']) {
      const stored = JSON.parse(ok(['get', 'configmap', name, '-o', 'json']));
      expect(stored.data).toEqual({ a: '1' });
      expect(stored).not.toHaveProperty('datta');
    }
  });

  it('LimitRange: defaults and bounds for new pods (kubernetes.io/limit-ranger), describe limits, refusals', () => {
    expect(ok(['api-resources', '--api-group='])).toMatch(/^limitranges\s+limits\s+v1\s+true\s+LimitRange$/m);
    ok(['create', 'namespace', 'limits']);
    const n = ['-n', 'limits'];
    const range = 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: lr}\nspec:\n  limits:\n  - type: Container\n    default: {cpu: 500m, memory: 256Mi}\n    defaultRequest: {cpu: 100m}\n    max: {cpu: "1"}\n';
    expect(ok([...n, 'apply', '-f', '-'], range)).toBe('limitrange/lr created\n');
    expect(ok([...n, 'get', 'limits'])).toMatch(/^NAME\s+CREATED AT\nlr\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    expect(ok([...n, 'describe', 'limits', 'lr'])).toMatch(/Container\s+memory\s+-\s+-\s+256Mi\s+256Mi\s+-/);
    ok([...n, 'run', 'x', '--image=nginx']);
    expect(JSON.parse(jsonpath([...n, 'get', 'pod', 'x'], '{.spec.containers[0].resources}'))).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } });
    expect(jsonpath([...n, 'get', 'pod', 'x'], '{.metadata.annotations.kubernetes\\.io/limit-ranger}')).toBe('LimitRanger plugin set: cpu, memory request for container x; cpu, memory limit for container x');
    expect(fails([...n, 'run', 'y', '--image=nginx', '--overrides={"spec":{"containers":[{"name":"y","image":"nginx","resources":{"limits":{"cpu":"2"}}}]}}'])).toContain(
      'Error from server (Forbidden): pods "y" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );
    expect(fails([...n, 'apply', '-f', '-'], range.replace('max: {cpu: "1"}', 'max: {cpu: "1"}\n    min: {cpu: "2"}'))).toContain('spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1');
    ok(['delete', 'namespace', 'limits', '--wait=false']);
  });
});
