import type Database from 'better-sqlite3';
import { resolve } from 'node:path';
import type { EventLog, ReaderLocation } from '../event-log.port';
import { DEFAULT_LIMITS, type LogLimits } from '../limits';
import { topology, type LogTopology } from '../topology';
import { EmbeddedTopic } from './embedded-topic';
import { ensureTopic, existingTopic, openStore, openStoreReadOnly } from './sqlite-store';
import { SqliteWriter } from './sqlite-writer';

export interface EmbeddedLogOptions {
  /** The data directory; created if missing. One SQLite file (plus its WAL) lives in it. */
  readonly dir: string;
  readonly topology?: LogTopology;
  readonly limits?: LogLimits;
  /** How often tails look for records appended by another process. Default 100 ms. */
  readonly pollIntervalMs?: number;
  /**
   * Open an existing log for reading only: nothing is created, appends fail. For tools that inspect
   * a log (bosun replay, history, export), also while its server runs.
   */
  readonly readOnly?: boolean;
}

/** The default event log: durable, in one directory, no external service. */
export class EmbeddedEventLog implements EventLog {
  private constructor(
    readonly readerLocation: ReaderLocation,
    private readonly db: Database.Database,
    private readonly writer: SqliteWriter | undefined,
    readonly events: EmbeddedTopic,
    readonly commands: EmbeddedTopic,
    readonly replies: EmbeddedTopic,
    readonly elections: EmbeddedTopic,
  ) {}

  static open(options: EmbeddedLogOptions): EmbeddedEventLog {
    const shape = options.topology ?? topology();
    const db = options.readOnly ? openStoreReadOnly(options.dir) : openStore(options.dir);
    const tablesOf = options.readOnly ? existingTopic : ensureTopic;
    let writer: SqliteWriter | undefined;
    try {
      const topicOptions = {
        limits: options.limits ?? DEFAULT_LIMITS,
        pollIntervalMs: options.pollIntervalMs ?? 100,
      };
      // Its connection prepares statements at its first write, when the topics' tables exist.
      writer = options.readOnly ? undefined : new SqliteWriter(options.dir);
      const topic = (name: string, partitions: number, sync = true): EmbeddedTopic =>
        new EmbeddedTopic(db, name, tablesOf(db, name, partitions), { ...topicOptions, sync }, writer);
      return new EmbeddedEventLog(
        { dir: resolve(options.dir), topology: shape },
        db,
        writer,
        topic(shape.eventsTopic, 1),
        topic(shape.commandsTopic, shape.commandPartitions, false),
        topic(shape.repliesTopic, shape.commandPartitions, false),
        topic(shape.electionsTopic, 1),
      );
    } catch (error) {
      void writer?.close();
      db.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.commands.close(), this.replies.close(), this.elections.close()]);
    await this.writer?.close();
    if (this.db.open) this.db.close();
  }
}
