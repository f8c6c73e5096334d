import { ApiError, InternalError, type ApiErrorCode, type KubeObject, type StatusDetails } from '@bosun/api';
import type { LogRecord, NewRecord } from '@bosun/event-log';

/** The actor host's answer to one command. */
export type CommandReply =
  | {
      readonly accepted: true;
      /** The object after the command (null once deleted), with its resourceVersion. */
      readonly object: KubeObject | null;
      /** Offset of the object's last event: what the client sees as resourceVersion. */
      readonly offset: number;
      /** Types of the events the command caused ([] when it changed nothing or was a redelivery). */
      readonly events: readonly string[];
    }
  | { readonly accepted: false; readonly error: ApiError };

/**
 * Matches replies to the commands waiting for them, by command id. Senders of this process register
 * here: the actor host answers those in memory and everyone else through bosun.replies.
 */
export class ReplyRouter {
  private readonly waiting = new Map<string, (reply: CommandReply) => void>();
  private readonly senders = new Set<string>();

  register(senderId: string): void {
    this.senders.add(senderId);
  }

  unregister(senderId: string): void {
    this.senders.delete(senderId);
  }

  /** Whether `senderId` is in this process, so that its replies need not travel through the log. */
  isLocal(senderId: string): boolean {
    return this.senders.has(senderId);
  }

  expect(commandId: string, timeoutMs: number): Promise<CommandReply> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(commandId);
        resolve({
          accepted: false,
          error: new InternalError(`no answer to command ${commandId} within ${timeoutMs} ms; read the object to learn whether it was applied`),
        });
      }, timeoutMs);
      this.waiting.set(commandId, (reply) => {
        clearTimeout(timer);
        this.waiting.delete(commandId);
        resolve(reply);
      });
    });
  }

  deliver(commandId: string, reply: CommandReply): void {
    this.waiting.get(commandId)?.(reply);
  }
}

export const COMMAND_REPLIED = 'CommandReplied';

/** A reply as a bosun.replies record, keyed by its sender (docs/events.md). */
export function replyToRecord(senderId: string, commandId: string, reply: CommandReply): NewRecord {
  const payload: NewRecord['payload'] = reply.accepted
    ? { commandId, accepted: true, offset: reply.offset, events: [...reply.events], object: reply.object as unknown as NewRecord['payload'] }
    : { commandId, accepted: false, error: { code: reply.error.code, message: reply.error.message, ...(reply.error.details ? { details: reply.error.details as unknown as NewRecord['payload'] } : {}) } };
  return { key: senderId, type: COMMAND_REPLIED, payload };
}

export function recordToReply(record: LogRecord): { commandId: string; reply: CommandReply } | undefined {
  if (record.type !== COMMAND_REPLIED) return undefined;
  const p = record.payload as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (typeof p?.commandId !== 'string') return undefined;
  const reply: CommandReply = p.accepted
    ? { accepted: true, object: (p.object ?? null) as KubeObject | null, offset: Number(p.offset), events: (p.events ?? []) as string[] }
    : { accepted: false, error: new ApiError(p.error.code as ApiErrorCode, String(p.error.message), p.error.details as StatusDetails | undefined) };
  return { commandId: p.commandId, reply };
}
