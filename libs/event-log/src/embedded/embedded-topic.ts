import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { AppendBatcher } from '../append-batcher';
import type {
  BatchHandler,
  ConsumeOptions,
  LogTopic,
  PartitionHandler,
  ReadOptions,
  Subscription,
} from '../event-log.port';
import { keyFilter, keyShard } from '../event-log.port';
import type { EncodedRecord, Json, LogRecord, NewRecord } from '../log-record';
import { LogClosedError, LogUnavailableError } from '../log.errors';
import { encodeBatch, checkOffset, checkPartition, type LogLimits } from '../limits';
import { LoopSubscription, pause, type LoopControl } from '../loop-subscription';
import { partitionerFor } from '../partitioner';
import { EmbeddedGroupMember } from './embedded-group';
import { RecentRecords, withPayload, type Envelope } from './recent-records';
import { compactHeaders, expandHeaders } from './stored-headers';
import type { SqliteWriter } from './sqlite-writer';


/**
 * What the `record` column holds: one JSON object per record (see docs/events.md, "embedded log").
 * `derived`, when there, says which headers are left out for the key and the other headers to give
 * (stored-headers.ts); rows written before it have none and hold every header.
 */
interface StoredBody {
  key: string;
  type: string;
  timestamp: number;
  derived?: number;
  headers: Record<string, string>;
  payload: Json;
}

export interface EmbeddedTopicOptions {
  readonly limits: LogLimits;
  /** How often a tail re-reads when nothing was appended in this process (another process may write). */
  readonly pollIntervalMs: number;
  /** False: appends answer once written, durable with the next fsynced write (see EmbeddedEventLog). */
  readonly sync?: boolean;
}

/**
 * Rows read (and decoded) at a time by reads and tails. A batch is decoded whole before its reader
 * folds it, so the records still waiting are alive at every scavenge and get copied: 250 copies a
 * third fewer bytes than 1,000 in the replay of bench:actors (about 360 MB instead of 490 MB over
 * 1M events), and the SQLite calls cost no more per row.
 */
const READ_BATCH = 250;
/** How every stored row begins (writeChunk): its key comes first. */
const KEY_START = '{"key":"';
/**
 * Records per partition kept for this process's own tails (see RecentRecords). Tails lag a few
 * batches at most; a larger window only keeps more strings alive (bench:actors: 8,192 cost more CPU
 * per command than none, 512 about 5 % less).
 */
const RECENT = 512;

/**
 * Which stored rows a read with `keyPrefixes` or `shard` can skip without parsing them; undefined
 * when it reads them all. A row as writeChunk stores it begins with its JSON-escaped key, and JSON
 * escapes character by character: a row that does not begin with an escaped prefix is out of the
 * scope, and a key with nothing escaped is the text up to the next quote, hashed where it lies.
 * A row this cannot judge is parsed, and its key tested.
 */
function rowSkipper(options: ReadOptions): ((row: string) => boolean) | undefined {
  const { keyPrefixes, shard } = options;
  if (keyPrefixes === undefined && shard === undefined) return undefined;
  const escaped = (prefixes: readonly string[]) => prefixes.map((p) => KEY_START + JSON.stringify(p).slice(1, -1));
  const scopes = keyPrefixes === undefined ? undefined : escaped(keyPrefixes);
  const shared = escaped(shard?.shared ?? []);
  return (row) => {
    if (!row.startsWith(KEY_START)) return false;
    if (scopes !== undefined && !scopes.some((t) => row.startsWith(t))) return true;
    if (shard === undefined || shared.some((t) => row.startsWith(t))) return false;
    const end = row.indexOf('"', KEY_START.length);
    // Looked for backwards from the quote: forwards, a key without one would scan the whole row.
    if (end < 0 || row.lastIndexOf('\\', end) >= KEY_START.length) return false;
    return keyShard(row, shard.count, KEY_START.length, end) !== shard.index;
  };
}

