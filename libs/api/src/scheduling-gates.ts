import { fieldErrors, type FieldCause } from './api.errors';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Whether a pod is held back from scheduling by its `spec.schedulingGates` (Kubernetes' pod
 * scheduling readiness): no scheduler places it, and a Binding of it is refused, until others have
 * removed every gate.
 */
export function isSchedulingGated(pod: unknown): boolean {
  const gates = (pod as Anything | null)?.spec?.schedulingGates;
  return Array.isArray(gates) && gates.length > 0;
}

/** The reason and message of a gated pod's PodScheduled=False condition, in Kubernetes' words. */
export const SCHEDULING_GATED = { reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' } as const;

/**
 * A new pod's conditions as kube-apiserver's pod strategy leaves them at create
 * (applySchedulingGatedCondition): a gated pod without a PodScheduled condition gets
 * PodScheduled=False, SchedulingGated. Undefined: nothing to add.
 */
export function schedulingGatedConditions(pod: unknown): Anything[] | undefined {
  if (!isSchedulingGated(pod)) return undefined;
  const conditions = ((pod as Anything).status?.conditions ?? []) as Anything[];
  if (conditions.some((c) => c?.type === 'PodScheduled')) return undefined;
  return [...conditions, { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: null, ...SCHEDULING_GATED }];
}

/**
 * A pod update may remove scheduling gates, never add one (ValidatePodUpdate's
 * validateOnlyDeletedSchedulingGates): `spec.schedulingGates[0].name: Forbidden: only deletion is
 * allowed, but found new scheduling gate 'example.com/b'`.
 */
export function validateSchedulingGatesUpdate(before: unknown, after: unknown): FieldCause[] {
  const gates = (p: unknown): Anything[] => {
    const list = (p as Anything | null)?.spec?.schedulingGates;
    return Array.isArray(list) ? (list as Anything[]) : [];
  };
  const old = new Set(gates(before).map((g) => g?.name));
  return gates(after).flatMap((g, i) => (old.has(g?.name) ? [] : [fieldErrors.forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${String(g?.name)}'`)]));
}
