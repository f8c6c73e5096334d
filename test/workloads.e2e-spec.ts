/**
 * apps/v1 workloads with the real kubectl against `bosun up` (simulated nodes, no node agent), on the
 * embedded log and on a real Kafka: what a Kubernetes user types first.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bosunForSuite } from './support/bosun-process';
import { killHard, spawnLines } from './support/child-process';
import { testKafkaBrokers } from './support/test-kafka';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);
const manifest = (name: string): string => join(__dirname, 'manifests', name);

describe.each([
  { log: 'embedded', args: (): string[] => [] },
  { log: 'kafka', args: (): string[] => ['--kafka', testKafkaBrokers().join(','), '--topic-prefix', `workloads${randomUUID().slice(0, 8)}`] },
])('apps/v1 workloads with kubectl against bosun up with simulated nodes ($log)', ({ log, args }) => {
  const bosun = bosunForSuite(() => ['--simulated-nodes', '2', ...args()]);
  const { ok, fails } = bosun;
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
    // Field selectors as kube-apiserver takes them for ReplicaSets (status.replicas), others refused.
    expect(ok(['get', 'rs', '--field-selector=status.replicas=2', '-o', 'name'])).toBe('replicaset.apps/frontend\n');
    expect(ok(['get', 'rs', '--field-selector=status.replicas!=2', '-o', 'name'])).toBe('');
    expect(fails(['get', 'rs', '--field-selector=spec.replicas=2'])).toContain('field label not supported: spec.replicas');
    // kubectl get all: the ReplicaSet's category.
    expect(ok(['get', 'all'])).toMatch(/^replicaset\.apps\/frontend\s+2\s+2\s+2\s/m);

    // Scale through the scale subresource (autoscaling/v1), and read it back; a watch sees the ReplicaSet change.
    const watcher = spawnLines('kubectl', ['--kubeconfig', bosun.kubeconfig, 'get', 'rs', '-w', '--output-watch-events', '--request-timeout=0']);
    try {
      await waitFor(`the watch to list the ReplicaSet (${watcher.stderr()})`, () => watcher.lines.some((l) => /^ADDED\s+frontend\s+2\s+2\s+2\s/.test(l)), 20_000);
      expect(ok(['scale', 'rs', 'frontend', '--replicas=3'])).toBe('replicaset.apps/frontend scaled\n');
      await waitFor('3 ready', () => /^frontend\s+3\s+3\s+3\s/m.test(get(['get', 'rs'])), 20_000);
      await waitFor('the watch to show it', () => watcher.lines.some((l) => /^MODIFIED\s+frontend\s+3\s+3\s+3\s/.test(l)), 20_000);
    } finally {
      await killHard(watcher);
    }
    expect(ok(['get', 'rs', 'frontend', '--subresource=scale'])).toMatch(/^NAME\s+DESIRED\s+AVAILABLE\s+AGE\nfrontend\s+3\s+3\s/);
    expect(JSON.parse(ok(['get', '--raw', '/apis/apps/v1/namespaces/default/replicasets/frontend/scale']))).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 3 }, status: { replicas: 3, selector: 'env notin (prod),tier=frontend' } });
    expect(ok(['describe', 'rs', 'frontend'])).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+replicaset-controller\s+Created pod: frontend-/);

    // apps/v1 rules: the selector is immutable, and must select the template — in kube-apiserver's
    // order and words (the selector printed as Go's %#v of a LabelSelector).
    expect(fails(['patch', 'rs', 'frontend', '--type=merge', '-p', '{"spec":{"selector":{"matchLabels":{"tier":"back"}}}}'])).toBe(
      'The ReplicaSet "frontend" is invalid: \n' +
        '* spec.template.metadata.labels: Invalid value: map[string]string{"tier":"frontend"}: `selector` does not match template `labels`\n' +
        '* spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"tier":"back"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"env", Operator:"NotIn", Values:[]string{"prod"}}}}: field is immutable\n',
    );
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

  it('collects the pod of a deleted node once podgc\'s 40 s quarantine has passed, and the ReplicationController replaces it on another node', async () => {
    // A node nothing runs, the only one of its pool at first.
    const gone = `gone-${randomUUID().slice(0, 6)}`;
    ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: gone, labels: { 'kubernetes.io/hostname': gone, pool: gone } } }));
    // Its status as a kubelet would post it once, so that the scheduler binds to it.
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const status = { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: now, lastTransitionTime: now }] };
    ok(['patch', 'node', gone, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
    const rc = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'pooled' }, spec: { replicas: 1, selector: { app: 'pooled' }, template: { metadata: { labels: { app: 'pooled' } }, spec: { nodeSelector: { pool: gone }, containers: [{ name: 'c', image: 'busybox' }] } } } };
    ok(['apply', '-f', '-'], JSON.stringify(rc));
    const placed = (): string => get(['get', 'pods', '-l', 'app=pooled', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName}{"\\n"}{end}']).trim();
    await waitFor('the pod bound to the node', () => placed().endsWith(` ${gone}`), 30_000);
    const [orphan] = placed().split(' ');
    const other = ok(['get', 'nodes', '-l', 'type=simulated', '-o', 'jsonpath={.items[0].metadata.name}']);
    ok(['label', 'node', other, `pool=${gone}`]);
    expect(ok(['delete', 'node', gone])).toBe(`node "${gone}" deleted\n`);
    const deletedAt = Date.now();
    // Quarantined first: a node deleted and made again keeps its pods.
    expect(placed()).toBe(`${orphan} ${gone}`);
    await waitFor('the orphan deleted and replaced on the other node', () => {
      const now = placed();
      return !now.startsWith(`${orphan} `) && now.endsWith(` ${other}`);
    }, 100_000);
    expect(Date.now() - deletedAt).toBeGreaterThanOrEqual(40_000);
    ok(['delete', 'rc', 'pooled']);
    ok(['label', 'node', other, 'pool-']);
  });

  it('runs a Deployment: create, rollout status, scale, set image → a rolling update, history, undo, delete with its ReplicaSets and pods', async () => {
    expect(ok(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3'])).toBe('deployment.apps/web created\n');
    expect(ok(['rollout', 'status', 'deployment/web', '--timeout=30s'])).toContain('deployment "web" successfully rolled out');
    const first = ok(['get', 'rs', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}']);
    expect(first).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    const hash = first.slice('web-'.length);
    expect(ok(['get', 'deploy'])).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s+\d+s\n$/);
    expect(ok(['get', 'deploy', '-o', 'wide'])).toMatch(/^web\s+3\/3\s+3\s+3\s+\d+s\s+nginx\s+nginx:1\.25\s+app=web$/m);
    expect(ok(['get', 'pods', '-l', `pod-template-hash=${hash}`, '-o', 'name']).trim().split('\n')).toHaveLength(3);
    const d = JSON.parse(ok(['get', 'deployment', 'web', '-o', 'json']));
    expect(d.spec).toMatchObject({ replicas: 3, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status.conditions.map((c: { type: string; reason: string }) => `${c.type}=${c.reason}`).sort()).toEqual(['Available=MinimumReplicasAvailable', 'Progressing=NewReplicaSetAvailable']);
    expect(ok(['get', 'all'])).toMatch(/^deployment\.apps\/web\s+3\/3\s+3\s+3\s/m);
    if (log === 'embedded') {
      // bosun replay's `all`, read from the log while the server writes it, is kubectl get all's kinds, typed as kubectl types them.
      const replay = spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'bosun'), 'replay', '--data-dir', bosun.dataDir], { encoding: 'utf8', timeout: 60_000 });
      expect(replay.stdout).toMatch(/^deployment\.apps\/web\s+3\/3\s+3\s+3\s/m);
      expect(replay.stdout).toMatch(new RegExp(`^replicaset\\.apps/${first}\\s+3\\s+3\\s+3\\s`, 'm'));
      expect(replay.stdout).toMatch(/^pod\/web-\w+-\w{5}\s+1\/1\s+Running/m);
    }

    // Scale through the Deployment's scale subresource: its ReplicaSet follows.
    expect(ok(['scale', 'deployment', 'web', '--replicas=4'])).toBe('deployment.apps/web scaled\n');
    expect(ok(['rollout', 'status', 'deployment/web', '--timeout=30s'])).toContain('successfully rolled out');
    expect(ok(['get', 'rs', first, '-o', 'jsonpath={.spec.replicas}'])).toBe('4');

    // A new image: a second ReplicaSet at revision 2 takes over, the first is scaled to 0 and kept.
    expect(ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.26'])).toBe('deployment.apps/web image updated\n');
    expect(ok(['rollout', 'status', 'deployment/web', '--timeout=30s'])).toContain('deployment "web" successfully rolled out');
    expect(ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.status.updatedReplicas}/{.status.replicas}'])).toBe('2 4/4');
    const sets = ok(['get', 'rs', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.replicas}{" "}{end}']).trim().split(' ');
    expect(sets).toHaveLength(2);
    expect(sets).toContain(`${first}=0`);
    expect(ok(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}']).split(' ')).toEqual(['nginx:1.26', 'nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
    expect(ok(['rollout', 'history', 'deployment/web'])).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    // The change-cause annotated afterwards, as Kubernetes' docs show it, follows to the new ReplicaSet.
    ok(['annotate', 'deployment/web', 'kubernetes.io/change-cause=image updated to 1.26']);
    await waitFor('the change-cause in the history', () => /\n2\s+image updated to 1\.26\n/.test(get(['rollout', 'history', 'deployment/web'])), 20_000);
    // Rolled, not replaced: the new ReplicaSet began at one pod (maxSurge 25% of 4), the old one went down step by step.
    const events = ok(['describe', 'deployment', 'web']);
    expect(events).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-\w+ from 0 to 1\n/);
    expect(events).toMatch(new RegExp(`Normal\\s+ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled down replica set ${first} from 4 to 3\\n`));
    expect(ok(['describe', 'deployment', 'web'])).toMatch(new RegExp(`OldReplicaSets:\\s+${first} \\(0/0 replicas created\\)\\nNewReplicaSet:\\s+web-\\w+ \\(4/4 replicas created\\)`));

    // Undo: the first template is current again, at revision 3, in its old ReplicaSet.
    expect(ok(['rollout', 'undo', 'deployment/web'])).toBe('deployment.apps/web rolled back\n');
    expect(ok(['rollout', 'status', 'deployment/web', '--timeout=30s'])).toContain('successfully rolled out');
    expect(ok(['get', 'rs', first, '-o', 'jsonpath={.spec.replicas} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}'])).toBe('4 3');
    expect(ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe('nginx:1.25');

    // Deleting the Deployment takes its ReplicaSets and their pods (garbage collector).
    expect(ok(['delete', 'deployment', 'web'])).toBe('deployment.apps "web" deleted\n');
    await waitFor('its ReplicaSets and pods gone', () => get(['get', 'rs,pods', '-l', 'app=web', '-o', 'name']) === '', 20_000);
  });

  it('applies a Recreate Deployment from a file, keeps revisionHistoryLimit old ReplicaSets, and refuses an invalid one', () => {
    expect(ok(['apply', '-f', manifest('api-deployment.yaml')])).toBe('deployment.apps/api created\n');
    expect(ok(['rollout', 'status', 'deployment/api', '--timeout=30s'])).toContain('successfully rolled out');
    for (const image of ['python:3.13', 'python:3.14']) {
      ok(['set', 'image', 'deployment/api', `api=${image}`]);
      expect(ok(['rollout', 'status', 'deployment/api', '--timeout=30s'])).toContain('successfully rolled out');
    }
    // Revision 3 runs, revision 2 is kept (revisionHistoryLimit 1), revision 1 is gone; the change-cause was copied.
    expect(ok(['rollout', 'history', 'deployment/api'])).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+first release\n3\s+first release\n\n?$/);
    expect(ok(['get', 'rs', '-l', 'app=api', '-o', 'name']).trim().split('\n')).toHaveLength(2);
    // rollout undo scales revision 2's ReplicaSet back up, as revision 4 — not a new one, though
    // kubectl writes its template back as Go encodes it (creationTimestamp: null, which the file had not).
    const byRevision = (): Record<string, string> =>
      Object.fromEntries((JSON.parse(ok(['get', 'rs', '-l', 'app=api', '-o', 'json'])).items as any[]).map((rs) => [rs.metadata.annotations['deployment.kubernetes.io/revision'], rs.metadata.name]));
    const second = byRevision()['2'];
    expect(ok(['rollout', 'undo', 'deployment/api'])).toBe('deployment.apps/api rolled back\n');
    expect(ok(['rollout', 'status', 'deployment/api', '--timeout=30s'])).toContain('successfully rolled out');
    expect(byRevision()['4']).toBe(second);
    expect(ok(['apply', '-f', manifest('api-deployment.yaml')])).toBe('deployment.apps/api configured\n');
    expect(ok(['rollout', 'status', 'deployment/api', '--timeout=30s'])).toContain('successfully rolled out');
    expect(ok(['get', 'pods', '-l', 'app=api', '-o', 'jsonpath={.items[*].spec.containers[0].image}'])).toBe('python:3.12 python:3.12');
    // What kubectl get -o yaml prints is a List: kubectl validates its items with /openapi/v2's definitions.
    const list = ok(['get', 'deployments', '-o', 'yaml']);
    expect(list).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: apps\/v1\n  kind: Deployment\n/);
    expect(ok(['apply', '-f', '-'], list)).toMatch(/^deployment\.apps\/api (unchanged|configured)\n$/);
    // Server-side apply names apps/v1, the endpoint's group version (it was refused: "expected: v1").
    // It changes replicas, which kubectl's client-side apply owned: a conflict unless forced, as on Kubernetes.
    const applied = ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], readFileSync(manifest('api-deployment.yaml'), 'utf8').replace('replicas: 2', 'replicas: 3'));
    expect(applied).toBe('deployment.apps/api serverside-applied\n');
    expect(ok(['rollout', 'status', 'deployment/api', '--timeout=30s'])).toContain('successfully rolled out');
    expect(ok(['get', 'deploy', 'api', '-o', 'jsonpath={.status.availableReplicas}'])).toBe('3');
    const invalid = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' }, spec: { selector: { matchLabels: { app: 'x' } }, strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'x' }] } } } };
    expect(fails(['create', '-f', '-'], JSON.stringify(invalid))).toContain('The Deployment "bad" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0');
    // `selector: {}` is a selector, and an empty one (not a missing one), in kube-apiserver's words.
    const everything = { ...invalid, spec: { selector: {}, template: invalid.spec.template } };
    expect(fails(['create', '-f', '-'], JSON.stringify(everything))).toContain(
      'The Deployment "bad" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    );
    ok(['delete', 'deployment', 'api']);
  });

  it('pauses and resumes a rollout (a paused Deployment is only scaled), and reports a rollout stuck past its progress deadline', async () => {
    ok(['create', 'deployment', 'paced', '--image=nginx:1.25', '--replicas=2']);
    expect(ok(['rollout', 'status', 'deployment/paced', '--timeout=30s'])).toContain('successfully rolled out');
    expect(ok(['rollout', 'pause', 'deployment/paced'])).toBe('deployment.apps/paced paused\n');
    ok(['set', 'image', 'deployment/paced', 'nginx=nginx:1.26']);
    ok(['scale', 'deployment', 'paced', '--replicas=3']);
    await waitFor('the paused Deployment scaled', () => /^paced\s+3\/3\s+/m.test(get(['get', 'deploy', 'paced'])), 20_000);
    expect(ok(['get', 'rs', '-l', 'app=paced', '-o', 'name']).trim().split('\n')).toHaveLength(1);
    expect(ok(['get', 'deploy', 'paced', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}'])).toBe('DeploymentPaused');
    expect(ok(['rollout', 'resume', 'deployment/paced'])).toBe('deployment.apps/paced resumed\n');
    expect(ok(['rollout', 'status', 'deployment/paced', '--timeout=30s'])).toContain('successfully rolled out');
    // The old pods may still be terminating (their node confirms after NODE_DELETION_SETTLE_MS), as on kube.
    await waitFor('only the new pods', () => ok(['get', 'pods', '-l', 'app=paced', '-o', 'jsonpath={.items[*].spec.containers[0].image}']) === 'nginx:1.26 nginx:1.26 nginx:1.26', 10_000);
    ok(['delete', 'deployment', 'paced']);

    // minReadySeconds: a ready pod counts as available only after that long, and the rollout waits for it.
    const slow = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'slow' }, spec: { minReadySeconds: 3, selector: { matchLabels: { app: 'slow' } }, template: { metadata: { labels: { app: 'slow' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    const started = Date.now();
    ok(['create', '-f', '-'], JSON.stringify(slow));
    await waitFor('the pod ready', () => get(['get', 'rs', '-l', 'app=slow', '-o', 'jsonpath={.items[0].status.readyReplicas}']) === '1', 20_000);
    expect(get(['get', 'rs', '-l', 'app=slow', '-o', 'jsonpath={.items[0].status.availableReplicas}'])).toBe('');
    expect(ok(['rollout', 'status', 'deployment/slow', '--timeout=30s'])).toContain('successfully rolled out');
    // Condition times are whole seconds (as metav1.Time): ready at 10:00:00.9 is ready since 10:00:00.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    ok(['delete', 'deployment', 'slow']);

    // Pods that can never be scheduled: no progress, and after progressDeadlineSeconds rollout status gives up.
    const stuck = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'stuck' },
      spec: { progressDeadlineSeconds: 2, selector: { matchLabels: { app: 'stuck' } }, template: { metadata: { labels: { app: 'stuck' } }, spec: { nodeSelector: { disk: 'none-has-it' }, containers: [{ name: 'c', image: 'nginx' }] } } },
    };
    ok(['create', '-f', '-'], JSON.stringify(stuck));
    expect(fails(['rollout', 'status', 'deployment/stuck', '--timeout=30s'])).toContain('error: deployment "stuck" exceeded its progress deadline');
    expect(ok(['get', 'deploy', 'stuck', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].status} {.status.conditions[?(@.type=="Progressing")].reason}'])).toBe('False ProgressDeadlineExceeded');
    ok(['delete', 'deployment', 'stuck']);
  });

  it('serves batch/v1 Jobs: discovery, create job and apply, defaults and the generated selector, Table, explain, describe, immutable template, suspend and resume, delete', async () => {
    expect(ok(['api-resources', '--api-group=batch'])).toMatch(/^jobs\s+batch\/v1\s+true\s+Job$/m);
    expect(ok(['create', 'job', 'pi', '--image=busybox:1.36', '--', 'sh', '-c', 'echo 3.14159'])).toBe('job.batch/pi created\n');
    const pi = JSON.parse(ok(['get', 'job', 'pi', '-o', 'json']));
    const uid: string = pi.metadata.uid;
    const generated = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' };
    expect(pi).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { generation: 1, labels: generated },
      spec: { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, manualSelector: false, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } }, template: { metadata: { labels: generated }, spec: { restartPolicy: 'Never' } } },
    });
    expect(ok(['apply', '-f', manifest('pi-job.yaml')])).toBe('job.batch/countdown created\n');
    expect(ok(['apply', '-f', manifest('pi-job.yaml')])).toBe('job.batch/countdown unchanged\n');
    expect(ok(['get', 'jobs'])).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\ncountdown\s+Running\s+0\/2\s+\S*\s*\d+s\npi\s+Running\s+0\/1\s+\S*\s*\d+s\n$/);
    expect(ok(['get', 'job', 'pi', '-o', 'wide'])).toMatch(new RegExp(`^NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR\\npi\\s+Running\\s+0/1\\s+\\S*\\s*\\d+s\\s+pi\\s+busybox:1\\.36\\s+batch\\.kubernetes\\.io/controller-uid=${uid}\\n$`));
    expect(ok(['get', 'all'])).toMatch(/^job\.batch\/pi\s+Running\s+0\/1\s/m);
    expect(ok(['explain', 'job.spec.backoffLimit'])).toContain('Specifies the number of retries before marking this job failed.');
    expect(ok(['describe', 'job', 'pi'])).toMatch(/Selector:\s+batch\.kubernetes\.io\/controller-uid=/);
    // What kube-apiserver refuses: a pod that would restart forever, another Job's labels, a changed template.
    expect(fails(['create', '-f', '-'], JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'bad' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } }))).toContain(
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    );
    expect(fails(['set', 'image', 'job/pi', 'pi=busybox:1.37'])).toContain('spec.template: Invalid value');
    expect(ok(['patch', 'job', 'pi', '--type=merge', '-p', '{"spec":{"backoffLimit":2}}'])).toBe('job.batch/pi patched\n');
    // Suspended, its pod goes and kubectl says Suspended; resumed, it runs a pod again.
    await waitFor('pi\'s pod', () => get(['get', 'pods', '-l', 'job-name=pi', '-o', 'name']) !== '', 20_000);
    expect(ok(['patch', 'job', 'pi', '--type=merge', '-p', '{"spec":{"suspend":true}}'])).toBe('job.batch/pi patched\n');
    await waitFor('pi Suspended, its pod gone', () => /^pi\s+Suspended\s/m.test(get(['get', 'jobs'])) && get(['get', 'pods', '-l', 'job-name=pi', '-o', 'name']) === '', 20_000);
    expect(ok(['patch', 'job', 'pi', '--type=merge', '-p', '{"spec":{"suspend":false}}'])).toBe('job.batch/pi patched\n');
    await waitFor('pi Running with a pod again', () => /^pi\s+Running\s/m.test(get(['get', 'jobs'])) && get(['get', 'pods', '-l', 'job-name=pi', '-o', 'name']) !== '', 20_000);
    await waitFor('the Suspended and Resumed Events', () => /Normal\s+Suspended\s+\S+\s+job-controller\s+Job suspended[\s\S]*Normal\s+Resumed\s+\S+\s+job-controller\s+Job resumed/.test(get(['describe', 'job', 'pi'])), 20_000);
    expect(ok(['delete', 'job', 'pi', 'countdown'])).toBe('job.batch "pi" deleted\njob.batch "countdown" deleted\n');
    expect(ok(['get', 'jobs'])).toBe('');
  });
});

/**
 * batch/v1 Jobs whose pods really run to their end: `bosun up` with the local node agent (processes;
 * busybox is `sh`), so a pod's phase Succeeded or Failed is the exit of its command. Run it under
 * `flock /tmp/bosun-net.lock` as every suite that starts a node agent.
 */
