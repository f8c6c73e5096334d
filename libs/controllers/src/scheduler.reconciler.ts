import { conditionOf, isSchedulingGated, nodeMatcherOf, objectKey, podPriority, type PodDisruptionBudget, type SelectableNode } from '@bosun/api';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import { type Plan, type Reconciler } from './controller';
import { addToLoad, demandOf, emptyLoad, NodeInfoCache, tolerates, type Load, type NodeInfo, type PodDemand } from './node-info';
import { pickOneNodeForPreemption, preemptionCondition, selectVictimsOnNode, terminatingByPreemption, type Candidate, type PotentialVictim } from './preemption';

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

/**
 * Why a node cannot take a pod; undefined if it can. Runs for every node looked at: kept cheap.
 * `load` is what to count on the node beyond its pods: the pods nominated to it, or (negative) the
 * victims preemption would take off.
 */
function filter(demand: PodDemand, matchesNode: ((node: SelectableNode) => boolean) | undefined, info: NodeInfo, load?: Load): Rejection | undefined {
  if (!info.ready) return NOT_READY;
  // kube-scheduler's filters in its order: NodeUnschedulable (a pod may tolerate it), TaintToleration,
  // NodeAffinity, NodePorts, NodeResourcesFit; the first that refuses the node says why.
  if (info.unschedulable && !tolerates(demand.tolerations, UNSCHEDULABLE_TAINT)) return UNSCHEDULABLE;
  for (const taint of info.taints) if (!tolerates(demand.tolerations, taint)) return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  if (matchesNode !== undefined && !matchesNode(info)) return NOT_SELECTED;
  return fitsResources(demand, info, load);
}

/** The filters that taking pods off a node can satisfy (NodePorts, NodeResourcesFit), with `load` counted too. */
function fitsResources(demand: PodDemand, info: NodeInfo, load: Load | undefined): Rejection | undefined {
  for (const port of demand.hostPorts) if ((info.hostPorts.get(port) ?? 0) + (load?.ports.get(port) ?? 0) > 0) return PORTS_TAKEN;
  let insufficient: string[] | undefined;
  const pods = info.pods.size + (load?.pods ?? 0);
  const milliCpu = info.usedMilliCpu + (load?.milliCpu ?? 0);
  const memory = info.usedMemory + (load?.memory ?? 0);
  if (info.allocPods !== undefined && pods + 1 > info.allocPods) (insufficient ??= []).push('Too many pods');
  if (info.allocMilliCpu !== undefined && demand.milliCpu > 0 && milliCpu + demand.milliCpu > info.allocMilliCpu) (insufficient ??= []).push('Insufficient cpu');
  if (info.allocMemory !== undefined && demand.memory > 0 && memory + demand.memory > info.allocMemory) (insufficient ??= []).push('Insufficient memory');
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
  /** The nodes that refused the pod for a reason taking pods off could cure: preemption's candidates. */
  readonly resolvable: readonly NodeInfo[];
}

/**
 * Why preemption cannot help on a node: nothing can be taken off a node a plugin refused for good;
 * elsewhere there is no pod of lower priority whose going makes room.
 */
const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

/**
 * One scheduling cycle for one pod: the filters, then the score, over the nodes from `start` on
 * until `wanted` feasible ones were found (all of them by default). Pure: the caller assumes or binds.
 */
