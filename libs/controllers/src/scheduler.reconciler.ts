import { conditionOf } from '@bosun/api';
import { selectorFromMap } from '@bosun/labels';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { type Plan, type Reconciler } from './controller';
import { demandOf, NodeInfoCache, type NodeInfo, type PodDemand } from './node-info';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pendingUnbound = (p: Anything): boolean =>
  !p.spec?.nodeName && !p.metadata?.deletionTimestamp && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler';

const podKey = (p: Anything): string => `pods/${p.metadata.namespace}/${p.metadata.name}`;

/** Why a node cannot take a pod, in kube-scheduler's words; undefined if it can. Runs for every node looked at: kept cheap. */
function filter(demand: PodDemand, matchesNode: ((labels: unknown) => boolean) | undefined, info: NodeInfo): string | undefined {
  if (!info.ready) return 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }';
  if (info.unschedulable) return 'node(s) were unschedulable';
  if (matchesNode !== undefined && !matchesNode(info.labels)) return "node(s) didn't match Pod's node affinity/selector";
  if (info.allocPods !== undefined && info.pods.size + 1 > info.allocPods) return 'Too many pods';
  if (info.allocMilliCpu !== undefined && demand.milliCpu > 0 && info.usedMilliCpu + demand.milliCpu > info.allocMilliCpu) return 'Insufficient cpu';
  if (info.allocMemory !== undefined && demand.memory > 0 && info.usedMemory + demand.memory > info.allocMemory) return 'Insufficient memory';
  for (const port of demand.hostPorts) if (info.hostPorts.has(port)) return "node(s) didn't have free ports for the requested pod ports";
  return undefined;
}

const free = (used: number, total: number | undefined): number => (total === undefined ? 1 : total <= 0 ? 0 : Math.max(0, 1 - used / total));

/** Higher is better: least allocated (cpu and memory, after placing the pod), then fewest pods of the same owner. */
function score(demand: PodDemand, info: NodeInfo): number {
  const leastAllocated = (free(info.usedMilliCpu + demand.milliCpu, info.allocMilliCpu) + free(info.usedMemory + demand.memory, info.allocMemory)) / 2;
  const siblings = demand.owner === undefined ? 0 : (info.owners.get(demand.owner) ?? 0);
  return leastAllocated * 100 - siblings * 10 - info.pods.size * 0.01;
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
 * schedulable, nodeSelector, pods / cpu / memory fit, host ports), scoring least-allocated and
 * spreading a controller's pods. A pod that fits nowhere gets PodScheduled=False with
 * kube-scheduler's message ("0/3 nodes are available: …") and is retried when nodes or pods change.
 *
 * Per-node sums live in a NodeInfoCache kept current from the changes; a pod is *assumed* on its
 * node as soon as it is planned, so many pods can be bound concurrently (plans run one at a time,
 * their Binds travel in parallel). Like kube-scheduler it stops looking once it has found enough
 * feasible nodes, starting each search where the previous one stopped, so all nodes take turns.
 */
export function schedulerReconciler(): Reconciler {
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
      const demand = demandOf(pod);
      const nodeSelector = pod.spec?.nodeSelector as Record<string, string> | undefined;
      const selector = nodeSelector === undefined || Object.keys(nodeSelector).length === 0 ? undefined : selectorFromMap(nodeSelector);
      const matchesNode = selector === undefined ? undefined : (labels: unknown): boolean => selector.matches(labels as Record<string, string> | undefined);
      const all = nodes.nodes();
      const wanted = feasibleNodesToFind(all.length);
      const reasons = new Map<string, number>();
      let best: { info: NodeInfo; score: number } | undefined;
      let feasible = 0;
      let looked = 0;
      for (; looked < all.length && feasible < wanted; looked++) {
        const info = all[(nextStart + looked) % all.length];
        const why = filter(demand, matchesNode, info);
        if (why !== undefined) {
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
          continue;
        }
        feasible++;
        const s = score(demand, info);
        if (best === undefined || s > best.score || (s === best.score && info.name < best.info.name)) best = { info, score: s };
      }
      nextStart = all.length === 0 ? 0 : (nextStart + looked) % all.length;
      const target = { kind: 'Pod' as const, namespace: pod.metadata.namespace as string, name: pod.metadata.name as string };
      if (best !== undefined) {
        unschedulable.delete(key);
        nodes.assume(key, pod, best.info.name);
        return [{ ...target, command: { type: 'Bind', data: { nodeName: best.info.name }, metadata: meta() } }];
      }
      unschedulable.add(key);
      const detail = [...reasons].sort(([a], [b]) => a.localeCompare(b)).map(([why, n]) => `${n} ${why}`).join(', ');
      const message = all.length === 0 ? 'no nodes available to schedule pods' : `0/${all.length} nodes are available: ${detail}.`;
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
