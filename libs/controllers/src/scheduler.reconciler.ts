import { conditionOf, isSchedulingGated, nodeMatcherOf, type SelectableNode } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { type Plan, type Reconciler } from './controller';
import { demandOf, NodeInfoCache, tolerates, type NodeInfo, type PodDemand } from './node-info';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A pod this scheduler places: unbound, not being deleted, its own, and held by no scheduling gate. */
const pendingUnbound = (p: Anything): boolean =>
  !p.spec?.nodeName && !p.metadata?.deletionTimestamp && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler' && !isSchedulingGated(p);

const podKey = (p: Anything): string => `pods/${p.metadata.namespace}/${p.metadata.name}`;

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' } as const;

/**
 * Why a node cannot take a pod, as the kube-scheduler plugin that refuses it says: its reasons (one
 * plugin can give several: Insufficient cpu and Insufficient memory), and whether taking pods off the
 * node could help (the plugin's Unschedulable, as NodeResourcesFit and NodePorts answer; the others
 * are UnschedulableAndUnresolvable), which the preemption message tells apart.
 */
export interface Rejection {
  readonly reasons: readonly string[];
  readonly resolvable: boolean;
}

const unresolvable = (reason: string): Rejection => ({ reasons: [reason], resolvable: false });
const NOT_READY = unresolvable('node(s) had untolerated taint {node.kubernetes.io/not-ready: }');
const UNSCHEDULABLE = unresolvable('node(s) were unschedulable');
const NOT_SELECTED = unresolvable("node(s) didn't match Pod's node affinity/selector");
const PORTS_TAKEN: Rejection = { reasons: ["node(s) didn't have free ports for the requested pod ports"], resolvable: true };

/** Why a node cannot take a pod; undefined if it can. Runs for every node looked at: kept cheap. */
function filter(demand: PodDemand, matchesNode: ((node: SelectableNode) => boolean) | undefined, info: NodeInfo): Rejection | undefined {
  if (!info.ready) return NOT_READY;
  // kube-scheduler's filters in its order: NodeUnschedulable (a pod may tolerate it), TaintToleration,
  // NodeAffinity, NodePorts, NodeResourcesFit; the first that refuses the node says why.
  if (info.unschedulable && !tolerates(demand.tolerations, UNSCHEDULABLE_TAINT)) return UNSCHEDULABLE;
  for (const taint of info.taints) if (!tolerates(demand.tolerations, taint)) return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  if (matchesNode !== undefined && !matchesNode(info)) return NOT_SELECTED;
  for (const port of demand.hostPorts) if (info.hostPorts.has(port)) return PORTS_TAKEN;
  let insufficient: string[] | undefined;
  if (info.allocPods !== undefined && info.pods.size + 1 > info.allocPods) (insufficient ??= []).push('Too many pods');
  if (info.allocMilliCpu !== undefined && demand.milliCpu > 0 && info.usedMilliCpu + demand.milliCpu > info.allocMilliCpu) (insufficient ??= []).push('Insufficient cpu');
  if (info.allocMemory !== undefined && demand.memory > 0 && info.usedMemory + demand.memory > info.allocMemory) (insufficient ??= []).push('Insufficient memory');
  return insufficient === undefined ? undefined : { reasons: insufficient, resolvable: true };
}

const free = (used: number, total: number | undefined): number => (total === undefined ? 1 : total <= 0 ? 0 : Math.max(0, 1 - used / total));

/** How a feasible node is scored (higher is better); `bosun what-if --scheduler` replays another. */
export const SCHEDULING_POLICIES = ['least-allocated', 'most-allocated'] as const;
export type SchedulingPolicy = (typeof SCHEDULING_POLICIES)[number];

/**
 * least-allocated (the default, kube-scheduler's NodeResourcesFit default): the node with the most
 * cpu and memory free after placing the pod; most-allocated: the fullest node that still fits
 * (bin packing). Both then prefer the node with the fewest pods of the same owner.
 */
function score(policy: SchedulingPolicy, demand: PodDemand, info: NodeInfo): number {
  const freeShare = (free(info.usedMilliCpu + demand.milliCpu, info.allocMilliCpu) + free(info.usedMemory + demand.memory, info.allocMemory)) / 2;
  const fit = policy === 'least-allocated' ? freeShare : 1 - freeShare;
  const siblings = demand.owner === undefined ? 0 : (info.owners.get(demand.owner) ?? 0);
  return fit * 100 - siblings * 10 - info.pods.size * 0.01;
}

/** Where one pod goes: the best feasible node found, how many nodes were looked at, and why the others were not feasible. */
export interface Placement {
  readonly node: NodeInfo | undefined;
  readonly looked: number;
  readonly reasons: ReadonlyMap<string, number>;
  /** What preemption found on the nodes that refused the pod (the scheduler's DefaultPreemption PostFilter). */
  readonly preemption: ReadonlyMap<string, number>;
}

/**
 * Why preemption cannot help on a node: nothing can be taken off a node a plugin refused for good;
 * elsewhere there is no pod of lower priority to take off (Bosun's pods all have priority 0).
 */
const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

/**
 * One scheduling cycle for one pod: the filters, then the score, over the nodes from `start` on
 * until `wanted` feasible ones were found (all of them by default). Pure: the caller assumes or binds.
 */