export function placePod(
  pod: Anything,
  nodes: readonly NodeInfo[],
  options: { policy?: SchedulingPolicy; start?: number; wanted?: number; nominated?: ReadonlyMap<string, Load> } = {},
): Placement {
  const policy = options.policy ?? 'least-allocated';
  const start = options.start ?? 0;
  const wanted = options.wanted ?? nodes.length;
  const demand = demandOf(pod);
  // nodeSelector and required node affinity (a daemon pod names its node there: matchFields metadata.name).
  const matchesNode = nodeMatcherOf(pod.spec);
  const reasons = new Map<string, number>();
  const preemption = new Map<string, number>();
  const resolvable: NodeInfo[] = [];
  let best: { info: NodeInfo; score: number } | undefined;
  let feasible = 0;
  let looked = 0;
  for (; looked < nodes.length && feasible < wanted; looked++) {
    const info = nodes[(start + looked) % nodes.length];
    // The pods nominated to the node with at least this pod's priority count as already there.
    const why = filter(demand, matchesNode, info, options.nominated?.get(info.name));
    if (why !== undefined) {
      for (const reason of why.reasons) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      const after = why.resolvable ? NO_VICTIMS : NOT_HELPFUL;
      preemption.set(after, (preemption.get(after) ?? 0) + 1);
      if (why.resolvable) resolvable.push(info);
      continue;
    }
    feasible++;
    const s = score(policy, demand, info);
    if (best === undefined || s > best.score || (s === best.score && info.name < best.info.name)) best = { info, score: s };
  }
  return { node: best?.info, looked, reasons, preemption, resolvable };
}

/** A pod nominated to a node by preemption, waiting for its victims to go. */
interface Nomination {
  readonly node: string;
  readonly demand: PodDemand;
}

/**
 * The scheduling queue's order (kube-scheduler's PrioritySort): higher priority first, then the
 * pod that was created first. Keys of pods gone sort last.
 */
export function schedulingOrder(state: ClusterState): (a: string, b: string) => number {
  const sortKey = (key: string): [number, string] => {
    const pod = state.getObject(key) as Anything | null;
    return pod === null ? [-Infinity, ''] : [podPriority(pod), String(pod.metadata?.creationTimestamp ?? '')];
  };
  return (a, b) => {
    const [pa, ta] = sortKey(a);
    const [pb, tb] = sortKey(b);
    return pb - pa || (ta < tb ? -1 : ta > tb ? 1 : 0);
  };
}

/** How many candidate nodes preemption looks for (minCandidateNodesPercentage 10%, minCandidateNodesAbsolute 100). */
const candidatesToFind = (nodes: number): number => Math.min(nodes, Math.max(100, Math.floor(nodes / 10)));

/**
 * DefaultPreemption's PostFilter for a pod that fits nowhere: its eligibility, then the candidate
 * nodes among those refused for a curable reason, then the best of them. Answers the chosen
 * candidate, or the message preemption adds to the pod's condition.
 */
