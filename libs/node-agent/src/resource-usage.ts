import { kubeTime, type ContainerStats, type NodeSummary, type PodStats } from '@bosun/api';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What the kubelet's resource metrics come from (cAdvisor in Kubernetes): cumulative CPU time and
 * the memory working set of the node (/proc/stat, /proc/meminfo) and of each container — its
 * cgroup's files where it has one (v2 `cpu.stat` usage_usec, `memory.current` less `inactive_file`;
 * v1 `cpuacct.usage`, `memory.usage_in_bytes` less `total_inactive_file`), else the sum over its
 * processes in /proc (a container is a session of its own: its first process is the leader).
 * The parsers are pure (fixtures in the spec); `ResourceSampler` reads and keeps the last sample,
 * so that a CPU rate is the usage between two samples, as cAdvisor computes usageNanoCores.
 */

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux architecture Node runs on). */
export const USER_HZ = 100;
const NS_PER_TICK = 1e9 / USER_HZ;

/** The node's CPU time in use (all CPUs), in ns, from /proc/stat's `cpu` line: all but idle and iowait, as cAdvisor counts the root cgroup's. */
export function parseProcStat(text: string): number {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (line === undefined) throw new Error('no cpu line in /proc/stat');
  const [user, nice, system, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq + softirq + steal) * NS_PER_TICK;
}

/** The node's memory from /proc/meminfo: working set = MemTotal − MemAvailable (what is not reclaimable), usage = MemTotal − MemFree; bytes. */
export function parseMeminfo(text: string): { workingSetBytes: number; usageBytes: number } {
  const kb = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    if (m === null) throw new Error(`no ${key} in /proc/meminfo`);
    return Number(m[1]) * 1024;
  };
  const total = kb('MemTotal');
  return { workingSetBytes: total - kb('MemAvailable'), usageBytes: total - kb('MemFree') };
}

/** One process from /proc/<pid>/stat: its session, the CPU time it and its reaped children used (ns), its resident set (bytes). */
export function parseProcessStat(text: string, pageSize = 4096): { session: number; cpuNs: number; rssBytes: number } {
  // The command (field 2) may hold spaces and parentheses: count the fields after its last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).trim().split(' ').map(Number);
  // f[0] is field 3 (state): session is field 6, utime..cstime fields 14–17, rss field 24.
  return { session: f[3]!, cpuNs: (f[11]! + f[12]! + f[13]! + f[14]!) * NS_PER_TICK, rssBytes: f[21]! * pageSize };
}

/** cgroup v2 `cpu.stat`: usage_usec, in ns. */
export function parseCpuStatV2(text: string): number | undefined {
  const m = /^usage_usec (\d+)$/m.exec(text);
  return m === null ? undefined : Number(m[1]) * 1000;
}

/** A key of a cgroup's `memory.stat` (v2 `inactive_file`, v1 `total_inactive_file`), in bytes; 0 when absent. */
export function memoryStatValue(text: string, key: string): number {
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return m === null ? 0 : Number(m[1]);
}

/** The working set as cAdvisor computes it: usage less the inactive file cache, never below 0. */
export const workingSet = (usageBytes: number, inactiveFileBytes: number): number => Math.max(0, usageBytes - inactiveFileBytes);

const read = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** A container to measure: its first process (the leader of its session) and the directories of its cgroups, if it has any. */
export interface MeasuredContainer {
  readonly pod: { readonly name: string; readonly namespace: string; readonly uid: string };
  readonly name: string;
  readonly pid: number;
  readonly cgroupDirs: readonly string[];
}

interface Reading {
  readonly cpuNs: number;
  readonly workingSetBytes: number;
  readonly usageBytes: number;
}

/** Every process of /proc by session: CPU ns and RSS summed (one pass per sample, for the containers without a cgroup). */
function sessions(procDir: string): Map<number, { cpuNs: number; rssBytes: number }> {
  const out = new Map<number, { cpuNs: number; rssBytes: number }>();
  let entries: string[] = [];
  try {
    entries = readdirSync(procDir);
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const text = read(join(procDir, entry, 'stat'));
    if (text === undefined) continue; // gone meanwhile
    const p = parseProcessStat(text);
    const sum = out.get(p.session) ?? { cpuNs: 0, rssBytes: 0 };
    out.set(p.session, { cpuNs: sum.cpuNs + p.cpuNs, rssBytes: sum.rssBytes + p.rssBytes });
  }
  return out;
}

