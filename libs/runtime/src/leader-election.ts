import type { ConsumeOptions, EventLog, Subscription } from '@bosun/event-log';

export interface LeaderCallbacks {
  onStartedLeading(): Promise<void> | void;
  onStoppedLeading(): Promise<void> | void;
}

/**
 * One active instance per name, elected through the log's consumer groups (on Kafka: the group
 * coordinator; embedded: leases in SQLite): every candidate joins group `bosun.elections.<name>` on
 * the one-partition bosun.elections topic, and the member that owns the partition leads. When the leader
 * dies, its session times out and the partition — the leadership — moves to a standby.
 *
 * Between a leader losing its session and noticing, two instances may act for a moment; the actors
 * keep that harmless (a pod binds once, a name is created once, deletes are idempotent).
 */
export class LeaderElection {
  private leading = false;
  /** Start and stop run one after the other, never overlapping. */
  private transitions: Promise<void> = Promise.resolve();
  private member: Subscription | undefined;

  constructor(
    private readonly log: EventLog,
    readonly name: string,
    private readonly options: ConsumeOptions = {},
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** Joins the election; the callbacks run as leadership comes and goes. `done` rejects if membership fails. */
  async run(callbacks: LeaderCallbacks): Promise<Subscription> {
    const change = (lead: boolean): Promise<void> =>
      (this.transitions = this.transitions.then(async () => {
        if (lead === this.leading) return;
        this.leading = lead;
        await (lead ? callbacks.onStartedLeading() : callbacks.onStoppedLeading());
      }));
    this.member = await this.log.elections.consume(
      `${this.log.elections.name}.${this.name}`,
      {
        onAssigned: () => change(true),
        onRevoked: () => change(false),
        onRecords: async () => undefined, // nothing is ever written there
      },
      this.options,
    );
    const member = this.member;
    return {
      done: member.done,
      close: async () => {
        await member.close();
        await change(false);
      },
    };
  }
}
