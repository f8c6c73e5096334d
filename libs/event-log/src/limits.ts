import type { EncodedRecord, NewRecord } from './log-record';
import { encodeRecord } from './log-record';
import { InvalidLogRequestError, RecordTooLargeError } from './log.errors';

/** Size limits shared by both adapters, so that a record is refused the same way by each. */
export interface LogLimits {
  /** Largest record (key + payload + headers), in bytes. Kafka's default max.message.bytes is ~1 MiB. */
  readonly maxRecordBytes: number;
  /** Largest batch of one append call, in bytes; on Kafka one batch is one record batch. */
  readonly maxBatchBytes: number;
}

export const DEFAULT_LIMITS: LogLimits = { maxRecordBytes: 1024 * 1024, maxBatchBytes: 8 * 1024 * 1024 };

/** A batch checked against the limits and serialised once, ready for either adapter to write. */
export interface EncodedBatch {
  readonly records: readonly EncodedRecord[];
  readonly bytes: number;
}

/** Checks and encodes a batch before anything is written: a bad record refuses the whole batch. */
export function encodeBatch(topic: string, records: readonly NewRecord[], limits: LogLimits): EncodedBatch {
  if (!Array.isArray(records)) throw new InvalidLogRequestError(`append to ${topic}: records must be an array`);
  let total = 0;
  const encoded = records.map((record, i) => {
    if (typeof record?.key !== 'string' || typeof record.type !== 'string' || record.type === '') {
      throw new InvalidLogRequestError(`append to ${topic}: record ${i} needs a string key and a non-empty type`);
    }
    let one: EncodedRecord;
    try {
      one = encodeRecord(record);
    } catch (error) {
      throw new InvalidLogRequestError(`append to ${topic}: record ${i} (type ${record.type}): ${(error as Error).message}`);
    }
    const size = one.bytes;
    if (size > limits.maxRecordBytes) {
      throw new RecordTooLargeError(
        `append to ${topic}: record ${i} (key "${record.key}", type ${record.type}) is ${size} bytes, ` +
          `over the limit of ${limits.maxRecordBytes} bytes; nothing of the batch was written`,
      );
    }
    total += size;
    return one;
  });
  if (total > limits.maxBatchBytes) {
    throw new RecordTooLargeError(
      `append to ${topic}: the batch of ${records.length} records is ${total} bytes, over the limit of ` +
        `${limits.maxBatchBytes} bytes; nothing was written (split it into smaller batches)`,
    );
  }
  return { records: encoded, bytes: total };
}

export function checkOffset(topic: string, offset: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new InvalidLogRequestError(`${topic}: offset must be a non-negative integer, got ${String(offset)}`);
  }
}

export function checkPartition(topic: string, partition: number, partitions: number): void {
  if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
    throw new InvalidLogRequestError(
      `${topic}: partition ${String(partition)} does not exist (the topic has ${partitions})`,
    );
  }
}
