/**
 * The pod conditions a node's kubelet owns: it reports them, and only them. Any other condition
 * is someone else's — a readiness gate's controller, the eviction's DisruptionTarget — and the
 * kubelet keeps it as it found it (kubetypes.PodConditionByKubelet).
 */
export const KUBELET_POD_CONDITIONS: ReadonlySet<string> = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers', 'PodResizePending', 'PodResizeInProgress']);

/**
 * The conditions a node reports for a pod, merged as the kubelet's status manager merges them
 * (mergePodStatus): the pod's conditions the kubelet does not own, as they are, then the ones it
 * reports.
 */
export function withKubeletConditions<C extends { readonly type?: unknown }>(current: readonly C[] | undefined, reported: readonly C[]): C[] {
  return [...(current ?? []).filter((c) => !KUBELET_POD_CONDITIONS.has(String(c.type))), ...reported];
}

/**
 * Why a pod's readiness gates keep it from being Ready, in the kubelet's words
 * (GeneratePodReadyCondition): each gate whose condition is missing or not True. Empty: they do not.
 * The kubelet then reports Ready False, reason `ReadinessGatesNotReady`, these joined by ", ".
 */
export function readinessGateMessages(readinessGates: unknown, conditions: readonly { readonly type?: unknown; readonly status?: unknown }[] | undefined): string[] {
  const gates = Array.isArray(readinessGates) ? (readinessGates as { conditionType?: unknown }[]) : [];
  const messages: string[] = [];
  for (const gate of gates) {
    const type = String(gate?.conditionType ?? '');
    const condition = (conditions ?? []).find((c) => c.type === type);
    if (condition === undefined) messages.push(`corresponding condition of pod readiness gate ${JSON.stringify(type)} does not exist.`);
    else if (condition.status !== 'True') messages.push(`the status of pod readiness gate ${JSON.stringify(type)} is not "True", but ${String(condition.status)}`);
  }
  return messages;
}

export const READINESS_GATES_NOT_READY = 'ReadinessGatesNotReady';
