import { ApiError, ConflictError, InternalError, resourceByKind } from '@bosun/api';
import type { EventLog, LogRecord, NewRecord, Subscription } from '@bosun/event-log';
import { decide, evolve, initialState, materialize, PENDING_OFFSET, type ObjectState } from '@bosun/objects';
import { randomUUID } from 'node:crypto';
import { ClusterState } from './cluster-state';
import { followEvents } from './follow-events';
import { replyToRecord, type CommandReply, type ReplyRouter } from './command-reply';
import { claimRecord, eventToRecord, keyOf, recordToCommand, type Fence } from './envelope';

export interface ActorHostOptions {
  /** This host's identity in claims; unique per process. */
  readonly id?: string;
  /** Consumer group of the actor hosts on bosun.commands (default `<commands topic>.actor-host`). */
  readonly group?: string;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** Called if the host stops on its own (its tail or its group membership failed). */
  readonly onFailure?: (error: unknown) => void;
  /**
   * A projection of bosun.events that its owner keeps current (in `bosun up`, the process's one
   * shared cache). Without it the host tails the log into a projection of its own; with it, every
   * event is parsed and folded once in the process instead of twice.
   */
  readonly state?: ClusterState;
}

interface Outcome {
  readonly commandId: string;
  readonly replyTo: string;
  readonly key: string;
  readonly result:
    | {
        readonly events: string[];
        /** The object's state once this command was decided; PENDING_OFFSET if this batch changed it. */
        readonly state: ObjectState | undefined;
        /** Index in the batch's events of the object's latest event at that point; -1 if none. */
        readonly lastEvent: number;
      }
    | { readonly error: ApiError };
}

/**
 * The actor host: owns some partitions of bosun.commands (consumer group), turns each command into
 * its object's machine event, and appends the accepted transitions to bosun.events. One writer per
 * object (a key lives in one partition, a partition has one owner). On taking a partition the host
 * catches up with the log and appends a `PartitionClaimed` marker with a higher epoch; every event it
 * writes carries that claim, and readers ignore events of a superseded claim (fencing). A command id
 * already applied to its object is answered from the state and not applied again.
 */
