import { quantityToMilli, quantityToValue } from '@bosun/api';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellWord } from './container-process';
import { findExecutable } from './image-map';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a container's `resources` ask of its cgroup. */
export interface CgroupLimits {
  /** `limits.memory`: the most memory it may use, in bytes; over it the kernel kills it (OOMKilled). */
  readonly memoryBytes?: number;
  /** `limits.cpu`, in millicores: its CPU time per period is capped (CFS quota). */
  readonly cpuMilli?: number;
  /** `requests.cpu`, in millicores: its share of CPU time when the node is busy. */
  readonly cpuRequestMilli?: number;
}

/** The limits a container's `resources` set; undefined when they set none (it runs without a cgroup of its own). */
export function cgroupLimits(container: Anything): CgroupLimits | undefined {
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const value = (q: unknown, milli: boolean): number | undefined => {
    if (typeof q !== 'string' && typeof q !== 'number') return undefined;
    try {
      return Number(milli ? quantityToMilli(q) : quantityToValue(q));
    } catch {
      return undefined; // validated at the API: not reached
    }
  };
  const memoryBytes = value(limits.memory, false);
  const cpuMilli = value(limits.cpu, true);
  const cpuRequestMilli = value(requests.cpu, true);
  if (memoryBytes === undefined && cpuMilli === undefined) return undefined;
  return { ...(memoryBytes === undefined ? {} : { memoryBytes }), ...(cpuMilli === undefined ? {} : { cpuMilli }), ...(cpuRequestMilli === undefined ? {} : { cpuRequestMilli }) };
}

/** The CFS period the kubelet uses (100 ms), and the smallest quota the kernel takes (1 ms). */
const CFS_PERIOD_US = 100_000;
const MIN_QUOTA_US = 1_000;
/** CPU shares for a CPU request, as the kubelet converts them (1 CPU = 1024 shares, at least 2). */
const sharesOf = (milli: number): number => Math.max(2, Math.floor((milli * 1024) / 1000));

/** One container's cgroup: the files its first process writes its pid to, and its OOM kills. */
export interface ContainerCgroup {
  /** `cgroup.procs` of each hierarchy the container joins. */
  readonly procs: readonly string[];
  /** How many times the kernel's OOM killer has killed a process of this cgroup. */
  oomKills(): number;
}

const write = (file: string, value: string): void => writeFileSync(file, value);

