/**
 * apps/v1 StatefulSets with the real kubectl against `bosun up` and the local node agent: pods as
 * real processes, each with its stable name as hostname, made in order, rolled from the highest
 * ordinal down, their revisions recorded as ControllerRevisions; on the embedded log and on a real Kafka.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { bosunForSuite } from './support/bosun-process';
import { killHard, spawnLines } from './support/child-process';
import { testKafkaBrokers } from './support/test-kafka';
import { waitFor } from './support/wait-for';

jest.setTimeout(180_000);
const manifest = (name: string): string => join(__dirname, 'manifests', name);

describe.each([
  { log: 'embedded', args: (): string[] => [] },
  { log: 'kafka', args: (): string[] => ['--kafka', testKafkaBrokers().join(','), '--topic-prefix', `sts${randomUUID().slice(0, 8)}`] },
])('apps/v1 StatefulSets with kubectl against bosun up with the local node agent ($log)', ({ args }) => {
  const bosun = bosunForSuite(() => ['--node-agent', 'local', '--node-name', `sts-${randomUUID().slice(0, 6)}`, ...args()]);
  const { ok, fails } = bosun;
  const get = (args: string[]): string => bosun.kubectl(args).stdout;
  /** kubectl rollout status; when it does not end, what the set and its pods were then, and what the controller said. */
  const rolledOut = (name: string): string => {
    const r = bosun.kubectl(['rollout', 'status', `sts/${name}`, '--timeout=60s']);
    if (r.code === 0) return r.stdout;
    const set = get(['get', 'sts', name, '-o', 'jsonpath={.metadata.generation} {.status}']);
    const pods = get(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.metadata.labels.controller-revision-hash} {.metadata.deletionTimestamp}{"\\n"}{end}']);
    throw new Error(`rollout status sts/${name}: ${r.stderr}\nset: ${set}\npods:\n${pods}\ncontroller: ${bosun.child.stderr().split('\n').filter((l) => l.includes('statefulset')).slice(-20).join('\n')}`);
  };
  const podNames = (): string => get(['get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={.items[*].metadata.name}']);

  it('runs a StatefulSet: discovery, apply, pods made one at a time in order with their identity, Table, scale, Events, DNS names, delete with its pods and revisions', async () => {
    expect(ok(['api-resources', '--api-group=apps'])).toMatch(/^statefulsets\s+sts\s+apps\/v1\s+true\s+StatefulSet$/m);
    expect(ok(['api-resources', '--api-group=apps'])).toMatch(/^controllerrevisions\s+apps\/v1\s+true\s+ControllerRevision$/m);
    expect(ok(['apply', '-f', manifest('web-sts.yaml')])).toBe('service/nginx created\nstatefulset.apps/web created\n');
    // OrderedReady: web-1 is made only once web-0 is Running and Ready, web-2 after web-1.
    const seen: string[] = [];
    await waitFor('3 pods Running', () => {
      const names = podNames();
      if (seen[seen.length - 1] !== names) seen.push(names);
      return (get(['get', 'pods', '-l', 'app=nginx']).match(/1\/1\s+Running/g) ?? []).length === 3;
    }, 60_000);
    expect(seen.filter((s) => s !== '')).toEqual(expect.arrayContaining(['web-0', 'web-0 web-1', 'web-0 web-1 web-2']));
    expect(rolledOut('web')).toBe('partitioned roll out complete: 3 new pods have been updated...\n');
    expect(ok(['get', 'sts'])).toMatch(/^NAME\s+READY\s+AGE\nweb\s+3\/3\s+\d+s\n$/);
    expect(ok(['get', 'sts', '-o', 'wide'])).toMatch(/^NAME\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\nweb\s+3\/3\s+\d+s\s+nginx\s+busybox:1\.36\n$/);
    expect(ok(['get', 'all'])).toMatch(/^statefulset\.apps\/web\s+3\/3\s/m);

    const sts = JSON.parse(ok(['get', 'statefulset', 'web', '-o', 'json']));
    expect(sts.spec).toMatchObject({ replicas: 3, podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' } });
    expect(sts.spec.volumeClaimTemplates[0]).toMatchObject({ metadata: { name: 'www' }, spec: { volumeMode: 'Filesystem' } });
    const revision = sts.status.updateRevision;
    expect(revision).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(sts.status).toEqual({ observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: revision, updateRevision: revision, collisionCount: 0, availableReplicas: 3 });

    const pod = JSON.parse(ok(['get', 'pod', 'web-1', '-o', 'json']));
    expect(pod.metadata.labels).toEqual({ app: 'nginx', 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1' });
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: sts.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod.spec).toMatchObject({ hostname: 'web-1', subdomain: 'nginx' });
    // Each pod's hostname is its name; and its name under the headless Service resolves to it.
    await waitFor('web-1 to say its name', () => get(['logs', 'web-1']) === 'I am web-1\n', 30_000);
    await waitFor('web-0 and web-1 under nginx in the Endpoints', () => get(['get', 'endpoints', 'nginx', '-o', 'jsonpath={.subsets[*].addresses[*].hostname}']).split(' ').sort().join(' ') === 'web-0 web-1 web-2', 30_000);
    expect(ok(['exec', 'web-0', '--', 'getent', 'hosts', 'web-1.nginx.default.svc.cluster.local']).trim().split(/\s+/)).toEqual([pod.status.podIP, 'web-1.nginx.default.svc.cluster.local']);
    // Each pod has its claim from the template (www-web-<ordinal>), bound to a volume of the default class.
    await waitFor('3 claims Bound', () => get(['get', 'pvc', '-o', 'jsonpath={.items[*].status.phase}']) === 'Bound Bound Bound', 30_000);
    expect(get(['get', 'pvc', '-o', 'jsonpath={.items[*].metadata.name}'])).toBe('www-web-0 www-web-1 www-web-2');
    expect(pod.spec.volumes).toContainEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });

    // The revision, as kube serves it.
    expect(ok(['get', 'controllerrevisions'])).toMatch(new RegExp(`^NAME\\s+CONTROLLER\\s+REVISION\\s+AGE\\n${revision}\\s+statefulset\\.apps/web\\s+1\\s+\\d+s\\n$`));

    // Scale down: from the highest ordinal. Deleted, a pod comes back with its name.
    expect(ok(['scale', 'sts', 'web', '--replicas=2'])).toBe('statefulset.apps/web scaled\n');
    await waitFor('web-2 gone', () => podNames() === 'web-0 web-1', 30_000);
    expect(JSON.parse(ok(['get', '--raw', '/apis/apps/v1/namespaces/default/statefulsets/web/scale']))).toMatchObject({ kind: 'Scale', spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=nginx' } });
    const uid = get(['get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.uid}']);
    // kubectl waits for the deletion: it lists the name after its GET, so the node must not confirm
    // (and the controller remake web-0) before that (NODE_DELETION_SETTLE_MS).
    ok(['delete', 'pod', 'web-0']);
    await waitFor('web-0 made again', () => { const now = get(['get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.uid}']); return now !== '' && now !== uid; }, 30_000);
    await waitFor('the statefulset-controller\'s Events', () => /Normal\s+SuccessfulDelete\s+\S+\s+statefulset-controller\s+delete Pod web-2 in StatefulSet web successful/.test(get(['describe', 'sts', 'web'])), 30_000);
    expect(ok(['describe', 'sts', 'web'])).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+statefulset-controller\s+create Pod web-0 in StatefulSet web successful/);

    // Invalid: a template its selector does not select; an update of a fixed field.
    expect(fails(['patch', 'sts', 'web', '--type=merge', '-p', '{"spec":{"serviceName":"other"}}'])).toContain("updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");

    // Orphaned (--cascade=orphan), the pods stay; the set made again adopts them rather than make new ones.
    const kept = get(['get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.uid}']);
    expect(ok(['delete', 'sts', 'web', '--cascade=orphan'])).toBe('statefulset.apps "web" deleted\n');
    await waitFor('web-0 orphaned', () => get(['get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.ownerReferences}']) === '', 30_000);
    ok(['apply', '-f', manifest('web-sts.yaml')]);
    const again = get(['get', 'sts', 'web', '-o', 'jsonpath={.metadata.uid}']);
    await waitFor('web-0 adopted', () => get(['get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.ownerReferences[0].uid}']) === again, 30_000);
    expect(get(['get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.uid}'])).toBe(kept);
    expect(rolledOut('web')).toContain('partitioned roll out complete: 3 new pods have been updated');

    // Deleting the StatefulSet takes its pods and its revisions (garbage collector).
    expect(ok(['delete', 'sts', 'web'])).toBe('statefulset.apps "web" deleted\n');
    await waitFor('its pods and revisions gone', () => get(['get', 'pods,controllerrevisions', '-l', 'app=nginx', '-o', 'name']) === '', 30_000);
    ok(['delete', 'service', 'nginx']);
  });

  it('rolls a new template out from the highest ordinal down: set image, rollout status, history, undo, a partition, OnDelete', async () => {
    const set = (name: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name },
        spec: {
          replicas: 3,
          podManagementPolicy: 'Parallel',
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'exec sleep 3600'] }] } },
          ...extra,
        },
      });
    const images = (app: string): string => get(['get', 'pods', '-l', `app=${app}`, '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.containers[0].image} {end}']).trim();
    ok(['apply', '-f', '-'], set('roll'));
    expect(rolledOut('roll')).toContain('partitioned roll out complete: 3 new pods have been updated');
    const first = get(['get', 'sts', 'roll', '-o', 'jsonpath={.status.updateRevision}']);

    // A new image: roll-2 first, then roll-1, then roll-0, each once the one above is back and ready.
    const watcher = spawnLines('kubectl', ['--kubeconfig', bosun.kubeconfig, 'get', 'pods', '-l', 'app=roll', '-w', '--output-watch-events', '--request-timeout=0']);
    try {
      await waitFor(`the watch to list the pods (${watcher.stderr()})`, () => watcher.lines.filter((l) => /^ADDED\s+roll-\d/.test(l)).length === 3, 20_000);
      expect(ok(['set', 'image', 'sts/roll', 'c=busybox:1.37'])).toBe('statefulset.apps/roll image updated\n');
      expect(rolledOut('roll')).toContain('partitioned roll out complete: 3 new pods have been updated');
      await waitFor('all at the new image', () => images('roll') === 'roll-0=busybox:1.37 roll-1=busybox:1.37 roll-2=busybox:1.37', 30_000);
    } finally {
      await killHard(watcher);
    }
    const deleted = watcher.lines.filter((l) => /^DELETED\s/.test(l)).map((l) => l.split(/\s+/)[1]);
    expect(deleted).toEqual(['roll-2', 'roll-1', 'roll-0']);
    const sts = JSON.parse(ok(['get', 'sts', 'roll', '-o', 'json']));
    expect(sts.status.updateRevision).not.toBe(first);
    expect(sts.status).toMatchObject({ currentRevision: sts.status.updateRevision, currentReplicas: 3, updatedReplicas: 3, readyReplicas: 3, observedGeneration: 2 });
    expect(ok(['get', 'controllerrevisions', '-l', 'app=roll', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.revision} {end}']).trim().split(' ').sort()).toEqual([`${first}=1`, `${sts.status.updateRevision}=2`].sort());

    // History, as kubectl reads it from the revisions; a revision's template; undo back to the first (now revision 3).
    expect(ok(['rollout', 'history', 'sts/roll'])).toMatch(/^statefulset\.apps\/roll\s*\nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
    expect(ok(['rollout', 'history', 'sts/roll', '--revision=1'])).toMatch(/Image:\s+busybox:1\.36/);
    expect(ok(['rollout', 'undo', 'sts/roll'])).toBe('statefulset.apps/roll rolled back\n');
    expect(rolledOut('roll')).toContain('partitioned roll out complete: 3 new pods have been updated');
    await waitFor('all back at the first image', () => images('roll') === 'roll-0=busybox:1.36 roll-1=busybox:1.36 roll-2=busybox:1.36', 30_000);
    expect(get(['get', 'sts', 'roll', '-o', 'jsonpath={.status.updateRevision}'])).toBe(first);
    expect(ok(['rollout', 'history', 'sts/roll'])).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/);

    // A partition of 2: only roll-2 is updated; the rollout is complete as partitioned.
    ok(['patch', 'sts', 'roll', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}']);
    ok(['set', 'image', 'sts/roll', 'c=busybox:1.37']);
    expect(rolledOut('roll')).toContain('partitioned roll out complete: 1 new pods have been updated');
    await waitFor('only roll-2 updated', () => images('roll') === 'roll-0=busybox:1.36 roll-1=busybox:1.36 roll-2=busybox:1.37', 30_000);
    expect(get(['get', 'sts', 'roll', '-o', 'jsonpath={.status.updatedReplicas} {.status.currentReplicas}'])).toBe('1 2');

    // OnDelete: nothing replaced until a pod is deleted by hand; that one comes back at the new image.
    ok(['apply', '-f', '-'], set('manual', { updateStrategy: { type: 'OnDelete' } }));
    await waitFor('3 manual pods ready', () => get(['get', 'sts', 'manual', '-o', 'jsonpath={.status.readyReplicas}']) === '3', 30_000);
    ok(['set', 'image', 'sts/manual', 'c=busybox:1.37']);
    await waitFor('the update revision recorded', () => get(['get', 'sts', 'manual', '-o', 'jsonpath={.status.observedGeneration}']) === '2', 30_000);
    expect(images('manual')).toBe('manual-0=busybox:1.36 manual-1=busybox:1.36 manual-2=busybox:1.36');
    ok(['delete', 'pod', 'manual-1']); // waits, as web-0's deletion above
    await waitFor('manual-1 remade at the new image', () => images('manual') === 'manual-0=busybox:1.36 manual-1=busybox:1.37 manual-2=busybox:1.36', 30_000);
    ok(['delete', 'sts', 'roll', 'manual']);
    await waitFor('their pods gone', () => get(['get', 'pods', '-l', 'app in (roll,manual)', '-o', 'name']) === '', 30_000);
  });
});
