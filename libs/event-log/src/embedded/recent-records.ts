import type { Json, LogRecord } from '../log-record';

/** A record this process wrote, without its payload; its headers frozen, so that every reader can share them. */
export type Envelope = Omit<LogRecord, 'payload'>;

/**
 * The records this process most recently wrote to one partition, for the tails of the same process
 * (in `bosun up`: the actor host, the shared projection, the controllers' group members). Serving
 * them from here spares each reader a SQLite read and the parse of the row's envelope. Each reader
 * still parses the payload from the very text stored, so it gets its own objects, exactly as a
 * reader of the file would: sharing one parsed object between readers would need freezing it, and
 * frozen objects cost more to freeze and to copy than the parse saves (measured). The headers, one
 * flat object of strings, are frozen once when written and shared.
 *
 * Holds one run of consecutive offsets: a write that does not continue the run (another process
 * wrote in between) starts a new one, and older records fall out past `capacity`. A read is served
 * only from `from` onwards without a gap, so it returns exactly the rows SQLite holds at those
 * offsets (an offset is a row's primary key: once committed it never changes).
 */
export class RecentRecords {
  private envelopes: Envelope[] = [];
  /** The payload of each envelope, as stored. */
  private payloads: string[] = [];
  private first = 0;
  /** Index in `envelopes` (and `payloads`) of offset `first`; the arrays are compacted once that many are dead. */
  private start = 0;

  constructor(private readonly capacity: number) {}

  /** Records just committed, in offset order (consecutive within the call), with their stored payloads. */
  add(envelopes: readonly Envelope[], payloads: readonly string[]): void {
    if (envelopes.length === 0) return;
    if (envelopes[0].offset !== this.end()) {
      this.envelopes = [];
      this.payloads = [];
      this.start = 0;
      this.first = envelopes[0].offset;
    }
    for (let i = 0; i < envelopes.length; i++) {
      this.envelopes.push(envelopes[i]);
      this.payloads.push(payloads[i]);
    }
    const live = this.envelopes.length - this.start;
    if (live > this.capacity) {
      const drop = live - this.capacity;
      this.start += drop;
      this.first += drop;
    }
    if (this.start > this.capacity) {
      this.envelopes = this.envelopes.slice(this.start);
      this.payloads = this.payloads.slice(this.start);
      this.start = 0;
    }
  }

  /** Up to `max` records of `[from, to)` if this window holds `from`; undefined when SQLite must answer. */
  read(from: number, to: number, max: number): LogRecord[] | undefined {
    if (from < this.first || from >= this.end()) return undefined;
    const begin = this.start + (from - this.first);
    const stop = Math.min(this.envelopes.length, begin + max, begin + (to - from));
    const records: LogRecord[] = [];
    for (let i = begin; i < stop; i++) records.push(withPayload(this.envelopes[i], JSON.parse(this.payloads[i]) as Json));
    return records;
  }

  /** The offset after the last record held. */
  end(): number {
    return this.first + this.envelopes.length - this.start;
  }
}

/**
 * A record built member by member in one order, the order of every record the embedded log hands
 * out (read from SQLite too): its readers' property accesses then see one shape.
 */
export function withPayload(e: Envelope, payload: Json): LogRecord {
  return { topic: e.topic, partition: e.partition, offset: e.offset, key: e.key, type: e.type, payload, headers: e.headers, timestamp: e.timestamp };
}