/** A container's reading from its cgroup files, where they say it; what they do not, from its processes. */
function readContainer(c: MeasuredContainer, bySession: () => Map<number, { cpuNs: number; rssBytes: number }>, procDir: string): Reading | undefined {
  let cpuNs: number | undefined;
  let memory: { workingSetBytes: number; usageBytes: number } | undefined;
  for (const dir of c.cgroupDirs) {
    const v2cpu = read(join(dir, 'cpu.stat'));
    if (cpuNs === undefined && v2cpu !== undefined) cpuNs = parseCpuStatV2(v2cpu);
    const v1cpu = read(join(dir, 'cpuacct.usage'));
    if (cpuNs === undefined && v1cpu !== undefined) cpuNs = Number(v1cpu.trim());
    const current = read(join(dir, 'memory.current')) ?? read(join(dir, 'memory.usage_in_bytes'));
    if (memory === undefined && current !== undefined) {
      const stat = read(join(dir, 'memory.stat')) ?? '';
      const usage = Number(current.trim());
      memory = { usageBytes: usage, workingSetBytes: workingSet(usage, memoryStatValue(stat, existsSync(join(dir, 'memory.current')) ? 'inactive_file' : 'total_inactive_file')) };
    }
  }
  if (cpuNs !== undefined && memory !== undefined) return { cpuNs, ...memory };
  // The processes: those of its cgroup, else its session's.
  let sum: { cpuNs: number; rssBytes: number } | undefined;
  const procs = c.cgroupDirs.length > 0 ? read(join(c.cgroupDirs[0]!, 'cgroup.procs')) : undefined;
  if (procs !== undefined) {
    sum = { cpuNs: 0, rssBytes: 0 };
    for (const pid of procs.split('\n').filter(Boolean)) {
      const text = read(join(procDir, pid, 'stat'));
      if (text === undefined) continue;
      const p = parseProcessStat(text);
      sum = { cpuNs: sum.cpuNs + p.cpuNs, rssBytes: sum.rssBytes + p.rssBytes };
    }
  } else {
    sum = bySession().get(c.pid);
  }
  if (sum === undefined) return undefined; // its processes are gone
  return { cpuNs: cpuNs ?? sum.cpuNs, ...(memory ?? { workingSetBytes: sum.rssBytes, usageBytes: sum.rssBytes }) };
}

/** The cgroup directories of a container from the `cgroup.procs` files it joins. */
export const cgroupDirsOf = (procs: readonly string[]): string[] => procs.map((p) => dirname(p));

interface Sample {
  readonly at: number;
  readonly reading: Reading;
}

/**
 * The node's and its containers' usage, sampled every RESOURCE_SAMPLE_PERIOD_MS by the node agent
 * (as cAdvisor's housekeeping): each sample keeps the previous one, so the Summary's usageNanoCores
 * is the CPU used between the two. A container seen once has no rate yet and is left out, as the
 * kubelet leaves it out until it has one.
 */
export class ResourceSampler {
  private node: { last: Sample; rate?: number } | undefined;
  private readonly containers = new Map<string, { last: Sample; rate?: number; c: MeasuredContainer }>();

  constructor(
    private readonly nodeName: string,
    private readonly procDir = '/proc',
  ) {}

  /** Takes a sample of the node and of `containers` (the running ones; others are forgotten). */
  sample(containers: readonly MeasuredContainer[], at = Date.now()): void {
    const stat = read(join(this.procDir, 'stat'));
    const meminfo = read(join(this.procDir, 'meminfo'));
    if (stat !== undefined && meminfo !== undefined) {
      const reading = { cpuNs: parseProcStat(stat), ...parseMeminfo(meminfo) };
      this.node = next(this.node, { at, reading });
    }
    let bySession: Map<number, { cpuNs: number; rssBytes: number }> | undefined;
    const lazySessions = () => (bySession ??= sessions(this.procDir));
    const seen = new Set<string>();
    for (const c of containers) {
      // A new run (another pid) starts its counters again.
      const key = `${c.pod.uid}/${c.name}/${c.pid}`;
      seen.add(key);
      const reading = readContainer(c, lazySessions, this.procDir);
      if (reading === undefined) continue;
      const was = this.containers.get(key);
      this.containers.set(key, { ...next(was, { at, reading }), c });
    }
    for (const key of this.containers.keys()) if (!seen.has(key)) this.containers.delete(key);
  }

  /** The Summary API's answer (`GET /stats/summary`) from the last samples. */
  summary(): NodeSummary {
    const pods = new Map<string, { podRef: PodStats['podRef']; containers: ContainerStats[] }>();
    for (const { last, rate, c } of this.containers.values()) {
      const pod = pods.get(c.pod.uid) ?? { podRef: { ...c.pod }, containers: [] };
      pods.set(c.pod.uid, pod);
      pod.containers.push(statsOf(c.name, last, rate));
    }
    const node = this.node === undefined ? undefined : statsOf('', this.node.last, this.node.rate);
    return {
      node: { nodeName: this.nodeName, ...(node?.cpu === undefined ? {} : { cpu: node.cpu }), ...(node?.memory === undefined ? {} : { memory: node.memory }) },
      pods: [...pods.values()],
    };
  }
}

function next(was: { last: Sample; rate?: number } | undefined, now: Sample): { last: Sample; rate?: number } {
  if (was === undefined || now.at <= was.last.at) return { last: now };
  // A counter that went back (a process of the container ended unreaped) is no usage, not negative usage.
  const rate = Math.max(0, ((now.reading.cpuNs - was.last.reading.cpuNs) / (now.at - was.last.at)) * 1e3); // ns per ms → billionths of a core
  return { last: now, rate };
}

function statsOf(name: string, last: Sample, rate: number | undefined): ContainerStats {
  const time = kubeTime(new Date(last.at));
  return {
    name,
    ...(rate === undefined ? {} : { cpu: { time, usageNanoCores: Math.round(rate), usageCoreNanoSeconds: Math.round(last.reading.cpuNs) } }),
    memory: { time, workingSetBytes: last.reading.workingSetBytes, usageBytes: last.reading.usageBytes },
  };
}
