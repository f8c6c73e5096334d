import { kubeTime, type ContainerState } from '@bosun/api';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, adoptProcess, inTerminal, withStdin, type ContainerProcess, type ProcessExit } from './container-process';
import { trackLogTimes } from './log-times';
import { ImageError, resolveCommand, type ImageConfig } from './image-map';
import { restarts, type ContainerView, type InitViews, type RestartPolicy } from './pod-status';
import type { PodSandbox, RunAs, SavedSandbox } from './pod-sandbox';
import { ProbeLoop, runHook, type ProbeContext } from './probes';
import { cgroupLimits, inCgroup, type Cgroups, type ContainerCgroup } from './container-cgroup';
import { cgroupDirsOf, type MeasuredContainer } from './resource-usage';
import { prepareVolumes, refreshDataVolumes, VolumeError } from './pod-volumes';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Kubernetes' crash back-off: the first restart at once, then 10 s doubling to 5 minutes. */
export function crashBackOffMs(failures: number): number {
  return failures <= 1 ? 0 : Math.min(10_000 * 2 ** (failures - 2), 300_000);
}

/** Retrying an image or a start that failed: 10 s doubling to 5 minutes. */
export function startBackOffMs(failures: number): number {
  return Math.min(10_000 * 2 ** (failures - 1), 300_000);
}

/** A container that runs for this long has its back-off forgotten, as the kubelet does. */
const BACK_OFF_RESET_MS = 10 * 60_000;
/** Where a pod's volumes live in its directory: not a DNS label, so never a container's log directory. */
const VOLUMES_DIR = '.volumes';

interface ContainerRecord {
  readonly name: string;
  image: string;
  starts: number;
  state: ContainerState;
  lastState: ContainerState;
  process: ContainerProcess | undefined;
  startedAtMs: number;
  /** Consecutive failures, for the back-off. */
  failures: number;
  notBefore: number;
  containerID: string | undefined;
  /** Readiness by its probe (true while running when there is none). */
  ready: boolean;
  /** Whether its startupProbe has passed in this run (true once running when it has none). */
  started: boolean;
  /** Its cgroup, when its resources set limits and the node enforces them; and its OOM kills before this run. */
  cgroup: ContainerCgroup | undefined;
  oomKillsBefore: number;
  /** Stopped because its spec changed: started again at once, whatever the restartPolicy. */
  redefined: boolean;
  /** A sidecar stopped because the app containers are done for good: not started again. */
  retired: boolean;
  probes: ProbeLoop[];
}

/** The pod's spec of a container, init container or ephemeral container, by name (names are unique across them). */
function specOf(pod: Anything | undefined, name: string): Anything | undefined {
  return [...((pod?.spec?.containers ?? []) as Anything[]), ...((pod?.spec?.initContainers ?? []) as Anything[]), ...((pod?.spec?.ephemeralContainers ?? []) as Anything[])].find((c) => c.name === name);
}

/**
 * Whom a container runs as: runAsUser and runAsGroup of its securityContext, else of the pod's. With
 * runAsNonRoot, a container that would run as root is refused as the kubelet refuses it (the
 * programs a node runs have no image user: unset is root).
 */
export function runAs(pod: Anything, container: Anything): RunAs {
  const pick = (field: string): unknown => container.securityContext?.[field] ?? pod.spec?.securityContext?.[field];
  const uid = pick('runAsUser');
  const gid = pick('runAsGroup');
  const user: RunAs = { ...(typeof uid === 'number' ? { uid } : {}), ...(typeof gid === 'number' ? { gid } : {}) };
  if (pick('runAsNonRoot') === true && !(user.uid! > 0)) {
    const where = `(pod: "${String(pod.metadata?.name)}_${String(pod.metadata?.namespace)}(${String(pod.metadata?.uid)})", container: ${String(container.name)})`;
    throw new ContainerConfigError(user.uid === 0 ? `container's runAsUser breaks non-root policy ${where}` : `container has runAsNonRoot and image will run as root ${where}`);
  }
  return user;
}

/** A sidecar: an init container that runs beside the app containers (restartPolicy Always, Kubernetes 1.29). */
const isSidecar = (container: Anything): boolean => container.restartPolicy === 'Always';

/** What a pod's directory remembers of its processes, so that a restarted agent can find them. */
export interface SavedPod {
  readonly uid: string;
  readonly key: string;
  readonly sandbox?: SavedSandbox;
  readonly containers: Record<string, { pid: number; startTicks?: number; starts: number; startedAt: string }>;
}

export interface PodWorkerDeps {
  /** The pod's directory: logs (`<container>/<restart>.log`) and pod.json. */
  readonly dir: string;
  readonly imageMap: Readonly<Record<string, ImageConfig>>;
  /** Environment every container gets before its own (PATH, HOSTNAME, service variables). */
  readonly baseEnv: (pod: Anything) => Record<string, string>;
  /** Asks the agent to sync this pod again: a container ended, a back-off ran out, a probe changed its verdict. */
  readonly wake: () => void;
  /** The pod's IP without a sandbox (the node's address: host network). */
  readonly podIP: string;
  /**
   * What the kubelet records as an Event and the log cannot tell from the pod's status: a probe
   * that turned failing, with its output.
   */
  readonly record?: (event: { reason: string; message: string; type: 'Normal' | 'Warning' }) => void;
  /** The ConfigMaps and Secrets containers' environments name. */
  readonly config?: ConfigLookup;
  /** The node's cgroups, to enforce containers' resource limits (none: they are not enforced). */
  readonly cgroups?: Cgroups;
  readonly now?: () => number;
}

