import { ControllerManager, type Reconciler } from '@bosun/controllers';
import type { EventLog, Subscription } from '@bosun/event-log';
import { ClusterState, CommandClient } from '@bosun/runtime';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';

export interface EventLogServerOptions {
  /** The controller's name: its leader-election group and its log prefix. */
  readonly name: string;
  readonly open: () => Promise<EventLog>;
  /** Fresh reconcilers, made each time this instance becomes the leader. */
  readonly reconcilers: () => readonly Reconciler[];
  /** How long a silent leader keeps its leadership (its session on the log). */
  readonly leaseDurationMs: number;
  /** Called when the service cannot go on (its tail or its election membership failed). */
  readonly onFailure: (error: unknown) => void;
}

/**
 * A NestJS transport whose messages are the event log: it tails bosun.events into an informer
 * cache, joins the leader election for its controller, and runs the control loops while it leads.
 * Commands go to bosun.commands; their answers come back through bosun.replies.
 */
export class EventLogServer extends Server implements CustomTransportStrategy {
  private log: EventLog | undefined;
  private tail: Subscription | undefined;
  private client: CommandClient | undefined;
  private manager: ControllerManager | undefined;

  constructor(private readonly options: EventLogServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const log = (this.log = await this.options.open());
      const state = new ClusterState();
      this.tail = await log.events.subscribe(0, async (records) => state.applyAll(records));
      this.tail.done.catch(this.options.onFailure);
      await state.reached((await log.events.endOffset()) - 1);
      this.client = await CommandClient.connect(log);
      this.manager = new ControllerManager(this.options.name, this.options.reconcilers, { log, state, client: this.client }, {
        sessionTimeoutMs: this.options.leaseDurationMs,
        heartbeatIntervalMs: Math.max(100, Math.floor(this.options.leaseDurationMs / 5)),
        log: (m) => this.logger.log(m),
      });
      (await this.manager.start()).done.catch(this.options.onFailure);
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.manager?.stop();
    await this.client?.close();
    await this.tail?.close();
    await this.log?.close();
  }

  get isLeader(): boolean {
    return this.manager?.isLeader ?? false;
  }

  on(): never {
    throw new Error('the event log transport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.log as T;
  }
}
