import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { ConsumeOptions, PartitionHandler, Subscription } from '../event-log.port';
import { LoopSubscription, pause, type LoopControl } from '../loop-subscription';
import type { EmbeddedTopic } from './embedded-topic';

const READ_BATCH = 500;

/**
 * Commits an offset only while the member still holds the partition's lease, so a deposed owner
 * cannot move a successor's position.
 */
const COMMIT_OFFSET = `INSERT INTO group_offsets (grp, topic, partition, next_offset)
  SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM partition_owners
    WHERE grp = ? AND topic = ? AND partition = ? AND member = ?)
  ON CONFLICT (grp, topic, partition) DO UPDATE SET next_offset = excluded.next_offset`;

/**
 * A member of a consumer group on the embedded log. Ownership is a lease row per partition in
 * SQLite: a member claims a partition only when no live member holds it, renews its leases with
 * each heartbeat, and releases them when it stops; a member that dies stops renewing and its
 * leases expire after the session timeout. All of this happens in IMMEDIATE transactions, so two
 * members (in one process or several) can never hold one partition at the same time.
 *
 * Partitions are spread by rank: live members sorted by seniority (ids begin with the join time),
 * member i takes partitions p with p mod n = i. A member gives up a partition only after its handler for it has returned.
 */
export class EmbeddedGroupMember {
  /** Sorts by join time: the oldest live member ranks first, so a new member never takes partition 0 from it. */
  private readonly id = `${Date.now().toString(36).padStart(10, '0')}-${randomUUID()}`;
  private readonly sessionMs: number;
  private readonly heartbeatMs: number;
  /** Partitions this member owns → the time its lease runs out, as written to the lease row. */
  private readonly leases = new Map<number, number>();
  private readonly workers = new Map<number, Promise<void>>();
  /** Partitions whose worker must stop (rebalanced away or lease lost). */
  private readonly giveUp = new Set<number>();
  private readonly stmt: ReturnType<EmbeddedGroupMember['prepare']>;
  /** The first handler error: it ends the membership and rejects the subscription's `done`. */
  private failure: { error: unknown } | undefined;
  /**
   * Offset commits of partitions whose batches settled in the same turn of the event loop: one
   * transaction (one fsync) writes them all, instead of one per partition.
   */
  private readonly pendingCommits: { partition: number; next: number; done: (held: boolean) => void; fail: (error: unknown) => void }[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly topic: EmbeddedTopic,
    private readonly group: string,
    private readonly handler: PartitionHandler,
    options: ConsumeOptions,
  ) {
    this.sessionMs = options.sessionTimeoutMs ?? 10_000;
    this.heartbeatMs = options.heartbeatIntervalMs ?? Math.max(50, Math.floor(this.sessionMs / 5));
    this.stmt = this.prepare();
  }

  start(): Subscription {
    return new LoopSubscription(async (control) => {
      try {
        while (!control.stopped() && this.failure === undefined) {
          this.heartbeat(control);
          await pause(this.heartbeatMs, control);
        }
      } finally {
        for (const p of this.leases.keys()) this.giveUp.add(p);
        await Promise.allSettled([...this.workers.values()]);
        this.leave();
      }
      if (this.failure !== undefined) throw this.failure.error;
    });
  }

  /** One heartbeat: renew membership and leases, drop what is no longer ours, claim what is free. */
  private heartbeat(control: LoopControl): void {
    const now = Date.now();
    const expires = now + this.sessionMs;
    const claimed: number[] = [];
    this.db
      .transaction(() => {
        const { group, id } = this;
        const topic = this.topic.name;
        this.stmt.upsertMember.run(group, topic, id, expires);
        this.stmt.dropDeadMembers.run(group, topic, now);
        const members = this.stmt.liveMembers.all(group, topic, now) as string[];
        const rank = members.indexOf(id);
        for (let p = 0; p < this.topic.partitions; p++) {
          const mine = p % members.length === rank;
          const owner = this.stmt.owner.get(group, topic, p) as { member: string | null; expires_at: number } | undefined;
          const heldByMe = owner?.member === id && owner.expires_at > now;
          if (heldByMe && this.leases.has(p) && !this.giveUp.has(p)) {
            if (mine) {
              this.stmt.renew.run(expires, group, topic, p, id);
              this.leases.set(p, expires);
            } else {
              this.giveUp.add(p); // released by its worker once the handler is out of the partition
            }
          } else if (this.leases.has(p) && !heldByMe) {
            this.giveUp.add(p); // lease lost (we were too slow): stop at once
          } else if (mine && !this.leases.has(p) && (owner === undefined || owner.member === null || owner.expires_at <= now)) {
            this.stmt.claim.run(group, topic, p, id, expires);
            this.leases.set(p, expires);
            claimed.push(p);
          }
        }
      })
      .immediate();
    for (const p of claimed) {
      this.workers.set(
        p,
        this.work(p, control).catch((error: unknown) => {
          this.failure ??= { error };
        }),
      );
    }
  }

