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
 * once per chunk rather than once per caller. A caller's batch is never split across chunks, and
 * chunks are written in the order their appends came.
 *
 * `maxInFlight` bounds the writes under way at once. One, for an idempotent kafkajs producer, which
 * requires it. The embedded log's writer thread queues its writes in order and commits all those
 * waiting in one transaction: there a tick's appends go at once, without waiting for the previous
 * chunk's answer to come back (which cost each append up to one more round trip).
 */
export class AppendBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;
  private closed = false;
  private drained: (() => void) | undefined;

  constructor(
    private readonly write: ChunkWriter,
    private readonly maxChunkBytes: number,
    private readonly maxInFlight = 1,
  ) {}

  append(batch: EncodedBatch): Promise<LogRecord[]> {
    if (this.closed) return Promise.reject(new LogClosedError('append'));
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // The appends of this tick go in one chunk.
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Refuses new appends; resolves when the appends already queued have been written. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.idle()) return;
    await new Promise<void>((resolve) => (this.drained = resolve));
  }

  /** Starts writes of the queued appends while fewer than maxInFlight are under way. */
  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const chunk = this.takeChunk();
      this.inFlight++;
      void this.write(chunk.map((p) => p.batch.records)).then(
        (written) => this.settle(() => chunk.forEach((p, i) => p.resolve(written[i]))),
        (error: unknown) => this.settle(() => chunk.forEach((p) => p.reject(error))),
      );
    }
  }

  private settle(answer: () => void): void {
    this.inFlight--;
    answer();
    if (!this.scheduled) this.pump();
    if (this.idle()) this.drained?.();
  }

  private idle(): boolean {
    return this.inFlight === 0 && this.queue.length === 0 && !this.scheduled;
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