/** The count after `oom_kill ` in a memory.events (v2) or memory.oom_control (v1) file. */
function oomKillCount(file: string): number {
  try {
    return Number(/^oom_kill (\d+)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function removeDirs(dirs: readonly string[]): void {
  for (const dir of dirs) {
    try {
      if (existsSync(dir)) rmdirSync(dir);
    } catch {
      // a process (or its zombie) is still in it: left, removed with the pod's next removal
    }
  }
}

/**
 * The node's cgroups, as the kubelet uses them to enforce a container's resources: cgroup v2 (one
 * tree, `memory.max`, `cpu.max`, `cpu.weight`) or v1 (the memory and cpu hierarchies,
 * `memory.limit_in_bytes`, `cpu.cfs_quota_us`, `cpu.shares`). Containers go under `bosun/<pod uid>/<container>`.
 */
export class Cgroups {
  private constructor(
    readonly version: 1 | 2,
    /** v2: the tree; v1: the memory hierarchy, then the cpu one if there is one. */
    private readonly roots: readonly string[],
    /** v2: the controllers enabled down the tree (`+memory +cpu`). */
    private readonly subtree = '',
  ) {}

  /** The node's cgroups, if this process (root) can make them; undefined otherwise. */
  static detect(root = '/sys/fs/cgroup'): Cgroups | undefined {
    if (process.getuid?.() !== 0 || findExecutable('sh') === undefined) return undefined;
    try {
      const controllers = join(root, 'cgroup.controllers');
      if (existsSync(controllers) && readFileSync(controllers, 'utf8').split(/\s+/).includes('memory')) {
        const base = join(root, 'bosun');
        mkdirSync(base, { recursive: true });
        const subtree = readFileSync(controllers, 'utf8').split(/\s+/).filter((c) => c === 'memory' || c === 'cpu').map((c) => `+${c}`).join(' ');
        write(join(root, 'cgroup.subtree_control'), subtree);
        write(join(base, 'cgroup.subtree_control'), subtree);
        return new Cgroups(2, [base], subtree);
      }
      const memory = join(root, 'memory');
      if (!existsSync(join(memory, 'memory.limit_in_bytes'))) return undefined;
      const cpu = ['cpu', 'cpu,cpuacct'].map((d) => join(root, d)).find((d) => existsSync(join(d, 'cpu.cfs_quota_us')));
      const roots = [join(memory, 'bosun'), ...(cpu === undefined ? [] : [join(cpu, 'bosun')])];
      for (const r of roots) mkdirSync(r, { recursive: true });
      return new Cgroups(1, roots);
    } catch {
      return undefined; // read-only, or not ours to change: containers run without limits
    }
  }

  /** Makes (or finds again) a container's cgroup with `limits`; throws what the kernel refused. */
  container(podUid: string, name: string, limits: CgroupLimits): ContainerCgroup {
    if (this.version === 2) {
      const pod = join(this.roots[0], podUid);
      const dir = join(pod, name);
      if (!existsSync(pod)) {
        mkdirSync(pod);
        write(join(pod, 'cgroup.subtree_control'), this.subtree);
      }
      mkdirSync(dir, { recursive: true });
      write(join(dir, 'memory.max'), limits.memoryBytes === undefined ? 'max' : String(limits.memoryBytes));
      if (existsSync(join(dir, 'cpu.max'))) {
        write(join(dir, 'cpu.max'), limits.cpuMilli === undefined ? `max ${CFS_PERIOD_US}` : `${Math.max(MIN_QUOTA_US, Math.floor((limits.cpuMilli * CFS_PERIOD_US) / 1000))} ${CFS_PERIOD_US}`);
        // cpu.weight from the shares the kubelet would give (1–10000).
        if (limits.cpuRequestMilli !== undefined) write(join(dir, 'cpu.weight'), String(1 + Math.floor(((sharesOf(limits.cpuRequestMilli) - 2) * 9999) / 262142)));
      }
      return { procs: [join(dir, 'cgroup.procs')], oomKills: () => oomKillCount(join(dir, 'memory.events')) };
    }
    const dirs = this.roots.map((r) => join(r, podUid, name));
    for (const d of dirs) mkdirSync(d, { recursive: true });
    const [memory, cpu] = dirs;
    write(join(memory, 'memory.limit_in_bytes'), limits.memoryBytes === undefined ? '-1' : String(limits.memoryBytes));
    if (cpu !== undefined) {
      write(join(cpu, 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
      write(join(cpu, 'cpu.cfs_quota_us'), limits.cpuMilli === undefined ? '-1' : String(Math.max(MIN_QUOTA_US, Math.floor((limits.cpuMilli * CFS_PERIOD_US) / 1000))));
      if (limits.cpuRequestMilli !== undefined) write(join(cpu, 'cpu.shares'), String(sharesOf(limits.cpuRequestMilli)));
    }
    return { procs: dirs.map((d) => join(d, 'cgroup.procs')), oomKills: () => oomKillCount(join(memory, 'memory.oom_control')) };
  }

  /** Removes what is left of a pod's cgroups (its containers' and its own), once its processes are gone. */
  removePod(podUid: string): void {
    for (const r of this.roots) {
      const pod = join(r, podUid);
      if (!existsSync(pod)) continue;
      const containers = readdirSync(pod, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(pod, e.name));
      removeDirs([...containers, pod]);
    }
  }

  /** What the agent says about limits when it starts. */
  describe(): string {
    return `cgroup v${this.version}: memory and CPU limits enforced`;
  }
}

/**
 * `run` started inside a cgroup: a shell writes its own pid to each `procs` file, then becomes the
 * command — so the command and everything it starts (nsenter's child, in a sandbox) are in it from
 * their first instruction.
 */
export function inCgroup(run: { executable: string; argv: readonly string[] }, procs: readonly string[]): { executable: string; argv: string[] } {
  const sh = findExecutable('sh') ?? '/bin/sh';
  const enter = procs.map((f) => `echo $$ > ${shellWord(f)}`).join(' && ');
  return { executable: sh, argv: ['sh', '-c', `${enter} && exec "$@"`, run.argv[0], run.executable, ...run.argv.slice(1)] };
}
