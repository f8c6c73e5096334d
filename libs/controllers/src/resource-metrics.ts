import { nodeMetricsOf, podMetricsOf, quantityToMilli, quantityToValue, RESOURCE_SAMPLE_PERIOD_MS, kubeTime, type KubeObject, type NodeMetrics, type NodeSummary, type PodMetrics, type PodStats } from '@bosun/api';
import type { ClusterState } from '@bosun/runtime';
import { request } from 'node:http';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** metrics-server's --metric-resolution: how often every node is scraped. */
export const METRIC_RESOLUTION_MS = 15_000;
/** metrics-server's --kubelet-request-timeout… shortened: a node that does not answer in time has no metrics this round. */
const SCRAPE_TIMEOUT_MS = 5_000;

/**
 * Per-container usage annotations of a pod on a simulated node (each of its containers uses this
 * much); without them a simulated container uses what it requests — a node that runs nothing has
 * to make its usage up, and its requests are what its author expected it to use.
 */
export const SIMULATED_CPU_USAGE = 'simulated.bosun.io/cpu-usage';
export const SIMULATED_MEMORY_USAGE = 'simulated.bosun.io/memory-usage';
/** What a simulated node uses beside its pods (its kubelet and system daemons). */
const SIMULATED_NODE_OVERHEAD = { nanoCores: 100_000_000, bytes: 512 * 1024 * 1024 };

/** Whether a Node is one of Bosun's simulated nodes (simulated-nodes.reconciler.ts), which run nothing. */
export const isSimulatedNode = (node: Anything): boolean => String(node.status?.nodeInfo?.containerRuntimeVersion ?? '').startsWith('simulated://');

const quantity = (q: unknown, milli: boolean): number | undefined => {
  if (typeof q !== 'string' && typeof q !== 'number') return undefined;
  try {
    return Number(milli ? quantityToMilli(q) : quantityToValue(q));
  } catch {
    return undefined;
  }
};

/**
 * What a simulated node reports of its usage (as KWOK's metrics do): each container of its Running
 * pods uses its pod's `simulated.bosun.io/cpu-usage` / `memory-usage`, else its requests (else 1m
 * and 4Mi); the node, its pods' sum and an overhead. Steady by design: tests move the annotations.
 */
export function simulatedNodeSummary(node: Anything, pods: readonly Anything[], now: Date): NodeSummary {
  const time = kubeTime(now);
  const podStats = pods.flatMap((p) => simulatedPodStats(p, now) ?? []);
  const sum = (f: (c: PodStats['containers'][number]) => number) => podStats.flatMap((p) => p.containers).reduce((a, c) => a + f(c), 0);
  return {
    node: {
      nodeName: node.metadata.name,
      cpu: { time, usageNanoCores: SIMULATED_NODE_OVERHEAD.nanoCores + sum((c) => c.cpu!.usageNanoCores), usageCoreNanoSeconds: 0 },
      memory: { time, workingSetBytes: SIMULATED_NODE_OVERHEAD.bytes + sum((c) => c.memory!.workingSetBytes) },
    },
    pods: podStats,
  };
}

/** One pod's stats on a simulated node: its containers' simulated usage while it is Running and not being deleted. */
export function simulatedPodStats(p: Anything, now: Date): PodStats | undefined {
  if (p.status?.phase !== 'Running' || p.metadata?.deletionTimestamp) return undefined;
  const time = kubeTime(now);
  return {
    podRef: { name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid },
    containers: ((p.spec?.containers ?? []) as Anything[]).map((c) => {
      const milli = quantity(p.metadata?.annotations?.[SIMULATED_CPU_USAGE], true) ?? quantity(c.resources?.requests?.cpu, true) ?? 1;
      const bytes = quantity(p.metadata?.annotations?.[SIMULATED_MEMORY_USAGE], false) ?? quantity(c.resources?.requests?.memory, false) ?? 4 * 1024 * 1024;
      return { name: c.name, cpu: { time, usageNanoCores: milli * 1_000_000, usageCoreNanoSeconds: 0 }, memory: { time, workingSetBytes: bytes } };
    }),
  };
}

/** `GET http://<InternalIP>:<kubelet port>/stats/summary` of a node agent. */
function fetchSummary(host: string, port: number): Promise<NodeSummary> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/stats/summary', method: 'GET', timeout: SCRAPE_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`${res.statusCode} from the node`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as NodeSummary);
        } catch (error) {
          reject(error as Error);
        }
      });
      res.on('error', reject);
    });
    req.once('timeout', () => req.destroy(new Error('timed out')));
    req.once('error', reject);
    req.end();
  });
}

/** Where a node's agent serves its Summary: its InternalIP and kubelet port; undefined for a node without an agent. */
function agentAddress(node: Anything): { host: string; port: number } | undefined {
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port as number | undefined;
  const host = ((node.status?.addresses ?? []) as { type: string; address: string }[]).find((a) => a.type === 'InternalIP')?.address;
  return port && host ? { host, port } : undefined;
}

/** One pod's usage as the autoscaler reads it (kube's metrics client): the sum of its containers', in milli-units, at a time over a window. */
export interface PodUsage {
  readonly timestampMs: number;
  readonly windowMs: number;
  /** Per container: cpu in millicores, memory in milli-bytes (Quantity.MilliValue, as kube compares them to requests). */
  readonly containers: ReadonlyMap<string, { readonly cpu: number; readonly memory: number }>;
}

