import { ForbiddenError, InternalError, TooManyRequestsError } from './api.errors';
import { isPodReady, withConditionSet } from './conventions';
import { podSelectorOf } from './pod-selector';
import type { PodDisruptionBudget, PodDisruptionBudgetCondition, PodDisruptionBudgetStatus } from './types';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const DISRUPTION_ALLOWED = 'DisruptionAllowed';
/** How long a pod the eviction subresource let go stays in disruptedPods, uncounted, before the disruption controller gives up waiting for its deletion (DeletionTimeout). */
export const DISRUPTED_POD_TIMEOUT_MS = 2 * 60_000;
/** kube-apiserver's MaxDisruptedPodSize: more unconfirmed evictions than this are refused. */
const MAX_DISRUPTED_PODS = 2000;
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

/**
 * The PodDisruptionBudgets that cover a pod (the PDB lister's GetPodPodDisruptionBudgets, policy/v1):
 * those of its namespace whose selector matches its labels — an empty selector matches every pod,
 * a null one none —; a pod without labels has none.
 */
export function budgetsOfPod<T extends Anything>(pod: Anything, budgets: readonly T[]): T[] {
  const labels = pod.metadata?.labels ?? {};
  if (Object.keys(labels).length === 0) return [];
  return budgets.filter((pdb) => pdb.metadata?.namespace === pod.metadata?.namespace && podSelectorOf(pdb).matches(labels));
}

/**
 * pdbhelper.UpdateDisruptionAllowedCondition: DisruptionAllowed True (SufficientPods) while
 * disruptions are allowed, else False (InsufficientPods), at the status' observedGeneration, set as
 * meta.SetStatusCondition sets it (its transition time kept while its status holds).
 */
export function withDisruptionAllowedCondition(status: PodDisruptionBudgetStatus, time: string): PodDisruptionBudgetStatus {
  const allowed = status.disruptionsAllowed > 0;
  return withCondition(status, { type: DISRUPTION_ALLOWED, status: allowed ? 'True' : 'False', reason: allowed ? 'SufficientPods' : 'InsufficientPods', message: '' }, time);
}

/** meta.SetStatusCondition of a PDB's condition, at the status' observedGeneration. */
export function withCondition(status: PodDisruptionBudgetStatus, set: Omit<PodDisruptionBudgetCondition, 'lastTransitionTime' | 'observedGeneration'>, time: string): PodDisruptionBudgetStatus {
  const condition = { ...set, ...(status.observedGeneration === undefined ? {} : { observedGeneration: status.observedGeneration }) };
  return { ...status, conditions: withConditionSet<PodDisruptionBudgetCondition>(status.conditions, condition, time) };
}

/** pdbhelper.ConditionsAreUpToDate: the condition says what the observed status does. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudget): boolean {
  const status = pdb.status;
  const condition = status?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED);
  if (status === undefined || condition === undefined || status.observedGeneration !== pdb.metadata.generation) return false;
  return status.disruptionsAllowed > 0 ? condition.status === 'True' && condition.reason === 'SufficientPods' : condition.status === 'False' && condition.reason === 'InsufficientPods';
}

/**
 * The eviction subresource's checkAndDecrement: refused with 429 while the disruption controller
 * has not observed the budget's generation or no disruption is allowed; otherwise the status with
 * one disruption fewer and the pod in disruptedPods (at `time`), to be written before the pod goes.
 */
export function decrementForEviction(pdb: PodDisruptionBudget, podName: string, time: string): PodDisruptionBudgetStatus {
  const name = pdb.metadata.name ?? '';
  const status = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    throw new TooManyRequestsError(VIOLATION, 10, [{ reason: 'DisruptionBudget', message: `The disruption budget ${name} is still being processed by the server.` }]);
  }
  if (status.disruptionsAllowed < 0) throw new ForbiddenError('poddisruptionbudget', name, 'pdb disruptions allowed is negative', 'policy');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    throw new ForbiddenError('poddisruptionbudget', name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller', 'policy');
  }
  if (status.disruptionsAllowed === 0) {
    throw new TooManyRequestsError(VIOLATION, 0, [{ reason: 'DisruptionBudget', message: `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently` }]);
  }
  const decremented = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 };
  const updated = decremented.disruptionsAllowed === 0 ? withDisruptionAllowedCondition(decremented, time) : decremented;
  return { ...updated, disruptedPods: { ...status.disruptedPods, [podName]: time } };
}

/**
 * The budget an eviction of `pod` must spend, as kube-apiserver's eviction REST picks it: none for
 * a pod that is not running yet, has ended or is already going (canIgnorePDB), nor when no budget
 * covers it, nor for a pod that is not Ready when its budget lets unhealthy pods go (AlwaysAllow, or
 * IfHealthyBudget while the budget has its healthy pods); more than one budget is an error.
 */
export function budgetToSpend<T extends PodDisruptionBudget>(pod: Anything, budgets: readonly T[]): T | undefined {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata?.deletionTimestamp) return undefined;
  const covering = budgetsOfPod(pod, budgets);
  if (covering.length > 1) throw new InternalError('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  const pdb = covering[0];
  if (pdb === undefined || isPodReady(pod)) return pdb;
  if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return undefined;
  const status = pdb.status;
  return status !== undefined && status.desiredHealthy > 0 && status.currentHealthy >= status.desiredHealthy ? undefined : pdb;
}
