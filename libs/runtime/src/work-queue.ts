/**
 * The controllers' work queue, after client-go's: keys are deduplicated (a key queued twice is
 * processed once), one key is never processed by two workers at once, and a failed key is retried
 * with exponential back-off (5 ms doubling to 5 minutes); success forgets its failures.
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly order: string[] = [];
  private readonly processing = new Set<string>();
  /** Keys added while being processed: queued again once their worker is done. */
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Idle workers waiting for a key. */
  private readonly idle: (() => void)[] = [];
  private stopped = false;

  /**
   * `compare` orders the waiting keys (negative: the first goes first; equal keys first in, first
   * out), as kube-scheduler's priority queue; without it the queue is first in, first out.
   */
  constructor(
    private readonly baseDelayMs = 5,
    private readonly maxDelayMs = 300_000,
    private readonly compare?: (a: string, b: string) => number,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    if (this.compare === undefined) this.order.push(key);
    else this.order.splice(this.insertionPoint(key, this.compare), 0, key);
    this.idle.shift()?.();
  }

  /** After every waiting key that goes before or with `key` (binary search: the waiting keys are sorted). */
  private insertionPoint(key: string, compare: (a: string, b: string) => number): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.order[mid], key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.add(key);
    }, delayMs);
    this.timers.add(timer);
  }

  /**
   * Runs `sync` for keys with `workers` concurrent workers until stopped; `sync` throwing requeues
   * the key with back-off. A key is never given to two workers at once.
   */
  async run(sync: (key: string) => Promise<void>, onError: (key: string, error: unknown) => void, workers = 1): Promise<void> {
    await Promise.all(Array.from({ length: workers }, () => this.work(sync, onError)));
  }

  private async work(sync: (key: string) => Promise<void>, onError: (key: string, error: unknown) => void): Promise<void> {
    while (!this.stopped) {
      const key = this.order.shift();
      if (key === undefined) {
        await new Promise<void>((resolve) => this.idle.push(resolve));
        continue;
      }
      this.queued.delete(key);
      this.processing.add(key);
      try {
        await sync(key);
        this.failures.delete(key);
      } catch (error) {
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        onError(key, error);
        this.addAfter(key, Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (n - 1)));
      } finally {
        this.processing.delete(key);
        if (this.dirty.delete(key)) this.add(key);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const wake of this.idle.splice(0)) wake();
  }

  get length(): number {
    return this.order.length;
  }
}