/** `$(VAR)` in command and args, from the container's environment; `$$(VAR)` stays literal. */
export function expandVariables(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$\(|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) =>
    name === undefined ? '$(' : (env[name] ?? match),
  );
}

/** A container whose environment names a ConfigMap, Secret or key that is not there: CreateContainerConfigError. */
export class ContainerConfigError extends Error {}

/** Finds the ConfigMaps and Secrets a container's environment names, and the claims and volumes its pod mounts (null: absent). */
export type ConfigLookup = (kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'PersistentVolume', namespace: string, name: string) => Anything | null;

/** The keys and values of a ConfigMap or Secret (a Secret's decoded from base64). */
function configValues(kind: 'ConfigMap' | 'Secret', object: Anything): Record<string, string> {
  if (kind === 'ConfigMap') return { ...(object.data ?? {}) } as Record<string, string>;
  return Object.fromEntries(Object.entries((object.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

/**
 * The environment a container's `envFrom` and `env` ask for — the latter winning — with fieldRef
 * values from the pod and configMapKeyRef / secretKeyRef values through `lookup`. What is named and
 * absent (unless `optional`) is a ContainerConfigError, worded as the kubelet words it.
 */
export function containerEnv(pod: Anything, container: Anything, base: Record<string, string>, lookup: ConfigLookup = () => null): Record<string, string> {
  const env: Record<string, string> = { ...base };
  const namespace = String(pod.metadata?.namespace ?? 'default');
  const find = (kind: 'ConfigMap' | 'Secret', ref: Anything): Record<string, string> | undefined => {
    const object = lookup(kind, namespace, String(ref?.name ?? ''));
    if (object !== null) return configValues(kind, object);
    if (ref?.optional === true) return undefined;
    throw new ContainerConfigError(`${kind.toLowerCase()} "${String(ref?.name ?? '')}" not found`);
  };
  for (const source of (container.envFrom ?? []) as Anything[]) {
    const kind = source.configMapRef ? 'ConfigMap' : source.secretRef ? 'Secret' : undefined;
    if (kind === undefined) continue;
    const values = find(kind, source.configMapRef ?? source.secretRef) ?? {};
    for (const [key, value] of Object.entries(values)) env[`${source.prefix ?? ''}${key}`] = value;
  }
  const fields: Record<string, unknown> = {
    'metadata.name': pod.metadata?.name,
    'metadata.namespace': pod.metadata?.namespace,
    'metadata.uid': pod.metadata?.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.podIP': pod.status?.podIP,
    'status.hostIP': pod.status?.hostIP,
  };
  for (const e of (container.env ?? []) as Anything[]) {
    if (typeof e.value === 'string') env[e.name] = expandVariables(e.value, env);
    else if (e.valueFrom?.fieldRef?.fieldPath) {
      const path = String(e.valueFrom.fieldRef.fieldPath);
      const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
      const value = label ? pod.metadata?.[label[1]]?.[label[2]] : fields[path];
      if (value !== undefined && value !== null) env[e.name] = String(value);
    } else if (e.valueFrom?.configMapKeyRef || e.valueFrom?.secretKeyRef) {
      const kind = e.valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const ref = e.valueFrom.configMapKeyRef ?? e.valueFrom.secretKeyRef;
      const values = find(kind, ref);
      if (values === undefined) continue;
      if (ref.key in values) env[e.name] = values[ref.key];
      else if (ref.optional !== true) throw new ContainerConfigError(`couldn't find key ${String(ref.key)} in ${kind} ${namespace}/${String(ref.name)}`);
    } else if (e.value === undefined && e.valueFrom === undefined) env[e.name] = '';
  }
  return env;
}

/**
 * What `kubectl exec` into a container that is not running is told on Kubernetes 1.31: the kubelet
 * finds no such container (GetExec), the SPDY upgrade to it fails, and kube-apiserver's stream
 * translator reports that as an internal error.
 */
export function execNotRunning(container: string): string {
  return `Internal error occurred: unable to upgrade connection: container not found (${JSON.stringify(container)})`;
}

/**
 * The agent's side of one pod: starts its containers as process groups, restarts them by the pod's
 * restartPolicy with Kubernetes' back-off, and stops them gracefully. Its views feed the pod status.
 */
export class PodWorker {
  private readonly containers = new Map<string, ContainerRecord>();
  private stopping = false;
  private readonly now: () => number;
  /** The pod's namespaces, when the node sandboxes pods. */
  private sandbox: PodSandbox | undefined;
  /** Whether the pod was told that, without a sandbox, its volumes are not mounted. */
  private toldNoVolumes = false;
  /** The pod as last synced: its spec says how `commandIn` runs a command. */
  private pod: Anything | undefined;
  /** Whether the init containers have all done their part: they are not run again. */
  private initialized = false;

  constructor(
    readonly key: string,
    readonly uid: string,
    private readonly deps: PodWorkerDeps,
  ) {
    this.now = deps.now ?? Date.now;
    mkdirSync(deps.dir, { recursive: true });
  }

  /**
   * Runs this pod's containers inside `sandbox` from now on. A pod initialised in a sandbox now gone
   * (the node's agent was stopped, its pause process died) is starting again: its init containers
   * run again before its app containers, as the kubelet runs them in a new sandbox.
   */
  useSandbox(sandbox: PodSandbox): void {
    this.sandbox?.destroy(); // a dead one's veth goes
    this.sandbox = sandbox;
    if (this.initialized) {
      this.initialized = false;
      for (const container of (this.pod?.spec?.initContainers ?? []) as Anything[]) {
        const record = this.containers.get(container.name);
        if (record?.state.terminated === undefined) continue;
        record.lastState = { terminated: record.state.terminated };
        record.state = { waiting: { reason: 'PodInitializing' } };
      }
    }
    this.save();
  }

  /** A finished pod's namespaces go; its address stays in its status, as Kubernetes reports it. */
  releaseSandbox(): void {
    this.sandbox?.destroy();
  }

  /** Whether the pod's containers were stopped for good (terminate): nothing is started again. */
  get stopped(): boolean {
    return this.stopping;
  }

  /** Whether the pod has live namespaces: a pod whose pause process died needs new ones before anything can start. */
  get sandboxed(): boolean {
    return this.sandbox?.alive === true;
  }

  /** Where the pod is reached: its sandbox's address, or the node's. */
  get podIP(): string {
    return this.sandbox?.ip ?? this.deps.podIP;
  }

  /**
   * Carries on from the status an earlier agent run reported: restart counts continue, and a
   * container reported running whose process is gone ended, as the kubelet says, unknown.
   */
  resume(pod: Anything): void {
    this.pod = pod;
    this.initialized = ((pod.status?.conditions ?? []) as Anything[]).some((c) => c.type === 'Initialized' && c.status === 'True');
    for (const status of [...((pod.status?.initContainerStatuses ?? []) as Anything[]), ...((pod.status?.containerStatuses ?? []) as Anything[])]) {
      const container = specOf(pod, status.name);
      if (container === undefined) continue;
      const record = this.record(container);
      const ran = Boolean(status.state?.running || status.state?.terminated || status.lastState?.terminated);
      record.starts = Number(status.restartCount ?? 0) + (ran ? 1 : 0);
      if (status.lastState) record.lastState = status.lastState;
      if (status.state?.terminated) record.state = { terminated: status.state.terminated };
      else if (status.state?.running) {
        record.state = {
          terminated: {
            exitCode: 137,
            reason: 'ContainerStatusUnknown',
            message: 'The container could not be located when the pod was terminated',
            startedAt: status.state.running.startedAt,
            finishedAt: kubeTime(new Date(this.now())),
          },
        };
      }
    }
  }

  /** Takes over the processes an earlier agent run left, where they are still alive. */
  adopt(saved: SavedPod, pod: Anything): void {
    for (const c of [...((pod.spec?.initContainers ?? []) as Anything[]), ...((pod.spec?.containers ?? []) as Anything[])]) {
      const was = saved.containers[c.name];
      const process = was === undefined ? undefined : adoptProcess(was.pid, was.startTicks);
      if (was === undefined || process === undefined) continue;
      const record = this.record(c);
      record.starts = was.starts;
      record.process = process;
      record.startedAtMs = Date.parse(was.startedAt);
      record.containerID = `bosun://${this.uid}/${c.name}/${was.starts - 1}`;
      record.state = { running: { startedAt: was.startedAt } };
      const status = [...((pod.status?.initContainerStatuses ?? []) as Anything[]), ...((pod.status?.containerStatuses ?? []) as Anything[])].find((s) => s.name === c.name);
      if (status?.lastState) record.lastState = status.lastState;
      this.joinCgroup(record, c); // the process is in it already: only its OOM kills are followed
      this.watch(record, process, this.policyOf(pod, c), pod);
      this.startProbes(record, process, c, this.envOf(pod, c, true), pod);
    }
  }

  /**
   * The restartPolicy a container runs under: the pod's for app containers; for init containers
   * OnFailure (Never when the pod's is Never), for sidecars Always.
   */
  private policyOf(pod: Anything, container: Anything): RestartPolicy {
    const policy = (pod.spec?.restartPolicy ?? 'Always') as RestartPolicy;
    if (!((pod.spec?.initContainers ?? []) as Anything[]).some((c) => c.name === container.name)) return policy;
    if (isSidecar(container)) return 'Always';
    return policy === 'Never' ? 'Never' : 'OnFailure';
  }

  /**
   * Runs the init containers one after the other, as the kubelet does: each plain one to exit code
   * 0 (again after a failure, with back-off, unless the pod's restartPolicy is Never), each sidecar
   * until it has started. True once all have done their part, and from then on.
   */
  private async initialize(pod: Anything): Promise<boolean> {
    if (this.initialized) return true;
    const inits = (pod.spec?.initContainers ?? []) as Anything[];
    for (const container of inits) this.record(container, true); // each has a status from the start
    for (const container of inits) {
      const record = this.record(container, true);
      const policy = this.policyOf(pod, container);
      if (isSidecar(container)) {
        if (record.process === undefined && this.now() >= record.notBefore) await this.start(pod, container, record, policy);
        if (record.started || record.starts > 1) continue;
        return false;
      }
      if (record.state.terminated?.exitCode === 0) continue;
      if (record.process !== undefined) return false;
      const ended = record.state.terminated ?? (record.state.waiting?.reason === 'CrashLoopBackOff' ? record.lastState.terminated : undefined);
      if (ended !== undefined && !restarts(policy, ended.exitCode)) return false; // failed for good: the pod has failed
      if (this.now() >= record.notBefore) await this.start(pod, container, record, policy);
      return false;
    }
    this.initialized = true;
    return true;
  }

  /** Starts whatever should run now: first starts, and restarts whose back-off is over. */
  async sync(pod: Anything): Promise<void> {
    this.pod = pod;
    if (this.stopping) return;
    if ([...this.containers.values()].some((r) => r.process !== undefined)) {
      refreshDataVolumes(pod, join(this.deps.dir, VOLUMES_DIR), this.deps.config ?? (() => null));
    }
    const policy = (pod.spec?.restartPolicy ?? 'Always') as RestartPolicy;
    if (!(await this.initialize(pod))) {
      // The app containers wait for the init containers, as PodInitializing.
      for (const container of (pod.spec?.containers ?? []) as Anything[]) {
        const record = this.record(container);
        if (record.process === undefined && record.starts === 0) record.state = { waiting: { reason: 'PodInitializing' } };
      }
      return;
    }
    for (const container of (pod.spec?.containers ?? []) as Anything[]) {
      const record = this.record(container);
      if (record.process !== undefined) {
        this.restartIfRedefined(record, container, pod);
        continue;
      }
      const ended = record.state.terminated ?? (record.state.waiting?.reason === 'CrashLoopBackOff' ? record.lastState.terminated : undefined);
      if (ended !== undefined && !restarts(policy, ended.exitCode)) continue;
      if (this.now() < record.notBefore) continue;
      await this.start(pod, container, record, policy);
    }
    await this.tendSidecars(pod, policy);
    // Ephemeral containers (kubectl debug): each run once, never restarted, beside the others.
    for (const container of (pod.spec?.ephemeralContainers ?? []) as Anything[]) {
      const record = this.record(container);
      if (record.process !== undefined || record.state.terminated !== undefined || this.now() < record.notBefore) continue;
      await this.start(pod, container, record, 'Never');
    }
  }

  /**
   * Sidecars run as long as the app containers: one that ended is started again (after its
   * back-off), whatever the pod's restartPolicy; once the app containers of a pod that does not
   * restart them have all ended for good, the sidecars are stopped, last declared first, so the pod
   * can complete — as the kubelet does since Kubernetes 1.29.
   */
  private async tendSidecars(pod: Anything, policy: RestartPolicy): Promise<void> {
    const sidecars = ((pod.spec?.initContainers ?? []) as Anything[]).filter(isSidecar);
    if (sidecars.length === 0) return;
    const apps = (pod.spec?.containers ?? []) as Anything[];
    const done = apps.every((c) => {
      const ended = this.containers.get(c.name)?.state.terminated;
      return ended !== undefined && !restarts(policy, ended.exitCode);
    });
    if (done) {
      for (const container of [...sidecars].reverse()) {
        const record = this.record(container, true);
        record.retired = true;
        if (record.process !== undefined) await this.stopContainer(record, record.process, container, pod);
      }
      return;
    }
    for (const container of sidecars) {
      const record = this.record(container, true);
      if (record.process === undefined && !record.retired && this.now() >= record.notBefore) await this.start(pod, container, record, 'Always');
    }
  }

  /**
   * A running container whose image was changed (the only change a pod's containers may take) is
   * stopped and started again with the new one, whatever the restartPolicy, as the kubelet does.
   */
  private restartIfRedefined(record: ContainerRecord, container: Anything, pod: Anything): void {
    if (record.image === container.image || record.redefined || record.process === undefined) return;
    record.redefined = true;
    void this.stopContainer(record, record.process, container, pod, `Container ${container.name} definition changed, will be restarted`);
  }

  /** The app containers, in spec order (those the pod as last synced has). */
  views(): ContainerView[] {
    return this.viewsOf((this.pod?.spec?.containers ?? []) as Anything[]);
  }

  /** The ephemeral containers that were started or tried, in spec order. */
  ephemeralViews(): ContainerView[] {
    return this.viewsOf((this.pod?.spec?.ephemeralContainers ?? []) as Anything[]);
  }

  /** The init containers, in spec order, and which are sidecars. */
  initViews(): InitViews {
    const inits = (this.pod?.spec?.initContainers ?? []) as Anything[];
    return { views: this.viewsOf(inits), sidecars: new Set(inits.filter(isSidecar).map((c) => c.name as string)) };
  }

  private viewsOf(specs: readonly Anything[]): ContainerView[] {
    return specs.flatMap((c) => {
      const r = this.containers.get(c.name);
      if (r === undefined) return [];
      return [
        {
          name: r.name,
          image: r.image,
          imageID: `bosun-process://${r.image}`,
          ...(r.containerID ? { containerID: r.containerID } : {}),
          restartCount: Math.max(0, r.starts - 1),
          state: r.state,
          lastState: r.lastState,
          ready: r.process !== undefined && r.ready,
          started: r.process !== undefined && r.started,
        },
      ];
    });
  }

  /**
   * The containers running now, to measure (resource-usage.ts): each one's first process — the
   * leader of its session — and its cgroup's directories, if it has a cgroup.
   */
  measured(): MeasuredContainer[] {
    const [namespace = '', name = ''] = this.key.split('/').slice(1);
    return [...this.containers.values()].flatMap((r) =>
      r.process === undefined ? [] : [{ pod: { name, namespace, uid: this.uid }, name: r.name, pid: r.process.pid, cgroupDirs: r.cgroup === undefined ? [] : cgroupDirsOf(r.cgroup.procs) }],
    );
  }

  /** Why a container is waiting (ContainerCreating, PodInitializing, CrashLoopBackOff, …), if it is. */
  waitingReason(container: string): string | undefined {
    return this.containers.get(container)?.state.waiting?.reason;
  }

  /** The log file of a container's current run, or of the run before (`previous`). */
  logFile(container: string, previous = false): string | undefined {
    const record = this.containers.get(container);
    if (record === undefined || record.starts === 0) return undefined;
    const run = record.starts - 1 - (previous ? 1 : 0);
    return run < 0 ? undefined : join(this.deps.dir, container, `${run}.log`);
  }

  /** The FIFO a container with `stdin: true` reads in its run number `run`. */
  private stdinFile(container: string, run: number): string {
    return join(this.deps.dir, container, `${run}.stdin`);
  }

  /**
   * What `kubectl attach` joins: the container's current run (its pid, log file, and stdin FIFO
   * when its spec asks for stdin); a message when it is not running.
   */
  attachTo(container: string): { pid: number; logFile: string; stdin: string | undefined; tty: boolean } | string {
    const spec = specOf(this.pod, container);
    if (spec === undefined) return `container ${container} is not valid for pod ${this.key.split('/').pop()}`;
    const record = this.containers.get(container);
    if (record?.process === undefined) return `container ${container} is not running`;
    const run = record.starts - 1;
    return {
      pid: record.process.pid,
      logFile: join(this.deps.dir, container, `${run}.log`),
      stdin: spec.stdin === true ? this.stdinFile(container, run) : undefined,
      tty: spec.tty === true,
    };
  }

  /**
   * How to run `command` in a running container, as `kubectl exec` does: in the pod's namespaces,
   * in the container's working directory, with its environment; with `terminal`, on one (exec -t).
   * A message when it is not running.
   */
  commandIn(container: string, command: readonly string[], terminal?: { size?: { cols: number; rows: number } }): { executable: string; argv: string[]; env: Record<string, string>; cwd?: string } | string {
    const spec = specOf(this.pod, container);
    if (spec === undefined) return `container ${container} is not valid for pod ${this.key.split('/').pop()}`;
    if (!this.isRunning(container)) return execNotRunning(container);
    if (command.length === 0) return 'you must specify at least one command for the container';
    let env: Record<string, string>;
    try {
      env = this.envOf(this.pod!, spec);
    } catch (error) {
      return (error as Error).message;
    }
    const cwd = spec.workingDir as string | undefined;
    const run = terminal === undefined ? { executable: command[0], argv: [...command] } : inTerminal(command[0], command, terminal.size);
    let user: RunAs;
    try {
      user = runAs(this.pod!, spec);
    } catch (error) {
      return (error as Error).message;
    }
    if (this.sandbox) return { ...this.sandbox.enter(run.executable, run.argv, cwd, user), env };
    return { ...run, env, ...(cwd ? { cwd } : {}) };
  }

  /** A container's environment; `lenient`: what can be found (a running container keeps what it had). */
  private envOf(pod: Anything, container: Anything, lenient = false): Record<string, string> {
    const lookup = this.deps.config ?? (() => null);
    try {
      return containerEnv(pod, container, this.deps.baseEnv(pod), lookup);
    } catch (error) {
      if (!lenient || !(error instanceof ContainerConfigError)) throw error;
      return this.deps.baseEnv(pod);
    }
  }

  /** Whether the container's current run is still going (a log follower stops when it is not). */
  isRunning(container: string): boolean {
    return this.containers.get(container)?.process !== undefined;
  }

  /**
   * Stops every running container (stopContainer: preStop, SIGTERM, SIGKILL after the grace period),
   * then the sandbox. Sidecars go last, as the kubelet stops them: once the others have ended, one
   * after the other, last declared first, within what is left of the grace period.
   */
  async terminate(graceSeconds: number): Promise<void> {
    this.stopping = true;
    const deadline = this.now() + graceSeconds * 1000;
    const sidecars = ((this.pod?.spec?.initContainers ?? []) as Anything[]).filter(isSidecar).map((c) => c.name as string);
    const stop = (r: ContainerRecord, seconds: number) => (r.process ? this.stopContainer(r, r.process, specOf(this.pod, r.name), this.pod, undefined, seconds) : undefined);
    await Promise.all([...this.containers.values()].filter((r) => !sidecars.includes(r.name)).map((r) => stop(r, graceSeconds)));
    for (const name of [...sidecars].reverse()) {
      const record = this.containers.get(name);
      if (record !== undefined) await stop(record, Math.max(0, deadline - this.now()) / 1000);
    }
    this.sandbox?.destroy();
    this.deps.cgroups?.removePod(this.uid);
  }

  /** `init`: an init container, which waits as PodInitializing until its turn. */
  private record(container: Anything, init = false): ContainerRecord {
    let record = this.containers.get(container.name);
    if (record === undefined) {
      record = {
        name: container.name,
        image: container.image,
        starts: 0,
        state: { waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' } },
        lastState: {},
        process: undefined,
        startedAtMs: 0,
        failures: 0,
        notBefore: 0,
        containerID: undefined,
        ready: false,
        started: false,
        cgroup: undefined,
        oomKillsBefore: 0,
        redefined: false,
        retired: false,
        probes: [],
      };
      this.containers.set(container.name, record);
    }
    // The image of a run is the one it started with (a changed image restarts it: restartIfRedefined).
    if (record.process === undefined) record.image = container.image;
    return record;
  }

  private async start(pod: Anything, container: Anything, record: ContainerRecord, policy: RestartPolicy): Promise<void> {
    let env: Record<string, string> = {};
    let process: ContainerProcess;
    try {
      await this.mountVolumes(pod, container);
      env = this.envOf(pod, container);
      const { argv, executable } = resolveCommand(
        {
          image: container.image,
          ...(container.command ? { command: (container.command as string[]).map((a) => expandVariables(a, env)) } : {}),
          ...(container.args ? { args: (container.args as string[]).map((a) => expandVariables(a, env)) } : {}),
        },
        this.deps.imageMap,
      );
      const logDir = join(this.deps.dir, container.name);
      mkdirSync(logDir, { recursive: true });
      const cwd = container.workingDir as string | undefined;
      const command = container.stdin === true && container.tty === true ? inTerminal(executable, argv) : { executable, argv };
      const user = runAs(pod, container);
      const entered = this.sandbox ? this.sandbox.enter(command.executable, command.argv, cwd, user) : command;
      // `stdin: true`: a FIFO the container reads, for `kubectl attach` / `run -i` to write to.
      const run = container.stdin === true ? withStdin(entered, this.stdinFile(container.name, record.starts), container.stdinOnce === true) : entered;
      const limited = this.joinCgroup(record, container);
      process = await startProcess({ ...(limited === undefined ? run : inCgroup(run, limited.procs)), env, ...(cwd && !this.sandbox ? { cwd } : {}), logFile: join(logDir, `${record.starts}.log`) });
    } catch (error) {
      record.failures++;
      record.notBefore = this.now() + startBackOffMs(record.failures);
      const image = error instanceof ImageError;
      if (error instanceof VolumeError) {
        // As the kubelet: the container stays ContainerCreating, and an event says which volume failed.
        record.state = { waiting: { reason: 'ContainerCreating' } };
        this.deps.record?.({ reason: 'FailedMount', message: `MountVolume.SetUp failed for volume "${error.volume ?? ''}" : ${error.message}`, type: 'Warning' });
        setTimeout(this.deps.wake, record.notBefore - this.now()).unref();
        return;
      }
      const reason = image ? (record.failures === 1 ? 'ErrImagePull' : 'ImagePullBackOff') : error instanceof ContainerConfigError ? 'CreateContainerConfigError' : 'CreateContainerError';
      record.state = { waiting: { reason, message: (error as Error).message } };
      setTimeout(this.deps.wake, record.notBefore - this.now()).unref();
      return;
    }
    const previous = record.state.terminated ?? (record.state.waiting?.reason === 'CrashLoopBackOff' ? record.lastState.terminated : undefined);
    if (previous) record.lastState = { terminated: previous };
    record.starts++;
    record.process = process;
    record.startedAtMs = this.now();
    record.containerID = `bosun://${this.uid}/${container.name}/${record.starts - 1}`;
    record.state = { running: { startedAt: kubeTime(new Date(record.startedAtMs)) } };
    this.save();
    this.watch(record, process, policy, pod);
    this.startProbes(record, process, container, env, pod);
    this.postStart(record, process, container, env, pod);
  }

  /**
   * The cgroup a container with resource limits runs in (container-cgroup.ts), made or found again;
   * undefined without limits or cgroups. A node whose kernel refuses the limits runs the container
   * without them, and says so once in an event.
   */
  private joinCgroup(record: ContainerRecord, container: Anything): ContainerCgroup | undefined {
    const limits = this.deps.cgroups === undefined ? undefined : cgroupLimits(container);
    if (limits === undefined) return undefined;
    try {
      record.cgroup = this.deps.cgroups!.container(this.uid, container.name, limits);
      record.oomKillsBefore = record.cgroup.oomKills();
      return record.cgroup;
    } catch (error) {
      if (record.starts === 0) this.deps.record?.({ reason: 'Failed', message: `resource limits of container ${container.name} are not enforced: ${(error as Error).message}`, type: 'Warning' });
      return undefined;
    }
  }

  /** How a probe or hook reaches a container: its pod's IP, its environment, the pod's namespaces. */
  private probeContext(container: Anything, env: Record<string, string>): ProbeContext {
    const sandbox = this.sandbox;
    return {
      podIP: this.podIP,
      container,
      env,
      ...(sandbox ? { enter: (argv: readonly string[]) => sandbox.enter(argv[0], argv, container.workingDir as string | undefined, this.pod === undefined ? {} : safeRunAs(this.pod, container)) } : {}),
    };
  }

  /**
   * The postStart hook runs as soon as the container has started; if it fails the container is
   * killed (its restartPolicy then decides), with the kubelet's FailedPostStartHook event.
   */
  private postStart(record: ContainerRecord, process: ContainerProcess, container: Anything, env: Record<string, string>, pod: Anything): void {
    const hook = container.lifecycle?.postStart;
    if (hook === undefined) return;
    void runHook(hook, this.probeContext(container, env), Number(pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000).then((result) => {
      if (result.ok || record.process !== process) return;
      this.deps.record?.({ reason: 'FailedPostStartHook', message: hookFailure(hook, container, pod, result.message), type: 'Warning' });
      void this.stopContainer(record, process, container, pod, `Container ${container.name} failed its postStart hook, will be killed`);
    });
  }

  /**
   * Stops one container's run as the kubelet kills a container: its preStop hook first (within the
   * grace period), then SIGTERM, then SIGKILL when the grace period is over (at least 2 s after a
   * hook that took it all). Resolves when the process has ended or was killed.
   */
  private async stopContainer(record: ContainerRecord, process: ContainerProcess, container: Anything | undefined, pod: Anything | undefined, why?: string, graceSeconds?: number): Promise<void> {
    const graceMs = (graceSeconds ?? Number(pod?.spec?.terminationGracePeriodSeconds ?? 30)) * 1000;
    const deadline = this.now() + graceMs;
    if (why !== undefined) this.deps.record?.({ reason: 'Killing', message: why, type: 'Normal' });
    const hook = container?.lifecycle?.preStop;
    if (hook !== undefined && container !== undefined && pod !== undefined && record.process === process) {
      const result = await runHook(hook, this.probeContext(container, this.envOf(pod, container, true)), graceMs);
      if (!result.ok) this.deps.record?.({ reason: 'FailedPreStopHook', message: hookFailure(hook, container, pod, result.message), type: 'Warning' });
    }
    process.signalMain('SIGTERM');
    const left = Math.max(deadline - this.now(), hook === undefined ? 0 : 2_000);
    const timeout = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
    if ((await Promise.race([process.exited, timeout(left)])) === 'timeout') {
      process.signal('SIGKILL');
      await Promise.race([process.exited, timeout(5_000)]);
    }
  }

  /**
   * Sets up and mounts the volumes the container names (pod-volumes.ts), in the pod's mount
   * namespace. A pod without a sandbox (an agent not run as root) has none to mount them in: it is
   * told once, in an event, and its containers run without them.
   */
  private async mountVolumes(pod: Anything, container: Anything): Promise<void> {
    if ((container.volumeMounts ?? []).length === 0) return;
    const binds = prepareVolumes(pod, container, join(this.deps.dir, VOLUMES_DIR), this.deps.config ?? (() => null));
    if (this.sandbox !== undefined) await this.sandbox.mount(binds);
    else if (!this.toldNoVolumes) {
      this.toldNoVolumes = true;
      this.deps.record?.({ reason: 'FailedMount', message: 'volumes are not mounted: this node runs pods without a sandbox (its agent is not root), so containers see the node\'s own files', type: 'Warning' });
    }
  }

  /**
   * A startupProbe holds the others back until it passes (the container is `started` then); failing
   * it, or a livenessProbe, stops the container — preStop, SIGTERM, SIGKILL after the grace period —
   * and the restartPolicy takes over. Readiness decides `ready` (false until the probe first succeeds).
   */
  private startProbes(record: ContainerRecord, process: ContainerProcess, container: Anything, env: Record<string, string>, pod: Anything): void {
    const context = this.probeContext(container, env);
    const kill = (probe: 'startup' | 'liveness', message: string | undefined): void => {
      this.deps.record?.({ reason: 'Unhealthy', message: `${probe === 'startup' ? 'Startup' : 'Liveness'} probe failed: ${message ?? ''}`.trim(), type: 'Warning' });
      void this.stopContainer(record, process, container, pod, `Container ${container.name} failed ${probe} probe, will be restarted`);
    };
    const others = (): void => {
      record.ready = container.readinessProbe === undefined;
      if (container.readinessProbe) {
        record.probes.push(
          new ProbeLoop(container.readinessProbe, context, (healthy, message) => {
            if (record.process !== process) return;
            if (!healthy) this.deps.record?.({ reason: 'Unhealthy', message: `Readiness probe failed: ${message ?? ''}`.trim(), type: 'Warning' });
            record.ready = healthy;
            this.deps.wake();
          }),
        );
      }
      if (container.livenessProbe) {
        record.probes.push(
          new ProbeLoop(container.livenessProbe, context, (healthy, message) => {
            if (!healthy && record.process === process) kill('liveness', message);
          }),
        );
      }
    };
    record.started = container.startupProbe === undefined;
    record.ready = false;
    if (record.started) {
      others();
      return;
    }
    const startup = new ProbeLoop(container.startupProbe, context, (healthy, message) => {
      if (record.process !== process) return;
      if (!healthy) return kill('startup', message);
      startup.stop();
      record.started = true;
      others();
      this.deps.wake();
    });
    record.probes.push(startup);
  }

  private watch(record: ContainerRecord, process: ContainerProcess, policy: RestartPolicy, pod: Anything): void {
    const log = this.logFile(record.name);
    const stopDating = log === undefined ? undefined : trackLogTimes(log);
    void process.exited.then((exit) => {
      stopDating?.();
      this.ended(record, process, exit, policy, pod);
    });
  }

  private ended(record: ContainerRecord, process: ContainerProcess, exit: ProcessExit, policy: RestartPolicy, pod: Anything): void {
    if (record.process !== process) return;
    record.process = undefined;
    // A container ends with its main process, as when a container's PID 1 exits: whatever it left
    // in its process group (background children, or the process inside the sandbox when only the
    // nsenter in front of it was killed) goes too.
    process.signal('SIGKILL');
    for (const probe of record.probes.splice(0)) probe.stop();
    const now = this.now();
    if (now - record.startedAtMs >= BACK_OFF_RESET_MS) record.failures = 0;
    // Killed by the kernel for going over its memory limit: what the kubelet reports as OOMKilled.
    const oomKilled = exit.exitCode === 137 && record.cgroup !== undefined && record.cgroup.oomKills() > record.oomKillsBefore;
    const terminated = {
      exitCode: exit.exitCode,
      ...(exit.signal ? { signal: Number(exit.exitCode) - 128 } : {}),
      reason: oomKilled ? 'OOMKilled' : exit.exitCode === 0 ? 'Completed' : 'Error',
      startedAt: kubeTime(new Date(record.startedAtMs)),
      finishedAt: kubeTime(new Date(now)),
      ...(record.containerID ? { containerID: record.containerID } : {}),
    };
    record.state = { terminated };
    if (!this.stopping && record.redefined) {
      // Started again at once with its new definition (sync), its last run kept as lastState.
      record.redefined = false;
      record.notBefore = now;
      record.lastState = { terminated };
      record.state = { waiting: { reason: 'ContainerCreating' } };
    } else if (!this.stopping && !record.retired && restarts(policy, exit.exitCode)) {
      record.failures++;
      const delay = crashBackOffMs(record.failures);
      record.notBefore = now + delay;
      if (delay > 0) {
        record.lastState = { terminated };
        record.state = {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off ${delay / 1000}s restarting failed container=${record.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
          },
        };
        setTimeout(this.deps.wake, delay).unref();
      }
    }
    this.save();
    this.deps.wake();
  }

  private save(): void {
    const containers: SavedPod['containers'] = {};
    for (const r of this.containers.values()) {
      if (r.process) containers[r.name] = { pid: r.process.pid, ...(r.process.startTicks === undefined ? {} : { startTicks: r.process.startTicks }), starts: r.starts, startedAt: kubeTime(new Date(r.startedAtMs)) };
    }
    const saved: SavedPod = { uid: this.uid, key: this.key, containers, ...(this.sandbox ? { sandbox: this.sandbox.saved() } : {}) };
    writeFileSync(join(this.deps.dir, 'pod.json'), JSON.stringify(saved));
  }
}

/** The kubelet's words for a lifecycle hook that failed. */
function hookFailure(hook: Anything, container: Anything, pod: Anything | undefined, message: string | undefined): string {
  const where = `for Container "${String(container.name)}" in Pod "${String(pod?.metadata?.name)}_${String(pod?.metadata?.namespace)}(${String(pod?.metadata?.uid)})"`;
  if (hook.exec) return `Exec lifecycle hook ([${((hook.exec.command ?? []) as string[]).join(' ')}]) ${where} failed - error: ${message ?? ''}`;
  if (hook.httpGet) return `HTTP lifecycle hook (${String(hook.httpGet.path ?? '/')}) ${where} failed - error: ${message ?? ''}`;
  return `Lifecycle hook ${where} failed - error: ${message ?? ''}`;
}

/** runAs for a probe or hook of a running container: it started, so its user is allowed. */
function safeRunAs(pod: Anything, container: Anything): RunAs {
  try {
    return runAs(pod, container);
  } catch {
    return {};
  }
}
