import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, OwnerReference } from './types';

/** Kubernetes timestamps are RFC 3339 at second precision: 2026-11-28T10:00:00Z. */
export function kubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The characters Kubernetes uses for generateName suffixes (no vowels, no look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` + this: the name the API server (or a controller) gives an object. */
export function randomNameSuffix(length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += SUFFIX_ALPHABET[Math.floor(Math.random() * SUFFIX_ALPHABET.length)];
  return s;
}

/**
 * Namespaces that may not be deleted (kube-apiserver's NamespaceLifecycle admission: the cluster
 * needs them; kube-node-lease is not among them).
 */
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public']);

/**
 * The namespaces kube-apiserver creates and keeps (its system-namespaces controller creates again
 * any that is gone): the immortal ones and kube-node-lease, which may be deleted but comes back.
 */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The owner reference marked `controller: true`, if any. */
/**
 * The labels a kubelet gives the Node it registers (kubelet_node_status.go's initialNode): its
 * hostname, operating system and architecture, also under the deprecated beta keys. Manifests
 * select nodes by them (`nodeSelector: {kubernetes.io/os: linux}`, common in Helm charts).
 */
export function kubeletNodeLabels(hostname: string, os: string, arch: string): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': os,
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': hostname,
    'kubernetes.io/os': os,
  };
}

/** The pressures a kubelet reports on its Node, in its order, as they read when there is none (nodestatus setters). */
const NO_PRESSURE: readonly { type: string; reason: string; message: string }[] = [
  { type: 'MemoryPressure', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
];

/**
 * The conditions a kubelet posts on its Node at each heartbeat, in its order: MemoryPressure,
 * DiskPressure and PIDPressure (False: Bosun's agents report no pressure) and Ready (True, with the
 * agent's message) — what `kubectl describe node` lists. Each keeps the lastTransitionTime the node
 * already has for it while its status holds; lastHeartbeatTime is `time`.
 */
export function kubeletNodeConditions(node: { status?: { conditions?: readonly unknown[] } } | null, readyMessage: string, time: string): Record<string, unknown>[] {
  const since = (type: string, status: string): string => {
    const was = conditionOf(node, type);
    return was?.status === status && typeof was.lastTransitionTime === 'string' ? was.lastTransitionTime : time;
  };
  return [
    ...NO_PRESSURE.map((c) => ({ type: c.type, status: 'False', reason: c.reason, message: c.message, lastHeartbeatTime: time, lastTransitionTime: since(c.type, 'False') })),
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: readyMessage, lastHeartbeatTime: time, lastTransitionTime: since('Ready', 'True') },
  ];
}

export function controllerOf(object: { metadata?: Pick<KubeObject['metadata'], 'ownerReferences'> }): OwnerReference | undefined {
  return (object.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: { status?: { conditions?: { type: string; status: string }[] } }): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Go durations as Kubernetes components take them on their flags: "40s", "5m", "1m30s", "500ms"; in ms. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new RangeError(`"${text}" is not a duration such as 40s, 5m or 1m30s`);
  return parts.reduce((total, [, n, unit]) => total + Number(n) * units[unit], 0);
}

/**
 * Equal as JSON, as stored objects compare: members that are undefined do not count, nor do object
 * prototypes (objects come from JSON.parse, literals, or another realm).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(asJson(a ?? null), asJson(b ?? null));
}

const NOT_PLAIN = Symbol('not plain JSON');

/**
 * What `JSON.parse(JSON.stringify(value))` gives, without the round trip where it changes nothing:
 * members that are undefined are dropped (their object copied), everything else is shared. Values
 * JSON would turn into something else (dates, toJSON, NaN, -0, class instances, holes, objects
 * without a prototype) take the round trip itself. Objects bound for the log are plain, so they
 * are copied only where a member goes.
 */
export function asJson<T>(value: T): T {
  try {
    return plain(value) as T;
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
    return JSON.parse(JSON.stringify(value)) as T;
  }
}

function plain(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value) || Object.is(value, -0)) throw NOT_PLAIN;
      return value;
    case 'object': {
      if (value === null) return value;
      if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || value[i] === undefined) throw NOT_PLAIN; // JSON writes null there
          const item = plain(value[i]);
          if (item !== value[i]) (copy ??= value.slice())[i] = item;
        }
        return copy ?? value;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
      const record = value as Record<string, unknown>;
      let copy: Record<string, unknown> | undefined;
      const keys = Object.keys(record);
      for (let k = 0; k < keys.length; k++) {
        const v = record[keys[k]];
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') {
          // Dropped, as JSON drops it: copy the members before it (once), skip this one.
          copy ??= Object.fromEntries(keys.slice(0, k).map((key) => [key, record[key]]));
          continue;
        }
        const item = plain(v);
        if (copy !== undefined) copy[keys[k]] = item;
        else if (item !== v) {
          copy = Object.fromEntries(keys.slice(0, k).map((key) => [key, record[key]]));
          copy[keys[k]] = item;
        }
      }
      return copy ?? value;
    }
    default:
      throw NOT_PLAIN; // undefined, functions, symbols and bigints at the top or in an array
  }
}

/** The condition of `type` an object reports in `status.conditions` (a Node's Ready, a Pod's PodScheduled), if any. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function conditionOf(object: { status?: { conditions?: readonly any[] } } | null | undefined, type: string): Record<string, any> | undefined {
  return (object?.status?.conditions ?? []).find((c) => c?.type === type);
}

/**
 * Conditions with one set as meta.SetStatusCondition sets it: added at `time`, or replaced in place
 * keeping its lastTransitionTime while its status holds.
 */
export function withConditionSet<C extends { readonly type: string; readonly status: string; readonly lastTransitionTime?: string | null }>(conditions: readonly C[] | undefined, set: Omit<C, 'lastTransitionTime'>, time: string): C[] {
  const list = conditions ?? [];
  const old = list.find((c) => c.type === set.type);
  const condition = { ...set, lastTransitionTime: old !== undefined && old.status === set.status ? old.lastTransitionTime : time } as C;
  return old === undefined ? [...list, condition] : list.map((c) => (c === old ? condition : c));
}

/**
 * The least time a node takes to confirm a graceful deletion after it sees the request, as a
 * kubelet's stop and status sync do. Confirmed at once, a pod a controller makes again under the
 * same name (a StatefulSet's) could exist again before `kubectl delete` lists the name to wait for
 * the deletion — and kubectl then waits for ever.
 */
export const NODE_DELETION_SETTLE_MS = 250;