describe('batch/v1 Jobs with kubectl against bosun up with the local node agent', () => {
  const bosun = bosunForSuite(['--node-agent', 'local', '--node-name', `jobs-${randomUUID().slice(0, 6)}`]);
  const { ok } = bosun;
  const get = (args: string[]): string => bosun.kubectl(args).stdout;

  it('runs a Job to completion: create job, wait for complete, Table, logs, describe with the job-controller\'s Events, delete with its pod', async () => {
    expect(ok(['create', 'job', 'pi', '--image=busybox', '--', 'sh', '-c', 'echo 3.14159'])).toBe('job.batch/pi created\n');
    expect(ok(['wait', '--for=condition=complete', 'job/pi', '--timeout=60s'])).toBe('job.batch/pi condition met\n');
    expect(ok(['get', 'jobs'])).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\npi\s+Complete\s+1\/1\s+\d+s\s+\d+s\n$/);
    expect(ok(['logs', 'job/pi'])).toBe('3.14159\n');
    const job = JSON.parse(ok(['get', 'job', 'pi', '-o', 'json']));
    expect(job.status).toMatchObject({ succeeded: 1, ready: 0, terminating: 0, startTime: expect.any(String), completionTime: expect.any(String) });
    expect(job.status.active).toBeUndefined();
    expect(job.status.conditions.map((c: { type: string; status: string; reason: string }) => `${c.type}=${c.status} ${c.reason}`)).toEqual(['SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
    const pods = JSON.parse(ok(['get', 'pods', '-l', 'job-name=pi', '-o', 'json'])).items;
    expect(pods).toHaveLength(1);
    expect(pods[0].status.phase).toBe('Succeeded');
    expect(pods[0].metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    await waitFor('the Completed Event', () => /Normal\s+Completed\s+\S+\s+job-controller\s+Job completed/.test(get(['describe', 'job', 'pi'])), 20_000);
    const described = ok(['describe', 'job', 'pi']);
    expect(described).toMatch(/Pods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed/);
    expect(described).toMatch(new RegExp(`Normal\\s+SuccessfulCreate\\s+\\S+\\s+job-controller\\s+Created pod: ${pods[0].metadata.name}`));
    expect(ok(['delete', 'job', 'pi'])).toBe('job.batch "pi" deleted\n');
    await waitFor('its pod collected', () => get(['get', 'pods', '-l', 'job-name=pi', '-o', 'name']) === '', 30_000);
  });

  it('retries a failing pod (restartPolicy Never) after its back-off, up to backoffLimit, then fails the Job: BackoffLimitExceeded', async () => {
    const boom = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'boom' }, spec: { backoffLimit: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'boom', image: 'busybox', command: ['sh', '-c', 'echo boom; exit 3'] }] } } } };
    expect(ok(['apply', '-f', '-'], JSON.stringify(boom))).toBe('job.batch/boom created\n');
    expect(ok(['wait', '--for=condition=failed', 'job/boom', '--timeout=60s'])).toBe('job.batch/boom condition met\n');
    expect(ok(['get', 'job', 'boom'])).toMatch(/^boom\s+Failed\s+0\/1\s+\S*\s*\d+s$/m);
    const job = JSON.parse(ok(['get', 'job', 'boom', '-o', 'json']));
    expect(job.status).toMatchObject({ failed: 2 });
    expect(job.status.conditions.map((c: { type: string; reason: string; message: string }) => `${c.type} ${c.reason}: ${c.message}`)).toEqual([
      'FailureTarget BackoffLimitExceeded: Job has reached the specified backoff limit',
      'Failed BackoffLimitExceeded: Job has reached the specified backoff limit',
    ]);
    expect(get(['get', 'pods', '-l', 'job-name=boom', '--no-headers']).match(/\sError\s/g)).toHaveLength(2);
    // The replacement waited out the first failure's back-off (10 s).
    const created = (JSON.parse(ok(['get', 'pods', '-l', 'job-name=boom', '-o', 'json'])).items as { metadata: { creationTimestamp: string } }[]).map((p) => Date.parse(p.metadata.creationTimestamp)).sort();
    expect(created[1]! - created[0]!).toBeGreaterThanOrEqual(10_000);
    await waitFor('the BackoffLimitExceeded Event', () => /Warning\s+BackoffLimitExceeded\s+\S+\s+job-controller\s+Job has reached the specified backoff limit/.test(get(['describe', 'job', 'boom'])), 20_000);
    expect(ok(['delete', 'job', 'boom'])).toBe('job.batch "boom" deleted\n');
    await waitFor('its pods collected', () => get(['get', 'pods', '-l', 'job-name=boom', '-o', 'name']) === '', 30_000);
  });

  it('deletes a finished Job with its pod once ttlSecondsAfterFinished has passed (the TTL-after-finished controller)', async () => {
    const brief = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'brief' }, spec: { ttlSecondsAfterFinished: 3, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'brief', image: 'busybox', command: ['sh', '-c', 'echo done'] }] } } } };
    expect(ok(['apply', '-f', '-'], JSON.stringify(brief))).toBe('job.batch/brief created\n');
    expect(ok(['wait', '--for=condition=complete', 'job/brief', '--timeout=60s'])).toBe('job.batch/brief condition met\n');
    const finished = Date.now();
    expect(ok(['get', 'job', 'brief', '-o', 'jsonpath={.spec.ttlSecondsAfterFinished}'])).toBe('3');
    await waitFor('the Job gone', () => get(['get', 'jobs', '-o', 'name']) === '', 20_000);
    expect(Date.now() - finished).toBeGreaterThanOrEqual(1_500);
    await waitFor('its pod collected', () => get(['get', 'pods', '-l', 'job-name=brief', '-o', 'name']) === '', 30_000);
  });

  it('runs an Indexed Job: one pod per index, named <job>-<index>-…, JOB_COMPLETION_INDEX in its environment, completedIndexes', async () => {
    const indexed = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'idx' }, spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'idx', image: 'busybox', command: ['sh', '-c', 'echo "index $JOB_COMPLETION_INDEX"'] }] } } } };
    expect(ok(['apply', '-f', '-'], JSON.stringify(indexed))).toBe('job.batch/idx created\n');
    expect(ok(['wait', '--for=condition=complete', 'job/idx', '--timeout=60s'])).toBe('job.batch/idx condition met\n');
    expect(JSON.parse(ok(['get', 'job', 'idx', '-o', 'json'])).status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
    expect(ok(['get', 'job', 'idx'])).toMatch(/^idx\s+Complete\s+3\/3\s/m);
    const pods = (JSON.parse(ok(['get', 'pods', '-l', 'job-name=idx', '-o', 'json'])).items as { metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> } }[]).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(pods.map((p) => p.metadata.labels['batch.kubernetes.io/job-completion-index'])).toEqual(['0', '1', '2']);
    pods.forEach((p, i) => {
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${i}-[a-z0-9]{5}$`));
      expect(p.metadata.annotations['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect(ok(['logs', p.metadata.name])).toBe(`index ${i}\n`);
    });
    expect(ok(['delete', 'job', 'idx'])).toBe('job.batch "idx" deleted\n');
  });
});
