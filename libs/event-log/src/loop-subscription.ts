import type { Subscription } from './event-log.port';

/**
 * A subscription driven by one async loop. `close()` asks the loop to stop (it checks `stopped()`
 * between batches and is woken from waits through `onStop`) and resolves once the loop has returned,
 * so no handler call is running afterwards.
 */
export class LoopSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopping = false;
  private readonly stopListeners = new Set<() => void>();

  constructor(body: (control: LoopControl) => Promise<void>) {
    const control: LoopControl = {
      stopped: () => this.stopping,
      onStop: (listener) => {
        this.stopListeners.add(listener);
        return () => this.stopListeners.delete(listener);
      },
    };
    // Started on the next tick so that the constructor's caller holds the subscription first.
    this.done = Promise.resolve().then(() => body(control));
    this.done.catch(() => undefined); // observed through `done`; never an unhandled rejection
  }

  async close(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      for (const listener of [...this.stopListeners]) listener();
    }
    await this.done.catch(() => undefined);
  }
}

export interface LoopControl {
  stopped(): boolean;
  onStop(listener: () => void): () => void;
}

/** Resolves after `ms`, or earlier when woken by `wake` or when the loop is stopped. */
export function pause(ms: number, control: LoopControl, wake?: (wakeUp: () => void) => () => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(finish, ms);
    const offStop = control.onStop(finish);
    const offWake = wake?.(finish);
    function finish(): void {
      clearTimeout(timer);
      offStop();
      offWake?.();
      resolve();
    }
  });
}
