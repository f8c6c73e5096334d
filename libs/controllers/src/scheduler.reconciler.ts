import { quantityToMilli, quantityToValue } from '@bosun/api';
import { selectorFromMap } from '@bosun/labels';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { keyOfObject, type Plan, type Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pendingUnbound = (p: Anything): boolean =>
  !p.spec?.nodeName && !p.metadata?.deletionTimestamp && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler';

interface Requests {
  milliCpu: bigint;
  memory: bigint;
}

function requestsOf(pod: Anything): Requests {
  let milliCpu = 0n;
  let memory = 0n;
  for (const c of (pod.spec?.containers ?? []) as Anything[]) {
    const r = c.resources?.requests ?? {};
    if (r.cpu !== undefined) milliCpu += quantityToMilli(r.cpu);
    if (r.memory !== undefined) memory += quantityToValue(r.memory);
  }
  return { milliCpu, memory };
}

function hostPorts(pod: Anything): string[] {
  return ((pod.spec?.containers ?? []) as Anything[]).flatMap((c) =>
    ((c.ports ?? []) as Anything[]).filter((p) => p.hostPort).map((p) => `${p.protocol ?? 'TCP'}/${p.hostIP ?? '0.0.0.0'}/${p.hostPort}`),
  );
}

/** Why a node cannot take a pod, in kube-scheduler's words; undefined if it can. */
function filter(pod: Anything, node: Anything, podsOnNode: Anything[]): string | undefined {
  const ready = ((node.status?.conditions ?? []) as Anything[]).find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') return "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
  if (node.spec?.unschedulable) return 'node(s) were unschedulable';
  if (!selectorFromMap(pod.spec?.nodeSelector).matches(node.metadata?.labels)) return "node(s) didn't match Pod's node affinity/selector";
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
  const live = podsOnNode.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  if (alloc.pods !== undefined && BigInt(live.length + 1) > quantityToValue(alloc.pods)) return 'Too many pods';
  const want = requestsOf(pod);
  const used = live.map(requestsOf).reduce((a, b) => ({ milliCpu: a.milliCpu + b.milliCpu, memory: a.memory + b.memory }), { milliCpu: 0n, memory: 0n });
  if (alloc.cpu !== undefined && want.milliCpu > 0n && used.milliCpu + want.milliCpu > quantityToMilli(alloc.cpu)) return 'Insufficient cpu';
  if (alloc.memory !== undefined && want.memory > 0n && used.memory + want.memory > quantityToValue(alloc.memory)) return 'Insufficient memory';
  const taken = new Set(live.flatMap(hostPorts));
  if (hostPorts(pod).some((p) => taken.has(p))) return "node(s) didn't have free ports for the requested pod ports";
  return undefined;
}

/** Higher is better: least allocated (cpu and memory), then fewest pods of the same owner (spreading). */
function score(pod: Anything, node: Anything, podsOnNode: Anything[]): number {
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
  const used = podsOnNode.map(requestsOf).reduce((a, b) => ({ milliCpu: a.milliCpu + b.milliCpu, memory: a.memory + b.memory }), requestsOf(pod));
  const free = (u: bigint, total: unknown, scale: (q: string) => bigint): number => {
    if (total === undefined) return 1;
    const t = Number(scale(String(total)));
    return t <= 0 ? 0 : Math.max(0, 1 - Number(u) / t);
  };
  const leastAllocated = (free(used.milliCpu, alloc.cpu, quantityToMilli) + free(used.memory, alloc.memory, quantityToValue)) / 2;
  const owner = ((pod.metadata?.ownerReferences ?? []) as Anything[]).find((o) => o.controller)?.uid;
  const siblings = owner === undefined ? 0 : podsOnNode.filter((p) => ((p.metadata?.ownerReferences ?? []) as Anything[]).some((o) => o.uid === owner)).length;
  return leastAllocated * 100 - siblings * 10 - podsOnNode.length * 0.01;
}

/**
 * The scheduler: binds each pending pod to the best node that passes the filters (Ready and
 * schedulable, nodeSelector, pods / cpu / memory fit, host ports), scoring least-allocated and
 * spreading a controller's pods. A pod that fits nowhere gets PodScheduled=False with
 * kube-scheduler's message ("0/3 nodes are available: …") and is retried when nodes or pods change.
 */
export const schedulerReconciler: Reconciler = {
  name: 'scheduler',

  initialKeys: (state) => (state.list('Pod') as Anything[]).filter(pendingUnbound).map((p) => keyOfObject(p as never)),

  keysFor(change: ObjectChange, state: ClusterState): string[] {
    const o = change.object as Anything;
    if (o.kind === 'Pod' && change.type !== 'DELETED' && pendingUnbound(o)) return [change.key];
    // A node appearing or changing, or a pod leaving a node, can make room for pending pods.
    if (o.kind === 'Node' || (o.kind === 'Pod' && o.spec?.nodeName && (change.type === 'DELETED' || o.metadata?.deletionTimestamp))) {
      return (state.list('Pod') as Anything[]).filter(pendingUnbound).map((p) => keyOfObject(p as never));
    }
    return [];
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const pod = state.getObject(key) as Anything | null;
    if (pod === null || !pendingUnbound(pod)) return [];
    const nodes = state.list('Node') as Anything[];
    const reasons = new Map<string, number>();
    let best: { name: string; score: number } | undefined;
    for (const node of nodes) {
      const podsOnNode = state.podsOnNode(node.metadata.name) as Anything[];
      const why = filter(pod, node, podsOnNode);
      if (why !== undefined) {
        reasons.set(why, (reasons.get(why) ?? 0) + 1);
        continue;
      }
      const s = score(pod, node, podsOnNode);
      if (best === undefined || s > best.score || (s === best.score && node.metadata.name < best.name)) best = { name: node.metadata.name, score: s };
    }
    const target = { kind: 'Pod' as const, namespace: pod.metadata.namespace as string, name: pod.metadata.name as string };
    if (best !== undefined) return [{ ...target, command: { type: 'Bind', data: { nodeName: best.name }, metadata: meta() } }];
    const detail = [...reasons].sort(([a], [b]) => a.localeCompare(b)).map(([why, n]) => `${n} ${why}`).join(', ');
    const message = nodes.length === 0 ? 'no nodes available to schedule pods' : `0/${nodes.length} nodes are available: ${detail}.`;
    const conditions = ((pod.status?.conditions ?? []) as Anything[]).filter((c) => c.type !== 'PodScheduled');
    const current = ((pod.status?.conditions ?? []) as Anything[]).find((c) => c.type === 'PodScheduled');
    if (current?.status === 'False' && current.message === message) return [];
    const status = {
      ...(pod.status ?? {}),
      phase: 'Pending',
      conditions: [...conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: meta().time }],
    };
    return [{ ...target, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } }];
  },
};
