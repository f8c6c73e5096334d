import type { ConsumeOptions, EventLog, Subscription } from '@bosun/event-log';
import { LeaderElection, type ClusterState, type CommandClient } from '@bosun/runtime';
import { Controller, type Reconciler } from './controller';

export interface ControllerManagerOptions extends ConsumeOptions {
  readonly log?: (message: string) => void;
}

/**
 * Runs a set of control loops only while this instance is the elected leader for `name`: on winning
 * it starts fresh reconcilers (their caches of assumptions start empty) over the shared cluster
 * state; on losing it stops them. Several instances may run; one acts.
 */
export class ControllerManager {
  private readonly election: LeaderElection;
  private controllers: Controller[] = [];
  private member: Subscription | undefined;
  private readonly say: (message: string) => void;

  constructor(
    readonly name: string,
    private readonly reconcilers: () => readonly Reconciler[],
    private readonly deps: { readonly log: EventLog; readonly state: ClusterState; readonly client: CommandClient },
    options: ControllerManagerOptions = {},
  ) {
    const { log: say, ...consume } = options;
    this.say = say ?? ((m) => process.stderr.write(`${m}\n`));
    this.election = new LeaderElection(deps.log, name, consume);
  }

  get isLeader(): boolean {
    return this.election.isLeader;
  }

  /** Joins the election; `done` of the returned membership rejects if it fails. */
  async start(): Promise<Subscription> {
    this.member = await this.election.run({
      onStartedLeading: () => {
        this.say(`${this.name}: leading`);
        this.controllers = this.reconcilers().map((r) => new Controller(r, this.deps.state, this.deps.client, this.say));
        for (const c of this.controllers) c.start();
      },
      onStoppedLeading: async () => {
        this.say(`${this.name}: no longer leading`);
        await Promise.all(this.controllers.splice(0).map((c) => c.stop()));
      },
    });
    return this.member;
  }

  async stop(): Promise<void> {
    await this.member?.close();
  }
}
