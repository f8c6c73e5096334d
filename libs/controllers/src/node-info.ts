import { podPriority, quantityToMilli, quantityToValue } from '@bosun/api';
import type { ClusterState, ObjectChange } from '@bosun/runtime';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a pod asks of a node, parsed once per pod. */
export interface PodDemand {
  readonly milliCpu: number;
  readonly memory: number;
  readonly hostPorts: readonly string[];
  /** uid of the pod's controller, for spreading. */
  readonly owner: string | undefined;
  readonly tolerations: readonly Toleration[];
  /** spec.priority (0 when unset): preemption takes lower ones off a node. */
  readonly priority: number;
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  /** For a NoExecute taint: how long the pod stays once it is tainted (forever without). */
  readonly tolerationSeconds?: number;
}

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

/** Kubernetes' Toleration.ToleratesTaint: the effect and key match (empty matches any), then Exists, or Equal values. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.operator === undefined || t.operator === '' || t.operator === 'Equal') && (t.value ?? '') === (taint.value ?? '');
}

/** Whether one of `tolerations` tolerates `taint`. */
export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint));
}

export function demandOf(pod: Anything): PodDemand {
  let milliCpu = 0;
  let memory = 0;
  const hostPorts: string[] = [];
  for (const c of (pod.spec?.containers ?? []) as Anything[]) {
    const r = c.resources?.requests ?? {};
    if (r.cpu !== undefined) milliCpu += Number(quantityToMilli(String(r.cpu)));
    if (r.memory !== undefined) memory += Number(quantityToValue(String(r.memory)));
    for (const p of (c.ports ?? []) as Anything[]) if (p.hostPort) hostPorts.push(`${p.protocol ?? 'TCP'}/${p.hostIP ?? '0.0.0.0'}/${p.hostPort}`);
  }
  const owner = ((pod.metadata?.ownerReferences ?? []) as Anything[]).find((o) => o.controller)?.uid as string | undefined;
  const tolerations = (Array.isArray(pod.spec?.tolerations) ? pod.spec.tolerations : []) as Toleration[];
  return { milliCpu, memory, hostPorts, owner, tolerations, priority: podPriority(pod) };
}

/** A node as the scheduler sees it: its allocatable and the sum of what the pods on it ask. */
export interface NodeInfo {
  readonly name: string;
  node: Anything;
  ready: boolean;
  unschedulable: boolean;
  /** The node's taints that keep pods off (NoSchedule, NoExecute). */
  taints: readonly Taint[];
  labels: Record<string, string> | undefined;
  /** Allocatable (capacity when absent); undefined means unlimited. */
  allocMilliCpu: number | undefined;
  allocMemory: number | undefined;
  allocPods: number | undefined;
  usedMilliCpu: number;
  usedMemory: number;
  /** The live pods counted on this node (bound in the cache, or assumed by the scheduler), by key. */
  readonly pods: Map<string, PodDemand>;
  readonly hostPorts: Map<string, number>;
  readonly owners: Map<string, number>;
}

const counts = (pod: Anything | null): boolean => pod !== null && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';

/**
 * The scheduler's cache, after kube-scheduler's: per-node sums kept up to date from the changes
 * (never recomputed per pod), plus the pods it has *assumed* onto a node while their Bind is on its
 * way through the log, so that concurrent scheduling never over-commits a node.
 */
export class NodeInfoCache {
  private infos: Map<string, NodeInfo> | undefined;
  private ordered: NodeInfo[] | undefined;
  /** Pod key → the node the scheduler bound it to, until the cache shows the binding. */
  private readonly assumed = new Map<string, string>();

  constructor(private readonly state: ClusterState) {}

