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

/** The owner reference marked `controller: true`, if any. */
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
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));
}

/** The condition of `type` an object reports in `status.conditions` (a Node's Ready, a Pod's PodScheduled), if any. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function conditionOf(object: { status?: { conditions?: readonly any[] } } | null | undefined, type: string): Record<string, any> | undefined {
  return (object?.status?.conditions ?? []).find((c) => c?.type === type);
}