export class ActorHost {
  readonly id: string;
  readonly state: ClusterState;
  private readonly owned = new Map<number, Fence>();
  private tail: Subscription | undefined;
  private member: Subscription | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly replies: ReplyRouter,
    private readonly options: ActorHostOptions = {},
  ) {
    this.id = options.id ?? `host-${randomUUID()}`;
    this.state = options.state ?? new ClusterState();
  }

  async start(): Promise<void> {
    if (this.options.state === undefined) this.tail = (await followEvents(this.log, this.state)).tail;
    this.member = await this.log.commands.consume(
      this.options.group ?? `${this.log.commands.name}.actor-host`,
      {
        onAssigned: (partition) => this.claim(partition),
        onRevoked: (partition) => void this.owned.delete(partition),
        onRecords: (partition, records) => this.handle(partition, records),
      },
      {
        ...(this.options.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: this.options.sessionTimeoutMs }),
        ...(this.options.heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs: this.options.heartbeatIntervalMs }),
      },
    );
    // A host that silently stopped would leave every sender waiting: report it.
    const report = (error: unknown): void => (this.options.onFailure ?? ((e) => process.emitWarning(`actor host ${this.id} stopped: ${(e as Error).message}`)))(error);
    this.tail?.done.catch(report);
    this.member.done.catch(report);
  }

  async stop(): Promise<void> {
    await this.member?.close();
    await this.tail?.close();
  }

  /** Partitions this host currently owns, with the claim it writes under. */
  ownedPartitions(): ReadonlyMap<number, Fence> {
    return this.owned;
  }

  private async catchUp(): Promise<void> {
    await this.state.reached((await this.log.events.endOffset()) - 1);
  }

  /** Takes a command partition: catch up, then claim it with an epoch above every earlier claim. */
  private async claim(partition: number): Promise<void> {
    await this.catchUp();
    for (let attempt = 0; attempt < 5; attempt++) {
      const fence: Fence = { partition, epoch: (this.state.claimOf(partition)?.epoch ?? 0) + 1, owner: this.id };
      const [marker] = await this.log.events.append([claimRecord(fence, new Date().toISOString())]);
      await this.state.reached(marker.offset);
      const current = this.state.claimOf(partition);
      if (current?.owner === this.id && current.epoch === fence.epoch) {
        this.owned.set(partition, fence);
        return;
      }
    }
    throw new Error(`actor host ${this.id} could not claim command partition ${partition}`);
  }

  /**
   * Decides a batch of commands against the state (later commands of the batch see the earlier ones'
   * effects), appends all resulting events in one append, waits until the projection has applied
   * them, checks the claim still stands, then answers every sender.
   */
  private async handle(partition: number, records: LogRecord[]): Promise<void> {
    const fence = this.owned.get(partition);
    if (fence === undefined) throw new Error(`actor host ${this.id} got commands of partition ${partition} it has not claimed`);
    /** Objects this batch changed: their state, and the index in `events` of their latest event. */
    const working = new Map<string, { state: ObjectState; lastEvent: number }>();
    /** Commands of this batch that caused events: a repeat within the batch is a redelivery too. */
    const appliedHere = new Set<string>();
    const outcomes: Outcome[] = [];
    const events: NewRecord[] = [];
    for (const record of records) {
      let parsed;
      try {
        parsed = recordToCommand(record);
      } catch {
        continue; // not a command this host understands: nothing to apply, nobody to answer
      }
      const { target, replyTo } = parsed;
      const identity = { kind: target.kind, name: target.name, ...(target.namespace === undefined ? {} : { namespace: target.namespace }) };
      const key = keyOf(identity);
      const commandId = target.command.metadata.commandId;
      const changed = working.get(key);
      let state = changed?.state ?? this.state.get(key) ?? initialState(identity);
      if (this.state.applied(commandId) || appliedHere.has(commandId)) {
        outcomes.push({ commandId, replyTo, key, result: { events: [], state: changed?.state, lastEvent: changed?.lastEvent ?? -1 } });
        continue;
      }
      try {
        if (!resourceByKind(identity.kind)) throw new InternalError(`unknown kind ${identity.kind}`);
        const decided = decide(target.command, state);
        decided.forEach((event, i) => {
          events.push(eventToRecord(identity, event, i, fence, target.command));
          // Not yet in the log: a later command of the batch that names the version this one
          // changed must get a Conflict, not overwrite this change.
          state = evolve(state, event, PENDING_OFFSET);
        });
        const now = decided.length > 0 ? { state, lastEvent: events.length - 1 } : changed;
        if (decided.length > 0) {
          working.set(key, now!);
          appliedHere.add(commandId);
        }
        outcomes.push({ commandId, replyTo, key, result: { events: decided.map((e) => e.type), state: now?.state, lastEvent: now?.lastEvent ?? -1 } });
      } catch (error) {
        const apiError = error instanceof ApiError ? error : new InternalError((error as Error).message, error);
        outcomes.push({ commandId, replyTo, key, result: { error: apiError } });
      }
    }
    let written: LogRecord[] = [];
    if (events.length > 0) {
      written = await this.log.events.append(events);
      await this.state.reached(written[written.length - 1].offset);
    }
    const claim = this.state.claimOf(partition);
    const fenced = claim?.owner !== this.id || claim.epoch !== fence.epoch;
    if (fenced) this.owned.delete(partition);
    const remote: NewRecord[] = [];
    for (const outcome of outcomes) {
      const reply = this.reply(outcome, written, fenced);
      if (this.replies.isLocal(outcome.replyTo)) this.replies.deliver(outcome.commandId, reply);
      else remote.push(replyToRecord(outcome.replyTo, outcome.commandId, reply));
    }
    // Senders in other processes read their answers from bosun.replies.
    if (remote.length > 0) await this.log.replies.append(remote);
  }

  /**
   * The answer to one command: the object as that command left it, with the resourceVersion of its
   * latest event (as kube-apiserver answers each write), or as the projection holds it when this
   * batch did not change it.
   */
  private reply(outcome: Outcome, written: readonly LogRecord[], fenced: boolean): CommandReply {
    if ('error' in outcome.result) return { accepted: false, error: outcome.result.error };
    if (fenced && outcome.result.events.length > 0) {
      // Our events were written after another host claimed the partition: readers ignore them.
      return { accepted: false, error: new ConflictError('commands', outcome.commandId, 'the command partition moved to another actor host; retry') };
    }
    const { state, lastEvent, events } = outcome.result;
    if (state !== undefined && lastEvent >= 0) {
      const offset = written[lastEvent].offset;
      return { accepted: true, object: materialize({ ...state, offset }), offset, events };
    }
    return {
      accepted: true,
      object: this.state.getObject(outcome.key),
      offset: this.state.get(outcome.key)?.offset ?? -1,
      events,
    };
  }
}