  /** All nodes, in a stable order (for sampling that rotates its starting point). */
  nodes(): readonly NodeInfo[] {
    if (this.ordered === undefined) this.ordered = [...this.all().values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    return this.ordered;
  }

  get(name: string): NodeInfo | undefined {
    return this.all().get(name);
  }

  /** Follows one change of the cluster; a no-op until the cache is first used. */
  observe(change: ObjectChange): void {
    if (this.infos === undefined) return;
    const o = change.object as Anything;
    if (o.kind === 'Node') {
      const name = o.metadata.name as string;
      if (change.type === 'DELETED') {
        this.infos.delete(name);
        this.ordered = undefined;
      } else {
        const info = this.infos.get(name);
        if (info === undefined) {
          this.infos.set(name, this.build(o));
          this.ordered = undefined;
        } else refreshNode(info, o);
      }
    } else if (o.kind === 'Pod') {
      const pod = change.type === 'DELETED' ? null : o;
      const bound = o.spec?.nodeName as string | undefined;
      const assumedOn = this.assumed.get(change.key);
      if (assumedOn !== undefined && (pod === null || bound !== undefined)) {
        this.assumed.delete(change.key);
        if (assumedOn !== bound) this.uncount(assumedOn, change.key);
      }
      if (bound !== undefined) {
        if (counts(pod)) this.count(bound, change.key, o);
        else this.uncount(bound, change.key);
      }
    }
  }

  /** Counts a pod on the node it is being bound to, until the log shows the binding. */
  assume(key: string, pod: Anything, nodeName: string): void {
    this.assumed.set(key, nodeName);
    this.count(nodeName, key, pod);
  }

  /** Drops an assumption that did not come true (the Bind was rejected). */
  forget(key: string): void {
    const node = this.assumed.get(key);
    if (node === undefined) return;
    this.assumed.delete(key);
    this.uncount(node, key);
  }

  private all(): Map<string, NodeInfo> {
    if (this.infos === undefined) {
      this.infos = new Map();
      for (const node of this.state.list('Node')) this.infos.set(node.metadata.name ?? '', this.build(node));
    }
    return this.infos;
  }

  private build(node: Anything): NodeInfo {
    const info: NodeInfo = {
      name: node.metadata.name ?? '',
      node,
      ready: false,
      unschedulable: false,
      taints: [],
      labels: undefined,
      allocMilliCpu: undefined,
      allocMemory: undefined,
      allocPods: undefined,
      usedMilliCpu: 0,
      usedMemory: 0,
      pods: new Map(),
      hostPorts: new Map(),
      owners: new Map(),
    };
    refreshNode(info, node);
    for (const pod of this.state.podsOnNode(info.name)) {
      if (counts(pod)) add(info, `pods/${pod.metadata.namespace}/${pod.metadata.name}`, demandOf(pod));
    }
    for (const [key, name] of this.assumed) {
      const pod = this.state.getObject(key);
      if (name === info.name && pod !== null) add(info, key, demandOf(pod));
    }
    return info;
  }

  private count(nodeName: string, key: string, pod: Anything): void {
    const info = this.infos?.get(nodeName);
    if (info !== undefined && !info.pods.has(key)) add(info, key, demandOf(pod));
  }

  private uncount(nodeName: string, key: string): void {
    const info = this.infos?.get(nodeName);
    const demand = info?.pods.get(key);
    if (info === undefined || demand === undefined) return;
    info.pods.delete(key);
    info.usedMilliCpu -= demand.milliCpu;
    info.usedMemory -= demand.memory;
    for (const p of demand.hostPorts) bump(info.hostPorts, p, -1);
    if (demand.owner !== undefined) bump(info.owners, demand.owner, -1);
  }
}

function add(info: NodeInfo, key: string, demand: PodDemand): void {
  info.pods.set(key, demand);
  info.usedMilliCpu += demand.milliCpu;
  info.usedMemory += demand.memory;
  for (const p of demand.hostPorts) bump(info.hostPorts, p, 1);
  if (demand.owner !== undefined) bump(info.owners, demand.owner, 1);
}

function bump(counter: Map<string, number>, key: string, by: number): void {
  const n = (counter.get(key) ?? 0) + by;
  if (n > 0) counter.set(key, n);
  else counter.delete(key);
}

function refreshNode(info: NodeInfo, node: Anything): void {
  info.node = node;
  info.ready = ((node.status?.conditions ?? []) as Anything[]).some((c) => c.type === 'Ready' && c.status === 'True');
  info.unschedulable = node.spec?.unschedulable === true;
  info.taints = ((Array.isArray(node.spec?.taints) ? node.spec.taints : []) as Taint[]).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  info.labels = node.metadata?.labels;
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
  info.allocMilliCpu = alloc.cpu === undefined ? undefined : Number(quantityToMilli(String(alloc.cpu)));
  info.allocMemory = alloc.memory === undefined ? undefined : Number(quantityToValue(String(alloc.memory)));
  info.allocPods = alloc.pods === undefined ? undefined : Number(quantityToValue(String(alloc.pods)));
}

/**
 * What the scheduler adds to or takes off a node's sums for one decision, without touching the
 * cache: the pods nominated to it (kube-scheduler's addNominatedPods), or preemption's victims.
 */
export interface Load {
  milliCpu: number;
  memory: number;
  pods: number;
  readonly ports: Map<string, number>;
}

export const emptyLoad = (): Load => ({ milliCpu: 0, memory: 0, pods: 0, ports: new Map() });

/** Adds (sign 1) or takes off (sign -1) one pod's demand. */
export function addToLoad(load: Load, demand: PodDemand, sign: 1 | -1): void {
  load.milliCpu += sign * demand.milliCpu;
  load.memory += sign * demand.memory;
  load.pods += sign;
  for (const p of demand.hostPorts) load.ports.set(p, (load.ports.get(p) ?? 0) + sign);
}
