import { join, resolve } from 'node:path';
import { EmbeddedEventLog } from './embedded/embedded-log';
import { LOG_FILE } from './embedded/sqlite-store';
import type { EventLog, ReaderLocation } from './event-log.port';
import { KafkaEventLog } from './kafka/kafka-log';
import { topology } from './topology';

export interface EventLogLocation {
  /** Comma-separated Kafka bootstrap brokers; when absent, the embedded log in `dataDir`. */
  readonly kafka?: string;
  readonly dataDir: string;
  /** Topic names are `<prefix>.events`, `<prefix>.commands`, …: several clusters can share one Kafka. Default `bosun`. */
  readonly topicPrefix?: string;
  /** Open an existing log for reading only: nothing is created, appends fail. */
  readonly readOnly?: boolean;
}

/** Opens the log a command line points at (`--kafka` or `--data-dir`), and says where it is. */
export async function openEventLog(where: EventLogLocation): Promise<{ log: EventLog; description: string }> {
  const prefix = where.topicPrefix ?? 'bosun';
  if (!/^[a-zA-Z0-9_-]{1,200}$/.test(prefix)) throw new Error(`the topic prefix "${prefix}" may hold only letters, digits, _ and -`);
  if (where.kafka) {
    const log = await KafkaEventLog.open({ brokers: where.kafka.split(','), logLevel: 'ERROR', topology: topology(prefix), readOnly: where.readOnly ?? false });
    return { log, description: `Kafka at ${where.kafka} (topics ${prefix}.*)` };
  }
  const dir = resolve(where.dataDir);
  return { log: EmbeddedEventLog.open({ dir, topology: topology(prefix), readOnly: where.readOnly ?? false }), description: join(dir, LOG_FILE) };
}

/** Opens, for reading only, a log another thread has open (EventLog.readerLocation). */
export function openReader(location: ReaderLocation): EventLog {
  return EmbeddedEventLog.open({ dir: location.dir, topology: location.topology, readOnly: true });
}
