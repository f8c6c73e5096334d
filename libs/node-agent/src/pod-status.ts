import type { ContainerState, ContainerStatus } from '@bosun/api';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** What the agent knows of one container, enough for its ContainerStatus. */
export interface ContainerView {
  readonly name: string;
  readonly image: string;
  readonly imageID: string;
  readonly containerID?: string;
  readonly restartCount: number;
  readonly state: ContainerState;
  readonly lastState: ContainerState;
  readonly ready: boolean;
}

/** Whether a container that ended with `exitCode` is started again under `policy`. */
export function restarts(policy: RestartPolicy, exitCode: number): boolean {
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/**
 * The pod's phase from its containers, as the kubelet computes it: Running while a container runs
 * or will run again after having run; Succeeded / Failed once all have ended for good; Pending while
 * none has started yet.
 */
export function podPhase(policy: RestartPolicy, containers: readonly ContainerView[]): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  if (containers.length === 0) return 'Pending';
  if (containers.some((c) => c.state.running)) return 'Running';
  const ended = containers.filter((c) => c.state.terminated && !restarts(policy, c.state.terminated.exitCode));
  if (ended.length === containers.length) return ended.every((c) => c.state.terminated!.exitCode === 0) ? 'Succeeded' : 'Failed';
  const hasRun = containers.some((c) => c.state.terminated || c.lastState.terminated);
  return hasRun ? 'Running' : 'Pending';
}

const condition = (type: string, ok: boolean, time: string, previous: Anything[]): Anything => {
  const status = ok ? 'True' : 'False';
  const before = previous.find((c) => c.type === type);
  return { type, status, lastProbeTime: null, lastTransitionTime: before?.status === status ? before.lastTransitionTime : time };
};

/**
 * The status the agent reports for a pod: phase, conditions (keeping transition times that did
 * not change), IPs, start time and one ContainerStatus per container in spec order.
 */
export function podStatus(pod: Anything, containers: readonly ContainerView[], node: { hostIP: string; podIP: string }, time: string): Anything {
  const previous = (pod.status?.conditions ?? []) as Anything[];
  const phase = podPhase((pod.spec?.restartPolicy ?? 'Always') as RestartPolicy, containers);
  const ready = containers.length > 0 && containers.every((c) => c.ready) && phase === 'Running';
  const statuses: ContainerStatus[] = containers.map((c) => ({
    name: c.name,
    state: c.state,
    lastState: c.lastState,
    ready: c.ready,
    restartCount: c.restartCount,
    image: c.image,
    imageID: c.imageID,
    ...(c.containerID ? { containerID: c.containerID } : {}),
    started: Boolean(c.state.running),
  }));
  const done = phase === 'Succeeded' || phase === 'Failed';
  return {
    ...(pod.status ?? {}),
    phase,
    conditions: [
      condition('PodReadyToStartContainers', true, time, previous),
      condition('Initialized', true, time, previous),
      condition('Ready', ready, time, previous),
      condition('ContainersReady', ready, time, previous),
      condition('PodScheduled', true, time, previous),
    ].map((c) => (done && (c.type === 'Ready' || c.type === 'ContainersReady') ? { ...c, reason: 'PodCompleted' } : c)),
    hostIP: node.hostIP,
    hostIPs: [{ ip: node.hostIP }],
    podIP: node.podIP,
    podIPs: [{ ip: node.podIP }],
    startTime: pod.status?.startTime ?? time,
    containerStatuses: statuses,
  };
}
