import { budgetsOfPod, podPriority, type PodDisruptionBudget } from '@bosun/api';
import { addToLoad, emptyLoad, type Load, type NodeInfo, type PodDemand } from './node-info';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/*
 * kube-scheduler's DefaultPreemption (pkg/scheduler/framework/plugins/defaultpreemption and
 * framework/preemption), in its essentials: on each node a filter refused for a reason taking pods
 * off could cure, the pods of lower priority are taken off; if the preemptor then fits, as many of
 * them as can stay are given back — the most important first, those a PodDisruptionBudget protects
 * before the others — and the rest are the node's victims. Of the candidate nodes, the one whose
 * victims hurt least is chosen (pickOneNodeForPreemption). Pure: the scheduler issues the commands.
 */

/** The reason the scheduler writes on a victim's DisruptionTarget condition (v1.PodReasonPreemptionByScheduler). */
export const PREEMPTION_BY_SCHEDULER = 'PreemptionByScheduler';

/** One pod that could be taken off a node. */
export interface PotentialVictim {
  readonly key: string;
  readonly pod: Anything;
  readonly demand: PodDemand;
}

/** A node where preemption makes room, and what it costs. */
export interface Candidate {
  readonly node: NodeInfo;
  /** In the order kube lists them: the most important first. */
  readonly victims: readonly PotentialVictim[];
  readonly pdbViolations: number;
}

/** When a pod started, for MoreImportantPod and the candidates' last criterion: status.startTime, else its creation. */
const startTime = (pod: Anything): number => Date.parse(pod.status?.startTime ?? pod.metadata?.creationTimestamp ?? '') || 0;

/** MoreImportantPod: higher priority, then the one that started earlier. */
export function moreImportant(a: Anything, b: Anything): number {
  return podPriority(b) - podPriority(a) || startTime(a) - startTime(b);
}

/**
 * filterPodsWithPDBViolation: the pods whose removal would take a budget below zero allowed
 * disruptions (each budget spent pod by pod, in the order given), and the others. A pod already in
 * a budget's disruptedPods costs that budget nothing; a budget with an empty selector matches nothing here.
 */
export function splitByBudgets(pods: readonly PotentialVictim[], budgets: readonly PodDisruptionBudget[]): { violating: PotentialVictim[]; nonViolating: PotentialVictim[] } {
  const allowed = new Map<PodDisruptionBudget, number>(budgets.map((b) => [b, b.status?.disruptionsAllowed ?? 0]));
  const selective = budgets.filter((b) => {
    const s = b.spec?.selector as Anything | null | undefined;
    return s != null && (Object.keys(s.matchLabels ?? {}).length > 0 || (s.matchExpressions ?? []).length > 0);
  });
  const violating: PotentialVictim[] = [];
  const nonViolating: PotentialVictim[] = [];
  for (const v of pods) {
    let violates = false;
    for (const pdb of budgetsOfPod(v.pod, selective)) {
      if (pdb.status?.disruptedPods?.[v.pod.metadata?.name] !== undefined) continue;
      const left = (allowed.get(pdb) ?? 0) - 1;
      allowed.set(pdb, left);
      if (left < 0) violates = true;
    }
    (violates ? violating : nonViolating).push(v);
  }
  return { violating, nonViolating };
}

/**
 * SelectVictimsOnNode: every pod of lower priority than the preemptor taken off; none of it
 * enough → undefined. Then each one given back, violating ones first, while the preemptor still
 * fits (`fits` answers for the node with a load taken off). What cannot be given back is the victims.
 */
export function selectVictimsOnNode(
  preemptor: PodDemand,
  potential: readonly PotentialVictim[],
  budgets: readonly PodDisruptionBudget[],
  fits: (removed: Load) => boolean,
): { victims: PotentialVictim[]; pdbViolations: number } | undefined {
  const lower = potential.filter((v) => v.demand.priority < preemptor.priority);
  if (lower.length === 0) return undefined;
  const removed = emptyLoad();
  for (const v of lower) addToLoad(removed, v.demand, -1);
  if (!fits(removed)) return undefined;
  const sorted = [...lower].sort((a, b) => moreImportant(a.pod, b.pod));
  const { violating, nonViolating } = splitByBudgets(sorted, budgets);
  const victims: PotentialVictim[] = [];
  let pdbViolations = 0;
  const reprieve = (v: PotentialVictim, violates: boolean): void => {
    addToLoad(removed, v.demand, 1);
    if (fits(removed)) return;
    addToLoad(removed, v.demand, -1);
    victims.push(v);
    if (violates) pdbViolations++;
  };
  for (const v of violating) reprieve(v, true);
  for (const v of nonViolating) reprieve(v, false);
  victims.sort((a, b) => moreImportant(a.pod, b.pod));
  return { victims, pdbViolations };
}

/**
 * pickOneNodeForPreemption: fewest budget violations; then the lowest priority of the most
 * important victim; then the smallest sum of priorities; then the fewest victims; then the latest
 * start among the most important victims; then the first found.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  // The sum counts each priority from MinInt32 up, as kube does, so that negative ones count too.
  const sum = (c: Candidate): number => c.victims.reduce((s, v) => s + v.demand.priority + 2147483648, 0);
  const highest = (c: Candidate): number => c.victims[0]?.demand.priority ?? -Infinity;
  const latestStartOfHighest = (c: Candidate): number => {
    const top = highest(c);
    return Math.min(...c.victims.filter((v) => v.demand.priority === top).map((v) => startTime(v.pod)));
  };
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (best === undefined) {
      best = c;
      continue;
    }
    const order =
      c.pdbViolations - best.pdbViolations ||
      highest(c) - highest(best) ||
      sum(c) - sum(best) ||
      c.victims.length - best.victims.length ||
      // Later is better: a candidate whose most important victims started later is preferred.
      latestStartOfHighest(best) - latestStartOfHighest(c);
    if (order < 0) best = c;
  }
  return best;
}

/**
 * A victim's DisruptionTarget condition, as the scheduler patches it before deleting the pod.
 */
export function preemptionCondition(schedulerName: string, time: string): Record<string, unknown> {
  return {
    type: 'DisruptionTarget',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: time,
    reason: PREEMPTION_BY_SCHEDULER,
    message: `${schedulerName}: preempting to accommodate a higher priority pod`,
  };
}

/** podTerminatingByPreemption: being deleted, and by the scheduler's preemption. */
export function terminatingByPreemption(pod: Anything): boolean {
  return !!pod.metadata?.deletionTimestamp && ((pod.status?.conditions ?? []) as Anything[]).some((c) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === PREEMPTION_BY_SCHEDULER);
}
