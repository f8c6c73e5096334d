import { readinessGateMessages, READINESS_GATES_NOT_READY, withKubeletConditions, type ContainerState, type ContainerStatus } from '@bosun/api';

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
  /** Whether its startupProbe has passed (true once running when it has none). */
  readonly started?: boolean;
}

/** A pod's init containers, in spec order, and which of them are sidecars (`restartPolicy: Always`). */
export interface InitViews {
  readonly views: readonly ContainerView[];
  readonly sidecars: ReadonlySet<string>;
}

const NO_INIT: InitViews = { views: [], sidecars: new Set() };

/**
 * Whether an init container has done its part: a plain one ended with exit code 0 (and is not run
 * again), a sidecar has started (and keeps running beside the app containers, or was stopped once
 * they were done).
 */
export function initDone(view: ContainerView, sidecar: boolean): boolean {
  if (sidecar) return view.started === true || view.restartCount > 0 || view.state.terminated !== undefined;
  return view.state.terminated?.exitCode === 0;
}

/** An init container that failed for good: it ended with an error and the pod's restartPolicy is Never. */
function initFailed(policy: RestartPolicy, view: ContainerView, sidecar: boolean): boolean {
  return !sidecar && policy === 'Never' && view.state.terminated !== undefined && view.state.terminated.exitCode !== 0;
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
export function podPhase(policy: RestartPolicy, containers: readonly ContainerView[], init: InitViews = NO_INIT): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  // Until its init containers have done their part a pod is Pending, or Failed if one failed for good.
  if (init.views.some((v) => initFailed(policy, v, init.sidecars.has(v.name)))) return 'Failed';
  if (!init.views.every((v) => initDone(v, init.sidecars.has(v.name)))) return 'Pending';
  if (containers.length === 0) return 'Pending';
  if (containers.some((c) => c.state.running)) return 'Running';
  const ended = containers.filter((c) => c.state.terminated && !restarts(policy, c.state.terminated.exitCode));
  if (ended.length === containers.length) return ended.every((c) => c.state.terminated!.exitCode === 0) ? 'Succeeded' : 'Failed';
  const hasRun = containers.some((c) => c.state.terminated || c.lastState.terminated);
  return hasRun ? 'Running' : 'Pending';
}

const condition = (type: string, ok: boolean, time: string, previous: Anything[], why?: { reason: string; message: string }): Anything => {
  const status = ok ? 'True' : 'False';
  const before = previous.find((c) => c.type === type);
  return { type, status, lastProbeTime: null, lastTransitionTime: before?.status === status ? before.lastTransitionTime : time, ...(ok || why === undefined ? {} : why) };
};

const statusOf = (c: ContainerView): ContainerStatus => ({
  name: c.name,
  state: c.state,
  lastState: c.lastState,
  ready: c.ready,
  restartCount: c.restartCount,
  image: c.image,
  imageID: c.imageID,
  ...(c.containerID ? { containerID: c.containerID } : {}),
  started: c.started ?? Boolean(c.state.running),
});

/**
 * The status the agent reports for a pod: phase, conditions (keeping transition times that did
 * not change; a False one says why, as the kubelet words it; Ready also waits for the readiness
 * gates; conditions the kubelet does not own are kept as they are), IPs, start time and one
 * ContainerStatus per container, init container and ephemeral container, in spec order; ephemeral
 * containers count for neither phase nor readiness.
 */
export function podStatus(pod: Anything, containers: readonly ContainerView[], node: { hostIP: string; podIP: string }, time: string, init: InitViews = NO_INIT, ephemeral: readonly ContainerView[] = []): Anything {
  const previous = (pod.status?.conditions ?? []) as Anything[];
  const policy = (pod.spec?.restartPolicy ?? 'Always') as RestartPolicy;
  const phase = podPhase(policy, containers, init);
  const incomplete = init.views.filter((v) => !initDone(v, init.sidecars.has(v.name))).map((v) => v.name);
  // Sidecars count towards readiness as the app containers do.
  const readiness = [...init.views.filter((v) => init.sidecars.has(v.name)), ...containers];
  const unready = readiness.filter((c) => !c.ready).map((c) => c.name);
  const ready = containers.length > 0 && unready.length === 0 && phase === 'Running';
  const done = phase === 'Succeeded' || phase === 'Failed';
  const notReady = { reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  // Ready also waits for the readiness gates' conditions, which others set on the pod.
  const gates = readinessGateMessages(pod.spec?.readinessGates, previous);
  const gated = { reason: READINESS_GATES_NOT_READY, message: gates.join(', ') };
  const reported = [
    condition('PodReadyToStartContainers', true, time, previous),
    condition('Initialized', incomplete.length === 0, time, previous, { reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incomplete.join(' ')}]` }),
    condition('Ready', ready && gates.length === 0, time, previous, ready ? gated : notReady),
    condition('ContainersReady', ready, time, previous, notReady),
    condition('PodScheduled', true, time, previous),
  ].map((c) => (done && (c.type === 'Ready' || c.type === 'ContainersReady') ? { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime: c.lastTransitionTime, reason: 'PodCompleted' } : c));
  return {
    ...(pod.status ?? {}),
    phase,
    // The conditions the kubelet does not own (a readiness gate's, DisruptionTarget) stay as they are.
    conditions: withKubeletConditions(previous, reported),
    hostIP: node.hostIP,
    hostIPs: [{ ip: node.hostIP }],
    podIP: node.podIP,
    podIPs: [{ ip: node.podIP }],
    startTime: pod.status?.startTime ?? time,
    ...(init.views.length === 0 ? {} : { initContainerStatuses: init.views.map(statusOf) }),
    containerStatuses: containers.map(statusOf),
    ...(ephemeral.length === 0 ? {} : { ephemeralContainerStatuses: ephemeral.map(statusOf) }),
  };
}
