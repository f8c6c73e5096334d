import { ApiError, InternalError, type KubeObject } from '@bosun/api';

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
 * Matches replies to the commands waiting for them, by command id, within one process. (A sender in
 * another process — the gateway over Kafka — needs a replies topic; see docs/architecture.md.)
 */
export class ReplyRouter {
  private readonly waiting = new Map<string, (reply: CommandReply) => void>();

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
