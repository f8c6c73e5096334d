import { keyFilter, type LogRecord } from '@bosun/event-log';
import { CLAIM_KEY_PREFIX, ClusterState, eventTime, foldSilentRecords, PARTITION_CLAIMED } from '@bosun/runtime';
import type { HistorySource } from './history-source';
import { snapshotFor } from './snapshots';

/** A moment of the cluster's history: after the event at an offset, at a time, or now (the end). */
export type Point = { readonly offset: number } | { readonly time: number } | { readonly end: true };

/** A user error in what was asked of the history (a bad point, an unknown object): exit code 2 or 3. */
export class HistoryQueryError extends Error {
  constructor(
    message: string,
    /** `usage` for a malformed request, `not-found` for a well-formed one that matches nothing. */
    readonly reason: 'usage' | 'not-found' = 'usage',
  ) {
    super(message);
  }
}

/**
 * Reads `--at` / `--from` / `--to`: a resourceVersion (`1234`: the state after the event at that
 * offset), an RFC 3339 time (`2026-11-28T14:02:00Z`), a time of day today in local time (`14:02`,
 * `14:02:30`), or `now`.
 */
export function parsePoint(text: string, today: Date = new Date()): Point {
  const t = text.trim();
  if (t === 'now' || t === 'end') return { end: true };
  if (/^\d+$/.test(t)) return { offset: Number(t) };
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h < 24 && m < 60 && s < 60) return { time: new Date(today.getFullYear(), today.getMonth(), today.getDate(), h, m, s, 999).getTime() };
  }
  // A date is required: Date.parse would read a bare number or a word loosely.
  const time = /^\d{4}-\d{2}-\d{2}/.test(t) ? Date.parse(t) : NaN;
  if (Number.isNaN(time)) {
    throw new HistoryQueryError(`"${text}" is not a point in the log: give a resourceVersion (1234), an RFC 3339 time (2026-11-28T14:02:00Z), a time of day (14:02) or now`);
  }
  return { time };
}

export interface FoldOptions {
  /** Start from this state (it must be at `from - 1`); a new one otherwise. */
  readonly state?: ClusterState;
  readonly from?: number;
  readonly to: Point;
  /** Only events for which this holds are applied (partition claims always are: they fence; hooks never see them). */
  readonly filter?: (record: LogRecord) => boolean;
  /** Called before each applied record, with the state it is about to change. */
  readonly before?: (record: LogRecord, state: ClusterState) => void;
  /** Called after each applied record. */
  readonly after?: (record: LogRecord, state: ClusterState) => void;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Only the objects whose key (objectKey) starts with one of these are folded: a reader that needs
   * one kind, one namespace or one object. The others are then not even parsed where the log
   * allows it (and are absent from the state, with the Kubernetes Events they would derive); for a
   * point in time every event is still read, since each one's time says where the fold stops.
   */
  readonly keyPrefixes?: readonly string[];
  /**
   * A directory of snapshots (snapshots.ts) to start from — the newest one of this log taken before
   * the point — when no `state` is given. Only for folds without hooks: events before the snapshot
   * are not read.
   */
  readonly snapshots?: string;
}

export interface Folded {
  readonly state: ClusterState;
  /** The last offset read (applied or filtered out); -1 for none. */
  readonly offset: number;
  /** The number of events in the source when the fold began. */
  readonly end: number;
  /** When the last event read was decided (ms); NaN if none was read. */
  readonly time: number;
  /**
   * The latest decision time of all events folded in, the snapshot's included (ms; -Infinity for
   * none); with `keyPrefixes`, of those read.
   */
  readonly maxTime: number;
  /** The offset of the snapshot the fold started from, if it did. */
  readonly snapshot?: number;
  /** The log's first records folded in parallel shards (foldSilentRecords), if they were: how many, in how many shards. */
  readonly sharded?: { readonly records: number; readonly shards: number };
}

