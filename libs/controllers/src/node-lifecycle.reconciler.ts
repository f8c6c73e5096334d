import { conditionOf, kubeTime, objectKey, type KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import type { Plan, Reconciler } from './controller';
import { toleratesTaint, type Taint, type Toleration } from './node-info';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface NodeLifecycleOptions {
  /** A node whose last heartbeat is older than this becomes Ready=Unknown (kube-controller-manager's node-monitor-grace-period). */
  readonly gracePeriodMs?: number;
  /** Pods of a node not Ready for this long are evicted (Kubernetes' default not-ready / unreachable toleration). */
  readonly evictionTimeoutMs?: number;
  readonly now?: () => number;
}

export const NODE_GRACE_PERIOD_MS = 40_000;
export const POD_EVICTION_TIMEOUT_MS = 300_000;

const readyOf = (node: Anything): Anything | undefined => conditionOf(node, 'Ready');
const timeOf = (t: unknown, fallback: number): number => {
  const ms = typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? fallback : ms;
};

/**
 * The node lifecycle controller, after kube-controller-manager's: a node that has not heartbeaten
 * (refreshed its Ready condition's lastHeartbeatTime) within the grace period gets all its
 * conditions set to Unknown ("Kubelet stopped posting node status."); once a node has not been Ready
 * for the eviction timeout, its pods are deleted so that their controllers recreate them elsewhere.
 * Nobody confirms the deletion of a pod on a dead node, so once its grace period has passed it is
 * deleted at once (as PodGC does for pods of out-of-service nodes).
 */
export function nodeLifecycleReconciler(options: NodeLifecycleOptions = {}): Reconciler {
  const grace = options.gracePeriodMs ?? NODE_GRACE_PERIOD_MS;
  const eviction = options.evictionTimeoutMs ?? POD_EVICTION_TIMEOUT_MS;
  const now = options.now ?? Date.now;

  return {
    name: 'node-lifecycle',

    initialKeys: (state) => state.list('Node').map((n) => objectKey('Node', undefined, n.metadata.name ?? '')),

    keysFor(change: ObjectChange): string[] {
      const o = change.object as Anything;
      if (o.kind === 'Node' && change.type !== 'DELETED') return [change.key];
      // A pod bound to a node that is already being evicted is evicted too.
      if (o.kind === 'Pod' && o.spec?.nodeName && change.type !== 'DELETED') return [objectKey('Node', undefined, o.spec.nodeName)];
      return [];
    },

    plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
      const node = state.getObject(key) as Anything | null;
      if (node === null) return [];
      const name = node.metadata.name as string;
      const ready = readyOf(node);
      const t = now();
      if (ready?.status !== 'Unknown' && t - timeOf(ready?.lastHeartbeatTime, timeOf(node.metadata.creationTimestamp, t)) > grace) {
        return [{ kind: 'Node', name, command: { type: 'UpdateStatus', data: { status: unknownStatus(node, kubeTime(new Date(t))) }, metadata: meta() } }];
      }
      const taints = withControllerTaints(node, kubeTime(new Date(t)));
      if (taints !== undefined && !node.metadata.deletionTimestamp) {
        // Written against the node's resourceVersion: a concurrent change (kubectl taint) is a Conflict, and the node is looked at again.
        const spec: Anything = { ...(node.spec ?? {}), taints };
        if (taints.length === 0) delete spec.taints;
        const object = { ...node, spec } as KubeObject;
        return [{ kind: 'Node', name, command: { type: 'Replace', data: { object }, metadata: meta() } }];
      }
      const noExecute = noExecuteTaints(node);
      const unready = notReady(ready);
      if (!unready && noExecute.length === 0) return [];
      const cap = unready ? timeOf(ready?.lastTransitionTime, t) + eviction : Infinity;
      return state.podsOnNode(name).flatMap((pod) => {
        if (podDue(pod, noExecute, cap, unready, t) > t) return [];
        // Graceful first; once that grace has passed with no node to confirm (a node not Ready), at once.
        const data = pod.metadata.deletionTimestamp ? { gracePeriodSeconds: 0 } : {};
        return [{ kind: 'Pod' as const, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '', command: { type: 'Delete' as const, data, metadata: meta() } }];
      });
    },

    requeueAfterMs(key: string, state: ClusterState): number | undefined {
      const node = state.getObject(key) as Anything | null;
      if (node === null) return undefined;
      const ready = readyOf(node);
      const t = now();
      const unready = notReady(ready);
      // The next heartbeat due, and the next pod to act on (podDue).
      const noExecute = noExecuteTaints(node);
      const cap = unready ? timeOf(ready?.lastTransitionTime, t) + eviction : Infinity;
      const dues = state.podsOnNode(node.metadata.name).map((p) => podDue(p, noExecute, cap, unready, t));
      if (!unready) dues.push(timeOf(ready?.lastHeartbeatTime, timeOf(node.metadata.creationTimestamp, t)) + grace);
      const due = Math.min(...dues.filter((d) => d > t));
      return due === Infinity ? undefined : Math.max(200, due - t + 50);
    },
  };
}

