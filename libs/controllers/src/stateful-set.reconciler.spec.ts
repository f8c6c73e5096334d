import type { KubeObject } from '@bosun/api';
import { cacheOf, plan, summary } from './testing/cache.given';
import { statefulSetReconciler } from './stateful-set.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = 'statefulsets/default/web';
const sts = (spec: Anything = {}, status?: Anything): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'sts-uid', generation: 2 },
    spec: {
      replicas: 3,
      serviceName: 'nginx',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1' }] } },
      ...spec,
    },
    ...(status ? { status } : {}),
  }) as unknown as KubeObject;
const withImage = (image: string, spec: Anything = {}, status?: Anything): KubeObject =>
  sts({ ...spec, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image }] } } }, status);

const p = (objects: readonly KubeObject[]) => plan(statefulSetReconciler, objects, KEY);
const objectOf = (c: { command: unknown }): Anything => (c.command as { data: { object: Anything } }).data.object;
const statusOf = (commands: ReturnType<typeof p>): Anything => (commands.find((c) => c.command.type === 'UpdateStatus')!.command as { data: { status: Anything } }).data.status;
/** The revision the set's template is recorded as (what its first sync creates). */
const revisionOf = (set: KubeObject, number = 1): KubeObject => ({ ...objectOf(p([set]).find((c) => c.kind === 'ControllerRevision')!), revision: number }) as KubeObject;
/** A pod of the set as its controller made it, then run by a node: Running and Ready unless told otherwise. */
const podAt = (set: KubeObject, ordinal: number, revision: KubeObject, o: { phase?: string; ready?: boolean; deleting?: boolean } = {}): KubeObject => {
  const existing = revisionOf(set);
  const made = p([set, existing, ...Array.from({ length: ordinal }, (_, i) => podAt(set, i, existing))]).find((c) => c.kind === 'Pod' && c.command.type === 'Create' && c.name === `web-${ordinal}`);
  const pod = structuredClone(objectOf(made!));
  pod.metadata.labels['controller-revision-hash'] = (revision as Anything).metadata.name;
  if (o.deleting) pod.metadata.deletionTimestamp = '2026-11-28T09:59:00Z';
  pod.status = { phase: o.phase ?? 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] };
  return pod as KubeObject;
};

const quota = (pods: string): KubeObject => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods } } }) as unknown as KubeObject;

