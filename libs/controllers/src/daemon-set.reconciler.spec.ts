import { applyDefaults, canonicalJson, safeEncodeString, statefulSetRevisionData, type KubeObject } from '@bosun/api';
import { plan, summary } from './testing/cache.given';
import { node, pod } from './testing/objects.fixtures';
import { daemonSetReconciler, daemonSetRevisionHash } from './daemon-set.reconciler';
import { podTemplateHash } from './deployment.rollout';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const KEY = 'daemonsets/default/agent';
const daemonSet = (spec: Record<string, unknown> = {}, templateSpec: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject =>
  applyDefaults({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default', uid: 'ds-uid', generation: 1 },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox' }], ...templateSpec } }, ...spec },
    ...(status ? { status } : {}),
  } as unknown as KubeObject);
const HASH = daemonSetRevisionHash(daemonSet());
/** A pod the DaemonSet controls, for a node, of the current template unless said otherwise. */
const daemonPod = (name: string, nodeName: string, o: { phase?: string; ready?: boolean; hash?: string; created?: string; deleting?: boolean; bound?: boolean } = {}): KubeObject => {
  const p = pod(name, { phase: o.phase ?? 'Running', ready: o.ready ?? true, node: o.bound === false ? undefined : nodeName, created: o.created, labels: { app: 'agent', 'controller-revision-hash': o.hash ?? HASH, 'pod-template-generation': o.hash ? '0' : '1' } }) as unknown as Anything;
  p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true, blockOwnerDeletion: true }];
  p.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } } };
  if (o.deleting) p.metadata.deletionTimestamp = '2026-11-28T09:59:00Z';
  return p as KubeObject;
};
const tainted = (name: string, ...taints: Anything[]): KubeObject => {
  const n = node(name) as unknown as Anything;
  n.spec = { taints };
  return n as KubeObject;
};
/** The DaemonSet's recorded revision of its template (or of another one), as its controller makes it. */
const revisionOf = (ds: KubeObject, revision = 1, o: { hash?: string; template?: unknown; owned?: boolean } = {}): KubeObject => {
  const d = ds as unknown as Anything;
  const hash = o.hash ?? daemonSetRevisionHash(ds);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: `agent-${hash}`, namespace: 'default', uid: `rev-${hash}`, labels: { app: 'agent', 'controller-revision-hash': hash }, ...(o.owned === false ? {} : { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true, blockOwnerDeletion: true }] }) },
    data: statefulSetRevisionData(o.template ?? d.spec.template),
    revision,
  } as unknown as KubeObject;
};
const bare = (objects: readonly KubeObject[]) => plan(daemonSetReconciler(), objects, KEY);
/** The plan for a DaemonSet whose current revision is recorded already (unless the objects carry revisions). */
const p = (objects: readonly KubeObject[]) => bare(objects.some((o) => o.kind === 'ControllerRevision') ? objects : [...objects, revisionOf(objects[0]!)]);
const created = (commands: ReturnType<typeof p>): Anything[] => commands.filter((c) => c.command.type === 'Create' && c.kind === 'Pod').map((c) => (c.command as { data: { object: Anything } }).data.object);
const statusOf = (commands: ReturnType<typeof p>): Anything => (commands.find((c) => c.command.type === 'UpdateStatus')!.command as { data: { status: Anything } }).data.status;

const quota = (pods: string): KubeObject => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods } } }) as unknown as KubeObject;

