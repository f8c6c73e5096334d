/**
 * A hand-off queue between a push-style producer and an async iterator: `push` resolves only when
 * the iterator has taken the item, so a slow reader slows the producer down (back-pressure).
 */
export class Channel<T> implements AsyncIterable<T> {
  private readonly items: { value: T; taken: () => void }[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  push(value: T): Promise<void> {
    return new Promise((taken) => {
      this.items.push({ value, taken });
      this.notify();
    });
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(error: unknown): void {
    this.failure ??= { error };
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item) {
        item.taken();
        yield item.value;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