/**
 * The resource metrics pipeline (metrics-server's part): scrapes every node's Summary — the node
 * agents' over HTTP on their kubelet port, the simulated nodes' computed from their pods — keeps the
 * last of each in memory (never in the event log: readings change every few seconds and are worth
 * nothing a minute later), and answers NodeMetrics and PodMetrics from them. The gateway serves
 * metrics.k8s.io from one; the horizontal pod autoscaler reads one. In `bosun up` they share it.
 */
export class ResourceMetrics {
  /** The last Summary of each node agent. Simulated nodes' are computed when asked (nothing to scrape, and thousands of them would cost a fold of every pod each round). */
  private readonly summaries = new Map<string, NodeSummary>();
  private refreshed = 0;
  private refreshing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: ClusterState,
    private readonly options: { now?: () => number; fetch?: (host: string, port: number) => Promise<NodeSummary>; log?: (message: string) => void } = {},
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Scrapes every node now (one scrape at a time: a caller during one waits for it), unless the last is younger than `maxAgeMs`. */
  refresh(maxAgeMs = 0): Promise<void> {
    if (this.refreshing !== undefined) return this.refreshing;
    if (this.now() - this.refreshed < maxAgeMs) return Promise.resolve();
    this.refreshing = this.scrape().finally(() => {
      this.refreshed = this.now();
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Scrapes every `periodMs` (metrics-server's resolution) until stopped. */
  start(periodMs = METRIC_RESOLUTION_MS): this {
    void this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), periodMs);
    this.timer.unref?.();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async scrape(): Promise<void> {
    const nodes = this.state.list('Node') as Anything[];
    const fetch = this.options.fetch ?? fetchSummary;
    const seen = new Set<string>();
    await Promise.all(
      nodes.map(async (node) => {
        const name = node.metadata.name as string;
        seen.add(name);
        if (isSimulatedNode(node)) return;
        const at = agentAddress(node);
        if (at === undefined) return void this.summaries.delete(name);
        try {
          this.summaries.set(name, await fetch(at.host, at.port));
        } catch (error) {
          // As metrics-server: a node that fails a scrape has no metrics until it answers again.
          this.summaries.delete(name);
          this.options.log?.(`resource metrics: could not scrape node ${name} at ${at.host}:${at.port}: ${(error as Error).message}`);
        }
      }),
    );
    for (const name of this.summaries.keys()) if (!seen.has(name)) this.summaries.delete(name);
  }

  /** NodeMetrics of every node that reported both CPU and memory, by name. */
  nodeMetrics(): NodeMetrics[] {
    const now = new Date(this.now());
    return (this.state.list('Node') as Anything[])
      .flatMap((node) => {
        const summary = isSimulatedNode(node) ? simulatedNodeSummary(node, this.state.podsOnNode(node.metadata.name) as Anything[], now) : this.summaries.get(node.metadata.name);
        const metrics = summary === undefined ? undefined : nodeMetricsOf(summary, node.metadata.labels, now);
        return metrics === undefined ? [] : [metrics];
      })
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** The stats of the pods of `namespace` (or all): the agents' last, and the simulated nodes' pods' computed now. */
  private podStats(namespace: string | undefined, now: Date): PodStats[] {
    const out: PodStats[] = [];
    for (const summary of this.summaries.values()) for (const stats of summary.pods) if (namespace === undefined || stats.podRef.namespace === namespace) out.push(stats);
    const simulated = new Set((this.state.list('Node') as Anything[]).filter(isSimulatedNode).map((n) => n.metadata.name as string));
    if (simulated.size > 0) {
      for (const pod of this.state.list('Pod', namespace) as Anything[]) {
        if (!simulated.has(pod.spec?.nodeName)) continue;
        const stats = simulatedPodStats(pod, now);
        if (stats !== undefined) out.push(stats);
      }
    }
    return out;
  }

  /**
   * PodMetrics of the pods that exist (in `namespace`, or all), with their current labels, as
   * metrics-server joins its readings to its pod informer: a reading of a pod since deleted, or
   * remade under its name (another uid), is not answered.
   */
  podMetrics(namespace?: string): PodMetrics[] {
    const now = new Date(this.now());
    const out: PodMetrics[] = [];
    for (const stats of this.podStats(namespace, now)) {
      const pod = this.state.getObject(`pods/${stats.podRef.namespace}/${stats.podRef.name}`) as KubeObject | null;
      if (pod === null || pod.metadata.uid !== stats.podRef.uid) continue;
      const metrics = podMetricsOf(stats, pod.metadata.labels, now);
      if (metrics !== undefined) out.push(metrics);
    }
    return out.sort((a, b) => a.metadata.namespace.localeCompare(b.metadata.namespace) || a.metadata.name.localeCompare(b.metadata.name));
  }

  /** The usage of the pods of `namespace` the metrics know, by pod name (kube's metrics client, GetResourceMetric). */
  podUsage(namespace: string): Map<string, PodUsage> {
    const out = new Map<string, PodUsage>();
    for (const stats of this.podStats(namespace, new Date(this.now()))) {
      if (stats.containers.length === 0 || !stats.containers.every((c) => c.cpu !== undefined && c.memory !== undefined)) continue;
      const containers = new Map(stats.containers.map((c) => [c.name, { cpu: Math.ceil(c.cpu!.usageNanoCores / 1_000_000), memory: c.memory!.workingSetBytes * 1000 }]));
      const timestampMs = Math.max(...stats.containers.map((c) => Date.parse(c.cpu!.time)));
      out.set(stats.podRef.name, { timestampMs, windowMs: RESOURCE_SAMPLE_PERIOD_MS, containers });
    }
    return out;
  }
}
