import { applyDefaults, controllerOf, objectKey, podSelectorOf, type KubeObject } from '@bosun/api';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { keyOfObject, type Plan, type Reconciler } from './controller';
import {
  copiedAnnotations,
  DESIRED_REPLICAS,
  deploymentStatus,
  fenceposts,
  isScalingEvent,
  MAX_REPLICAS,
  newReplicaSetReplicas,
  oldReplicaSetScaleDowns,
  POD_TEMPLATE_HASH,
  podTemplateHash,
  progressDeadline,
  REVISION,
  REVISION_HISTORY,
  revisionOf,
  scaleReplicaSets,
  sameTemplate,
  specReplicas,
} from './deployment.rollout';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const isActivePod = (pod: Anything): boolean => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';

/**
 * The deployment controller (kube-controller-manager's, pkg/controller/deployment): a Deployment
 * owns one ReplicaSet per pod template it has had, named `<deployment>-<pod-template-hash>`, whose
 * selector and pods carry the `pod-template-hash` label. The ReplicaSet of the current template is
 * the new one; the others are old. A RollingUpdate grows the new one while the total stays within
 * replicas + maxSurge and shrinks the old ones while replicas − maxUnavailable stay available; a
 * Recreate scales the old ones to 0 and, once their pods are gone, the new one up. Revisions
 * (`deployment.kubernetes.io/revision`) number the ReplicaSets in the order their templates became
 * current — a template used again (`kubectl rollout undo`) takes the next number —, and the
 * Deployment carries its new ReplicaSet's. Once the rollout is complete, old ReplicaSets with no
 * pods beyond revisionHistoryLimit are deleted. The status sums the ReplicaSets' and says Available
 * and Progressing with kube's reasons, which `kubectl rollout status` reads (ProgressDeadlineExceeded
 * once nothing moved for progressDeadlineSeconds: the key is looked at again when that is due). A
 * paused Deployment, and one whose spec.replicas changed, is scaled (proportionally over its
 * active ReplicaSets in a rollout in flight), not rolled. The ReplicaSets' pods are the replication
 * controller's business.
 */