export function preempt(
  pod: Anything,
  placed: Placement,
  nodeCount: number,
  state: ClusterState,
  nominated: ReadonlyMap<string, Load> | undefined,
  nodeOf: (name: string) => NodeInfo | undefined,
): { candidate: Candidate } | { message: string } {
  if (pod.spec?.preemptionPolicy === 'Never') return { message: 'preemption: not eligible due to preemptionPolicy=Never.' };
  const demand = demandOf(pod);
  // PodEligibleToPreemptOthers: while a pod of lower priority on its nominated node is going for it, wait.
  const nominatedNode = pod.status?.nominatedNodeName as string | undefined;
  const onNominated = nominatedNode ? nodeOf(nominatedNode) : undefined;
  if (onNominated !== undefined && placed.resolvable.includes(onNominated)) {
    for (const key of onNominated.pods.keys()) {
      const other = state.getObject(key) as Anything | null;
      if (other !== null && podPriority(other) < demand.priority && terminatingByPreemption(other)) return { message: 'preemption: not eligible due to a terminating pod on the nominated node.' };
    }
  }
  const budgets = state.list('PodDisruptionBudget') as PodDisruptionBudget[];
  const candidates: Candidate[] = [];
  const wanted = candidatesToFind(placed.resolvable.length);
  for (const info of placed.resolvable) {
    if (candidates.length >= wanted) break;
    const potential: PotentialVictim[] = [];
    for (const [key, d] of info.pods) {
      if (d.priority >= demand.priority) continue;
      const victim = state.getObject(key) as Anything | null;
      // A pod only assumed here (its Bind on its way) is not taken off.
      if (victim === null || victim.spec?.nodeName !== info.name) continue;
      potential.push({ key, pod: victim, demand: d });
    }
    const load = nominated?.get(info.name);
    const found = selectVictimsOnNode(demand, potential, budgets.filter((b) => b.metadata.namespace !== undefined), (removed) => {
      const total = emptyLoad();
      total.milliCpu = removed.milliCpu + (load?.milliCpu ?? 0);
      total.memory = removed.memory + (load?.memory ?? 0);
      total.pods = removed.pods + (load?.pods ?? 0);
      for (const m of [removed.ports, load?.ports ?? new Map<string, number>()]) for (const [p, n] of m) total.ports.set(p, (total.ports.get(p) ?? 0) + n);
      return fitsResources(demand, info, total) === undefined;
    });
    if (found !== undefined && found.victims.length > 0) candidates.push({ node: info, ...found });
  }
  const best = pickOneNodeForPreemption(candidates);
  if (best === undefined) return { message: `preemption: 0/${nodeCount} nodes are available: ${histogram(placed.preemption)}.` };
  return { candidate: best };
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
 * The VolumeBinding plugin's PreFilter: a pod whose claim is absent, being deleted or not yet bound
 * (Immediate binding) fits no node until it is. Undefined when its claims are ready.
 */
export function claimsNotReady(pod: Anything, state: ClusterState): string | undefined {
  let unbound = false;
  for (const volume of (pod.spec?.volumes ?? []) as Anything[]) {
    const name = volume.persistentVolumeClaim?.claimName;
    if (!name) continue;
    const claim = state.getObject(objectKey('PersistentVolumeClaim', pod.metadata.namespace, name)) as Anything | null;
    if (claim === null) return `persistentvolumeclaim "${name}" not found`;
    if (claim.metadata.deletionTimestamp) return `persistentvolumeclaim "${name}" is being deleted`;
    // Bound on both sides: the volume named and the phase written, as the kubelet will check it to mount.
    if (!claim.spec?.volumeName || claim.status?.phase !== 'Bound') unbound = true;
  }
  return unbound ? 'pod has unbound immediate PersistentVolumeClaims' : undefined;
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
  /** Pending pods with a status.nominatedNodeName (kube-scheduler's nominator), by key. */
  const nominations = new Map<string, Nomination>();
  const nominate = (key: string, pod: Anything | null): void => {
    const node = pod !== null && pendingUnbound(pod) ? (pod.status?.nominatedNodeName as string | undefined) : undefined;
    if (pod !== null && node) nominations.set(key, { node, demand: demandOf(pod) });
    else nominations.delete(key);
  };
  /** The load of the pods nominated to each node with at least `priority`, but the pod itself (addNominatedPods). */
  const nominatedLoad = (key: string, priority: number): Map<string, Load> | undefined => {
    let out: Map<string, Load> | undefined;
    for (const [other, n] of nominations) {
      if (other === key || n.demand.priority < priority) continue;
      out ??= new Map();
      let load = out.get(n.node);
      if (load === undefined) out.set(n.node, (load = emptyLoad()));
      addToLoad(load, n.demand, 1);
    }
    return out;
  };
  /**
   * How many bound pods there are of each priority (built at first use, then kept from the
   * changes): preemption is not even tried while no pod has a lower priority than the preemptor —
   * the common case of a cluster full of priority-0 pods, which would otherwise be walked pod by pod
   * for every pod that fits nowhere.
   */
  let boundPriority: Map<string, number> | undefined;
  const priorityCounts = new Map<number, number>();
  const countPriority = (priority: number, by: 1 | -1): void => {
    const n = (priorityCounts.get(priority) ?? 0) + by;
    if (n > 0) priorityCounts.set(priority, n);
    else priorityCounts.delete(priority);
  };
  const trackPriority = (key: string, pod: Anything | null): void => {
    if (boundPriority === undefined) return;
    const was = boundPriority.get(key);
    const now = pod?.spec?.nodeName ? podPriority(pod) : undefined;
    if (was === now) return;
    if (was !== undefined) countPriority(was, -1);
    if (now === undefined) boundPriority.delete(key);
    else {
      boundPriority.set(key, now);
      countPriority(now, 1);
    }
  };
  const anyBoundBelow = (state: ClusterState, priority: number): boolean => {
    if (boundPriority === undefined) {
      boundPriority = new Map();
      for (const p of state.list('Pod') as Anything[]) trackPriority(podKey(p), p);
    }
    for (const p of priorityCounts.keys()) if (p < priority) return true;
    return false;
  };
  let nextStart = 0;

  return {
    name: 'scheduler',
    workers: 32,

    initialKeys(state) {
      const pending = (state.list('Pod') as Anything[]).filter(pendingUnbound);
      for (const p of pending) nominate(podKey(p), p);
      return pending.map(podKey);
    },

    compareKeys: (a, b, state) => schedulingOrder(state)(a, b),

    keysFor(change: ObjectChange, state: ClusterState): string[] {
      cacheOf(state).observe(change);
      const o = change.object as Anything;
      if (o.kind === 'Pod') {
        nominate(change.key, change.type === 'DELETED' ? null : o);
        trackPriority(change.key, change.type === 'DELETED' ? null : o);
        if (change.type === 'DELETED' || !pendingUnbound(o)) unschedulable.delete(change.key);
        if (change.type !== 'DELETED' && pendingUnbound(o)) return [change.key];
        // A pod leaving a node can make room.
        if (o.spec?.nodeName && (change.type === 'DELETED' || o.metadata?.deletionTimestamp)) return [...unschedulable];
        return [];
      }
      // A node, or a claim that appears or binds (VolumeBinding's PreFilter), may let a waiting pod in.
      return o.kind === 'Node' || o.kind === 'PersistentVolumeClaim' ? [...unschedulable] : [];
    },

    plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
      const nodes = cacheOf(state);
      // A sync of this key finished before this one started: an assumption it left did not come true.
      nodes.forget(key);
      const pod = state.getObject(key) as Anything | null;
      if (pod === null || !pendingUnbound(pod)) return [];
      const all = nodes.nodes();
      const target = { kind: 'Pod' as const, namespace: pod.metadata.namespace as string, name: pod.metadata.name as string };
      const claims = all.length === 0 ? undefined : claimsNotReady(pod, state);
      const nominated = nominatedLoad(key, podPriority(pod));
      // A pod nominated by an earlier preemption goes to its node once it fits there (evaluateNominatedNode).
      const nominatedNode = claims === undefined && pod.status?.nominatedNodeName ? nodes.get(String(pod.status.nominatedNodeName)) : undefined;
      const onNominated = nominatedNode !== undefined && filter(demandOf(pod), nodeMatcherOf(pod.spec), nominatedNode, nominated?.get(nominatedNode.name)) === undefined ? nominatedNode : undefined;
      // A PreFilter's refusal is the pod's, not a node's: kube-scheduler words it without counts, and preemption cannot help.
      const placed: Placement =
        onNominated !== undefined
          ? { node: onNominated, looked: 0, reasons: new Map(), preemption: new Map(), resolvable: [] }
          : claims === undefined
            ? placePod(pod, all, { policy, start: nextStart, wanted: feasibleNodesToFind(all.length), ...(nominated === undefined ? {} : { nominated }) })
            : { node: undefined, looked: 0, reasons: new Map<string, number>(), preemption: new Map(), resolvable: [] };
      nextStart = all.length === 0 ? 0 : (nextStart + placed.looked) % all.length;
      if (placed.node !== undefined) {
        unschedulable.delete(key);
        nominations.delete(key);
        nodes.assume(key, pod, placed.node.name);
        return [{ ...target, command: { type: 'Bind', data: { nodeName: placed.node.name }, metadata: meta() } }];
      }
      unschedulable.add(key);
      const fitMessage = claims === undefined ? unschedulableMessage(all.length, placed.reasons) : `0/${all.length} nodes are available: ${claims}.`;
      let message: string;
      let nominatedNodeName: string | undefined = pod.status?.nominatedNodeName;
      const commands: AddressedCommand[] = [];
      if (claims !== undefined) message = `${fitMessage} preemption: 0/${all.length} nodes are available: ${all.length} Preemption is not helpful for scheduling.`;
      else if (all.length === 0) message = fitMessage;
      else {
        const outcome =
          pod.spec?.preemptionPolicy !== 'Never' && !anyBoundBelow(state, podPriority(pod))
            ? { message: `preemption: 0/${all.length} nodes are available: ${histogram(placed.preemption)}.` }
            : preempt(pod, placed, all.length, state, nominated, (name) => nodes.get(name));
        if ('message' in outcome) {
          message = `${fitMessage} ${outcome.message}`;
          // No candidate: the nomination is cleared (a pod waiting on its victims keeps it).
          if (outcome.message.startsWith('preemption: 0/')) nominatedNodeName = undefined;
        } else {
          message = fitMessage;
          nominatedNodeName = outcome.candidate.node.name;
          commands.push(...preemptionCommands(pod, outcome.candidate, state, nominations, meta));
          nominations.set(key, { node: nominatedNodeName, demand: demandOf(pod) });
        }
      }
      const conditions = ((pod.status?.conditions ?? []) as Anything[]).filter((c) => c.type !== 'PodScheduled');
      const current = conditionOf(pod, 'PodScheduled');
      if (current?.status === 'False' && current.message === message && nominatedNodeName === pod.status?.nominatedNodeName && commands.length === 0) return [];
      const { nominatedNodeName: _, ...rest } = (pod.status ?? {}) as Anything;
      const status = {
        ...rest,
        phase: 'Pending',
        conditions: [...conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: meta().time }],
        ...(nominatedNodeName ? { nominatedNodeName } : {}),
      };
      return [...commands, { ...target, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } }];
    },
  };
}

