import type { EncodedBatch } from './limits';
import type { EncodedRecord, LogRecord } from './log-record';
import { LogClosedError } from './log.errors';

interface Pending {
  readonly batch: EncodedBatch;
  readonly resolve: (written: LogRecord[]) => void;
  readonly reject: (error: unknown) => void;
}

/** Writes a chunk of callers' batches as one durable unit; returns each batch's records. */
export type ChunkWriter = (batches: ReadonlyArray<readonly EncodedRecord[]>) => Promise<LogRecord[][]>;

/**
 * Group commit: appends that arrive while a write is in flight (or in the same tick) are written
 * together in the next write, so the cost of durability (an fsync, a produce round trip) is paid
 * once per chunk rather than once per caller. One write is in flight at a time, which is also what
 * an idempotent kafkajs producer requires. A caller's batch is never split across chunks.
 */
export class AppendBatcher {
  private queue: Pending[] = [];
  private writing = false;
  private closed = false;

  constructor(
    private readonly write: ChunkWriter,
    private readonly maxChunkBytes: number,
  ) {}

  append(batch: EncodedBatch): Promise<LogRecord[]> {
    if (this.closed) return Promise.reject(new LogClosedError('append'));
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Refuses new appends; resolves when the appends already queued have been written. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing) await new Promise((r) => setImmediate(r));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const chunk = this.takeChunk();
      try {
        const written = await this.write(chunk.map((p) => p.batch.records));
        chunk.forEach((p, i) => p.resolve(written[i]));
      } catch (error) {
        for (const p of chunk) p.reject(error);
      }
    }
    this.writing = false;
  }

  private takeChunk(): Pending[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || bytes + this.queue[n].batch.bytes <= this.maxChunkBytes)) {
      bytes += this.queue[n].batch.bytes;
      n++;
    }
    return this.queue.splice(0, n);
  }
}