describe('daemonset reconciler', () => {
  it('makes only the pods its namespace\'s quota has room for (a refused one is not made)', () => {
    expect(created(p([daemonSet(), node('a'), node('b'), quota('1')]))).toHaveLength(1);
  });

  it('creates a pod for each node, named for it by required node affinity, labelled with hash and generation, tolerating what daemons tolerate, owned by the DaemonSet', () => {
    const commands = p([daemonSet(), node('a'), node('b')]);
    const pods = created(commands);
    expect(pods.map((o) => o.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)).toEqual([
      [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }],
      [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }],
    ]);
    const [first] = pods;
    expect(first.spec.nodeName).toBeUndefined(); // the scheduler binds it
    expect(first.metadata).toMatchObject({ generateName: 'agent-', labels: { app: 'agent', 'controller-revision-hash': HASH, 'pod-template-generation': '1' } });
    expect(first.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true, blockOwnerDeletion: true }]);
    expect(first.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(statusOf(commands)).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 0, observedGeneration: 1, numberUnavailable: 2 });
  });

  it('replaces a template toleration the daemon ones match (not-ready for 300 s becomes for ever), keeps the others, adds the rest', () => {
    const [first] = created(p([daemonSet({}, { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { key: 'dedicated', operator: 'Exists' }] }), node('a')]));
    expect(first.spec.tolerations.slice(0, 3)).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'dedicated', operator: 'Exists' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    ]);
    expect(first.spec.tolerations).toHaveLength(7);
  });

  it('does nothing when every node runs its pod and the status says so', () => {
    const status = { currentNumberScheduled: 1, numberMisscheduled: 0, desiredNumberScheduled: 1, numberReady: 1, observedGeneration: 1, updatedNumberScheduled: 1, numberAvailable: 1 };
    expect(p([daemonSet({}, {}, status), node('a'), daemonPod('agent-a', 'a')])).toEqual([]);
  });

  it('counts a pod not yet bound on the node it is for', () => {
    expect(summary(p([daemonSet(), node('a'), daemonPod('agent-a', 'a', { bound: false, phase: 'Pending', ready: false })]))).toEqual(['UpdateStatus DaemonSet/agent']);
  });

  it('runs only on nodes its nodeSelector and node affinity select, and deletes the pods of nodes that no longer match (misscheduled)', () => {
    const commands = p([daemonSet({}, { nodeSelector: { disk: 'ssd' } }), node('a', { labels: { disk: 'ssd' } }), node('b'), daemonPod('agent-b', 'b')]);
    expect(summary(commands).filter((s) => !s.startsWith('Create'))).toEqual(['Delete Pod/agent-b', 'UpdateStatus DaemonSet/agent']);
    expect(created(commands).map((o) => o.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0])).toEqual(['a']);
    expect(statusOf(commands)).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 0, numberMisscheduled: 1 });
    const affine = daemonSet({}, { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }] } } } });
    expect(created(p([affine, node('a', { labels: { zone: 'z1' } }), node('b', { labels: { zone: 'z2' } })])).length).toBe(1);
  });

  it('runs on a cordoned node and one under pressure, not on one with a taint it does not tolerate; a NoExecute taint it does not tolerate evicts its pod', () => {
    const cordoned = node('a', { unschedulable: true }) as unknown as Anything;
    cordoned.spec.taints = [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }];
    const nodes = [cordoned as KubeObject, tainted('b', { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }), tainted('c', { key: 'dedicated', value: 'db', effect: 'NoSchedule' })];
    expect(created(p([daemonSet(), ...nodes])).length).toBe(2);
    // A NoSchedule taint keeps new pods off but leaves one there; a NoExecute one takes it off.
    expect(summary(p([daemonSet(), tainted('c', { key: 'dedicated', effect: 'NoSchedule' }), daemonPod('agent-c', 'c')]))).toEqual(['UpdateStatus DaemonSet/agent']);
    expect(summary(p([daemonSet(), tainted('c', { key: 'dedicated', effect: 'NoExecute' }), daemonPod('agent-c', 'c')]))).toEqual(['Delete Pod/agent-c', 'UpdateStatus DaemonSet/agent']);
    expect(created(p([daemonSet({}, { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }), nodes[2]!])).length).toBe(1);
  });

  it('deletes its pods of a node that is gone, a failed pod, and all but the oldest pod of a node', () => {
    const commands = p([daemonSet(), node('a'), node('b'), daemonPod('agent-gone', 'gone'), daemonPod('agent-a', 'a', { phase: 'Failed', ready: false }), daemonPod('agent-b1', 'b', { created: '2026-11-28T08:00:00Z' }), daemonPod('agent-b2', 'b')]);
    expect(summary(commands)).toEqual(['Delete Pod/agent-gone', 'Delete Pod/agent-a', 'Delete Pod/agent-b2', 'UpdateStatus DaemonSet/agent']);
  });

  it('deletes a failed pod, then waits out the node\'s back-off before deleting the next one (failedPodsBackoff)', () => {
    const reconciler = daemonSetReconciler();
    const failed = (name: string) => [daemonSet(), node('a'), daemonPod(name, 'a', { phase: 'Failed', ready: false })];
    const deletes = (commands: ReturnType<typeof p>) => summary(commands).filter((s) => s.startsWith('Delete'));
    expect(deletes(plan(reconciler, failed('agent-a1'), KEY))).toEqual(['Delete Pod/agent-a1']);
    expect(deletes(plan(reconciler, failed('agent-a2'), KEY))).toEqual([]);
    expect(deletes(plan(daemonSetReconciler(), failed('agent-a2'), KEY))).toEqual(['Delete Pod/agent-a2']);
  });

  it('ignores pods another controller controls, adopts the orphans it selects, and releases its pods it no longer selects', () => {
    expect(created(p([daemonSet(), node('a'), pod('other', { node: 'a', labels: { app: 'agent' } })])).length).toBe(1);
    // (OnDelete: the adopted pod is not of the current template, and would otherwise be rolled.)
    const adopting = p([daemonSet({ updateStrategy: { type: 'OnDelete' } }), node('a'), pod('orphan', { node: 'a', phase: 'Running', labels: { app: 'agent' }, owned: false })]);
    expect(summary(adopting)).toEqual(['Replace Pod/orphan', 'UpdateStatus DaemonSet/agent']);
    expect((adopting[0]!.command as { data: { object: Anything } }).data.object.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true, blockOwnerDeletion: true }]);
    const relabelled = daemonPod('agent-a', 'a') as unknown as Anything;
    relabelled.metadata.labels = { app: 'debug' };
    const releasing = p([daemonSet(), node('a'), relabelled as KubeObject]);
    expect(summary(releasing).filter((s) => !s.startsWith('Create'))).toEqual(['Replace Pod/agent-a', 'UpdateStatus DaemonSet/agent']);
    expect((releasing.find((c) => c.command.type === 'Replace')!.command as { data: { object: Anything } }).data.object.metadata.ownerReferences).toBeUndefined();
  });

  it('keeps status as storeDaemonSetStatus: ready, available after minReadySeconds, updated by hash', () => {
    const ds = daemonSet({ minReadySeconds: 3600 });
    const commands = p([ds, node('a'), node('b'), node('c'), daemonPod('agent-a', 'a'), daemonPod('agent-b', 'b', { hash: 'old' }), daemonPod('agent-c', 'c', { ready: false })]);
    expect(statusOf(commands)).toEqual({ currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 2, numberUnavailable: 3 });
  });

  describe('rolling update', () => {
    const nodes = [node('a'), node('b'), node('c')];
    const old = (n: string, o: { ready?: boolean; deleting?: boolean } = {}) => daemonPod(`agent-${n}`, n, { hash: 'old', ...o });
    const deleted = (commands: ReturnType<typeof p>): string[] => commands.filter((c) => c.command.type === 'Delete').map((c) => c.name);

    it('deletes old pods while fewer than maxUnavailable nodes lack an available pod (1 by default), in node order', () => {
      expect(deleted(p([daemonSet(), ...nodes, old('a'), old('b'), old('c')]))).toEqual(['agent-a']);
      expect(deleted(p([daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } } }), ...nodes, old('a'), old('b'), old('c')]))).toEqual(['agent-a', 'agent-b']);
    });

    it('waits while a deleted old pod terminates, or its replacement is not yet available, and goes on once it is', () => {
      expect(p([daemonSet(), ...nodes, old('a', { deleting: true }), old('b'), old('c')]).filter((c) => c.command.type !== 'UpdateStatus')).toEqual([]);
      expect(deleted(p([daemonSet(), ...nodes, daemonPod('agent-a2', 'a', { ready: false }), old('b'), old('c')]))).toEqual([]);
      expect(deleted(p([daemonSet(), ...nodes, daemonPod('agent-a2', 'a'), old('b'), old('c')]))).toEqual(['agent-b']);
    });

    it('replaces an unavailable old pod at once, beyond the budget', () => {
      expect(deleted(p([daemonSet(), ...nodes, old('a'), old('b', { ready: false }), daemonPod('agent-c2', 'c', { ready: false })]))).toEqual(['agent-b']);
    });

    it('creates the replacement of a deleted old pod from the current template', () => {
      const [pod] = created(p([daemonSet(), ...nodes, old('b'), old('c')]));
      expect(pod!.metadata.labels).toMatchObject({ 'controller-revision-hash': HASH, 'pod-template-generation': '1' });
    });

    it('leaves old pods alone under OnDelete: only a deleted one is replaced, from the current template', () => {
      const onDelete = daemonSet({ updateStrategy: { type: 'OnDelete' } });
      expect(deleted(p([onDelete, ...nodes, old('a'), old('b'), old('c')]))).toEqual([]);
      expect(created(p([onDelete, ...nodes, old('b'), old('c')])).map((o) => o.metadata.labels['controller-revision-hash'])).toEqual([daemonSetRevisionHash(onDelete)]);
    });

    it('with maxSurge, starts a new pod beside an available old one on up to maxSurge nodes, and deletes the old one once the new one is available', () => {
      const surge = daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } });
      const hash = daemonSetRevisionHash(surge);
      const fresh = (n: string, ready: boolean) => daemonPod(`agent-${n}2`, n, { ready, created: '2026-11-28T09:30:00Z', hash });
      const first = p([surge, ...nodes, old('a'), old('b'), old('c')]);
      expect(deleted(first)).toEqual([]);
      expect(created(first).map((o) => o.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0])).toEqual(['a']);
      expect(summary(p([surge, ...nodes, old('a'), fresh('a', false), old('b'), old('c')]))).toEqual(['UpdateStatus DaemonSet/agent']);
      expect(deleted(p([surge, ...nodes, old('a'), fresh('a', true), old('b'), old('c')]))).toEqual(['agent-a']);
    });
  });

  describe('history (ControllerRevisions)', () => {
    const withImage = (image: string, spec: Record<string, unknown> = {}): KubeObject => {
      const ds = daemonSet(spec) as unknown as Anything;
      ds.spec.template.spec.containers[0].image = image;
      return ds as KubeObject;
    };
    const objectOf = (c: ReturnType<typeof p>[number]): Anything => (c.command as { data: { object: Anything } }).data.object;
    const revisionCommands = (commands: ReturnType<typeof p>): string[] => summary(commands).filter((s) => s.includes('ControllerRevision/'));

    it('records the template as revision 1, `<ds>-<hash>` by ComputeHash of the template (not of the data), labelled, annotated and owned as the DaemonSet, and labels its pods with that hash', () => {
      const ds = daemonSet() as unknown as Anything;
      ds.metadata.annotations = { 'kubernetes.io/change-cause': 'first' };
      const commands = bare([ds as KubeObject, node('a')]);
      const hash = podTemplateHash(ds.spec.template);
      expect(revisionCommands(commands)).toEqual([`Create ControllerRevision/agent-${hash}`]);
      const revision = objectOf(commands.find((c) => c.kind === 'ControllerRevision')!);
      expect(revision).toMatchObject({ apiVersion: 'apps/v1', kind: 'ControllerRevision', revision: 1, data: statefulSetRevisionData(ds.spec.template) });
      expect(revision.data.spec.template).toMatchObject({ $patch: 'replace', metadata: { creationTimestamp: null, labels: { app: 'agent' } } });
      expect(revision.metadata).toMatchObject({ labels: { app: 'agent', 'controller-revision-hash': hash }, annotations: { 'kubernetes.io/change-cause': 'first' } });
      expect(revision.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true, blockOwnerDeletion: true }]);
      expect(created(commands)[0].metadata.labels['controller-revision-hash']).toBe(hash);
    });

    it('records a changed template as the next revision, and does nothing more for a template already recorded', () => {
      const v1 = withImage('busybox:1');
      const v2 = withImage('busybox:2');
      expect(revisionCommands(bare([v2, revisionOf(v1, 4)]))).toEqual([`Create ControllerRevision/agent-${daemonSetRevisionHash(v2)}`]);
      expect(objectOf(bare([v2, revisionOf(v1, 4)]).find((c) => c.kind === 'ControllerRevision')!).revision).toBe(5);
      expect(revisionCommands(bare([v2, revisionOf(v1, 1), revisionOf(v2, 2)]))).toEqual([]);
    });

    it('renumbers a revision the template comes back to (a rollback) past the others, and labels new pods with its hash', () => {
      const v1 = withImage('busybox:1');
      const v2 = withImage('busybox:2');
      const commands = bare([v1, node('a'), revisionOf(v1, 1), revisionOf(v2, 2)]);
      expect(revisionCommands(commands)).toEqual([`Replace ControllerRevision/agent-${daemonSetRevisionHash(v1)}`]);
      expect(objectOf(commands.find((c) => c.kind === 'ControllerRevision')!).revision).toBe(3);
      expect(created(commands)[0].metadata.labels['controller-revision-hash']).toBe(daemonSetRevisionHash(v1));
    });

    it('keeps the newest of revisions recording the same template: the others are deleted, its pods relabelled to it', () => {
      const ds = daemonSet();
      const pod = daemonPod('agent-a', 'a', { hash: 'older' }) as unknown as Anything;
      pod.metadata.labels['pod-template-generation'] = '1'; // of the current template, by generation
      const commands = bare([ds, node('a'), pod as KubeObject, revisionOf(ds, 1, { hash: 'older' }), revisionOf(ds, 2)]);
      expect(summary(commands).filter((s) => !s.startsWith('UpdateStatus'))).toEqual(['Replace Pod/agent-a', 'Delete ControllerRevision/agent-older']);
      expect(objectOf(commands[0]!).metadata.labels['controller-revision-hash']).toBe(HASH);
    });

    it('counts a collision when another template holds the name, and does nothing else until the hash has changed', () => {
      const ds = daemonSet();
      const squatter = revisionOf(ds, 1, { template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'other', image: 'other' }] } } });
      expect(summary(bare([ds, node('a'), squatter]))).toEqual(['UpdateStatus DaemonSet/agent']);
      expect(statusOf(bare([ds, node('a'), squatter]))).toEqual({ collisionCount: 1 });
      const counted = daemonSet({}, {}, { collisionCount: 1 });
      expect(daemonSetRevisionHash(counted)).not.toBe(HASH);
      expect(revisionCommands(bare([counted, squatter]))).toEqual([`Create ControllerRevision/agent-${daemonSetRevisionHash(counted)}`]);
    });

    it('adopts an orphan revision its selector matches, and gives a revision without the hash label its name as one', () => {
      const ds = daemonSet();
      const orphan = revisionOf(ds, 1, { owned: false }) as unknown as Anything;
      delete orphan.metadata.labels['controller-revision-hash'];
      orphan.metadata.labels.app = 'agent';
      const commands = bare([ds, orphan as KubeObject]);
      expect(revisionCommands(commands)).toEqual([`Replace ControllerRevision/agent-${HASH}`, `Replace ControllerRevision/agent-${HASH}`]);
      expect(objectOf(commands[0]!).metadata.ownerReferences).toHaveLength(1);
      expect(objectOf(commands[1]!).metadata.labels['controller-revision-hash']).toBe(`agent-${HASH}`);
    });

    it('deletes old revisions beyond revisionHistoryLimit, oldest first, but not one a pod still carries the hash of', () => {
      const ds = withImage('busybox:9', { revisionHistoryLimit: 1 });
      const olds = [1, 2, 3].map((n) => revisionOf(withImage(`busybox:${n}`), n));
      const used = daemonSetRevisionHash(withImage('busybox:1'));
      const commands = bare([ds, node('a'), daemonPod('agent-a', 'a', { hash: used }), ...olds, revisionOf(ds, 4)]);
      expect(revisionCommands(commands)).toEqual([`Delete ControllerRevision/agent-${daemonSetRevisionHash(withImage('busybox:2'))}`, `Delete ControllerRevision/agent-${daemonSetRevisionHash(withImage('busybox:3'))}`]);
    });

    it('hashes a collision count into the template\'s hash as controller.ComputeHash does: FNV-1a, then the count as 8 little-endian bytes', () => {
      const template = (daemonSet() as unknown as Anything).spec.template;
      const fnv1a = (bytes: Iterable<number>): number => [...bytes].reduce((h, b) => Math.imul(h ^ b, 0x01000193) >>> 0, 0x811c9dc5);
      const sum = fnv1a([...Buffer.from(canonicalJson(template)), 2, 0, 0, 0, 0, 0, 0, 0]);
      expect(podTemplateHash(template, 2)).toBe(safeEncodeString(String(sum)));
    });
  });
});
