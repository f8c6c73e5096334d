import { budgetsOfPod, conditionsAreUpToDate, controllerOf, DISRUPTED_POD_TIMEOUT_MS, isPodReady, objectKey, podSelectorOf, sameJson, scaledValue, withCondition, withDisruptionAllowedCondition, DISRUPTION_ALLOWED } from '@bosun/api';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { keyOfObject, type Plan, type Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The kinds whose scale a PDB counts its expected pods by. */
const SCALED = new Set(['ReplicationController', 'ReplicaSet', 'Deployment', 'StatefulSet']);

/**
 * kube's finders: the scale of the workload that controls a pod, keyed by that workload's uid — a
 * ReplicationController's, a StatefulSet's or a lone ReplicaSet's replicas, a Deployment's for the
 * ReplicaSets it controls. Undefined when no such controller is known.
 */
function scaleOfController(state: ClusterState, namespace: string, ref: Anything): { uid: string; scale: number } | undefined {
  const find = (kind: string, name: string, uid: string): Anything | undefined => {
    const o = state.getObject(objectKey(kind as never, namespace, name)) as Anything | null;
    return o !== null && o.metadata?.uid === uid ? o : undefined;
  };
  if (ref.kind === 'StatefulSet') {
    const set = find('StatefulSet', ref.name, ref.uid);
    return set === undefined ? undefined : { uid: ref.uid, scale: set.spec?.replicas ?? 1 };
  }
  if (ref.kind === 'ReplicationController' || ref.kind === 'ReplicaSet') {
    const workload = find(ref.kind, ref.name, ref.uid);
    if (workload === undefined) return undefined;
    const owner = controllerOf(workload);
    if (ref.kind === 'ReplicaSet' && owner?.kind === 'Deployment') {
      const deployment = find('Deployment', owner.name, owner.uid);
      return deployment === undefined ? undefined : { uid: owner.uid, scale: deployment.spec?.replicas ?? 1 };
    }
    return { uid: ref.uid, scale: workload.spec?.replicas ?? 1 };
  }
  return undefined;
}

/** getExpectedScale: the sum of the scales of the pods' controllers; a pod under none counted as unmanaged; one whose controller is unknown an error. */
function expectedScale(state: ClusterState, pods: readonly Anything[]): number {
  const scales = new Map<string, number>();
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (ref === undefined || scales.has(ref.uid)) continue;
    const found = scaleOfController(state, pod.metadata.namespace, ref);
    if (found === undefined) throw new Error(`found no controllers for pod "${pod.metadata.name}"`);
    scales.set(found.uid, found.scale);
  }
  return [...scales.values()].reduce((a, b) => a + b, 0);
}

/** getExpectedPodCount: maxUnavailable and a percentage minAvailable count from the controllers' scale, an integer minAvailable from the pods. */
function expectedPodCount(state: ClusterState, pdb: Anything, pods: readonly Anything[]): { expected: number; desired: number } {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    const expected = expectedScale(state, pods);
    return { expected, desired: Math.max(0, expected - (scaledValue(maxUnavailable, expected, true) ?? 0)) };
  }
  if (typeof minAvailable === 'number') return { expected: pods.length, desired: minAvailable };
  if (typeof minAvailable === 'string') {
    const expected = expectedScale(state, pods);
    return { expected, desired: scaledValue(minAvailable, expected, true) ?? 0 };
  }
  return { expected: 0, desired: 0 };
}

/** buildDisruptedPodMap: the evicted pods still expected to go (not yet being deleted, within the timeout). */
function stillDisrupted(pdb: Anything, pods: readonly Anything[], now: number): Record<string, string> {
  const disrupted: Record<string, string> = pdb.status?.disruptedPods ?? {};
  const out: Record<string, string> = {};
  for (const pod of pods) {
    const at = disrupted[pod.metadata.name];
    if (at !== undefined && !pod.metadata.deletionTimestamp && Date.parse(at) + DISRUPTED_POD_TIMEOUT_MS > now) out[pod.metadata.name] = at;
  }
  return out;
}

/** countHealthyPods: Ready pods that are neither being deleted nor just evicted. */
const countHealthy = (pods: readonly Anything[], disrupted: Record<string, string>): number =>
  pods.filter((p) => !p.metadata.deletionTimestamp && disrupted[p.metadata.name] === undefined && isPodReady(p)).length;

