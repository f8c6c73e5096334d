import { admitPodPriority, kubeTime, objectKey, type KubeObject, type Pod, type PriorityClass } from '@bosun/api';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import { type ClusterState, type CommandClient, type ObjectChange, WorkQueue } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';

/** What a reconciler decides for one key: commands to send (level-triggered, idempotent). */
export type Plan = readonly AddressedCommand[];

/**
 * A reconciler after Kubernetes' sample-controller: `keysFor` turns a change into the keys it
 * affects; `plan` reads desired and actual state from the cache (read-only) and returns the commands
 * that close the gap. It never branches on which event arrived.
 */
export interface Reconciler {
  readonly name: string;
  /** Keys synced at once (default 1); one key is never synced twice at once. */
  readonly workers?: number;
  keysFor(change: ObjectChange, state: ClusterState): readonly string[];
  /** All keys to look at on start (the resync). */
  initialKeys(state: ClusterState): readonly string[];
  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan;
  /**
   * The order keys wait in (negative: `a` first), as kube-scheduler's queue sorts pods; first in,
   * first out without it. Read when a key is queued: what it compares must not change while queued.
   */
  compareKeys?(a: string, b: string, state: ClusterState): number;
  /** Delay before looking at the key again even without a change (e.g. a time-based rule). */
  requeueAfterMs?(key: string, state: ClusterState): number | undefined;
}

/**
 * Runs a reconciler: changes from the cache become keys on a work queue; a sync sends the planned
 * commands and then waits until its own cache has seen their results, so the next plan
 * never repeats a create or delete the log has not shown yet (expectations, from the log's offsets).
 */
export class Controller {
  private readonly queue: WorkQueue;
  /**
   * Per key, the id of the last event that queued it: the cause (`ce_causationid`) of the commands
   * its next reconcile sends, so that `bosun explain` can follow the chain. Level-triggered, a
   * reconcile answers every change since the last one; the latest stands for them.
   */
  private readonly causes = new Map<string, string>();
  private stopChanges: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly reconciler: Reconciler,
    private readonly state: ClusterState,
    private readonly client: CommandClient,
    private readonly log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
  ) {
    const compare = reconciler.compareKeys?.bind(reconciler);
    this.queue = new WorkQueue(undefined, undefined, compare === undefined ? undefined : (a, b) => compare(a, b, state));
  }

  start(): void {
    this.stopChanges = this.state.onChange((change) => {
      for (const key of this.reconciler.keysFor(change, this.state)) {
        if (change.id !== undefined) this.causes.set(key, change.id);
        this.queue.add(key);
      }
    });
    for (const key of this.reconciler.initialKeys(this.state)) this.queue.add(key);
    this.running = this.queue.run(
      (key) => this.sync(key),
      (key, error) => this.log(`${this.reconciler.name}: ${key}: ${(error as Error).message}`),
      this.reconciler.workers ?? 1,
    );
  }

  async stop(): Promise<void> {
    this.stopChanges?.();
    this.queue.stop();
    await this.running;
  }

  /** One reconcile of one key; exported for tests that drive a controller step by step. */
  async sync(key: string): Promise<void> {
    const correlationId = randomUUID();
    const causationId = this.causes.get(key);
    const meta = (): CommandMetadata => ({
      commandId: randomUUID(),
      correlationId,
      ...(causationId === undefined ? {} : { causationId }),
      time: kubeTime(new Date()),
      source: `/bosun/${this.reconciler.name}`,
      actor: `controller:${this.reconciler.name}`,
    });
    const failures: string[] = [];
    const plan = admitted(this.reconciler.plan(key, this.state, meta), this.state, failures);
    let highest = -1;
    let changed = false;
    await Promise.all(
      plan.map(async (command) => {
        const reply = await this.client.send(command);
        if (reply.accepted) {
          highest = Math.max(highest, reply.offset);
          if (reply.events.length > 0) changed = true;
        } else if (reply.error.code !== 'NotFound' && reply.error.code !== 'Conflict' && reply.error.code !== 'AlreadyExists') {
          // NotFound / Conflict mean the cache was behind (below): the next sync sees the newer state.
          failures.push(`${command.command.type} ${command.name}: ${reply.error.message}`);
        } else {
          this.queue.addAfter(key, 50);
        }
      }),
    );
    if (highest >= 0) await this.state.reached(highest);
    if (failures.length > 0) throw new Error(failures.join('; '));
    // Acting may have made the next step possible (dependents released → finalizer can go): look
    // again until a plan is empty or changes nothing. A plan that only asked for what is already so
    // (a deletion confirmed while finalizers hold the object) would otherwise be sent again at once,
    // for ever; the change that lets it go on requeues the key.
    if (changed) this.queue.add(key);
    const after = this.reconciler.requeueAfterMs?.(key, this.state);
    if (after !== undefined) this.queue.addAfter(key, after);
  }
}

/**
 * A plan's pod creations as kube-apiserver's Priority admission admits a pod a controller creates
 * through the API: the template's priorityClassName (or the globalDefault) gives spec.priority and
 * spec.preemptionPolicy; a pod naming an unknown class is not created (its 403 is a failure of the
 * sync, retried with back-off, as a controller's FailedCreate). The other commands pass unchanged.
 */
export function admitted(plan: Plan, state: ClusterState, failures: string[]): Plan {
  if (!plan.some((c) => c.kind === 'Pod' && c.command.type === 'Create')) return plan;
  const classes = state.list('PriorityClass') as PriorityClass[];
  const out: AddressedCommand[] = [];
  for (const c of plan) {
    if (c.kind !== 'Pod' || c.command.type !== 'Create') {
      out.push(c);
      continue;
    }
    const pod = c.command.data.object as Pod;
    try {
      const spec = admitPodPriority(pod, c.name, classes);
      out.push({ ...c, command: { ...c.command, data: { ...c.command.data, object: { ...pod, spec } as KubeObject } } });
    } catch (error) {
      failures.push(`Create ${c.name}: ${(error as Error).message}`);
    }
  }
  return out;
}

/** The object's key in the cache (and the log). */
export function keyOfObject(o: KubeObject): string {
  return objectKey(o.kind, o.metadata.namespace, o.metadata.name ?? '');
}
