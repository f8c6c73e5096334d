import type { LogRecord, NewRecord } from './log-record';
import type { LogTopology } from './topology';

/**
 * The event log: the port every other part of Bosun writes and reads through. The streams:
 * `events` (bosun.events, one partition, the single total order whose offsets are resourceVersions),
 * `commands` (bosun.commands, keyed and partitioned, each partition owned by one consumer), `replies`
 * (bosun.replies, the actor host's answers to senders in other processes, keyed by sender) and
 * `elections` (bosun.elections, one empty partition whose consumer groups elect controller leaders).
 */
export interface EventLog {
  readonly events: LogTopic;
  readonly commands: LogTopic;
  readonly replies: LogTopic;
  readonly elections: LogTopic;
  /**
   * Where another thread of this process can open this log again to read it (openReader), as plain
   * data; absent when it cannot. Folds of a long log read disjoint shards of it in parallel.
   */
  readonly readerLocation?: ReaderLocation;
  /** Stops every subscription and consumer this log opened, then releases the store or connection. */
  close(): Promise<void>;
}

/** An embedded log's directory and topic names (EventLog.readerLocation). */
export interface ReaderLocation {
  readonly dir: string;
  readonly topology: LogTopology;
}

export interface LogTopic {
  readonly name: string;
  readonly partitions: number;

  /** The partition a key's records go to (Kafka's murmur2 partitioner, on both adapters). */
  partitionFor(key: string): number;

  /**
   * Appends records and resolves once they are durable, with their offsets, in input order.
   * Records of one call that land in one partition are written all together or not at all, and
   * consecutively. Over-size records reject the whole call before anything is written.
   */
  append(records: readonly NewRecord[]): Promise<LogRecord[]>;

  /** The offset the next record appended to `partition` will get (Kafka's high watermark). */
  endOffset(partition?: number): Promise<number>;

  /**
   * Reads `[from, to)` of one partition in order, in batches; `to` defaults to the end offset at the
   * time of the call. Reading does not join or disturb any consumer group.
   */
  read(from: number, options?: ReadOptions): AsyncIterable<LogRecord[]>;

  /**
   * Tails one partition from `from` forever. The handler sees each batch in order and the next batch
   * is not delivered before its promise settles (back-pressure). If the handler rejects, the
   * subscription stops and `done` rejects with that error.
   */
  subscribe(from: number, handler: BatchHandler, options?: { partition?: number }): Promise<Subscription>;

  /**
   * Joins consumer group `group`: each partition of this topic is owned by exactly one live member at
   * a time, and moves to another member when its owner stops or dies. Offsets are committed after the
   * handler settles for a batch, so a batch is redelivered if its owner dies while handling it.
   */
  consume(group: string, handler: PartitionHandler, options?: ConsumeOptions): Promise<Subscription>;
}

export interface ReadOptions {
  readonly partition?: number;
  readonly to?: number;
  readonly maxBatch?: number;
  /**
   * Only the records whose key starts with one of these: a reader that needs a few objects of a
   * large log (a replay of one kind, an object's history). The embedded log skips the others
   * before it parses them; Kafka after it decodes them. Batches may then be smaller than
   * `maxBatch`, and the reading still ends at `to`.
   */
  readonly keyPrefixes?: readonly string[];
  /**
   * Only the records of one shard of the keys: readers that fold disjoint sets of objects at the
   * same time, one shard each. Skipped like those `keyPrefixes` leaves out (with both, a record
   * must pass both).
   */
  readonly shard?: KeyShard;
}

/**
 * Shard `index` of `count`: the records whose key keyShard puts there, and those whose key starts
 * with one of `shared`, which are in every shard (records that all readers need, such as markers
 * that say how to read the others).
 */
export interface KeyShard {
  readonly index: number;
  readonly count: number;
  readonly shared?: readonly string[];
}

/**
 * Which of `count` shards a key is in: FNV-1a over its UTF-16 code units, the same in every
 * process and thread. `from`/`to` hash a part of a longer string (a stored row) without copying it.
 */
export function keyShard(key: string, count: number, from = 0, to = key.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % count;
}

/** The test `ReadOptions.keyPrefixes` and `shard` ask for; undefined when every record is wanted. */
export function keyFilter(prefixes: readonly string[] | undefined, shard?: KeyShard): ((key: string) => boolean) | undefined {
  const inShard = shard === undefined ? undefined : (key: string) => inKeyShard(key, shard);
  if (prefixes === undefined) return inShard;
  const scoped = (key: string): boolean => prefixes.some((p) => key.startsWith(p));
  return inShard === undefined ? scoped : (key) => scoped(key) && inShard(key);
}

/** Whether a key is in the shard (KeyShard). */
export function inKeyShard(key: string, shard: KeyShard): boolean {
  return keyShard(key, shard.count) === shard.index || (shard.shared?.some((p) => key.startsWith(p)) ?? false);
}

export type BatchHandler = (records: LogRecord[]) => Promise<void>;

export interface PartitionHandler {
  /** Called when this member becomes the owner of `partition`, before any of its records. */
  onAssigned?(partition: number): Promise<void> | void;
  /** Called when this member stops owning `partition`; no record of it is delivered afterwards. */
  onRevoked?(partition: number): Promise<void> | void;
  onRecords(partition: number, records: LogRecord[]): Promise<void>;
}

export interface ConsumeOptions {
  /** Time after which a silent member is considered dead and its partitions move. */
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
}

export interface Subscription {
  /** Stops delivery; resolves when no handler call is running any more. */
  close(): Promise<void>;
  /** Settles when the subscription ends: resolves on close, rejects if a handler failed. */
  readonly done: Promise<void>;
}