  /** Delivers one owned partition from its committed offset until the partition is given up. */
  private async work(partition: number, control: LoopControl): Promise<void> {
    const owned = (): boolean =>
      !control.stopped() && !this.giveUp.has(partition) && Date.now() < (this.leases.get(partition) ?? 0);
    try {
      await this.handler.onAssigned?.(partition);
      let next = (this.stmt.committed.get(this.group, this.topic.name, partition) as number | undefined) ?? 0;
      while (owned()) {
        const batch = this.topic.readRows(partition, next, Number.MAX_SAFE_INTEGER, READ_BATCH, true);
        if (batch.length === 0) {
          await this.topic.waitForAppend(partition, control);
          continue;
        }
        await this.handler.onRecords(partition, batch);
        next = batch[batch.length - 1].offset + 1;
        if (!(await this.commit(partition, next))) break; // the lease was taken over: the new owner redelivers from its commit
      }
    } finally {
      try {
        await this.handler.onRevoked?.(partition);
      } finally {
        this.stmt.release.run(this.group, this.topic.name, partition, this.id);
        this.leases.delete(partition);
        this.giveUp.delete(partition);
        this.workers.delete(partition);
      }
    }
  }

  /** Commits `next` for `partition` with whatever else is waiting; false if this member no longer holds it. */
  private commit(partition: number, next: number): Promise<boolean> {
    return new Promise((done, fail) => {
      if (this.pendingCommits.push({ partition, next, done, fail }) === 1) setImmediate(() => void this.flushCommits());
    });
  }

  /** On the writer's thread, as appends are: a commit's fsync does not stall the event loop. */
  private async flushCommits(): Promise<void> {
    const batch = this.pendingCommits.splice(0);
    const { group, id } = this;
    const topic = this.topic.name;
    let changed: number[];
    try {
      if (this.topic.writer === undefined) throw new Error('the log is open read-only');
      changed = await this.topic.writer.run(COMMIT_OFFSET, batch.map((c) => [group, topic, c.partition, c.next, group, topic, c.partition, id]), false);
    } catch (error) {
      for (const c of batch) c.fail(error);
      return;
    }
    batch.forEach((c, i) => c.done(changed[i] > 0));
  }

  private leave(): void {
    this.stmt.removeMember.run(this.group, this.topic.name, this.id);
  }

  private prepare() {
    const db = this.db;
    return {
      upsertMember: db.prepare(
        `INSERT INTO group_members (grp, topic, member, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (grp, topic, member) DO UPDATE SET expires_at = excluded.expires_at`,
      ),
      dropDeadMembers: db.prepare('DELETE FROM group_members WHERE grp = ? AND topic = ? AND expires_at <= ?'),
      liveMembers: db
        .prepare('SELECT member FROM group_members WHERE grp = ? AND topic = ? AND expires_at > ? ORDER BY member')
        .pluck(true),
      removeMember: db.prepare('DELETE FROM group_members WHERE grp = ? AND topic = ? AND member = ?'),
      owner: db.prepare('SELECT member, expires_at FROM partition_owners WHERE grp = ? AND topic = ? AND partition = ?'),
      claim: db.prepare(
        `INSERT INTO partition_owners (grp, topic, partition, member, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (grp, topic, partition) DO UPDATE SET member = excluded.member, expires_at = excluded.expires_at`,
      ),
      renew: db.prepare(
        'UPDATE partition_owners SET expires_at = ? WHERE grp = ? AND topic = ? AND partition = ? AND member = ?',
      ),
      release: db.prepare(
        'UPDATE partition_owners SET member = NULL, expires_at = 0 WHERE grp = ? AND topic = ? AND partition = ? AND member = ?',
      ),
      committed: db
        .prepare('SELECT next_offset FROM group_offsets WHERE grp = ? AND topic = ? AND partition = ?')
        .pluck(true),
    };
  }
}
