import type { EventLog, Subscription } from '@bosun/event-log';
import type { AddressedCommand } from '@bosun/objects';
import { randomUUID } from 'node:crypto';
import { recordToReply, ReplyRouter, type CommandReply } from './command-reply';
import { commandToRecord } from './envelope';

/** Sends commands through bosun.commands and waits for the actor host's answer. */
export class CommandClient {
  readonly id = `client-${randomUUID()}`;
  private listener: Subscription | undefined;

  /** A client beside an actor host that shares `replies`: answered in memory. */
  constructor(
    private readonly log: EventLog,
    private readonly replies: ReplyRouter,
    private readonly timeoutMs = 30_000,
  ) {
    replies.register(this.id);
  }

  /**
   * A client in a process of its own (a controller, a gateway over Kafka): its answers come through
   * bosun.replies, read from its own key's partition from now on.
   */
  static async connect(log: EventLog, timeoutMs?: number): Promise<CommandClient> {
    const router = new ReplyRouter();
    const client = new CommandClient(log, router, timeoutMs);
    const partition = log.replies.partitionFor(client.id);
    client.listener = await log.replies.subscribe(
      await log.replies.endOffset(partition),
      async (records) => {
        for (const record of records) {
          const answer = record.key === client.id ? recordToReply(record) : undefined;
          if (answer !== undefined) router.deliver(answer.commandId, answer.reply);
        }
      },
      { partition },
    );
    return client;
  }

  async send(target: AddressedCommand): Promise<CommandReply> {
    const reply = this.replies.expect(target.command.metadata.commandId, this.timeoutMs);
    await this.log.commands.append([commandToRecord(target, this.id)]);
    return reply;
  }

  async close(): Promise<void> {
    await this.listener?.close();
    this.replies.unregister(this.id);
  }
}