/** A node that reports a Ready condition other than True (one that has reported none is not judged yet). */
const notReady = (ready: Anything | undefined): boolean => ready !== undefined && ready.status !== 'True';

/**
 * When the controller next deletes a pod of a node: a pod not yet terminating when it is evicted
 * (evictionTime); a terminating one on a node not Ready, at once once its grace has run out with no
 * node to confirm it (as PodGC). Infinity: not while the node stays as it is.
 */
function podDue(pod: Anything, taints: readonly (Taint & { timeAdded?: string })[], cap: number, unready: boolean, now: number): number {
  if (pod.metadata.deletionTimestamp) return unready ? timeOf(pod.metadata.deletionTimestamp, Infinity) : Infinity;
  return evictionTime(pod, taints, cap, now);
}

/** The node's NoExecute taints: those that evict the pods that do not tolerate them. */
function noExecuteTaints(node: Anything): (Taint & { timeAdded?: string })[] {
  return ((node.spec?.taints ?? []) as Anything[]).filter((taint) => taint.effect === 'NoExecute') as (Taint & { timeAdded?: string })[];
}

/**
 * When a pod on a node with NoExecute taints is evicted, as kube-controller-manager's taint
 * eviction decides it: at once if it does not tolerate one of them; never if none of its
 * tolerations of them has a tolerationSeconds; else once the shortest of those has passed since the
 * latest of the taints was added. Bosun's --pod-eviction-timeout (`cap`, from when the node stopped
 * being Ready) also bounds it, unless the pod tolerates the taints for ever. Infinity: not evicted.
 */
export function evictionTime(pod: Anything, taints: readonly (Taint & { timeAdded?: string })[], cap: number, now: number): number {
  if (taints.length === 0) return cap;
  const tolerations = (Array.isArray(pod.spec?.tolerations) ? pod.spec.tolerations : []) as Toleration[];
  if (!taints.every((taint) => tolerations.some((t) => toleratesTaint(t, taint)))) return now;
  const seconds = tolerations
    .filter((t) => taints.some((taint) => toleratesTaint(t, taint)) && typeof t.tolerationSeconds === 'number')
    .map((t) => Math.max(0, t.tolerationSeconds!));
  if (seconds.length === 0) return Infinity;
  const tainted = Math.max(...taints.map((taint) => timeOf(taint.timeAdded, now)));
  return Math.min(tainted + Math.min(...seconds) * 1000, cap);
}

/** The NoSchedule taint for each condition status that keeps new pods off a node (nodeConditionToTaintKeyStatusMap). */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: 'node.kubernetes.io/not-ready', Unknown: 'node.kubernetes.io/unreachable' },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/**
 * The taints kube-controller-manager's node lifecycle controller keeps on a node from its state
 * (TaintNodesByCondition and taint-based eviction): a NoSchedule taint per condition in a bad
 * status and for a cordoned node (spec.unschedulable: node.kubernetes.io/unschedulable, which
 * kubectl describe node shows after kubectl cordon), and not-ready or unreachable NoExecute while
 * the node is not Ready. Each added taint carries timeAdded; the ones that stay are kept as they
 * are, other taints (the users') untouched. Undefined when the node's taints are already so.
 */
export function withControllerTaints(node: Anything, time: string): Anything[] | undefined {
  const wanted: { key: string; effect: string }[] = [];
  for (const c of (node.status?.conditions ?? []) as Anything[]) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key !== undefined) wanted.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable === true) wanted.push({ key: UNSCHEDULABLE, effect: 'NoSchedule' });
  const ready = readyOf(node)?.status;
  if (ready === 'False') wanted.push({ key: NOT_READY, effect: 'NoExecute' });
  if (ready === 'Unknown') wanted.push({ key: UNREACHABLE, effect: 'NoExecute' });

  const controllerKeys = new Set([...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)), UNSCHEDULABLE]);
  const ours = (t: Anything): boolean =>
    (t.effect === 'NoSchedule' && controllerKeys.has(t.key)) || (t.effect === 'NoExecute' && (t.key === NOT_READY || t.key === UNREACHABLE));
  const current = (node.spec?.taints ?? []) as Anything[];
  const same = (a: Anything, b: { key: string; effect: string }): boolean => a.key === b.key && a.effect === b.effect;
  const kept = current.filter((t) => !ours(t) || wanted.some((w) => same(t, w)));
  const added = wanted.filter((w) => !current.some((t) => same(t, w))).map((w) => ({ ...w, timeAdded: time }));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}

function unknownStatus(node: Anything, time: string): Anything {
  const conditions = (node.status?.conditions ?? []) as Anything[];
  const known = conditions.some((c) => c.type === 'Ready');
  const unknown = (c: Anything): Anything => ({
    ...c,
    status: 'Unknown',
    reason: 'NodeStatusUnknown',
    message: known ? 'Kubelet stopped posting node status.' : 'Kubelet never posted node status.',
    lastTransitionTime: time,
  });
  return {
    ...(node.status ?? {}),
    conditions: known ? conditions.map(unknown) : [...conditions, unknown({ type: 'Ready', lastHeartbeatTime: null })],
  };
}
