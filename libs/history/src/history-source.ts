import { keyFilter, openEventLog, type BatchHandler, type EventLog, type LogRecord, type Subscription } from '@bosun/event-log';
import { openLogFile } from './log-file';

/** Where the debugging verbs read `bosun.events` from. */
export interface SourceLocation {
  /** An exported log file (bosun export). */
  readonly file?: string;
  /** Kafka bootstrap brokers; otherwise the embedded log in `dataDir`. */
  readonly kafka?: string;
  readonly dataDir?: string;
  readonly topicPrefix?: string;
}

/**
 * The history of a cluster: `bosun.events` of an embedded data directory (read-only, also while its
 * server runs), of Kafka, or of an exported file.
 */
export interface HistorySource {
  /** For people: the file, the data directory or the brokers. */
  readonly description: string;
  /** The offset after the last event: the number of events. */
  end(): Promise<number>;
  /**
   * The events at offsets [from, to), in order, in batches; with `keyPrefixes`, only those whose
   * key starts with one of them (ReadOptions.keyPrefixes).
   */
  read(from: number, to: number, keyPrefixes?: readonly string[]): AsyncIterable<LogRecord[]>;
  /** The event log read, when the source is one (not a file): folds read it in shards (foldSilentRecords). */
  readonly log?: EventLog;
  /** Follows the live log from `from` (not for files, whose end is final). */
  tail(from: number, handler: BatchHandler): Promise<Subscription>;
  close(): Promise<void>;
}

export async function openHistorySource(where: SourceLocation): Promise<HistorySource> {
  if (where.file !== undefined) return fileSource(where.file);
  const { log, description } = await openEventLog({
    dataDir: where.dataDir ?? '.bosun',
    readOnly: true,
    ...(where.kafka === undefined ? {} : { kafka: where.kafka }),
    ...(where.topicPrefix === undefined ? {} : { topicPrefix: where.topicPrefix }),
  });
  return logSource(log, description);
}

/** A source over an open event log (the caller's log is closed with the source). */
export function logSource(log: EventLog, description: string): HistorySource {
  return {
    description,
    log,
    end: () => log.events.endOffset(),
    // In the log's own batches: a large one is decoded whole and survives the scavenges while it is folded.
    read: (from, to, keyPrefixes) => log.events.read(from, { to, ...(keyPrefixes === undefined ? {} : { keyPrefixes }) }),
    tail: (from, handler) => log.events.subscribe(from, handler),
    close: () => log.close(),
  };
}

async function fileSource(path: string): Promise<HistorySource> {
  (await openLogFile(path)).close(); // fails now, with a clear message, if the file is missing or not an export
  // A file is read front to back: its length is known only once read, so it is counted when asked.
  let count: Promise<number> | undefined;
  const countRecords = async (): Promise<number> => {
    let n = 0;
    for await (const batch of (await openLogFile(path)).records) n += batch.length;
    return n;
  };
  return {
    description: path,
    end: () => (count ??= countRecords()),
    async *read(from, to, keyPrefixes) {
      const wanted = keyFilter(keyPrefixes);
      for await (const batch of (await openLogFile(path)).records) {
        const last = batch[batch.length - 1].offset;
        if (last < from) continue;
        if (batch[0].offset >= to) return;
        const within = batch.filter((r) => r.offset >= from && r.offset < to && (wanted === undefined || wanted(r.key)));
        if (within.length > 0) yield within;
      }
    },
    tail: () => Promise.reject(new Error(`${path} is a file: there is nothing to follow (tail reads a data directory or Kafka)`)),
    close: async () => undefined,
  };
}
