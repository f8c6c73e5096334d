import type { EventLog } from '@bosun/event-log';
import type { AddressedCommand } from '@bosun/objects';
import { randomUUID } from 'node:crypto';
import type { CommandReply, ReplyRouter } from './command-reply';
import { commandToRecord } from './envelope';

/** Sends commands through bosun.commands and waits for the actor host's answer. */
export class CommandClient {
  readonly id = `client-${randomUUID()}`;

  constructor(
    private readonly log: EventLog,
    private readonly replies: ReplyRouter,
    private readonly timeoutMs = 30_000,
  ) {}

  async send(target: AddressedCommand): Promise<CommandReply> {
    const reply = this.replies.expect(target.command.metadata.commandId, this.timeoutMs);
    await this.log.commands.append([commandToRecord(target, this.id)]);
    return reply;
  }
}
