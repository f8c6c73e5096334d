/**
 * apps/v1 DaemonSets with the real kubectl against `bosun up` with the local node agent (its pods are
 * processes) and two simulated nodes: three nodes, one daemon pod on each that is eligible. Run it under
 * `flock /tmp/bosun-net.lock` as every suite that starts a node agent.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(180_000);
const manifest = (name: string): string => join(__dirname, 'manifests', name);

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
  const get = (args: string[]): string => bosun.kubectl(args).stdout;
  /** The nodes the DaemonSet's pods are for, sorted, from their required node affinity (before binding) or nodeName. */
  const podNodes = (selector: string): string[] =>
    get(['get', 'pods', '-l', selector, '-o', 'jsonpath={range .items[*]}{.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]}{"\\n"}{end}'])
      .split('\n')
      .filter((l) => l !== '')
      .sort();

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

  it('runs one pod on each node: bound by the scheduler, a real process on the local node, status and Events, a cordoned node, a nodeSelector that follows node labels, delete with its pods', async () => {
    const simulated = ok(['get', 'nodes', '-l', 'type=simulated', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').sort();
    expect(simulated).toHaveLength(2);
    const all = [local, ...simulated].sort();
    expect(ok(['apply', '-f', manifest('agent-ds.yaml')])).toBe('daemonset.apps/agent created\n');
    await waitFor('a ready pod on each of the three nodes', () => /^agent\s+3\s+3\s+3\s+3\s+3\s+<none>\s+\d+s$/m.test(get(['get', 'ds'])), 60_000);
    expect(ok(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.nodeName}']).split(' ').sort()).toEqual(all);
    const ds = JSON.parse(ok(['get', 'ds', 'agent', '-o', 'json']));
    expect(ds.status).toEqual({ currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 3, observedGeneration: 1, updatedNumberScheduled: 3, numberAvailable: 3 });
    const pod = JSON.parse(ok(['get', 'pods', '-l', 'app=agent', '--field-selector', `spec.nodeName=${local}`, '-o', 'jsonpath={.items[0]}']));
    expect(pod.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': expect.stringMatching(/^[bcdfghjklmnpqrstvwxz2456789]+$/), 'pod-template-generation': '1' });
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [local] }] }]);
    expect(pod.spec.tolerations.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`)).toContain('node.kubernetes.io/unschedulable:NoSchedule');
    await waitFor('the local pod to log', () => get(['logs', pod.metadata.name]) === `agent on ${local}\n`, 20_000);
    expect(ok(['describe', 'ds', 'agent'])).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+daemonset-controller\s+Created pod: agent-/);

    // A node that joins gets its pod (for it by node affinity, whether or not anything runs it); a node removed loses it.
    const extra = `extra-${randomUUID().slice(0, 6)}`;
    ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: extra, labels: { 'kubernetes.io/hostname': extra } } }));
    await waitFor('a pod for the new node', () => podNodes('app=agent').includes(extra), 30_000);
    await waitFor('four desired', () => /^agent\s+4\s+4\s/m.test(get(['get', 'ds'])), 30_000);
    ok(['delete', 'node', extra]);
    await waitFor('its pod gone with it', () => !podNodes('app=agent').includes(extra), 30_000);
    await waitFor('three desired again', () => /^agent\s+3\s+3\s+3\s+3\s+3\s/m.test(get(['get', 'ds'])), 30_000);

    // A cordoned node still runs its daemon pod: a deleted one is created again there, and the scheduler binds it.
    const [cordoned, labelled] = simulated as [string, string];
    expect(ok(['cordon', cordoned])).toBe(`node/${cordoned} cordoned\n`);
    const onCordoned = ok(['get', 'pods', '-l', 'app=agent', '--field-selector', `spec.nodeName=${cordoned}`, '-o', 'name']).trim();
    ok(['delete', onCordoned]);
    await waitFor('a new pod bound to the cordoned node', () => {
      const names = get(['get', 'pods', '-l', 'app=agent', '--field-selector', `spec.nodeName=${cordoned},status.phase=Running`, '-o', 'name']).trim();
      return names !== '' && names !== onCordoned;
    }, 30_000);
    ok(['uncordon', cordoned]);

    // A nodeSelector: only the labelled nodes, following the labels as they change; the pod of an unlabelled node goes.
    const ssd = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ssd' }, spec: { selector: { matchLabels: { app: 'ssd' } }, template: { metadata: { labels: { app: 'ssd' } }, spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'c', image: 'busybox' }] } } } };
    ok(['label', 'node', labelled, 'disk=ssd']);
    ok(['apply', '-f', '-'], JSON.stringify(ssd));
    await waitFor('one ssd pod', () => podNodes('app=ssd').join() === labelled, 30_000);
    expect(ok(['get', 'ds', 'ssd'])).toMatch(/^ssd\s+1\s+1\s+\d\s+\d\s+\d\s+disk=ssd\s/m);
    ok(['label', 'node', cordoned, 'disk=ssd']);
    await waitFor('two ssd pods', () => podNodes('app=ssd').join() === [cordoned, labelled].sort().join(), 30_000);
    ok(['label', 'node', labelled, 'disk-']);
    await waitFor('the unlabelled node’s pod gone', () => podNodes('app=ssd').join() === cordoned, 30_000);
    await waitFor('one desired', () => /^ssd\s+1\s+1\s+1\s+1\s+1\s+disk=ssd\s/m.test(get(['get', 'ds', 'ssd'])), 30_000);

    // Deleted with --cascade=orphan, its pods stay; the same DaemonSet created again adopts them rather than make new ones.
    const pods = (): string => get(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].metadata.name}']);
    const before = pods();
    ok(['delete', 'ds', 'agent', '--cascade=orphan']);
    await waitFor('the pods orphaned', () => get(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].metadata.ownerReferences}']) === '', 30_000);
    ok(['apply', '-f', manifest('agent-ds.yaml')]);
    const uid = ok(['get', 'ds', 'agent', '-o', 'jsonpath={.metadata.uid}']);
    await waitFor('the pods adopted', () => get(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].metadata.ownerReferences[0].uid}']) === [uid, uid, uid].join(' '), 30_000);
    await waitFor('all three available', () => /^agent\s+3\s+3\s+3\s+3\s+3\s/m.test(get(['get', 'ds'])), 30_000);
    expect(pods()).toBe(before);

    // Deleting a DaemonSet takes its pods with it.
    expect(ok(['delete', 'ds', 'ssd', 'agent'])).toBe('daemonset.apps "ssd" deleted\ndaemonset.apps "agent" deleted\n');
    await waitFor('no daemon pods left', () => get(['get', 'pods', '-l', 'app in (agent,ssd)', '-o', 'name']) === '', 60_000);
  });

  it('rolls a template change out node by node (kubectl rollout status), with maxSurge beside the old pods, and under OnDelete replaces only the pods deleted', async () => {
    expect(ok(['apply', '-f', manifest('agent-ds.yaml')])).toBe('daemonset.apps/agent created\n');
    // (kubectl may first see the spec not yet observed, and say it is waiting.)
    expect(ok(['rollout', 'status', 'ds/agent', '--timeout=60s'])).toMatch(/daemon set "agent" successfully rolled out\n$/);
    const before = ok(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].metadata.labels.controller-revision-hash}']).split(' ');
    expect(new Set(before).size).toBe(1);
    expect(ok(['set', 'image', 'ds/agent', 'agent=busybox:1.37'])).toBe('daemonset.apps/agent image updated\n');
    expect(ok(['rollout', 'status', 'ds/agent', '--timeout=90s'])).toMatch(/daemon set "agent" successfully rolled out\n$/);
    const images = (): string => ok(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image} {.metadata.labels.pod-template-generation} {.metadata.labels.controller-revision-hash}{"\\n"}{end}']);
    await waitFor('only the new pods left', () => images().trim().split('\n').length === 3, 30_000);
    const rolled = images().trim().split('\n');
    expect(rolled.every((l) => l.startsWith('busybox:1.37 2 ') && !l.endsWith(` ${before[0]}`))).toBe(true);
    expect(JSON.parse(ok(['get', 'ds', 'agent', '-o', 'jsonpath={.status}']))).toMatchObject({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 2 });

    // With maxSurge, a new pod starts beside the old one on a node, which goes once the new one is available.
    ok(['patch', 'ds', 'agent', '--type=merge', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}']);
    ok(['set', 'image', 'ds/agent', 'agent=busybox:1.38']);
    expect(ok(['rollout', 'status', 'ds/agent', '--timeout=90s'])).toMatch(/daemon set "agent" successfully rolled out\n$/);
    await waitFor('only the surged pods left', () => (images().match(/busybox:1\.38 3 /g) ?? []).length === 3 && images().trim().split('\n').length === 3, 30_000);

    // OnDelete: the template changes, the pods do not — until one is deleted, and it comes back new.
    ok(['patch', 'ds', 'agent', '--type=merge', '-p', '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}']);
    ok(['set', 'image', 'ds/agent', 'agent=busybox:1.37']);
    await waitFor('the change observed', () => /"observedGeneration":6/.test(get(['get', 'ds', 'agent', '-o', 'jsonpath={.status}'])), 20_000);
    expect(images().match(/busybox:1\.38/g)).toHaveLength(3);
    const onLocal = ok(['get', 'pods', '-l', 'app=agent', '--field-selector', `spec.nodeName=${local}`, '-o', 'name']).trim();
    ok(['delete', onLocal]);
    await waitFor('the deleted pod replaced from the new template', () => (images().match(/busybox:1\.37 4 /g) ?? []).length === 1 && (images().match(/busybox:1\.38/g) ?? []).length === 2, 60_000);
    expect(fails(['rollout', 'status', 'ds/agent'])).toContain('rollout status is only available for RollingUpdate strategy type');
    ok(['delete', 'ds', 'agent']);
  });

  it('records its templates as ControllerRevisions: kubectl rollout history (and --revision), rollout undo, deleted with the DaemonSet', async () => {
    // On the simulated nodes only, where pods start at once.
    const hist = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'hist' }, spec: { selector: { matchLabels: { app: 'hist' } }, template: { metadata: { labels: { app: 'hist' } }, spec: { nodeSelector: { type: 'simulated' }, containers: [{ name: 'c', image: 'busybox:1.36' }] } } } };
    ok(['apply', '-f', '-'], JSON.stringify(hist));
    expect(ok(['rollout', 'status', 'ds/hist', '--timeout=60s'])).toMatch(/successfully rolled out\n$/);
    const uid = ok(['get', 'ds', 'hist', '-o', 'jsonpath={.metadata.uid}']);
    const revisions = (): { name: string; revision: number; hash: string; owner: string }[] =>
      JSON.parse(ok(['get', 'controllerrevisions', '-l', 'app=hist', '-o', 'json'])).items.map((r: { metadata: { name: string; labels: Record<string, string>; ownerReferences: { uid: string }[] }; revision: number }) => ({ name: r.metadata.name, revision: r.revision, hash: r.metadata.labels['controller-revision-hash'], owner: r.metadata.ownerReferences[0]!.uid }));
    const [first] = revisions();
    // `<ds>-<hash>`, its label the hash its pods carry.
    expect(revisions()).toEqual([{ name: `hist-${first!.hash}`, revision: 1, hash: first!.hash, owner: uid }]);
    const hashes = (): string => ok(['get', 'pods', '-l', 'app=hist', '-o', 'jsonpath={.items[*].metadata.labels.controller-revision-hash}']);
    expect(hashes()).toBe(`${first!.hash} ${first!.hash}`);
    const data = JSON.parse(ok(['get', 'controllerrevision', first!.name, '-o', 'jsonpath={.data}']));
    expect(data.spec.template).toMatchObject({ $patch: 'replace', spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } });

    ok(['set', 'image', 'ds/hist', 'c=busybox:1.37']);
    expect(ok(['rollout', 'status', 'ds/hist', '--timeout=60s'])).toMatch(/successfully rolled out\n$/);
    expect(ok(['rollout', 'history', 'ds/hist'])).toMatch(/^daemonset\.apps\/hist\s*\nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
    expect(ok(['rollout', 'history', 'ds/hist', '--revision=1'])).toMatch(/daemonset\.apps\/hist with revision #1\nPod Template:\n[\s\S]*Image:\s+busybox:1\.36\n/);
    const second = revisions().find((r) => r.revision === 2)!;
    await waitFor('the pods of revision 2', () => hashes() === `${second.hash} ${second.hash}`, 30_000);

    // Undo: the template of revision 1 back, that revision renumbered 3 and its hash on the new pods; no revision recorded anew.
    expect(ok(['rollout', 'undo', 'ds/hist'])).toBe('daemonset.apps/hist rolled back\n');
    expect(ok(['rollout', 'status', 'ds/hist', '--timeout=60s'])).toMatch(/successfully rolled out\n$/);
    await waitFor('the pods of revision 1 again', () => hashes() === `${first!.hash} ${first!.hash}`, 30_000);
    expect(ok(['get', 'pods', '-l', 'app=hist', '-o', 'jsonpath={.items[*].spec.containers[0].image}'])).toBe('busybox:1.36 busybox:1.36');
    expect(revisions().sort((a, b) => a.revision - b.revision).map((r) => `${r.revision} ${r.name}`)).toEqual([`2 ${second.name}`, `3 ${first!.name}`]);
    expect(ok(['rollout', 'history', 'ds/hist'])).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/);
    expect(ok(['rollout', 'undo', 'ds/hist', '--to-revision=3'])).toBe('daemonset.apps/hist skipped rollback (current template already matches revision 3)\n');

    // Owned by the DaemonSet: deleted with it.
    ok(['delete', 'ds', 'hist']);
    await waitFor('its revisions gone with it', () => get(['get', 'controllerrevisions', '-l', 'app=hist', '-o', 'name']) === '', 30_000);
  });
});
