import { cpuQuantity, goDuration, memoryQuantity, podMetricsOf, resourceMetricsTable } from './resource-metrics';

describe('resource metrics objects (metrics-server\'s shapes)', () => {
  it('writes CPU as canonical nanocores and memory as BinarySI bytes, as metrics-server\'s Quantities print', () => {
    expect(cpuQuantity(123_456)).toBe('123456n');
    expect(cpuQuantity(5_000_000)).toBe('5m');
    expect(cpuQuantity(2_000_000_000)).toBe('2');
    expect(cpuQuantity(0)).toBe('0');
    expect(memoryQuantity(13_959_168)).toBe('13632Ki');
    expect(memoryQuantity(64 * 2 ** 20)).toBe('64Mi');
    expect(memoryQuantity(1000)).toBe('1k'); // below 1024 Go falls back to DecimalSI
  });

  it('writes windows as Go\'s time.Duration does', () => {
    expect(goDuration(10_000)).toBe('10s');
    expect(goDuration(10_003)).toBe('10.003s');
    expect(goDuration(90_500)).toBe('1m30.5s');
    expect(goDuration(500)).toBe('500ms');
  });

  it('gives a pod no metrics until every container has a CPU rate, and a Table of the summed usage', () => {
    const time = '2026-11-28T10:00:00Z';
    const pod = { podRef: { name: 'web', namespace: 'default', uid: 'u' }, containers: [{ name: 'a', cpu: { time, usageNanoCores: 1_000_000, usageCoreNanoSeconds: 1 }, memory: { time, workingSetBytes: 2 ** 20 } }, { name: 'b', memory: { time, workingSetBytes: 1 } }] };
    expect(podMetricsOf(pod, undefined, new Date(time))).toBeUndefined();
    const metrics = podMetricsOf({ ...pod, containers: [pod.containers[0]!, { ...pod.containers[0]!, name: 'b' }] }, { app: 'web' }, new Date(time))!;
    expect(metrics.containers.map((c) => c.usage)).toEqual([{ cpu: '1m', memory: '1Mi' }, { cpu: '1m', memory: '1Mi' }]);
    const table = resourceMetricsTable([metrics]) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'CPU', 'Memory', 'Window']);
    expect(table.rows[0]!.cells).toEqual(['web', '2m', '2Mi', '10s']);
  });
});