export const deploymentReconciler: Reconciler = {
  name: 'deployment',

  initialKeys: (state) => state.list('Deployment').map(keyOfObject),

  keysFor(change: ObjectChange, state: ClusterState): string[] {
    const o = change.object as Anything;
    const ns = o.metadata?.namespace as string | undefined;
    if (o.kind === 'Deployment') return [change.key];
    if (o.kind === 'ReplicaSet') {
      const owner = controllerOf(o);
      if (owner?.kind === 'Deployment') return [objectKey('Deployment', ns, owner.name)];
      if (owner !== undefined) return [];
      // An orphan may be adopted by a Deployment that selects it.
      return (state.list('Deployment', ns) as Anything[]).filter((d) => podSelectorOf(d).matches(o.metadata?.labels)).map((d) => keyOfObject(d as KubeObject));
    }
    if (o.kind === 'Pod' && change.type === 'DELETED') {
      // A Recreate waits for the old pods to be gone before it creates the new ones.
      const rsRef = controllerOf(o);
      if (rsRef?.kind !== 'ReplicaSet') return [];
      const rs = state.getObject(objectKey('ReplicaSet', ns, rsRef.name)) as Anything | null;
      const dRef = rs === null ? undefined : controllerOf(rs);
      if (dRef?.kind !== 'Deployment') return [];
      const d = state.getObject(objectKey('Deployment', ns, dRef.name)) as Anything | null;
      return d?.spec?.strategy?.type === 'Recreate' ? [keyOfObject(d as KubeObject)] : [];
    }
    return [];
  },

  // requeueStuckDeployment: look again when a rollout in progress runs out of its deadline.
  requeueAfterMs(key: string, state: ClusterState): number | undefined {
    const d = state.getObject(key) as Anything | null;
    const due = d === null ? undefined : progressDeadline(d);
    return due === undefined ? undefined : Math.max(200, due - Date.now() + 1000);
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const d = state.getObject(key) as Anything | null;
    if (d === null || d.metadata.deletionTimestamp) return [];
    const ns: string = d.metadata.namespace;
    const commands: AddressedCommand[] = [];
    const replicaSet = (rs: Anything, object: Anything): AddressedCommand => ({ kind: 'ReplicaSet', namespace: ns, name: rs.metadata.name, command: { type: 'Replace', data: { object: object as KubeObject }, metadata: meta() } });
    const selector = podSelectorOf(d);

    // The Deployment's ReplicaSets: those it controls, and orphans it selects (adopted).
    const owned: Anything[] = [];
    for (const rs of state.list('ReplicaSet', ns) as Anything[]) {
      const owner = controllerOf(rs);
      if (owner?.uid === d.metadata.uid) owned.push(rs);
      else if (owner === undefined && !rs.metadata.deletionTimestamp && !selector.isEmpty() && selector.matches(rs.metadata?.labels)) {
        owned.push(rs);
        commands.push(replicaSet(rs, { ...rs, metadata: { ...rs.metadata, ownerReferences: [...(rs.metadata.ownerReferences ?? []), ownerRef(d)] } }));
      }
    }
    if (commands.length > 0) return commands; // adopt first; look again once the log shows it

    // Each ReplicaSet is replaced at most once per plan, with every change made to it (a revived
    // one's revision and its size): two replaces naming the same resourceVersion, the second would conflict.
    const writes = new Map<string, Anything>();
    const write = (rs: Anything): void => void writes.set(rs.metadata.name, rs);
    let newRS = owned.find((rs) => sameTemplate(rs.spec?.template, d.spec?.template));
    const olds = owned.filter((rs) => rs !== newRS);
    const maxOldRevision = Math.max(0, ...olds.map(revisionOf));
    const recreate = d.spec?.strategy?.type === 'Recreate';
    const paused = d.spec?.paused === true;
    let created = false;

    // A template used before becomes current again: it takes the next revision (kubectl rollout undo).
    // The revision it had is kept in its revision-history (SetNewReplicaSetAnnotations).
    if (newRS !== undefined && revisionOf(newRS) <= maxOldRevision && !paused) {
      const annotations: Record<string, string> = { ...(newRS.metadata.annotations ?? {}), [REVISION]: String(maxOldRevision + 1) };
      const had = newRS.metadata.annotations?.[REVISION] as string | undefined;
      if (had !== undefined) annotations[REVISION_HISTORY] = [annotations[REVISION_HISTORY], had].filter((r) => r).join(',');
      newRS = { ...newRS, metadata: { ...newRS.metadata, annotations } };
      write(newRS);
    }

    // The Deployment's annotations follow to its new ReplicaSet (copyDeploymentAnnotationsToReplicaSet:
    // added or changed, never removed), so `kubectl annotate … kubernetes.io/change-cause=…` after a
    // rollout shows in `kubectl rollout history`.
    if (newRS !== undefined) {
      const copied = copiedAnnotations(d);
      if (Object.entries(copied).some(([k, v]) => newRS!.metadata.annotations?.[k] !== v)) {
        newRS = { ...newRS, metadata: { ...newRS.metadata, annotations: { ...(newRS.metadata.annotations ?? {}), ...copied } } };
        write(newRS);
      }
    }

    if (paused || isScalingEvent(d, owned)) {
      // sync: a paused Deployment, or one whose spec.replicas changed, is scaled, not rolled out.
      for (const [rs, replicas] of scaleReplicaSets(d, newRS, olds)) write(withReplicas(rs, replicas, d));
    } else if (recreate) {
      const shrinking = olds.filter((rs) => specReplicas(rs) > 0);
      for (const rs of shrinking) write(withReplicas(rs, 0, d));
      const oldUids = new Set(olds.map((rs) => rs.metadata.uid));
      const oldPodsLeft = (state.list('Pod', ns) as Anything[]).some((p) => oldUids.has(controllerOf(p)?.uid) && isActivePod(p));
      if (shrinking.length === 0 && !oldPodsLeft) {
        if (newRS === undefined) {
          const made = newReplicaSet(d, specReplicas(d), maxOldRevision + 1, state);
          if (made === 'collision') return [collided(d, meta)];
          newRS = made;
          created = true;
          commands.push({ kind: 'ReplicaSet', namespace: ns, name: made.metadata.name, command: { type: 'Create', data: { object: made as KubeObject }, metadata: meta() } });
        } else if (specReplicas(newRS) !== specReplicas(d)) {
          write(withReplicas(newRS, specReplicas(d), d));
        }
      }
    } else {
      const all = newRS === undefined ? olds : [...olds, newRS];
      const target = newReplicaSetReplicas(d, all, newRS);
      if (newRS === undefined) {
        const made = newReplicaSet(d, target, maxOldRevision + 1, state);
        if (made === 'collision') return [collided(d, meta)];
        newRS = made;
        created = true;
        commands.push({ kind: 'ReplicaSet', namespace: ns, name: made.metadata.name, command: { type: 'Create', data: { object: made as KubeObject }, metadata: meta() } });
      } else if (target !== specReplicas(newRS)) {
        write(withReplicas(newRS, target, d));
      } else {
        // The new ReplicaSet is as large as it may be for now: shrink the old ones.
        for (const [rs, replicas] of oldReplicaSetScaleDowns(d, olds, newRS)) write(withReplicas(rs, replicas, d));
      }
    }
    for (const rs of writes.values()) commands.push(replicaSet(rs, rs));

    // The Deployment carries its new ReplicaSet's revision. Sent before the status, which names no
    // resourceVersion: this replace names the one read, so a user's concurrent edit is never overwritten.
    const revision = newRS === undefined ? undefined : (newRS.metadata.annotations?.[REVISION] as string | undefined);
    if (revision !== undefined && d.metadata.annotations?.[REVISION] !== revision) {
      const object = { ...d, metadata: { ...d.metadata, annotations: { ...(d.metadata.annotations ?? {}), [REVISION]: revision } } };
      commands.push({ kind: 'Deployment', namespace: ns, name: d.metadata.name, command: { type: 'Replace', data: { object: object as KubeObject }, metadata: meta() } });
    }

    const all = newRS === undefined ? olds : [...olds.filter((rs) => rs !== newRS), ...(created ? [] : [newRS])];
    const status = deploymentStatus(d, all, newRS, meta().time, created);
    if (!isDeepStrictEqual(status, d.status ?? {})) {
      commands.push({ kind: 'Deployment', namespace: ns, name: d.metadata.name, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } });
    }

    // cleanupDeployment: once complete, old ReplicaSets with no pods beyond revisionHistoryLimit go, oldest revision first.
    const complete = status.updatedReplicas === specReplicas(d) && (status.replicas ?? 0) === specReplicas(d) && (status.availableReplicas ?? 0) === specReplicas(d);
    const limit = d.spec?.revisionHistoryLimit;
    if (complete && typeof limit === 'number') {
      const empty = olds.filter((rs) => specReplicas(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp).sort((a, b) => revisionOf(a) - revisionOf(b));
      for (const rs of empty.slice(0, Math.max(0, empty.length - limit))) {
        commands.push({ kind: 'ReplicaSet', namespace: ns, name: rs.metadata.name, command: { type: 'Delete', data: {}, metadata: meta() } });
      }
    }
    return commands;
  },
};