/**
 * What preemption does once it chose a node (prepareCandidate): each victim not already going gets
 * the DisruptionTarget condition (PreemptionByScheduler), is deleted with its own grace period, and
 * gets a Preempted Event, as kube-scheduler's recorder writes it; pods of lower priority nominated
 * to that node lose their nomination (they would not fit there any more).
 */
function preemptionCommands(pod: Anything, candidate: Candidate, state: ClusterState, nominations: Map<string, Nomination>, meta: () => CommandMetadata): AddressedCommand[] {
  const out: AddressedCommand[] = [];
  const schedulerName = String(pod.spec?.schedulerName ?? 'default-scheduler');
  const priority = podPriority(pod);
  for (const v of candidate.victims) {
    if (v.pod.metadata.deletionTimestamp) continue;
    const target = { kind: 'Pod' as const, namespace: v.pod.metadata.namespace as string, name: v.pod.metadata.name as string };
    const m = meta();
    const conditions = ((v.pod.status?.conditions ?? []) as Anything[]).filter((c) => c.type !== 'DisruptionTarget');
    out.push({ ...target, command: { type: 'UpdateStatus', data: { status: { ...(v.pod.status ?? {}), conditions: [...conditions, preemptionCondition(schedulerName, m.time)] } }, metadata: m } });
    out.push({ ...target, command: { type: 'Delete', data: {}, metadata: meta() } });
    const time = Date.parse(m.time) || Date.now();
    const name = `${target.name}.${time.toString(16)}${Math.floor(Math.random() * 0x1000).toString(16)}`;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: target.namespace, uid: randomUUID() },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: target.name, namespace: target.namespace, uid: v.pod.metadata.uid },
      related: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
      reason: 'Preempted',
      action: 'Preempting',
      message: `Preempted by pod ${String(pod.metadata.uid)} on node ${candidate.node.name}`,
      type: 'Normal',
      source: { component: schedulerName },
      reportingComponent: schedulerName,
      reportingInstance: schedulerName,
      firstTimestamp: m.time,
      lastTimestamp: m.time,
      count: 1,
    };
    out.push({ kind: 'Event', namespace: target.namespace, name, command: { type: 'Create', data: { object: event as never }, metadata: meta() } });
  }
  for (const [key, n] of nominations) {
    if (n.node !== candidate.node.name || n.demand.priority >= priority) continue;
    const other = state.getObject(key) as Anything | null;
    if (other === null) continue;
    const { nominatedNodeName: _, ...status } = (other.status ?? {}) as Anything;
    nominations.delete(key);
    out.push({ kind: 'Pod', namespace: other.metadata.namespace, name: other.metadata.name, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } });
  }
  return out;
}