export function placePod(pod: Anything, nodes: readonly NodeInfo[], options: { policy?: SchedulingPolicy; start?: number; wanted?: number } = {}): Placement {
  const policy = options.policy ?? 'least-allocated';
  const start = options.start ?? 0;
  const wanted = options.wanted ?? nodes.length;
  const demand = demandOf(pod);
  // nodeSelector and required node affinity (a daemon pod names its node there: matchFields metadata.name).
  const matchesNode = nodeMatcherOf(pod.spec);
  const reasons = new Map<string, number>();
  const preemption = new Map<string, number>();
  let best: { info: NodeInfo; score: number } | undefined;
  let feasible = 0;
  let looked = 0;
  for (; looked < nodes.length && feasible < wanted; looked++) {
    const info = nodes[(start + looked) % nodes.length];
    const why = filter(demand, matchesNode, info);
    if (why !== undefined) {
      for (const reason of why.reasons) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      const after = why.resolvable ? NO_VICTIMS : NOT_HELPFUL;
      preemption.set(after, (preemption.get(after) ?? 0) + 1);
      continue;
    }
    feasible++;
    const s = score(policy, demand, info);
    if (best === undefined || s > best.score || (s === best.score && info.name < best.info.name)) best = { info, score: s };
  }
  return { node: best?.info, looked, reasons, preemption };
}

/** FitError's histogram: "N reason" strings sorted as strings (so "1 …" before "2 …"), joined by ", ". */
const histogram = (counts: ReadonlyMap<string, number>): string =>
  [...counts]
    .map(([why, n]) => `${n} ${why}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join(', ');

/**
 * kube-scheduler's message for a pod that fits nowhere (its FitError), with what preemption found
 * after it: `0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3
 * No preemption victims found for incoming pod.`
 */
export function unschedulableMessage(nodes: number, reasons: ReadonlyMap<string, number>, preemption?: ReadonlyMap<string, number>): string {
  if (nodes === 0) return 'no nodes available to schedule pods';
  const message = `0/${nodes} nodes are available: ${histogram(reasons)}.`;
  return preemption === undefined || preemption.size === 0 ? message : `${message} preemption: 0/${nodes} nodes are available: ${histogram(preemption)}.`;
}

/**
 * How many feasible nodes to look for before scoring, as kube-scheduler's adaptive
 * percentageOfNodesToScore: all below 100 nodes, else 50% minus 1% per 125 nodes, at least 5% and
 * at least 100 nodes (500 of 5,000).
 */
export function feasibleNodesToFind(nodes: number): number {
  if (nodes < 100) return nodes;
  const percentage = Math.max(5, 50 - Math.floor(nodes / 125));
  return Math.max(100, Math.floor((nodes * percentage) / 100));
}

/**
 * The scheduler: binds each pending pod to the best node that passes the filters (Ready and
 * schedulable, taints the pod tolerates, nodeSelector and required node affinity, pods / cpu / memory fit, host ports), scoring least-allocated and
 * spreading a controller's pods. A pod that fits nowhere gets PodScheduled=False with
 * kube-scheduler's message ("0/3 nodes are available: …") and is retried when nodes or pods change.
 *
 * Per-node sums live in a NodeInfoCache kept current from the changes; a pod is *assumed* on its
 * node as soon as it is planned, so many pods can be bound concurrently (plans run one at a time,
 * their Binds travel in parallel). Like kube-scheduler it stops looking once it has found enough
 * feasible nodes, starting each search where the previous one stopped, so all nodes take turns.
 */
export function schedulerReconciler(options: { policy?: SchedulingPolicy } = {}): Reconciler {
  const policy = options.policy ?? 'least-allocated';
  let cache: NodeInfoCache | undefined;
  const cacheOf = (state: ClusterState): NodeInfoCache => (cache ??= new NodeInfoCache(state));
  /** Pods that fit nowhere last time: looked at again when a node or a bound pod changes. */
  const unschedulable = new Set<string>();
  let nextStart = 0;

  return {
    name: 'scheduler',
    workers: 32,

    initialKeys: (state) => (state.list('Pod') as Anything[]).filter(pendingUnbound).map(podKey),

    keysFor(change: ObjectChange, state: ClusterState): string[] {
      cacheOf(state).observe(change);
      const o = change.object as Anything;
      if (o.kind === 'Pod') {
        if (change.type === 'DELETED' || !pendingUnbound(o)) unschedulable.delete(change.key);
        if (change.type !== 'DELETED' && pendingUnbound(o)) return [change.key];
        // A pod leaving a node can make room.
        if (o.spec?.nodeName && (change.type === 'DELETED' || o.metadata?.deletionTimestamp)) return [...unschedulable];
        return [];
      }
      return o.kind === 'Node' ? [...unschedulable] : [];
    },

    plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
      const nodes = cacheOf(state);
      // A sync of this key finished before this one started: an assumption it left did not come true.
      nodes.forget(key);
      const pod = state.getObject(key) as Anything | null;
      if (pod === null || !pendingUnbound(pod)) return [];
      const all = nodes.nodes();
      const placed = placePod(pod, all, { policy, start: nextStart, wanted: feasibleNodesToFind(all.length) });
      nextStart = all.length === 0 ? 0 : (nextStart + placed.looked) % all.length;
      const target = { kind: 'Pod' as const, namespace: pod.metadata.namespace as string, name: pod.metadata.name as string };
      if (placed.node !== undefined) {
        unschedulable.delete(key);
        nodes.assume(key, pod, placed.node.name);
        return [{ ...target, command: { type: 'Bind', data: { nodeName: placed.node.name }, metadata: meta() } }];
      }
      unschedulable.add(key);
      const message = unschedulableMessage(all.length, placed.reasons, placed.preemption);
      const conditions = ((pod.status?.conditions ?? []) as Anything[]).filter((c) => c.type !== 'PodScheduled');
      const current = conditionOf(pod, 'PodScheduled');
      if (current?.status === 'False' && current.message === message) return [];
      const status = {
        ...(pod.status ?? {}),
        phase: 'Pending',
        conditions: [...conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: meta().time }],
      };
      return [{ ...target, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } }];
    },
  };
}
