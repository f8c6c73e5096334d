import type { SchedulingPolicy } from '@bosun/controllers';
import { ClusterState } from '@bosun/runtime';
import type { HistorySource } from './history-source';
import { foldLog, type Point } from './replay';

export interface WhatIfOptions {
  readonly policy: SchedulingPolicy;
  /** Nodes taken out of the cluster for the re-run (as if they had never been there). */
  readonly withoutNodes?: readonly string[];
  readonly to?: Point;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A recorded binding, and where the re-run would have put the pod. */
export interface Rebinding {
  readonly offset: number;
  readonly time: string;
  /** The pod's key. */
  readonly pod: string;
  readonly recorded: string;
  /** null when the pod would have fitted nowhere; `reason` then says why, as the scheduler would. */
  readonly whatIf: string | null;
  readonly reason?: string;
}

export interface WhatIfReport {
  readonly policy: SchedulingPolicy;
  readonly withoutNodes: readonly string[];
  /** Bindings the log holds up to the point. */
  readonly bindings: number;
  /** Those the re-run would have made differently, in log order. */
  readonly differed: readonly Rebinding[];
}

/**
 * Re-runs the scheduler's decision for every binding in the log: at each `PodScheduled`, the pod
 * is placed again — with another scoring policy or without some nodes — on the cluster exactly as
 * the log had it just before the binding (the recorded bindings, not the re-run's, make up the
 * nodes' load: each decision is compared on the same world). All nodes are scored, with no
 * sampling; the live scheduler samples above 100 nodes and counts pods it is still binding, so a
 * re-run with the same policy can differ where the live choice was close.
 */
export async function whatIfScheduling(source: HistorySource, options: WhatIfOptions): Promise<WhatIfReport> {
  const state = new ClusterState();
  // The controllers are loaded here, not with @bosun/history: the other verbs never need them.
  const { NodeInfoCache, placePod, unschedulableMessage } = await import('@bosun/controllers');
  const cache = new NodeInfoCache(state);
  cache.nodes(); // the cache follows changes only once used
  state.onChange((change) => cache.observe(change));
  const without = new Set(options.withoutNodes ?? []);
  const differed: Rebinding[] = [];
  let bindings = 0;
  await foldLog(source, {
    state,
    to: options.to ?? { end: true },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    before: (record, current) => {
      if (!record.type.endsWith('Scheduled') || record.headers.bosun_kind !== 'Pod') return;
      const pod = current.getObject(record.key);
      if (pod === null || (pod as { spec?: { nodeName?: string } }).spec?.nodeName) return;
      bindings++;
      const recorded = String((record.payload as { nodeName?: unknown }).nodeName);
      const nodes = cache.nodes().filter((n) => !without.has(n.name));
      const placed = placePod(pod, nodes, { policy: options.policy });
      const whatIf = placed.node?.name ?? null;
      if (whatIf === recorded) return;
      differed.push({
        offset: record.offset,
        time: record.headers.ce_time ?? new Date(record.timestamp).toISOString(),
        pod: record.key,
        recorded,
        whatIf,
        ...(whatIf === null ? { reason: unschedulableMessage(nodes.length, placed.reasons, placed.preemption) } : {}),
      });
    },
  });
  return { policy: options.policy, withoutNodes: [...without], bindings, differed };
}
