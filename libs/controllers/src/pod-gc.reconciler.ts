import { conditionOf, objectKey } from '@bosun/api';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import type { Plan, Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** How long a node must stay gone before its pods are collected (podgc's quarantineTime: a node being re-created keeps them). */
export const POD_GC_QUARANTINE_MS = 40_000;
/** kube-controller-manager's --terminated-pod-gc-threshold default (0 or less: terminated pods are never collected). */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
/** The taint that says a node is out of service (node.kubernetes.io/out-of-service), after which its terminating pods go at once. */
export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

export interface PodGcOptions {
  readonly quarantineMs?: number;
  readonly terminatedPodThreshold?: number;
  readonly now?: () => number;
}

/** --terminated-pod-gc-threshold: a whole number of pods (0 or less: never). */
export function terminatedPodGcThreshold(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n)) throw new Error(`--terminated-pod-gc-threshold must be a whole number of pods, got "${value}"`);
  return n;
}

/** The one key under which the terminated pods of the whole cluster are counted. */
export const TERMINATED_PODS_KEY = 'podgc:terminated';

const terminated = (p: Anything): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const nodeKey = (name: string): string => objectKey('Node', undefined, name);

/** byEvictionAndCreationTimestamp: evicted pods first (they no longer run), then the oldest, then by name. */
const evictedThenOldest = (a: Anything, b: Anything): number => {
  const evicted = (p: Anything): boolean => p.status?.phase === 'Failed' && p.status?.reason === 'Evicted';
  return (
    Number(evicted(b)) - Number(evicted(a)) ||
    String(a.metadata.creationTimestamp ?? '').localeCompare(String(b.metadata.creationTimestamp ?? '')) ||
    String(a.metadata.name).localeCompare(String(b.metadata.name))
  );
};

/**
 * markFailedAndDeletePodWithCondition: a pod not yet terminated is first marked Failed (no kubelet
 * will ever say so of a pod whose node is gone), with the condition when there is one, then deleted
 * with a grace period of 0 — at once, as nobody is left to confirm it.
 */
function markFailedAndDelete(pod: Anything, meta: () => CommandMetadata, condition?: Anything): AddressedCommand[] {
  const target = { kind: 'Pod' as const, namespace: pod.metadata.namespace as string, name: pod.metadata.name as string };
  const commands: AddressedCommand[] = [];
  if (!terminated(pod)) {
    const m = meta();
    const conditions = ((pod.status?.conditions ?? []) as Anything[]).filter((c) => c.type !== condition?.type);
    const status = { ...(pod.status ?? {}), phase: 'Failed', ...(condition ? { conditions: [...conditions, { ...condition, lastProbeTime: null, lastTransitionTime: m.time }] } : {}) };
    commands.push({ ...target, command: { type: 'UpdateStatus', data: { status }, metadata: m } });
  }
  commands.push({ ...target, command: { type: 'Delete', data: { gracePeriodSeconds: 0 }, metadata: meta() } });
  return commands;
}

/**
 * The pod garbage collector, as kube-controller-manager's podgc controller (pkg/controller/podgc):
 * - orphaned pods: those bound to a node that is gone, once it has stayed gone for the quarantine
 *   (40 s, from when this controller first saw it gone), are marked Failed with a DisruptionTarget
 *   condition (DeletionByPodGC, "PodGC: node no longer exists") and deleted at once;
 * - terminating pods of a node not Ready with the out-of-service taint are marked Failed and deleted
 *   at once (gcTerminating), evicted then oldest first;
 * - terminated pods (Succeeded, Failed) beyond --terminated-pod-gc-threshold are deleted, evicted
 *   then oldest first (gcTerminated).
 * (Its fourth rule, unscheduled pods left terminating, has nothing to do in Bosun: a pod on no node
 * is deleted at once.) Keyed by node, and one key for the terminated pods.
 */
export function podGcReconciler(options: PodGcOptions = {}): Reconciler {
  const quarantine = options.quarantineMs ?? POD_GC_QUARANTINE_MS;
  const threshold = options.terminatedPodThreshold ?? TERMINATED_POD_GC_THRESHOLD;
  const now = options.now ?? Date.now;
  /** When each gone node with pods was first seen gone (podgc's nodeQueue, in memory: a new leader starts the quarantine anew). */
  const goneSince = new Map<string, number>();

  const outOfService = (node: Anything): boolean =>
    conditionOf(node, 'Ready')?.status !== 'True' && ((node.spec?.taints ?? []) as Anything[]).some((t) => t?.key === OUT_OF_SERVICE_TAINT);

  return {
    name: 'podgc',

    initialKeys: (state) => [
      ...new Set([...state.list('Node').map((n) => nodeKey(n.metadata.name ?? '')), ...(state.list('Pod') as Anything[]).filter((p) => p.spec?.nodeName).map((p) => nodeKey(p.spec.nodeName))]),
      ...(threshold > 0 ? [TERMINATED_PODS_KEY] : []),
    ],

    keysFor(change: ObjectChange, state: ClusterState): string[] {
      const o = change.object as Anything;
      if (o.kind === 'Node') return [change.key];
      if (o.kind !== 'Pod' || change.type === 'DELETED') return [];
      const keys: string[] = [];
      const nodeName: string | undefined = o.spec?.nodeName;
      if (nodeName) {
        const node = state.getObject(nodeKey(nodeName)) as Anything | null;
        if (node === null || (o.metadata.deletionTimestamp && outOfService(node))) keys.push(nodeKey(nodeName));
      }
      if (threshold > 0 && terminated(o)) keys.push(TERMINATED_PODS_KEY);
      return keys;
    },

    plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
      if (key === TERMINATED_PODS_KEY) {
        // gcTerminated: the terminated pods beyond the threshold.
        const done = (state.list('Pod') as Anything[]).filter(terminated);
        if (threshold <= 0 || done.length <= threshold) return [];
        return done.sort(evictedThenOldest).slice(0, done.length - threshold).flatMap((p) => markFailedAndDelete(p, meta));
      }
      const name = key.slice('nodes/'.length);
      const node = state.getObject(key) as Anything | null;
      const pods = state.podsOnNode(name) as Anything[];
      if (node !== null) {
        goneSince.delete(name);
        // gcTerminating: nobody will confirm the end of these pods.
        if (!outOfService(node)) return [];
        return pods.filter((p) => p.metadata.deletionTimestamp && !terminated(p)).sort(evictedThenOldest).flatMap((p) => markFailedAndDelete(p, meta));
      }
      if (pods.length === 0) {
        goneSince.delete(name);
        return [];
      }
      // gcOrphaned: only once the node has stayed gone for the quarantine.
      const t = now();
      const since = goneSince.get(name) ?? t;
      goneSince.set(name, since);
      if (t - since < quarantine) return [];
      const condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };
      return pods.flatMap((p) => markFailedAndDelete(p, meta, condition));
    },

    requeueAfterMs(key: string): number | undefined {
      const since = goneSince.get(key.slice('nodes/'.length));
      if (key === TERMINATED_PODS_KEY || since === undefined) return undefined;
      return Math.max(200, since + quarantine - now() + 50);
    },
  };
}
