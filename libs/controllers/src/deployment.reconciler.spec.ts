import type { KubeObject } from '@bosun/api';
import { deploymentReconciler } from './deployment.reconciler';
import { fenceposts, newReplicaSetReplicas, oldReplicaSetScaleDowns, podTemplateHash, sameTemplate } from './deployment.rollout';
import { cacheOf, plan, summary } from './testing/cache.given';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = 'deployments/default/web';
const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }], restartPolicy: 'Always' } });
const deployment = (o: { replicas?: number; image?: string; strategy?: Anything; status?: Anything; generation?: number; annotations?: Record<string, string>; revisionHistoryLimit?: number; paused?: boolean } = {}): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: o.generation ?? 1, ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      replicas: o.replicas ?? 3,
      selector: { matchLabels: { app: 'web' } },
      template: template(o.image ?? 'nginx:1.25'),
      strategy: o.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: o.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: 600,
      ...(o.paused ? { paused: true } : {}),
    },
    ...(o.status ? { status: o.status } : {}),
  }) as unknown as KubeObject;

/** A ReplicaSet the Deployment made for `image`, at `revision`, with `replicas` (spec) of which `available` are available. */
const replicaSet = (image: string, revision: number, replicas: number, available = replicas, created = `2026-11-28T0${revision}:00:00Z`): KubeObject => {
  const hash = podTemplateHash(template(image));
  const labels = { app: 'web', 'pod-template-hash': hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `web-${hash}`, namespace: 'default', uid: `rs-${hash}`, creationTimestamp: created, labels, annotations: { 'deployment.kubernetes.io/revision': String(revision) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }] },
    spec: { replicas, selector: { matchLabels: labels }, template: { ...template(image), metadata: { labels } } },
    status: { replicas, ...(available > 0 ? { readyReplicas: available, availableReplicas: available } : {}) },
  } as unknown as KubeObject;
};
const p = (objects: readonly KubeObject[]) => plan(deploymentReconciler, objects, KEY);
const replicasOf = (commands: ReturnType<typeof p>, name: string): number | undefined =>
  (commands.find((c) => c.kind === 'ReplicaSet' && c.name === name && c.command.type !== 'Delete')?.command as { data: { object: Anything } } | undefined)?.data.object.spec.replicas;
const statusOf = (commands: ReturnType<typeof p>): Anything => (commands.find((c) => c.command.type === 'UpdateStatus')!.command as { data: { status: Anything } }).data.status;
const rsName = (image: string): string => `web-${podTemplateHash(template(image))}`;

