import { kubeTime } from './conventions';
import { addQuantities, formatQuantity, type Quantity } from './quantity';
import { tableOf, type Column, type IncludeObject } from './tables';

/**
 * Resource metrics: what a node reports of its own and its containers' usage (the kubelet's Summary
 * API, `GET /stats/summary`, the shape metrics-server once scraped), and the metrics.k8s.io/v1beta1
 * objects metrics-server serves from it (NodeMetrics, PodMetrics) — what `kubectl top` and the
 * horizontal pod autoscaler read.
 */

/** How often a node samples its usage (cAdvisor's housekeeping in the kubelet): a CPU rate is the usage between two samples, and this is its window. */
export const RESOURCE_SAMPLE_PERIOD_MS = 10_000;

/** The Summary API's CPUStats: a rate over the last sample period and the cumulative counter. */
export interface CpuStats {
  /** When the sample was taken (RFC 3339). */
  readonly time: string;
  /** Cores in use over the last sample period, in billionths of a core. */
  readonly usageNanoCores: number;
  /** CPU time used since the start, in core-nanoseconds. */
  readonly usageCoreNanoSeconds: number;
}

/** The Summary API's MemoryStats: the working set is what the kubelet (and metrics-server) call usage. */
export interface MemoryStats {
  readonly time: string;
  readonly workingSetBytes: number;
  readonly usageBytes?: number;
}

export interface ContainerStats {
  readonly name: string;
  readonly cpu?: CpuStats;
  readonly memory?: MemoryStats;
}

export interface PodStats {
  readonly podRef: { readonly name: string; readonly namespace: string; readonly uid: string };
  readonly containers: readonly ContainerStats[];
}

/** `GET /stats/summary` of a node agent (kubelet's statsapi.Summary, the fields Bosun fills). */
export interface NodeSummary {
  readonly node: { readonly nodeName: string; readonly cpu?: CpuStats; readonly memory?: MemoryStats };
  readonly pods: readonly PodStats[];
}

/** A Quantity of CPU in metrics-server's form: nanocores, canonical ("123456n", "5m"). */
export function cpuQuantity(nanoCores: number): string {
  return formatQuantity({ nano: BigInt(Math.max(0, Math.round(nanoCores))), format: 'DecimalSI' });
}

/** A Quantity of memory in metrics-server's form: bytes as a BinarySI quantity ("13632Ki"). */
export function memoryQuantity(bytes: number): string {
  return formatQuantity({ nano: BigInt(Math.max(0, Math.round(bytes))) * 1_000_000_000n, format: 'BinarySI' });
}

/** A duration as Go's time.Duration prints it (metav1.Duration): "10s", "10.003s", "1m0.5s". */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const total = Math.round(ms);
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = (total % 60_000) / 1000;
  const s = `${Number(seconds.toFixed(3))}s`;
  if (hours > 0) return `${hours}h${minutes}m${s}`;
  if (minutes > 0) return `${minutes}m${s}`;
  if (total < 1000) return `${total}ms`;
  return s;
}

export interface NodeMetrics {
  readonly kind: 'NodeMetrics';
  readonly apiVersion: 'metrics.k8s.io/v1beta1';
  readonly metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  readonly timestamp: string;
  readonly window: string;
  readonly usage: { cpu: string; memory: string };
}

export interface ContainerMetrics {
  readonly name: string;
  readonly usage: { cpu: string; memory: string };
}

export interface PodMetrics {
  readonly kind: 'PodMetrics';
  readonly apiVersion: 'metrics.k8s.io/v1beta1';
  readonly metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> };
  readonly timestamp: string;
  readonly window: string;
  readonly containers: readonly ContainerMetrics[];
}

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_API_VERSION = 'metrics.k8s.io/v1beta1';

const complete = (c: ContainerStats): c is ContainerStats & { cpu: CpuStats; memory: MemoryStats } => c.cpu !== undefined && c.memory !== undefined;

/**
 * A node's NodeMetrics, as metrics-server serves it: usage is the node's CPU rate and memory working
 * set; timestamp the sample's time; creationTimestamp the time of the answer. Undefined when the
 * node has not reported both yet.
 */
export function nodeMetricsOf(summary: NodeSummary, labels: Record<string, string> | undefined, now: Date, windowMs = RESOURCE_SAMPLE_PERIOD_MS): NodeMetrics | undefined {
  const { cpu, memory } = summary.node;
  if (cpu === undefined || memory === undefined) return undefined;
  return {
    kind: 'NodeMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: { name: summary.node.nodeName, creationTimestamp: kubeTime(now), ...(labels === undefined ? {} : { labels }) },
    timestamp: cpu.time,
    window: goDuration(windowMs),
    usage: { cpu: cpuQuantity(cpu.usageNanoCores), memory: memoryQuantity(memory.workingSetBytes) },
  };
}

/**
 * A pod's PodMetrics: one entry per container with both a CPU rate and a working set. As
 * metrics-server, a pod with a container not yet measured has no metrics at all (undefined): a
 * partial sum would understate it.
 */
export function podMetricsOf(pod: PodStats, labels: Record<string, string> | undefined, now: Date, windowMs = RESOURCE_SAMPLE_PERIOD_MS): PodMetrics | undefined {
  if (pod.containers.length === 0 || !pod.containers.every(complete)) return undefined;
  const containers = pod.containers as ReadonlyArray<ContainerStats & { cpu: CpuStats; memory: MemoryStats }>;
  const latest = containers.map((c) => c.cpu.time).sort().at(-1)!;
  return {
    kind: 'PodMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: { name: pod.podRef.name, namespace: pod.podRef.namespace, creationTimestamp: kubeTime(now), ...(labels === undefined ? {} : { labels }) },
    timestamp: latest,
    window: goDuration(windowMs),
    containers: containers.map((c) => ({ name: c.name, usage: { cpu: cpuQuantity(c.cpu.usageNanoCores), memory: memoryQuantity(c.memory.workingSetBytes) } })),
  };
}

/**
 * `kubectl get nodemetrics|podmetrics` as metrics-server prints them (its TableConvertor): Name, CPU
 * and Memory (a pod's summed over its containers), Window.
 */
export function resourceMetricsTable(
  items: ReadonlyArray<NodeMetrics | PodMetrics>,
  options: { resourceVersion?: string; includeObject?: IncludeObject; withColumns?: boolean; now?: number } = {},
): Record<string, unknown> {
  const columns: Column[] = [
    { name: 'Name', type: 'string', format: 'name', description: 'Name of the resource' },
    { name: 'CPU', type: 'string', description: 'CPU usage' },
    { name: 'Memory', type: 'string', description: 'Memory usage' },
    { name: 'Window', type: 'string', description: 'Interval of resource usage aggregation' },
  ];
  const usage = (m: NodeMetrics | PodMetrics): { cpu: string; memory: string } => {
    if (m.kind === 'NodeMetrics') return m.usage;
    const sum = (name: 'cpu' | 'memory') => formatQuantity(m.containers.reduce<Quantity>((total, c) => addQuantities(total, c.usage[name]), { nano: 0n, format: name === 'cpu' ? 'DecimalSI' : 'BinarySI' }));
    return { cpu: sum('cpu'), memory: sum('memory') };
  };
  return tableOf(items, columns, (m) => [m.metadata.name, usage(m).cpu, usage(m).memory, m.window], options);
}