describe('statefulset reconciler', () => {
  it('makes only the pods its namespace\'s quota has room for, in ordinal order, and looks again when a quota changes', () => {
    const set = sts({ podManagementPolicy: 'Parallel' });
    expect(summary(p([set, revisionOf(set), quota('2')]))).toEqual(['Create Pod/web-0', 'Create Pod/web-1', 'UpdateStatus StatefulSet/web']);
    expect(statefulSetReconciler.keysFor({ key: 'resourcequotas/default/q', object: quota('3') } as never, cacheOf([set]))).toEqual([KEY]);
  });

  it('records the template as revision 1 and makes web-0 first, with its identity: name, hostname, subdomain, labels, owner', () => {
    const set = sts();
    const commands = p([set]);
    expect(summary(commands)).toEqual([expect.stringMatching(/^Create ControllerRevision\/web-[a-z0-9]+$/), 'Create Pod/web-0', 'UpdateStatus StatefulSet/web']);
    const revision = objectOf(commands[0]!);
    expect(revision).toMatchObject({ apiVersion: 'apps/v1', kind: 'ControllerRevision', revision: 1, data: { spec: { template: { $patch: 'replace' } } } });
    expect(revision.metadata.labels).toEqual({ app: 'web', 'controller.kubernetes.io/hash': revision.metadata.name.slice('web-'.length) });
    expect(revision.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'sts-uid', controller: true, blockOwnerDeletion: true }]);
    const pod = objectOf(commands[1]!);
    expect(pod.metadata).toMatchObject({ name: 'web-0', labels: { app: 'web', 'controller-revision-hash': revision.metadata.name, 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0' } });
    expect(pod.metadata.generateName).toBeUndefined();
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'sts-uid', controller: true, blockOwnerDeletion: true }]);
    expect(pod.spec).toMatchObject({ hostname: 'web-0', subdomain: 'nginx', restartPolicy: 'Always' });
    expect(statusOf(commands)).toEqual({ observedGeneration: 2, replicas: 0, currentRevision: revision.metadata.name, updateRevision: revision.metadata.name, collisionCount: 0, availableReplicas: 0 });
  });

  it('OrderedReady: waits for web-0 to be Running and Ready before making web-1', () => {
    const set = sts();
    const rev = revisionOf(set);
    expect(summary(p([set, rev, podAt(set, 0, rev, { phase: 'Pending', ready: false })]))).toEqual(['UpdateStatus StatefulSet/web']);
    expect(summary(p([set, rev, podAt(set, 0, rev, { ready: false })]))).toEqual(['UpdateStatus StatefulSet/web']);
    expect(summary(p([set, rev, podAt(set, 0, rev)]))).toEqual(['Create Pod/web-1', 'UpdateStatus StatefulSet/web']);
  });

  it('Parallel: makes every missing pod at once, and removes the excess at once', () => {
    const set = sts({ podManagementPolicy: 'Parallel' });
    const rev = revisionOf(set);
    expect(summary(p([set, rev]))).toEqual(['Create Pod/web-0', 'Create Pod/web-1', 'Create Pod/web-2', 'UpdateStatus StatefulSet/web']);
    const big = sts({ podManagementPolicy: 'Parallel', replicas: 5 });
    const pods = [0, 1, 2, 3, 4].map((i) => podAt(big, i, rev));
    expect(summary(p([sts({ podManagementPolicy: 'Parallel', replicas: 2 }), rev, ...pods]))).toEqual(['Delete Pod/web-4', 'Delete Pod/web-3', 'Delete Pod/web-2', 'UpdateStatus StatefulSet/web']);
  });

  it('OrderedReady: scales down from the highest ordinal, one at a time, waiting while one terminates', () => {
    const big = sts({ replicas: 3 });
    const rev = revisionOf(big);
    const set = sts({ replicas: 1 });
    expect(summary(p([set, rev, podAt(big, 0, rev), podAt(big, 1, rev), podAt(big, 2, rev)]))).toEqual(['Delete Pod/web-2', 'UpdateStatus StatefulSet/web']);
    expect(summary(p([set, rev, podAt(big, 0, rev), podAt(big, 1, rev), podAt(big, 2, rev, { deleting: true })]))).toEqual(['UpdateStatus StatefulSet/web']);
  });

  it('deletes a failed pod, and makes it again with the same name once it is gone', () => {
    const set = sts({ replicas: 2 });
    const rev = revisionOf(set);
    expect(summary(p([set, rev, podAt(set, 0, rev, { phase: 'Failed', ready: false }), podAt(set, 1, rev)]))).toEqual(['Delete Pod/web-0', 'UpdateStatus StatefulSet/web']);
    expect(summary(p([set, rev, podAt(set, 1, rev)]))).toEqual(['Create Pod/web-0', 'UpdateStatus StatefulSet/web']);
  });

  it('keeps status: replicas, ready, available, current and updated, the revisions, observedGeneration', () => {
    const set = sts();
    const rev = revisionOf(set);
    const commands = p([set, rev, podAt(set, 0, rev), podAt(set, 1, rev), podAt(set, 2, rev, { ready: false })]);
    const name = (rev as Anything).metadata.name;
    expect(statusOf(commands)).toEqual({ observedGeneration: 2, replicas: 3, readyReplicas: 2, currentReplicas: 3, updatedReplicas: 3, currentRevision: name, updateRevision: name, collisionCount: 0, availableReplicas: 2 });
  });

  it('RollingUpdate: records the new template as revision 2 and replaces the highest ordinal first, one at a time', () => {
    const old = sts();
    const rev1 = revisionOf(old);
    const set = withImage('nginx:2', {}, { currentRevision: (rev1 as Anything).metadata.name });
    const pods = [0, 1, 2].map((i) => podAt(old, i, rev1));
    const commands = p([set, rev1, ...pods]);
    expect(summary(commands)).toEqual([expect.stringMatching(/^Create ControllerRevision\//), 'Delete Pod/web-2', 'UpdateStatus StatefulSet/web']);
    const rev2 = { ...objectOf(commands[0]!) } as KubeObject;
    expect((rev2 as Anything).revision).toBe(2);
    // web-2 gone: made again, from the update revision.
    const remade = p([set, rev1, rev2, pods[0]!, pods[1]!]);
    expect(summary(remade)).toEqual(['Create Pod/web-2', 'UpdateStatus StatefulSet/web']);
    expect(objectOf(remade[0]!).spec.containers[0].image).toBe('nginx:2');
    // web-2 updated and ready: web-1 next; once all are, the update revision is current.
    expect(summary(p([set, rev1, rev2, pods[0]!, pods[1]!, podAt(set, 2, rev2)]))).toEqual(['Delete Pod/web-1', 'UpdateStatus StatefulSet/web']);
    const done = statusOf(p([set, rev1, rev2, ...[0, 1, 2].map((i) => podAt(set, i, rev2))]));
    expect(done).toMatchObject({ currentRevision: (rev2 as Anything).metadata.name, updateRevision: (rev2 as Anything).metadata.name, currentReplicas: 3, updatedReplicas: 3 });
  });

  it('RollingUpdate with a partition: only ordinals at or above it are updated; one below is remade at the current revision', () => {
    const old = sts();
    const rev1 = revisionOf(old);
    const rev2 = revisionOf(withImage('nginx:2'), 2);
    const set = withImage('nginx:2', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }, { currentRevision: (rev1 as Anything).metadata.name });
    expect(summary(p([set, rev1, rev2, podAt(old, 0, rev1), podAt(old, 1, rev1), podAt(set, 2, rev2)]))).toEqual(['UpdateStatus StatefulSet/web']);
    const remade = p([set, rev1, rev2, podAt(old, 1, rev1), podAt(set, 2, rev2)]);
    expect(summary(remade)).toEqual(['Create Pod/web-0', 'UpdateStatus StatefulSet/web']);
    expect(objectOf(remade[0]!).spec.containers[0].image).toBe('nginx:1');
    expect(objectOf(remade[0]!).metadata.labels['controller-revision-hash']).toBe((rev1 as Anything).metadata.name);
  });

  it('OnDelete: replaces nothing itself; a pod deleted by hand is made again from the update revision', () => {
    const old = sts();
    const rev1 = revisionOf(old);
    const rev2 = revisionOf(withImage('nginx:2'), 2);
    const set = withImage('nginx:2', { updateStrategy: { type: 'OnDelete' } }, { currentRevision: (rev1 as Anything).metadata.name });
    expect(summary(p([set, rev1, rev2, ...[0, 1, 2].map((i) => podAt(old, i, rev1))]))).toEqual(['UpdateStatus StatefulSet/web']);
    const remade = p([set, rev1, rev2, podAt(old, 0, rev1), podAt(old, 2, rev1)]);
    expect(summary(remade)).toEqual(['Create Pod/web-1', 'UpdateStatus StatefulSet/web']);
    expect(objectOf(remade[0]!).spec.containers[0].image).toBe('nginx:2');
  });

  it('a template back to an earlier revision renumbers that revision instead of recording it again (rollout undo)', () => {
    const rev1 = revisionOf(sts());
    const rev2 = revisionOf(withImage('nginx:2'), 2);
    const commands = p([sts({}, { currentRevision: (rev2 as Anything).metadata.name }), rev1, rev2, ...[0, 1, 2].map((i) => podAt(sts(), i, rev2))]);
    expect(summary(commands)).toEqual([`Replace ControllerRevision/${(rev1 as Anything).metadata.name}`, 'Delete Pod/web-2', 'UpdateStatus StatefulSet/web']);
    expect(objectOf(commands[0]!).revision).toBe(3);
  });

  it('deletes revisions no pod uses beyond revisionHistoryLimit, oldest first', () => {
    const set = sts({ revisionHistoryLimit: 1 });
    const rev3 = revisionOf(set, 3);
    const olds = [revisionOf(withImage('a'), 1), revisionOf(withImage('b'), 2)];
    const commands = p([set, ...olds, rev3, ...[0, 1, 2].map((i) => podAt(set, i, rev3))]);
    expect(summary(commands)).toEqual([`Delete ControllerRevision/${(olds[0] as Anything).metadata.name}`, 'UpdateStatus StatefulSet/web']);
  });

  it('counts a hash collision with a revision another controls, which changes the next hash', () => {
    const set = sts();
    const theirs = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'earlier-uid', controller: true }];
    const foreign = { ...(revisionOf(set) as Anything), metadata: { ...(revisionOf(set) as Anything).metadata, ownerReferences: theirs } } as KubeObject;
    const commands = p([set, foreign]);
    expect(summary(commands)).toEqual(['UpdateStatus StatefulSet/web']);
    expect(statusOf(commands)).toEqual({ collisionCount: 1 });
  });

  it('adopts orphans: pods with its names and labels (kubectl delete --cascade=orphan, then the set again), and its revisions; releases a pod relabelled away', () => {
    const set = sts({ replicas: 2 });
    const rev = revisionOf(set);
    const orphan = (p: KubeObject): KubeObject => ({ ...(p as Anything), metadata: { ...(p as Anything).metadata, ownerReferences: undefined } }) as KubeObject;
    const stranger = { ...(orphan(podAt(set, 0, rev)) as Anything), metadata: { ...(orphan(podAt(set, 0, rev)) as Anything).metadata, name: 'other-0' } } as KubeObject;
    const commands = p([set, orphan(rev), orphan(podAt(set, 0, rev)), orphan(podAt(set, 1, rev)), stranger]);
    expect(summary(commands)).toEqual([`Replace ControllerRevision/${(rev as Anything).metadata.name}`, 'Replace Pod/web-0', 'Replace Pod/web-1', 'UpdateStatus StatefulSet/web']);
    for (const c of commands.slice(0, 3)) expect(objectOf(c).metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'StatefulSet', uid: 'sts-uid', controller: true })]);
    expect(statusOf(commands)).toMatchObject({ replicas: 2, readyReplicas: 2 });
    const relabelled = { ...(podAt(set, 1, rev) as Anything), metadata: { ...(podAt(set, 1, rev) as Anything).metadata, labels: { app: 'debug' } } } as KubeObject;
    const released = p([set, rev, podAt(set, 0, rev), relabelled]);
    expect(summary(released)).toEqual(['Replace Pod/web-1', 'Create Pod/web-1', 'UpdateStatus StatefulSet/web']);
    expect(objectOf(released[0]!).metadata.ownerReferences).toBeUndefined();
  });

  it('numbers the pods from ordinals.start', () => {
    const set = sts({ ordinals: { start: 5 }, podManagementPolicy: 'Parallel', replicas: 2 });
    expect(summary(p([set, revisionOf(set)]))).toEqual(['Create Pod/web-5', 'Create Pod/web-6', 'UpdateStatus StatefulSet/web']);
  });

  it('OrderedReady with minReadySeconds: waits for a ready pod to be available before the next, and counts it available only then', () => {
    const set = sts({ minReadySeconds: 30 });
    const rev = revisionOf(set);
    const readySince = (time: string): KubeObject => {
      const pod = podAt(set, 0, rev) as Anything;
      pod.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: time }];
      return pod as KubeObject;
    };
    // The plan's time is 2026-11-28T10:00:00Z.
    const early = p([set, rev, readySince('2026-11-28T09:59:50Z')]);
    expect(summary(early)).toEqual(['UpdateStatus StatefulSet/web']);
    expect(statusOf(early)).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    const later = p([set, rev, readySince('2026-11-28T09:59:00Z')]);
    expect(summary(later)).toEqual(['Create Pod/web-1', 'UpdateStatus StatefulSet/web']);
    expect(statusOf(later)).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
  });

  describe('volumeClaimTemplates', () => {
    const standard = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', uid: 'sc', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'bosun.io/local-path' } as unknown as KubeObject;
    const templates = [{ metadata: { name: 'www', labels: { tier: 'data' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }];

    it('creates <template>-<set>-<ordinal> before its pod, with the default class and pvc-protection, and mounts it in the pod', () => {
      const set = sts({ volumeClaimTemplates: templates, template: { metadata: { labels: { app: 'web' } }, spec: { volumes: [{ name: 'www', emptyDir: {} }], containers: [{ name: 'nginx', image: 'nginx:1' }] } } });
      const commands = p([set, standard]);
      expect(summary(commands).filter((c) => !c.includes('ControllerRevision') && !c.startsWith('UpdateStatus'))).toEqual(['Create PersistentVolumeClaim/www-web-0', 'Create Pod/web-0']);
      const claim = objectOf(commands.find((c) => c.kind === 'PersistentVolumeClaim')!);
      expect(claim).toMatchObject({ metadata: { namespace: 'default', labels: { tier: 'data', app: 'web' }, finalizers: ['kubernetes.io/pvc-protection'] }, spec: { storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } });
      expect(claim.metadata.ownerReferences).toBeUndefined();
      // The claim replaces the template's volume of its name; the ServiceAccount admission adds the API credentials after it.
      const volumes = objectOf(commands.find((c) => c.kind === 'Pod')!).spec.volumes;
      expect(volumes[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } });
      expect(volumes.slice(1).map((v: { name: string }) => v.name)).toEqual([expect.stringMatching(/^kube-api-access-/)]);
      // A claim already there is kept, not made again.
      const existing = { ...claim, metadata: { ...claim.metadata, uid: 'c0' } } as KubeObject;
      expect(summary(p([set, standard, existing])).filter((c) => c.includes('PersistentVolumeClaim'))).toEqual([]);
    });

    it('makes the set own its claims when whenDeleted is Delete, and a condemned pod own its claims when whenScaled is Delete', () => {
      const policy = { whenDeleted: 'Delete', whenScaled: 'Delete' };
      const set = sts({ replicas: 1, volumeClaimTemplates: templates, persistentVolumeClaimRetentionPolicy: policy });
      const claim = objectOf(p([set]).find((c) => c.kind === 'PersistentVolumeClaim')!);
      expect(claim.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'sts-uid' }]);
      const revision = revisionOf(set);
      const web1 = podAt(sts({ replicas: 2, volumeClaimTemplates: templates }), 1, revision);
      const claim1 = { ...claim, metadata: { ...claim.metadata, name: 'www-web-1', uid: 'c1' } } as KubeObject;
      const commands = p([set, revision, podAt(set, 0, revision), web1, claim1]);
      const replaced = commands.find((c) => c.kind === 'PersistentVolumeClaim' && c.command.type === 'Replace');
      expect(objectOf(replaced!).metadata.ownerReferences).toEqual([...claim.metadata.ownerReferences, { apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: (web1 as Anything).metadata.uid }]);
    });
  });
});