function ownerRef(d: Anything): Anything {
  return { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/** A ReplicaSet scaled, with the annotations that say for which size of the Deployment (SetReplicasAnnotations). */
function withReplicas(rs: Anything, replicas: number, d: Anything): Anything {
  const annotations = { ...(rs.metadata.annotations ?? {}), [DESIRED_REPLICAS]: String(specReplicas(d)), [MAX_REPLICAS]: String(specReplicas(d) + fenceposts(d).maxSurge) };
  return { ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, replicas } };
}

/**
 * The new ReplicaSet of the Deployment's template, as getNewReplicaSet builds it; 'collision' when
 * another ReplicaSet already has its name (the Deployment's collisionCount then goes up, which
 * changes the hash).
 */
function newReplicaSet(d: Anything, replicas: number, revision: number, state: ClusterState): Anything | 'collision' {
  const template = d.spec?.template ?? {};
  const hash = podTemplateHash(template, d.status?.collisionCount);
  const name = `${d.metadata.name}-${hash}`;
  if (state.getObject(objectKey('ReplicaSet', d.metadata.namespace, name)) !== null) return 'collision';
  const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const selector = d.spec?.selector ?? {};
  const rs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      uid: randomUUID(),
      labels,
      annotations: { ...copiedAnnotations(d), [REVISION]: String(revision) },
      ownerReferences: [ownerRef(d)],
    },
    spec: {
      replicas,
      ...(d.spec?.minReadySeconds === undefined ? {} : { minReadySeconds: d.spec.minReadySeconds }),
      selector: { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash } },
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
    },
  };
  return withReplicas(applyDefaults(rs as unknown as KubeObject) as Anything, replicas, d);
}

function collided(d: Anything, meta: () => CommandMetadata): AddressedCommand {
  const status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
  return { kind: 'Deployment', namespace: d.metadata.namespace, name: d.metadata.name, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } };
}
