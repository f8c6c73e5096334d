import type { EventLog, LogRecord, Subscription } from '@bosun/event-log';
import type { ClusterState } from './cluster-state';
import { foldSilentRecords, type ShardedFoldOptions } from './sharded-fold';

export interface FollowOptions {
  /** How the catch-up of a new state is folded in shards (foldSilentRecords); default as there. */
  readonly shards?: ShardedFoldOptions;
  /**
   * Called once if the catch-up folded the log's older records in shards, before the first batch
   * `onRecords` sees: those records never reach it. `offset` is the last of them, `maxTime` their
   * latest decision time.
   */
  readonly onShardsFolded?: (folded: { readonly offset: number; readonly maxTime: number; readonly shards: number }) => void;
}

/**
 * Folds bosun.events into `state` from its first record (or the first after the snapshot it was
 * restored from) and keeps following the log, calling `onRecords` after each batch. The records
 * already in the log are a catch-up (ClusterState.catchUp) — those of a new state that only build it
 * folded in parallel shards when there are many (foldSilentRecords); `end` is where they end:
 * `state.reached(end - 1)` resolves once they are folded.
 */
export async function followEvents(
  log: EventLog,
  state: ClusterState,
  onRecords?: (records: readonly LogRecord[]) => void,
  options: FollowOptions = {},
): Promise<{ tail: Subscription; end: number }> {
  const end = await log.events.endOffset();
  state.catchUp(end);
  const sharded = await foldSilentRecords(log, state, end, { times: options.onShardsFolded !== undefined, ...options.shards });
  if (sharded !== undefined) options.onShardsFolded?.({ offset: state.offset, ...sharded });
  // A state restored from a snapshot, or folded in shards, goes on after it.
  const tail = await log.events.subscribe(state.offset + 1, async (records) => {
    state.applyAll(records);
    onRecords?.(records);
  });
  return { tail, end };
}