describe('deployment reconciler', () => {
  it('carries its ReplicaSet\'s ReplicaFailure (FailedCreate under a quota), and drops it once the ReplicaSet has none', () => {
    const failure = { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-x" is forbidden: exceeded quota: q', lastTransitionTime: '2026-11-28T09:30:00Z' };
    const rs = replicaSet('nginx:1.25', 1, 3, 2) as Anything;
    const refused = { ...rs, status: { ...rs.status, replicas: 2, conditions: [failure] } } as KubeObject;
    const d = deployment({ annotations: { 'deployment.kubernetes.io/revision': '1' } });
    const status = statusOf(p([d, refused]));
    expect(status.conditions).toContainEqual({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: failure.message, lastUpdateTime: failure.lastTransitionTime, lastTransitionTime: failure.lastTransitionTime });
    const recovered = statusOf(p([deployment({ annotations: { 'deployment.kubernetes.io/revision': '1' }, status }), replicaSet('nginx:1.25', 1, 3)]));
    expect(recovered.conditions.map((c: Anything) => c.type)).not.toContain('ReplicaFailure');
  });

  it('creates the ReplicaSet of its template, named by the pod-template-hash, owned by it, at revision 1', () => {
    const commands = p([deployment()]);
    expect(summary(commands)).toEqual([`Create ReplicaSet/${rsName('nginx:1.25')}`, 'Replace Deployment/web', 'UpdateStatus Deployment/web']);
    const rs = (commands[0]!.command as { data: { object: Anything } }).data.object;
    const hash = podTemplateHash(template('nginx:1.25'));
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs.metadata).toMatchObject({ labels: { app: 'web', 'pod-template-hash': hash }, annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' } });
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }]);
    expect(rs.spec).toMatchObject({ replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: { metadata: { labels: { app: 'web', 'pod-template-hash': hash } } } });
    const revised = (commands[1]!.command as { data: { object: Anything } }).data.object;
    expect(revised.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(statusOf(commands).conditions).toEqual([
      expect.objectContaining({ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }),
      expect.objectContaining({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${rsName('nginx:1.25')}"` }),
    ]);
  });

  it('reports a finished rollout as kubectl rollout status reads it: counts, observedGeneration, NewReplicaSetAvailable', () => {
    const d = deployment({ generation: 2, annotations: { 'deployment.kubernetes.io/revision': '1' }, status: { conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastTransitionTime: 't0', lastUpdateTime: 't0' }] } });
    const status = statusOf(p([d, replicaSet('nginx:1.25', 1, 3)]));
    expect(status).toMatchObject({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(status.unavailableReplicas).toBeUndefined();
    expect(status.conditions.map((c: Anything) => `${c.type} ${c.status} ${c.reason}`)).toEqual(['Available True MinimumReplicasAvailable', 'Progressing True NewReplicaSetAvailable']);
    // Still True, another reason: the transition time stays (SetDeploymentCondition); a changed condition goes last.
    expect(status.conditions[1].lastTransitionTime).toBe('t0');
  });

  it('does nothing when the rollout is complete and the status current', () => {
    const d = deployment({ annotations: { 'deployment.kubernetes.io/revision': '1' } });
    const status = statusOf(p([d, replicaSet('nginx:1.25', 1, 3)]));
    expect(summary(p([{ ...d, status } as KubeObject, replicaSet('nginx:1.25', 1, 3)]))).toEqual([]);
  });

  it('scales its ReplicaSet with the Deployment', () => {
    const commands = p([deployment({ replicas: 5, annotations: { 'deployment.kubernetes.io/revision': '1' } }), replicaSet('nginx:1.25', 1, 3)]);
    expect(replicasOf(commands, rsName('nginx:1.25'))).toBe(5);
    expect(replicasOf(p([deployment({ replicas: 1, annotations: { 'deployment.kubernetes.io/revision': '1' } }), replicaSet('nginx:1.25', 1, 3)]), rsName('nginx:1.25'))).toBe(1);
  });

  it('starts a rolling update of a new template with a new ReplicaSet within maxSurge, at the next revision', () => {
    const d = deployment({ replicas: 4, image: 'nginx:1.26', annotations: { 'deployment.kubernetes.io/revision': '1' } });
    const commands = p([d, replicaSet('nginx:1.25', 1, 4)]);
    expect(summary(commands)[0]).toBe(`Create ReplicaSet/${rsName('nginx:1.26')}`);
    const rs = (commands[0]!.command as { data: { object: Anything } }).data.object;
    expect(rs.spec.replicas).toBe(1); // 25% of 4 surge: 5 pods at most
    expect(rs.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('shrinks the old ReplicaSet while replicas − maxUnavailable stay available, once the new one is as large as it may be', () => {
    const d = deployment({ replicas: 4, image: 'nginx:1.26', annotations: { 'deployment.kubernetes.io/revision': '2' } });
    // New at 1 (not yet available), old at 4 available: 5 pods, 3 must stay available → old may lose 1.
    const commands = p([d, replicaSet('nginx:1.25', 1, 4), replicaSet('nginx:1.26', 2, 1, 0)]);
    expect(replicasOf(commands, rsName('nginx:1.26'))).toBeUndefined();
    expect(replicasOf(commands, rsName('nginx:1.25'))).toBe(3);
  });

  it('grows the new ReplicaSet again once the old one shrank', () => {
    const d = deployment({ replicas: 4, image: 'nginx:1.26', annotations: { 'deployment.kubernetes.io/revision': '2' } });
    expect(replicasOf(p([d, replicaSet('nginx:1.25', 1, 3), replicaSet('nginx:1.26', 2, 1)]), rsName('nginx:1.26'))).toBe(2);
  });

  it('with Recreate, scales the old ReplicaSets to 0 first, and creates the new one only when their pods are gone', () => {
    const strategy = { type: 'Recreate' };
    const d = deployment({ image: 'nginx:1.26', strategy, annotations: { 'deployment.kubernetes.io/revision': '1' } });
    const first = p([d, replicaSet('nginx:1.25', 1, 3)]);
    expect(replicasOf(first, rsName('nginx:1.25'))).toBe(0);
    expect(summary(first).some((s) => s.startsWith('Create'))).toBe(false);
    const oldPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'old', namespace: 'default', uid: 'p', labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicaSet', name: rsName('nginx:1.25'), uid: `rs-${podTemplateHash(template('nginx:1.25'))}`, controller: true }] }, spec: {}, status: { phase: 'Running' } } as unknown as KubeObject;
    expect(summary(p([d, replicaSet('nginx:1.25', 1, 0, 0), oldPod])).some((s) => s.startsWith('Create'))).toBe(false);
    const created = p([d, replicaSet('nginx:1.25', 1, 0, 0)]);
    expect(summary(created)[0]).toBe(`Create ReplicaSet/${rsName('nginx:1.26')}`);
    expect((created[0]!.command as { data: { object: Anything } }).data.object.spec.replicas).toBe(3);
  });

  it('makes a template used before current again at the next revision (rollout undo), and the Deployment follows', () => {
    const d = deployment({ image: 'nginx:1.25', annotations: { 'deployment.kubernetes.io/revision': '2' } });
    const commands = p([d, replicaSet('nginx:1.25', 1, 0, 0), replicaSet('nginx:1.26', 2, 3)]);
    // One replace of the revived ReplicaSet, with its revision and its first step of growth together.
    expect(commands.filter((c) => c.name === rsName('nginx:1.25'))).toHaveLength(1);
    const revived = commands.find((c) => c.name === rsName('nginx:1.25'))!.command as { data: { object: Anything } };
    expect(revived.data.object.spec.replicas).toBe(1);
    expect(revived.data.object.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(revived.data.object.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('1');
    const revised = commands.find((c) => c.kind === 'Deployment' && c.command.type === 'Replace')!.command as { data: { object: Anything } };
    expect(revised.data.object.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('deletes the old ReplicaSets without pods beyond revisionHistoryLimit, oldest revision first, once complete', () => {
    const d = deployment({ image: 'nginx:1.27', revisionHistoryLimit: 1, annotations: { 'deployment.kubernetes.io/revision': '3' } });
    const objects = [d, replicaSet('nginx:1.25', 1, 0, 0), replicaSet('nginx:1.26', 2, 0, 0), replicaSet('nginx:1.27', 3, 3)];
    expect(summary(p(objects)).filter((s) => s.startsWith('Delete'))).toEqual([`Delete ReplicaSet/${rsName('nginx:1.25')}`]);
  });

  it('copies its annotations to its new ReplicaSet, added or changed (a change-cause set after the rollout)', () => {
    const d = deployment({ annotations: { 'deployment.kubernetes.io/revision': '1', 'kubernetes.io/change-cause': 'image 1.25', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } });
    const commands = p([d, replicaSet('nginx:1.25', 1, 3)]);
    const rs = (commands.find((c) => c.kind === 'ReplicaSet')!.command as { data: { object: Anything } }).data.object;
    expect(rs.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1', 'kubernetes.io/change-cause': 'image 1.25' });
  });

  it('adopts an orphan ReplicaSet it selects', () => {
    const orphan = replicaSet('nginx:1.25', 1, 3) as unknown as Anything;
    delete orphan.metadata.ownerReferences;
    expect(summary(p([deployment(), orphan as KubeObject]))).toEqual([`Replace ReplicaSet/${rsName('nginx:1.25')}`]);
  });

  it('when paused, rolls nothing out but still scales its active ReplicaSet, and says so (Progressing Unknown DeploymentPaused)', () => {
    const d = deployment({ replicas: 5, image: 'nginx:1.26', paused: true, annotations: { 'deployment.kubernetes.io/revision': '1' } });
    const commands = p([d, replicaSet('nginx:1.25', 1, 3)]);
    expect(summary(commands)).toEqual([`Replace ReplicaSet/${rsName('nginx:1.25')}`, 'UpdateStatus Deployment/web']);
    expect(replicasOf(commands, rsName('nginx:1.25'))).toBe(5);
    expect(statusOf(commands).conditions).toContainEqual(expect.objectContaining({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }));
    // Resumed: the rollout starts, and the condition says it resumed first.
    const resumed = deployment({ replicas: 5, image: 'nginx:1.26', annotations: { 'deployment.kubernetes.io/revision': '1' }, status: statusOf(commands) });
    const next = p([resumed, replicaSet('nginx:1.25', 1, 5)]);
    expect(summary(next)[0]).toBe(`Create ReplicaSet/${rsName('nginx:1.26')}`);
  });

  it('reports ProgressDeadlineExceeded when a rollout has not moved for progressDeadlineSeconds, and is looked at again when that is due', () => {
    const stuck = (lastUpdateTime: string): KubeObject =>
      deployment({
        image: 'nginx:1.26',
        annotations: { 'deployment.kubernetes.io/revision': '2' },
        status: { observedGeneration: 1, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: 't0', lastTransitionTime: 't0' }, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime, lastTransitionTime: lastUpdateTime }] },
      });
    const objects = (d: KubeObject) => [d, replicaSet('nginx:1.25', 1, 3), replicaSet('nginx:1.26', 2, 1, 0)];
    // The plans' time is 2026-11-28T10:00:00Z; the deadline 600 s.
    const late = statusOf(p(objects(stuck('2026-11-28T09:49:00Z'))));
    expect(late.conditions).toContainEqual(expect.objectContaining({ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName('nginx:1.26')}" has timed out progressing.` }));
    expect(summary(p(objects(stuck('2026-11-28T09:55:00Z'))))).toEqual([]);
    const recent = new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const wait = deploymentReconciler.requeueAfterMs!(KEY, cacheOf([stuck(recent)]))!;
    expect(wait).toBeGreaterThan(590_000);
    expect(wait).toBeLessThanOrEqual(601_000);
  });

  it('scales a rollout in flight proportionally: each active ReplicaSet by its share of the max-replicas it was sized for', () => {
    const sized = (rs: KubeObject, desired: number, max: number): KubeObject => {
      const o = rs as unknown as Anything;
      o.metadata.annotations = { ...o.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(desired), 'deployment.kubernetes.io/max-replicas': String(max) };
      return rs;
    };
    // 10 replicas (max 13 with 25% surge) mid-rollout: old 8, new 5; scaled to 20 (max 25): 12 more, shared 7 and 5.
    const d = deployment({ replicas: 20, image: 'nginx:1.26', annotations: { 'deployment.kubernetes.io/revision': '2' } });
    const commands = p([d, sized(replicaSet('nginx:1.25', 1, 8), 10, 13), sized(replicaSet('nginx:1.26', 2, 5, 0), 10, 13)]);
    expect(replicasOf(commands, rsName('nginx:1.25'))).toBe(15);
    expect(replicasOf(commands, rsName('nginx:1.26'))).toBe(10);
    const old = (commands.find((c) => c.name === rsName('nginx:1.25'))!.command as { data: { object: Anything } }).data.object;
    expect(old.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '20', 'deployment.kubernetes.io/max-replicas': '25' });
    // Scaled down to 0: every active ReplicaSet goes.
    const none = p([deployment({ replicas: 0, image: 'nginx:1.26', annotations: { 'deployment.kubernetes.io/revision': '2' } }), sized(replicaSet('nginx:1.25', 1, 8), 10, 13), sized(replicaSet('nginx:1.26', 2, 5, 0), 10, 13)]);
    expect([replicasOf(none, rsName('nginx:1.25')), replicasOf(none, rsName('nginx:1.26'))]).toEqual([0, 0]);
    // A scaling event that changes no size still records the new size on the ReplicaSets, or it would stay one.
    const same = p([deployment({ replicas: 12, image: 'nginx:1.26', annotations: { 'deployment.kubernetes.io/revision': '2' } }), sized(replicaSet('nginx:1.25', 1, 8), 10, 13), sized(replicaSet('nginx:1.26', 2, 7, 0), 10, 13)]);
    expect(summary(same).filter((c) => c.startsWith('Replace ReplicaSet'))).toHaveLength(2);
  });

  it('is queued by its ReplicaSets’ changes', () => {
    const state = cacheOf([deployment()]);
    expect(deploymentReconciler.keysFor({ type: 'MODIFIED', key: 'replicasets/default/x', object: replicaSet('nginx:1.25', 1, 3) } as never, state)).toEqual([KEY]);
  });
});

describe('rollout arithmetic', () => {
  it('resolves maxSurge rounding up and maxUnavailable rounding down, never both 0', () => {
    expect(fenceposts(deployment({ replicas: 3 }) as unknown as Anything)).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(fenceposts(deployment({ replicas: 10, strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }) as unknown as Anything)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('grows a new ReplicaSet only within replicas + maxSurge', () => {
    const d = deployment({ replicas: 10, strategy: { rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }) as unknown as Anything;
    const old = replicaSet('nginx:1.25', 1, 10) as unknown as Anything;
    expect(newReplicaSetReplicas(d, [old], undefined)).toBe(3);
    const young = replicaSet('nginx:1.26', 2, 3, 0) as unknown as Anything;
    expect(newReplicaSetReplicas(d, [old, young], young)).toBe(3);
    expect(oldReplicaSetScaleDowns(d, [old], young).get(old)).toBe(8);
  });

  it('compares templates ignoring the pod-template-hash label', () => {
    const a = (replicaSet('nginx:1.25', 1, 1) as unknown as Anything).spec.template;
    expect(sameTemplate(a, template('nginx:1.25'))).toBe(true);
    expect(sameTemplate(a, template('nginx:1.26'))).toBe(false);
  });

  it('reads a template as Go does: null and empty lists are fields left out (kubectl rollout undo writes creationTimestamp: null back)', () => {
    const stored = template('nginx:1.25') as Anything;
    const undone = { ...stored, metadata: { ...stored.metadata, creationTimestamp: null }, spec: { ...stored.spec, volumes: [], containers: stored.spec.containers.map((c: Anything) => ({ ...c, env: [] })) } };
    expect(sameTemplate(stored, undone)).toBe(true);
    expect(sameTemplate(undone, { ...undone, spec: { ...undone.spec, containers: undone.spec.containers.map((c: Anything) => ({ ...c, env: [{ name: 'A', value: '1' }] })) } })).toBe(false);
  });
});