/** One topic of the embedded log: one SQLite table per partition, offset = rowid. */
export class EmbeddedTopic implements LogTopic {
  readonly partitionFor: (key: string) => number;
  private readonly reads: Database.Statement[];
  private readonly ends: Database.Statement[];
  private readonly batcher: AppendBatcher;
  private readonly recent: RecentRecords[];
  /** Appends of this process per partition sent to the writer and not yet answered (see readRows). */
  private readonly unanswered: number[];
  /** Emits the partition number after each committed append, to wake tails in this process. */
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly open = new Set<Subscription>();
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    readonly name: string,
    private readonly tables: readonly string[],
    private readonly options: EmbeddedTopicOptions,
    /** Writes appends and group offset commits off the main thread; none when the log is read-only. */
    readonly writer: SqliteWriter | undefined,
  ) {
    this.partitionFor = partitionerFor(tables.length);
    // The record alone: offsets are gap-free (writeChunk takes each from the table inside its
    // transaction), so the i-th row read from `from` is at `from + i`. Not building a [offset, record]
    // array per row saves a third of the read (0.6 -> 0.4 µs per row in bench:actors' log).
    this.reads = tables.map((t) => db.prepare(`SELECT record FROM ${t} WHERE offset >= ? AND offset < ? ORDER BY offset LIMIT ?`).pluck(true));
    this.ends = tables.map((t) => db.prepare(`SELECT MAX(offset) FROM ${t}`).pluck(true));
    this.recent = tables.map(() => new RecentRecords(RECENT));
    this.unanswered = tables.map(() => 0);
    this.batcher = new AppendBatcher((batches) => this.writeChunk(batches), Number.MAX_SAFE_INTEGER);
  }

  get partitions(): number {
    return this.tables.length;
  }

  async append(records: readonly NewRecord[]): Promise<LogRecord[]> {
    if (this.closed) throw new LogClosedError(`append to ${this.name}`);
    const batch = encodeBatch(this.name, records, this.options.limits);
    if (records.length === 0) return [];
    return this.batcher.append(batch);
  }

  async endOffset(partition = 0): Promise<number> {
    checkPartition(this.name, partition, this.partitions);
    return this.endOffsetNow(partition);
  }

  async *read(from: number, options: ReadOptions = {}): AsyncIterable<LogRecord[]> {
    const partition = options.partition ?? 0;
    checkPartition(this.name, partition, this.partitions);
    checkOffset(this.name, from);
    const to = options.to ?? this.endOffsetNow(partition);
    const max = options.maxBatch ?? READ_BATCH;
    const skip = rowSkipper(options);
    const wanted = keyFilter(options.keyPrefixes, options.shard);
    let next = from;
    while (next < to) {
      if (this.closed) throw new LogClosedError(`read of ${this.name}`);
      if (skip !== undefined && wanted !== undefined) {
        const read = this.readMatching(partition, next, to, max, skip, wanted);
        if (read === undefined) return;
        next = read.next;
        if (read.records.length > 0) yield read.records;
        continue;
      }
      const batch = this.readRows(partition, next, to, max);
      if (batch.length === 0) return;
      next = batch[batch.length - 1].offset + 1;
      yield batch;
    }
  }

  async subscribe(from: number, handler: BatchHandler, options: { partition?: number } = {}): Promise<Subscription> {
    const partition = options.partition ?? 0;
    checkPartition(this.name, partition, this.partitions);
    checkOffset(this.name, from);
    if (this.closed) throw new LogClosedError(`subscribe to ${this.name}`);
    return this.track(
      new LoopSubscription(async (control) => {
        let next = from;
        while (!control.stopped()) {
          const batch = this.readRows(partition, next, Number.MAX_SAFE_INTEGER, READ_BATCH, true);
          if (batch.length === 0) {
            await this.waitForAppend(partition, control);
            continue;
          }
          await handler(batch);
          next = batch[batch.length - 1].offset + 1;
        }
      }),
    );
  }

  async consume(group: string, handler: PartitionHandler, options: ConsumeOptions = {}): Promise<Subscription> {
    if (this.closed) throw new LogClosedError(`consume from ${this.name}`);
    const member = new EmbeddedGroupMember(this.db, this, group, handler, options);
    return this.track(member.start());
  }

  /**
   * Reads up to `max` records of `[from, to)`; exposed to the group member, which tails like a
   * subscription. A tail (`tail`) past this process's window while an append of its own to the
   * partition awaits its answer reads nothing: the rows there are likely that append's, committed but
   * not yet in the window, and its answer wakes the tail (the 'append' event) to read them from the
   * window rather than parse them from SQLite (bench:actors: about half the tails' reads, 2 % of the
   * main thread). Rows another process wrote are read then, from SQLite.
   */
  readRows(partition: number, from: number, to: number, max: number, tail = false): LogRecord[] {
    const window = this.recent[partition];
    const recent = window.read(from, to, max);
    if (recent !== undefined) return recent;
    if (tail && this.unanswered[partition] > 0 && from >= window.end()) return [];
    const rows = this.reads[partition].all(from, to, max) as string[];
    return rows.map((record, i) => this.toRecord(partition, from + i, record));
  }

  /**
   * Up to `max` rows of `[from, to)`, keeping the records `wanted` keeps, and the offset after the
   * last row read; undefined past the last row. The rows `skip` (rowSkipper) turns down are not
   * parsed: a replay of one kind, one object's history or one shard parses only its own rows.
   */
  private readMatching(partition: number, from: number, to: number, max: number, skip: (row: string) => boolean, wanted: (key: string) => boolean): { records: LogRecord[]; next: number } | undefined {
    const rows = this.reads[partition].all(from, to, max) as string[];
    if (rows.length === 0) return undefined;
    const records: LogRecord[] = [];
    rows.forEach((text, i) => {
      if (skip(text)) return;
      const record = this.toRecord(partition, from + i, text);
      if (wanted(record.key)) records.push(record);
    });
    return { records, next: from + rows.length };
  }

  private toRecord(partition: number, offset: number, text: string): LogRecord {
    const { key, type, payload, headers, timestamp, derived } = JSON.parse(text) as StoredBody;
    // The member order of withPayload's records (RecentRecords): one shape for readers.
    return { topic: this.name, partition, offset, key, type, payload, headers: derived === undefined ? headers : expandHeaders(key, derived, headers), timestamp };
  }

  /** Waits until this process appends to `partition`, the poll interval passes, or the loop stops. */
  waitForAppend(partition: number, control: LoopControl): Promise<void> {
    return pause(this.options.pollIntervalMs, control, (wakeUp) => {
      const listener = (p: number): void => {
        if (p === partition) wakeUp();
      };
      this.appended.on('append', listener);
      return () => this.appended.off('append', listener);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.batcher.close();
    await Promise.all([...this.open].map((s) => s.close()));
  }

  private endOffsetNow(partition: number): number {
    const max = this.ends[partition].get() as number | null;
    return max === null ? 0 : max + 1;
  }

  private track(subscription: Subscription): Subscription {
    this.open.add(subscription);
    void subscription.done.finally(() => this.open.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  /**
   * Writes a chunk in one IMMEDIATE transaction (on the writer's thread, possibly with other topics'
   * writes): all of it is durable, or none of it is visible. Offsets are computed inside the
   * transaction from the table itself, so a second writer process on the same data directory is
   * serialised by SQLite and cannot produce a gap or a duplicate.
   */
  private async writeChunk(batches: ReadonlyArray<readonly EncodedRecord[]>): Promise<LogRecord[][]> {
    const timestamp = Date.now();
    const rows: [number, string][] = [];
    for (const batch of batches) {
      for (const { record, payloadJson, headers } of batch) {
        // The payload is serialised once (when checked); the envelope is spliced around it.
        const { derived, stored } = compactHeaders(record.key, headers);
        const body =
          `{"key":${JSON.stringify(record.key)},"type":${JSON.stringify(record.type)},"timestamp":${timestamp},` +
          `${derived === 0 ? '' : `"derived":${derived},`}"headers":${JSON.stringify(stored)},"payload":${payloadJson}}`;
        rows.push([this.partitionFor(record.key), body]);
      }
    }
    let offsets: number[];
    const touched = new Set(rows.map(([partition]) => partition));
    for (const partition of touched) this.unanswered[partition]++;
    try {
      if (this.writer === undefined) throw new Error('the log is open read-only');
      offsets = await this.writer.append(this.tables, rows, this.options.sync ?? true);
    } catch (error) {
      // Nothing was written: the tails that waited for this append read on.
      for (const partition of touched) {
        this.unanswered[partition]--;
        this.appended.emit('append', partition);
      }
      throw new LogUnavailableError(`append to ${this.name} failed: ${(error as Error).message}`, error);
    }
    for (const partition of touched) this.unanswered[partition]--;
    const byPartition = new Map<number, { envelopes: Envelope[]; payloads: string[] }>();
    let i = 0;
    const written = batches.map((batch) =>
      batch.map(({ record, headers, payloadJson }): LogRecord => {
        const partition = rows[i][0];
        const offset = offsets[i++];
        // One copy of the headers (the appender keeps, and may change, the object it passed), frozen
        // and shared by the record answered and every tail of this process (RecentRecords).
        const envelope: Envelope = { topic: this.name, partition, offset, key: record.key, type: record.type, headers: Object.freeze({ ...headers }), timestamp };
        let run = byPartition.get(partition);
        if (run === undefined) byPartition.set(partition, (run = { envelopes: [], payloads: [] }));
        run.envelopes.push(envelope);
        run.payloads.push(payloadJson);
        return withPayload(envelope, record.payload);
      }),
    );
    // Rows of one partition got consecutive offsets in row order: the window hands them to this
    // process's tails.
    for (const [partition, run] of byPartition) {
      this.recent[partition].add(run.envelopes, run.payloads);
      this.appended.emit('append', partition);
    }
    return written;
  }
}
