import type { EventLog, Subscription } from '@bosun/event-log';
import { ClusterState, CommandClient, followEvents } from '@bosun/runtime';
import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';

/** What a service built on the log gets: the log, its informer cache (caught up), a command client. */
export interface ServiceContext {
  readonly log: EventLog;
  readonly state: ClusterState;
  readonly client: CommandClient;
  readonly logger: Logger;
}

/** A service's work once the context is ready; `done` rejects if it fails on its own. */
export interface RunningService {
  stop(): Promise<void>;
  readonly done?: Promise<void>;
}

export interface EventLogServerOptions {
  readonly open: () => Promise<EventLog>;
  readonly start: (context: ServiceContext) => Promise<RunningService>;
  /** Called when the service cannot go on (its tail or its work failed). */
  readonly onFailure: (error: unknown) => void;
}

/**
 * A NestJS transport whose messages are the event log: it tails bosun.events into an informer
 * cache, connects a command client (answers through bosun.replies), and starts the service's work
 * — elected control loops, or a node agent — on that cache.
 */
export class EventLogServer extends Server implements CustomTransportStrategy {
  private log: EventLog | undefined;
  private tail: Subscription | undefined;
  private client: CommandClient | undefined;
  private running: RunningService | undefined;

  constructor(private readonly options: EventLogServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const log = (this.log = await this.options.open());
      const state = new ClusterState();
      const { tail, end } = await followEvents(log, state);
      this.tail = tail;
      tail.done.catch(this.options.onFailure);
      await state.reached(end - 1);
      this.client = await CommandClient.connect(log);
      this.running = await this.options.start({ log, state, client: this.client, logger: this.logger as Logger });
      this.running.done?.catch(this.options.onFailure);
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.running?.stop();
    await this.client?.close();
    await this.tail?.close();
    await this.log?.close();
  }

  on(): never {
    throw new Error('the event log transport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.log as T;
  }
}
