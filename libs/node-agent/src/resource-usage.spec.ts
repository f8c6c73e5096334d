import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryStatValue, parseCpuStatV2, parseMeminfo, parseProcessStat, parseProcStat, ResourceSampler, workingSet } from './resource-usage';

// Fixtures: files as Linux writes them (taken from a 2-CPU machine and a cgroup v1 and v2 host).
const PROC_STAT = `cpu  3653362 95462 855050 4250914 38739 0 20372 1498 0 0
cpu0 1727106 47106 403307 2267656 7775 0 5113 739 0 0
cpu1 1926256 48356 451743 1983258 30963 0 15259 758 0 0
intr 123 0 0
ctxt 9876
btime 1764400000
`;
const MEMINFO = `MemTotal:       24684100 kB
MemFree:        18750524 kB
MemAvailable:   22920016 kB
Buffers:           43892 kB
Cached:          3870616 kB
`;
// A command with spaces and a parenthesis in its name, session 4242, utime 150 stime 50 cutime 20 cstime 5, rss 382 pages.
const PID_STAT = '4243 (my (odd) cmd) S 4242 4242 4242 0 -1 4194304 97 0 0 0 150 50 20 5 20 0 1 0 4521873 3133440 382 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0';
const CPU_STAT_V2 = 'usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n';
const MEMORY_STAT_V2 = 'anon 1048576\nfile 4194304\nactive_file 1048576\ninactive_file 3145728\n';
const MEMORY_STAT_V1 = 'cache 4194304\nrss 1048576\ninactive_file 9\ntotal_cache 4194304\ntotal_inactive_file 2097152\n';

describe('resource usage parsing', () => {
  it('takes the node\'s CPU time in use from /proc/stat: user, nice, system, irq, softirq, steal — not idle or iowait — in ns', () => {
    expect(parseProcStat(PROC_STAT)).toBe((3653362 + 95462 + 855050 + 0 + 20372 + 1498) * 10_000_000);
    expect(() => parseProcStat('intr 1\n')).toThrow('no cpu line');
  });

  it('takes the node\'s working set from /proc/meminfo as MemTotal − MemAvailable', () => {
    expect(parseMeminfo(MEMINFO)).toEqual({ workingSetBytes: (24684100 - 22920016) * 1024, usageBytes: (24684100 - 18750524) * 1024 });
    expect(() => parseMeminfo('MemTotal: 1 kB\n')).toThrow('MemAvailable');
  });

  it('reads a process\'s session, CPU time with its reaped children\'s, and RSS, whatever its command is called', () => {
    expect(parseProcessStat(PID_STAT)).toEqual({ session: 4242, cpuNs: (150 + 50 + 20 + 5) * 10_000_000, rssBytes: 382 * 4096 });
  });

  it('reads cgroup v2 cpu.stat usage_usec and the inactive file cache of either version', () => {
    expect(parseCpuStatV2(CPU_STAT_V2)).toBe(2_500_000_000);
    expect(parseCpuStatV2('nr_periods 0\n')).toBeUndefined();
    expect(memoryStatValue(MEMORY_STAT_V2, 'inactive_file')).toBe(3145728);
    expect(memoryStatValue(MEMORY_STAT_V1, 'total_inactive_file')).toBe(2097152);
    expect(memoryStatValue(MEMORY_STAT_V1, 'absent')).toBe(0);
    expect(workingSet(1000, 3000)).toBe(0);
  });
});

