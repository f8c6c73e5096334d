import { conditionOf, kubeTime, objectKey } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import type { Plan, Reconciler } from './controller';

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
      if (ready?.status === 'True' || t - timeOf(ready?.lastTransitionTime, t) < eviction) return [];
      return state.podsOnNode(name).flatMap((pod) => {
        const target = { kind: 'Pod' as const, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' };
        const deletion = pod.metadata.deletionTimestamp;
        // Graceful first; once that grace has passed with no node to confirm, at once.
        if (!deletion) return [{ ...target, command: { type: 'Delete' as const, data: {}, metadata: meta() } }];
        if (timeOf(deletion, t) <= t) return [{ ...target, command: { type: 'Delete' as const, data: { gracePeriodSeconds: 0 }, metadata: meta() } }];
        return [];
      });
    },

    requeueAfterMs(key: string, state: ClusterState): number | undefined {
      const node = state.getObject(key) as Anything | null;
      if (node === null) return undefined;
      const ready = readyOf(node);
      const t = now();
      let due: number | undefined;
      if (ready?.status === 'True' || ready === undefined) due = timeOf(ready?.lastHeartbeatTime, timeOf(node.metadata.creationTimestamp, t)) + grace;
      else if (t - timeOf(ready.lastTransitionTime, t) < eviction) due = timeOf(ready.lastTransitionTime, t) + eviction;
      else {
        // Evicting: wake when the next terminating pod's grace runs out.
        const deadlines = state.podsOnNode(node.metadata.name).map((p) => timeOf(p.metadata.deletionTimestamp, Infinity)).filter((d) => d > t && d !== Infinity);
        if (deadlines.length === 0) return undefined;
        due = Math.min(...deadlines);
      }
      return Math.max(200, due - t + 50);
    },
  };
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
