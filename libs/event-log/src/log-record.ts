/** A JSON value: what a record's payload may hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A record as a writer hands it to the log. */
export interface NewRecord {
  /** Partition key: the object key (`pods/default/web-1`) for commands and events alike. */
  readonly key: string;
  /** The record's type, e.g. `PodScheduled`; on Kafka the `ce_type` header. */
  readonly type: string;
  readonly payload: Json;
  /** Envelope attributes (CloudEvents `ce_*` headers and Bosun extensions); see docs/events.md. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A record as the log holds it: durable, with its place in the log. */
export interface LogRecord extends Required<NewRecord> {
  readonly topic: string;
  readonly partition: number;
  /** Position in its partition: gap-free from 0. For bosun.events, the cluster's resourceVersion. */
  readonly offset: number;
  /** Milliseconds since the epoch at which the log accepted the record. */
  readonly timestamp: number;
}

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * The size a record occupies, counted the way Kafka counts a record's key, value and headers,
 * so a record is either accepted by both adapters or refused by both.
 */
export function recordSize(record: NewRecord): number {
  let size = utf8(record.key) + utf8(JSON.stringify(record.payload)) + utf8(record.type) + 'ce_type'.length;
  for (const [name, value] of Object.entries(record.headers ?? {})) size += utf8(name) + utf8(value);
  return size;
}
