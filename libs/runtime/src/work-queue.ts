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

  constructor(
    private readonly baseDelayMs = 5,
    private readonly maxDelayMs = 300_000,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.order.push(key);
    this.idle.shift()?.();
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
