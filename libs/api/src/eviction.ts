import { BadRequestError, UnclassifiedError } from './api.errors';
import type { PodCondition, PodStatus } from './types';

/** The condition kube-apiserver's eviction subresource puts on a pod before it deletes it. */
export const DISRUPTION_TARGET: Readonly<Pick<PodCondition, 'type' | 'status' | 'reason' | 'message'>> = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'EvictionByEvictionAPI',
  message: 'Eviction API: evicting',
};

/**
 * Reads a `pods/{name}/eviction` body (policy/v1 or v1beta1 Eviction) as kube-apiserver's eviction
 * REST does, and answers its deleteOptions: a JSON object of kind Eviction, in its namespace, whose
 * name is the pod's — an Eviction that names no pod does not match the URL either (400
 * `name in URL does not match name in Eviction object`).
 */
export function readEviction(body: unknown, pod: { readonly name: string; readonly namespace: string }): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestError('the body of an eviction must be a JSON or YAML object');
  const eviction = body as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } | null; deleteOptions?: unknown };
  if (eviction.kind !== undefined && eviction.kind !== 'Eviction') throw new BadRequestError(`the kind in the body (${String(eviction.kind)}) is not Eviction`);
  if (eviction.apiVersion !== undefined && eviction.apiVersion !== 'policy/v1' && eviction.apiVersion !== 'policy/v1beta1') {
    throw new BadRequestError(`the API version in the data (${String(eviction.apiVersion)}) does not match the expected API version (policy/v1)`);
  }
  const namespace = eviction.metadata?.namespace;
  if (namespace !== undefined && namespace !== null && namespace !== '' && namespace !== pod.namespace) {
    throw new BadRequestError('the namespace of the provided object does not match the namespace sent on the request');
  }
  if ((eviction.metadata?.name ?? '') !== pod.name) throw new BadRequestError('name in URL does not match name in Eviction object');
  return eviction.deleteOptions ?? {};
}

/**
 * An Eviction's deleteOptions with the dryRun it is deleted with, as kube-apiserver's eviction REST
 * settles it (propagateDryRun): the deleteOptions' own, else the request's (its CreateOptions'
 * `dryRun` query); when both name one they must be the same list, else its error — no API Status,
 * so a 500 without a reason.
 */
export function evictionDeleteOptions(deleteOptions: unknown, requestDryRun: readonly string[]): unknown {
  const options = typeof deleteOptions === 'object' && deleteOptions !== null && !Array.isArray(deleteOptions) ? (deleteOptions as Record<string, unknown>) : {};
  const own = Array.isArray(options.dryRun) ? options.dryRun.map(String) : [];
  if (own.length === 0) return requestDryRun.length === 0 ? options : { ...options, dryRun: [...requestDryRun] };
  if (requestDryRun.length === 0) return options;
  const same = own.length === requestDryRun.length && own.every((d, i) => d === requestDryRun[i]);
  // Go's %v of a []string: [All All].
  if (!same) throw new UnclassifiedError(`DryRun in DeleteOptions ([${own.join(' ')}]) does not match CreateOptions ([${requestDryRun.join(' ')}])`);
  return options;
}

/**
 * A pod's status with the DisruptionTarget condition set, as the eviction subresource sets it
 * (podutil.UpdatePodCondition): added at `time`, or updated in place — its transition time kept
 * when it was already True.
 */
export function withDisruptionTarget(status: PodStatus | undefined, time: string): PodStatus {
  const conditions = status?.conditions ?? [];
  const old = conditions.find((c) => c.type === DISRUPTION_TARGET.type);
  const lastTransitionTime = old !== undefined && old.status === DISRUPTION_TARGET.status ? old.lastTransitionTime : time;
  const condition: PodCondition = { type: DISRUPTION_TARGET.type, status: DISRUPTION_TARGET.status, lastProbeTime: null, lastTransitionTime, reason: DISRUPTION_TARGET.reason, message: DISRUPTION_TARGET.message };
  return {
    ...status,
    conditions: old === undefined ? [...conditions, condition] : conditions.map((c) => (c === old ? condition : c)),
  };
}