describe('resource sampler', () => {
  let dir: string;
  const file = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const pod = { name: 'web', namespace: 'default', uid: 'u1' };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bosun-usage-'));
    file('proc/stat', PROC_STAT);
    file('proc/meminfo', MEMINFO);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a container\'s CPU rate only from its second sample, as the CPU it used between the two', () => {
    file('cg2/cpu.stat', CPU_STAT_V2);
    file('cg2/memory.current', '8388608\n');
    file('cg2/memory.stat', MEMORY_STAT_V2);
    const sampler = new ResourceSampler('node-1', join(dir, 'proc'));
    const containers = [{ pod, name: 'app', pid: 99, cgroupDirs: [join(dir, 'cg2')] }];
    sampler.sample(containers, 1_000_000);
    expect(sampler.summary().pods[0]!.containers[0]).toEqual({ name: 'app', memory: { time: '1970-01-01T00:16:40Z', workingSetBytes: 8388608 - 3145728, usageBytes: 8388608 } });
    // 0.25 s of CPU more in 10 s: 25 millicores.
    file('cg2/cpu.stat', 'usage_usec 2750000\n');
    file('proc/stat', PROC_STAT.replace('cpu  3653362', 'cpu  3655362'));
    sampler.sample(containers, 1_010_000);
    const summary = sampler.summary();
    expect(summary.pods).toEqual([{ podRef: pod, containers: [expect.objectContaining({ name: 'app', cpu: { time: '1970-01-01T00:16:50Z', usageNanoCores: 25_000_000, usageCoreNanoSeconds: 2_750_000_000 } })] }]);
    // The node: 2000 ticks (20 s of CPU) in 10 s: 2 cores.
    expect(summary.node).toMatchObject({ nodeName: 'node-1', cpu: { usageNanoCores: 2_000_000_000 }, memory: { workingSetBytes: (24684100 - 22920016) * 1024 } });
  });

  it('reads cgroup v1 (cpuacct.usage, memory.usage_in_bytes less total_inactive_file), and sums the processes of a cgroup without a CPU counter', () => {
    file('memory/u1/app/memory.usage_in_bytes', '6291456\n');
    file('memory/u1/app/memory.stat', MEMORY_STAT_V1);
    file('memory/u1/app/cgroup.procs', '4243\n');
    file('proc/4243/stat', PID_STAT);
    const sampler = new ResourceSampler('node-1', join(dir, 'proc'));
    const containers = [{ pod, name: 'app', pid: 4242, cgroupDirs: [join(dir, 'memory/u1/app'), join(dir, 'cpu/u1/app')] }];
    sampler.sample(containers, 0);
    file('proc/4243/stat', PID_STAT.replace(' 150 50 20 5 ', ' 250 50 20 5 '));
    sampler.sample(containers, 2000);
    // 100 ticks (1 s) in 2 s: half a core; memory from the cgroup.
    expect(sampler.summary().pods[0]!.containers[0]).toMatchObject({ cpu: { usageNanoCores: 500_000_000 }, memory: { workingSetBytes: 6291456 - 2097152 } });
    file('cpu/u1/app/cpuacct.usage', '1000000000\n');
    sampler.sample(containers, 4000);
    file('cpu/u1/app/cpuacct.usage', '1100000000\n');
    sampler.sample(containers, 5000);
    expect(sampler.summary().pods[0]!.containers[0]).toMatchObject({ cpu: { usageNanoCores: 100_000_000, usageCoreNanoSeconds: 1_100_000_000 } });
  });

  it('measures a container without a cgroup by its session\'s processes, and forgets a container that no longer runs', () => {
    file('proc/4243/stat', PID_STAT);
    file('proc/4244/stat', PID_STAT.replace(/^4243/, '4244'));
    file('proc/5000/stat', PID_STAT.replace(/^4243/, '5000').replace(' 4242 4242 4242 ', ' 1 5000 5000 '));
    const sampler = new ResourceSampler('node-1', join(dir, 'proc'));
    const containers = [{ pod, name: 'app', pid: 4242, cgroupDirs: [] }];
    sampler.sample(containers, 0);
    expect(sampler.summary().pods[0]!.containers[0]!.memory!.workingSetBytes).toBe(2 * 382 * 4096);
    sampler.sample([], 1000);
    expect(sampler.summary().pods).toEqual([]);
  });

  it('never reports a negative rate when a counter goes back', () => {
    file('cg/cpu.stat', CPU_STAT_V2);
    file('cg/memory.current', '1\n');
    const sampler = new ResourceSampler('node-1', join(dir, 'proc'));
    const containers = [{ pod, name: 'app', pid: 1, cgroupDirs: [join(dir, 'cg')] }];
    sampler.sample(containers, 0);
    file('cg/cpu.stat', 'usage_usec 1\n');
    sampler.sample(containers, 1000);
    expect(sampler.summary().pods[0]!.containers[0]!.cpu!.usageNanoCores).toBe(0);
  });
});