/** The PodDisruptionBudget's status as kube's disruption controller computes it at `now` (trySync, and failSafe when it cannot). */
export function budgetStatus(state: ClusterState, pdb: PodDisruptionBudget, now: number, time: string): PodDisruptionBudgetStatus {
  const pods = state.list('Pod', pdb.metadata.namespace).filter((p) => podSelectorOf(pdb).matches(p.metadata.labels ?? {})) as Anything[];
  let counts: { expected: number; desired: number };
  try {
    counts = expectedPodCount(state, pdb, pods);
  } catch (error) {
    // failSafe: no disruption while the budget cannot be computed ("fail open" kept shut).
    const status = { ...(pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }), disruptionsAllowed: 0 } as PodDisruptionBudgetStatus;
    const failed = withCondition(status, { type: DISRUPTION_ALLOWED, status: 'False', reason: 'SyncFailed', message: (error as Error).message }, time);
    return sameJson(failed, pdb.status) ? pdb.status! : failed;
  }
  const disruptedPods = stillDisrupted(pdb, pods, now);
  const currentHealthy = countHealthy(pods, disruptedPods);
  // expectedPods above 0: a budget that matched nothing yet allows nothing when its first pods appear.
  const disruptionsAllowed = counts.expected > 0 ? Math.max(0, currentHealthy - counts.desired) : 0;
  const status: PodDisruptionBudgetStatus = {
    ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
    ...(pdb.metadata.generation === undefined ? {} : { observedGeneration: pdb.metadata.generation }),
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy: counts.desired,
    expectedPods: counts.expected,
    ...(pdb.status?.conditions === undefined ? {} : { conditions: pdb.status.conditions }),
  };
  const unchanged = (['currentHealthy', 'desiredHealthy', 'expectedPods', 'disruptionsAllowed', 'observedGeneration'] as const).every((f) => pdb.status?.[f] === status[f]);
  if (unchanged && sameJson(pdb.status?.disruptedPods ?? {}, disruptedPods) && conditionsAreUpToDate(pdb)) return pdb.status!;
  return withDisruptionAllowedCondition(status, time);
}

/**
 * The disruption controller (kube-controller-manager's disruption): keeps each PodDisruptionBudget's
 * status — how many of its pods are healthy, how many must be, how many it expects (from their
 * controllers' scale), how many may be evicted now — from the pods it selects, for the eviction
 * subresource to spend. A pod the eviction let go stays uncounted until it is deleted (or 2 minutes
 * passed), so concurrent evictions never overspend. Hosted with replication, as kube's runs in
 * kube-controller-manager.
 */
export const disruptionReconciler: Reconciler = {
  name: 'disruption',

  initialKeys: (state) => state.list('PodDisruptionBudget').map(keyOfObject),

  keysFor(change: ObjectChange, state: ClusterState): readonly string[] {
    const o = change.object as Anything;
    if (o.kind === 'PodDisruptionBudget') return [change.key];
    if (o.kind !== 'Pod' && !SCALED.has(o.kind)) return [];
    const budgets = state.list('PodDisruptionBudget', o.metadata?.namespace);
    // A pod counts in the budgets that select it; a workload's scale is the expected count of the budgets over its pods.
    return (o.kind === 'Pod' ? budgetsOfPod(o, budgets) : budgets).map(keyOfObject);
  },

  /** When the first evicted pod that has not gone is no longer waited for. */
  requeueAfterMs(key: string, state: ClusterState): number | undefined {
    const times = Object.values(((state.getObject(key) as Anything | null)?.status?.disruptedPods ?? {}) as Record<string, string>).map(Date.parse);
    return times.length === 0 ? undefined : Math.max(100, Math.min(...times) + DISRUPTED_POD_TIMEOUT_MS - Date.now() + 100);
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const pdb = state.getObject(key) as PodDisruptionBudget | null;
    if (pdb === null || pdb.metadata.deletionTimestamp) return [];
    const time = meta().time;
    const status = budgetStatus(state, pdb, Date.parse(time), time);
    if (status === pdb.status) return [];
    // At the version read: an eviction that spent a disruption meanwhile wins, and the next sync sees it.
    const data = { status: status as unknown as Record<string, unknown>, resourceVersion: pdb.metadata.resourceVersion ?? '' };
    return [{ kind: 'PodDisruptionBudget', namespace: pdb.metadata.namespace, name: pdb.metadata.name ?? '', command: { type: 'UpdateStatus', data, metadata: meta() } }];
  },
};
