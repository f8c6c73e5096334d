import type { Json, LogRecord } from '../log-record';

/** A record this process wrote, with its payload as stored. */
interface Written {
  readonly record: Omit<LogRecord, 'payload'>;
  readonly payloadJson: string;
}

/**
 * The records this process most recently wrote to one partition, for the tails of the same process
 * (in `bosun up`: the actor host, the shared projection, the controllers' group members). Serving
 * them from here spares each reader a SQLite read and the parse of the row's envelope. Each reader
 * still parses the payload from the very text stored, so it gets its own objects, exactly as a
 * reader of the file would: sharing one parsed object between readers would need freezing it, and
 * frozen objects cost more to freeze and to copy than the parse saves (measured).
 *
 * Holds one run of consecutive offsets: a write that does not continue the run (another process
 * wrote in between) starts a new one, and older records fall out past `capacity`. A read is served
 * only from `from` onwards without a gap, so it returns exactly the rows SQLite holds at those
 * offsets (an offset is a row's primary key: once committed it never changes).
 */
export class RecentRecords {
  private entries: Written[] = [];
  private first = 0;
  /** Index in `entries` of offset `first`; the array is compacted once that many are dead. */
  private start = 0;

  constructor(private readonly capacity: number) {}

  /** Records just committed, in offset order (consecutive within the call), with their stored payloads. */
  add(written: ReadonlyArray<{ record: Omit<LogRecord, 'payload'>; payloadJson: string }>): void {
    if (written.length === 0) return;
    if (written[0].record.offset !== this.end()) {
      this.entries = [];
      this.start = 0;
      this.first = written[0].record.offset;
    }
    for (const { record, payloadJson } of written) this.entries.push({ record, payloadJson });
    const live = this.entries.length - this.start;
    if (live > this.capacity) {
      const drop = live - this.capacity;
      this.start += drop;
      this.first += drop;
    }
    if (this.start > this.capacity) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
  }

  /** Up to `max` records of `[from, to)` if this window holds `from`; undefined when SQLite must answer. */
  read(from: number, to: number, max: number): LogRecord[] | undefined {
    if (from < this.first || from >= this.end()) return undefined;
    const begin = this.start + (from - this.first);
    const stop = Math.min(this.entries.length, begin + max, begin + (to - from));
    const records: LogRecord[] = [];
    for (let i = begin; i < stop; i++) {
      const { record, payloadJson } = this.entries[i];
      records.push({ ...record, headers: { ...record.headers }, payload: JSON.parse(payloadJson) as Json });
    }
    return records;
  }

  private end(): number {
    return this.first + this.entries.length - this.start;
  }
}
