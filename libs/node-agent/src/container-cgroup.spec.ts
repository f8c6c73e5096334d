import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cgroupLimits, Cgroups, inCgroup } from './container-cgroup';

describe('container cgroups', () => {
  it('reads limits from a container’s resources, as the kubelet converts them', () => {
    expect(cgroupLimits({ resources: { limits: { memory: '64Mi', cpu: '250m' }, requests: { cpu: '100m' } } })).toEqual({ memoryBytes: 64 * 2 ** 20, cpuMilli: 250, cpuRequestMilli: 100 });
    expect(cgroupLimits({ resources: { limits: { memory: '1G' } } })).toEqual({ memoryBytes: 1e9 });
    expect(cgroupLimits({ resources: { requests: { cpu: '1' } } })).toBeUndefined(); // no limit: no cgroup of its own
    expect(cgroupLimits({})).toBeUndefined();
  });

  const root = () => mkdtempSync(join(tmpdir(), 'bosun-cgroup-'));
  const asRoot = process.getuid?.() === 0;

  (asRoot ? it : it.skip)('writes a v1 container’s memory limit, CFS quota and shares, and finds its OOM kills', () => {
    const r = root();
    mkdirSync(join(r, 'memory'));
    writeFileSync(join(r, 'memory', 'memory.limit_in_bytes'), '-1');
    mkdirSync(join(r, 'cpu'));
    writeFileSync(join(r, 'cpu', 'cpu.cfs_quota_us'), '-1');
    const cgroups = Cgroups.detect(r)!;
    expect(cgroups.version).toBe(1);
    const c = cgroups.container('uid-1', 'app', { memoryBytes: 67108864, cpuMilli: 250, cpuRequestMilli: 100 });
    const file = (...p: string[]) => readFileSync(join(r, ...p), 'utf8');
    expect(file('memory', 'bosun', 'uid-1', 'app', 'memory.limit_in_bytes')).toBe('67108864');
    expect([file('cpu', 'bosun', 'uid-1', 'app', 'cpu.cfs_quota_us'), file('cpu', 'bosun', 'uid-1', 'app', 'cpu.cfs_period_us'), file('cpu', 'bosun', 'uid-1', 'app', 'cpu.shares')]).toEqual(['25000', '100000', '102']);
    expect(c.procs).toEqual([join(r, 'memory', 'bosun', 'uid-1', 'app', 'cgroup.procs'), join(r, 'cpu', 'bosun', 'uid-1', 'app', 'cgroup.procs')]);
    expect(c.oomKills()).toBe(0);
    writeFileSync(join(r, 'memory', 'bosun', 'uid-1', 'app', 'memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n');
    expect(c.oomKills()).toBe(2);
    // A fresh directory tree of regular files stands for the kernel's here: removePod leaves what rmdir cannot remove.
    cgroups.removePod('uid-2');
  });

  (asRoot ? it : it.skip)('writes a v2 container’s memory.max and enables the controllers down the tree', () => {
    const r = root();
    writeFileSync(join(r, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
    const cgroups = Cgroups.detect(r)!;
    expect(cgroups.version).toBe(2);
    expect(readFileSync(join(r, 'bosun', 'cgroup.subtree_control'), 'utf8')).toBe('+cpu +memory');
    const c = cgroups.container('uid-1', 'app', { memoryBytes: 1000 });
    expect(readFileSync(join(r, 'bosun', 'uid-1', 'cgroup.subtree_control'), 'utf8')).toBe('+cpu +memory');
    expect(readFileSync(join(r, 'bosun', 'uid-1', 'app', 'memory.max'), 'utf8')).toBe('1000');
    writeFileSync(join(r, 'bosun', 'uid-1', 'app', 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n');
    expect(c.oomKills()).toBe(1);
  });

  it('starts a command that first moves itself into the cgroup', () => {
    expect(inCgroup({ executable: '/usr/bin/python3', argv: ['python3', '-c', 'pass'] }, ['/cg/a/cgroup.procs', "/cg/it's/cgroup.procs"]).argv).toEqual([
      'sh',
      '-c',
      `echo $$ > '/cg/a/cgroup.procs' && echo $$ > '/cg/it'\\''s/cgroup.procs' && exec "$@"`,
      'python3',
      '/usr/bin/python3',
      '-c',
      'pass',
    ]);
  });
});