/**
 * Folds the source's events into a ClusterState — the same projection the gateway and the
 * controllers build, so a replayed state is what they served at that offset.
 */
export async function foldLog(source: HistorySource, options: FoldOptions): Promise<Folded> {
  const end = await source.end();
  const point = options.to;
  const snapshot =
    options.state === undefined && options.snapshots !== undefined && options.before === undefined && options.after === undefined && options.filter === undefined
      ? await snapshotFor(options.snapshots, source, point, options.keyPrefixes)
      : undefined;
  const state = options.state ?? snapshot?.state ?? new ClusterState();
  const from = snapshot === undefined ? (options.from ?? 0) : snapshot.header.offset + 1;
  let last: number;
  if ('offset' in point) {
    if (point.offset >= end) {
      throw new HistoryQueryError(`resourceVersion ${point.offset} is not in the log: it ends at ${end - 1}${end === 0 ? ' (the log is empty)' : ''}`);
    }
    last = point.offset;
  } else {
    last = end - 1;
  }
  // A state of its own serves no watches from before the point: its watch cache need not hold them.
  if (options.state === undefined) state.catchUp(last + 1);
  const until = 'time' in point ? point.time : undefined;
  const { before, after, onProgress } = options;
  const scope = keyFilter(options.keyPrefixes);
  const filter = scope === undefined ? options.filter : (r: LogRecord) => scope(r.key) && (options.filter?.(r) ?? true);
  // Partition claims fence what follows them: a scoped read keeps them.
  const pushDown = options.keyPrefixes === undefined || until !== undefined ? undefined : [...options.keyPrefixes, CLAIM_KEY_PREFIX];
  let offset = from - 1;
  let time = snapshot?.header.maxTime ?? NaN;
  let maxTime = snapshot?.header.maxTime ?? -Infinity;
  // A fold of the whole log to an offset, with nothing to see on the way, folds its silent records
  // in shards as a starting server does. Not one to a time (it must meet the events in order to
  // know where to stop), nor one scoped to some keys: it parses only their rows already, and the
  // shards' start and second read of every row cost more than they share out (bench:replay's
  // `replay namespaces`: 0.90 s on one thread, 1.68 s in two shards).
  const whole = options.state === undefined && snapshot === undefined && from === 0 && until === undefined && before === undefined && after === undefined && filter === undefined;
  const sharded = whole && source.log !== undefined ? await foldSilentRecords(source.log, state, last + 1, { times: true }) : undefined;
  const shardedTo = state.offset;
  if (sharded !== undefined) {
    offset = state.offset;
    maxTime = sharded.maxTime;
  }
  const total = last - from + 1;
  outer: for await (const batch of source.read(offset + 1, last + 1, pushDown)) {
    for (const record of batch) {
      if (record.type === PARTITION_CLAIMED) {
        // A claim carries its host's clock, not a decision of the cluster: it never ends a fold by time.
        offset = record.offset;
        state.apply(record);
        continue;
      }
      const decided = eventTime(record);
      if (until !== undefined && decided > until) break outer;
      offset = record.offset;
      time = decided;
      if (decided > maxTime) maxTime = decided;
      if (filter !== undefined && !filter(record)) continue;
      before?.(record, state);
      state.apply(record);
      after?.(record, state);
    }
    onProgress?.(offset - from + 1, total);
  }
  if (pushDown !== undefined && offset < last) {
    // The events after the last one read were not for this scope: the fold still reaches `last`.
    offset = last;
    for await (const [record] of source.read(last, last + 1)) if (record.type !== PARTITION_CLAIMED) time = eventTime(record);
  }
  return {
    state,
    offset,
    end,
    time,
    maxTime,
    ...(snapshot === undefined ? {} : { snapshot: snapshot.header.offset }),
    ...(sharded === undefined ? {} : { sharded: { records: shardedTo + 1, shards: sharded.shards } }),
  };
}
