import type Database from 'better-sqlite3';
import type { EventLog } from '../event-log.port';
import { DEFAULT_LIMITS, type LogLimits } from '../limits';
import { topology, type LogTopology } from '../topology';
import { EmbeddedTopic } from './embedded-topic';
import { ensureTopic, existingTopic, openStore, openStoreReadOnly } from './sqlite-store';

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
    private readonly db: Database.Database,
    readonly events: EmbeddedTopic,
    readonly commands: EmbeddedTopic,
    readonly replies: EmbeddedTopic,
    readonly elections: EmbeddedTopic,
  ) {}

  static open(options: EmbeddedLogOptions): EmbeddedEventLog {
    const shape = options.topology ?? topology();
    const db = options.readOnly ? openStoreReadOnly(options.dir) : openStore(options.dir);
    const tablesOf = options.readOnly ? existingTopic : ensureTopic;
    try {
      const topicOptions = {
        limits: options.limits ?? DEFAULT_LIMITS,
        pollIntervalMs: options.pollIntervalMs ?? 100,
      };
      const topic = (name: string, partitions: number): EmbeddedTopic =>
        new EmbeddedTopic(db, name, tablesOf(db, name, partitions), topicOptions);
      return new EmbeddedEventLog(
        db,
        topic(shape.eventsTopic, 1),
        topic(shape.commandsTopic, shape.commandPartitions),
        topic(shape.repliesTopic, shape.commandPartitions),
        topic(shape.electionsTopic, 1),
      );
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.commands.close(), this.replies.close(), this.elections.close()]);
    if (this.db.open) this.db.close();
  }
}
