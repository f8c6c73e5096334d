/**
 * Actor-host behaviour, run unchanged on both logs (actor-host.spec.ts embedded,
 * actor-host.int-spec.ts on a real Kafka).
 */
import { AlreadyExistsError, ConflictError, NotFoundError, toStatus, type KubeObject } from '@bosun/api';
import type { EventLog, LogRecord, LogTopic } from '@bosun/event-log';
import type { AddressedCommand, CommandMetadata, ObjectCommand } from '@bosun/objects';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { ActorHost } from './actor-host';
import { ClusterState } from './cluster-state';
import { CommandClient } from './command-client';
import { ReplyRouter } from './command-reply';
import { claimRecord, keyOf } from './envelope';
import { foldShard, foldSilentRecords, type ShardTask } from './sharded-fold';

export interface HostTarget {
  open(prefix: string): Promise<EventLog>;
  readonly consume: { sessionTimeoutMs: number; heartbeatIntervalMs: number };
}

let n = 0;
const meta = (): CommandMetadata => ({ commandId: `c-${randomUUID()}-${n++}`, time: '2026-11-28T10:00:00Z', source: '/bosun/test', actor: 'user:test' });
const pod = (name: string, labels: Record<string, string> = { app: 'web' }): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}`, labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }) as unknown as KubeObject;
const to = (name: string, command: ObjectCommand): AddressedCommand => ({ kind: 'Pod', namespace: 'default', name, command });

async function totalEnd(topic: LogTopic): Promise<number> {
  let total = 0;
  for (let p = 0; p < topic.partitions; p++) total += await topic.endOffset(p);
  return total;
}

async function replay(log: EventLog, state = new ClusterState()): Promise<ClusterState> {
  for await (const batch of log.events.read(state.offset + 1)) state.applyAll(batch);
  return state;
}

/**
 * Limits that make all but the last two records silent (ClusterState.silentBefore), while the
 * derived Events and the command ids of many of them are kept.
 */
const smallState = (): ClusterState => new ClusterState(2, 50, 20);

/**
 * The log folded as a new server folds a long one: its silent records in three shards (here in
 * this thread, through the same log), the rest after them.
 */
async function replayInShards(log: EventLog): Promise<{ state: ClusterState; sharded: boolean }> {
  const state = smallState();
  const end = await log.events.endOffset();
  state.catchUp(end);
  const runShard = async (task: ShardTask) => {
    const { state: folded, maxTime } = await foldShard(log, task);
    return { state: folded.toShard(), maxTime };
  };
  const sharded = await foldSilentRecords(log, state, end, { threads: 3, minRecords: 1, runShard });
  return { state: await replay(log, state), sharded: sharded !== undefined };
}

/**
 * A state's snapshot with its objects in key order (shards adopt objects in another order than one
 * fold meets them), and the oldest offset a watch can start from.
 */
function image(state: ClusterState): unknown {
  const snapshot = state.toSnapshot();
  let watchable = state.offset;
  while (watchable > -1 && state.holdsChangesSince(watchable - 1)) watchable--;
  return { ...snapshot, objects: [...snapshot.objects].sort((a, b) => (keyOf(a.identity) < keyOf(b.identity) ? -1 : 1)), watchable };
}

export function describeActorHost(name: string, target: HostTarget): void {
  describe(`actor host: ${name}`, () => {
    let log: EventLog;
    let host: ActorHost;
    let client: CommandClient;
    beforeEach(async () => {
      log = await target.open(`h${randomUUID().slice(0, 8)}`);
      const replies = new ReplyRouter();
      host = new ActorHost(log, replies, { ...target.consume, group: `hosts-${randomUUID().slice(0, 6)}` });
      await host.start();
      client = new CommandClient(log, replies, 30_000);
    });
    afterEach(async () => {
      await host.stop();
      await log.close();
    });

    it('answers a create with the committed object, and refuses a second create', async () => {
      const reply = await client.send(to('a', { type: 'Create', data: { object: pod('a') }, metadata: meta() }));
      expect(reply).toMatchObject({ accepted: true, events: ['PodCreated'], object: { metadata: { name: 'a', uid: 'uid-a', generation: 1 } } });
      if (!reply.accepted) throw reply.error;
      expect(reply.object?.metadata.resourceVersion).toBe(String(reply.offset));
      const end = await log.events.endOffset();
      const again = await client.send(to('a', { type: 'Create', data: { object: pod('a') }, metadata: meta() }));
      expect(again.accepted).toBe(false);
      if (!again.accepted) expect(again.error).toBeInstanceOf(AlreadyExistsError);
      expect(await log.events.endOffset()).toBe(end); // a rejected command writes nothing
    });

    it('enforces resourceVersion on replace and reports NotFound', async () => {
      const created = await client.send(to('b', { type: 'Create', data: { object: pod('b') }, metadata: meta() }));
      if (!created.accepted || !created.object) throw new Error('create failed');
      const fresh = { ...created.object, metadata: { ...created.object.metadata, labels: { app: 'web', v: '2' } } } as KubeObject;
      const updated = await client.send(to('b', { type: 'Replace', data: { object: fresh }, metadata: meta() }));
      expect(updated).toMatchObject({ accepted: true, object: { metadata: { labels: { v: '2' } } } });
      const stale = await client.send(to('b', { type: 'Replace', data: { object: fresh }, metadata: meta() }));
      expect(stale.accepted === false && stale.error).toBeInstanceOf(ConflictError);
      const missing = await client.send(to('nope', { type: 'Delete', data: {}, metadata: meta() }));
      expect(missing.accepted === false && missing.error).toBeInstanceOf(NotFoundError);
    });

    it('accepts one of two writers racing with the same resourceVersion, also when both land in one batch', async () => {
      const created = await client.send(to('race', { type: 'Create', data: { object: pod('race') }, metadata: meta() }));
      if (!created.accepted || !created.object) throw new Error('create failed');
      const relabel = (v: string): ObjectCommand => ({
        type: 'Replace',
        data: { object: { ...created.object!, metadata: { ...created.object!.metadata, labels: { app: 'web', v } } } as KubeObject },
        metadata: meta(),
      });
      // Sent in one turn: appended together, and read by the host as one batch.
      const replies = await Promise.all(['x', 'y', 'z'].map((v) => client.send(to('race', relabel(v)))));
      expect(replies.filter((r) => r.accepted)).toHaveLength(1);
      for (const r of replies.filter((r) => !r.accepted)) expect(!r.accepted && r.error).toBeInstanceOf(ConflictError);
      const winner = replies.find((r) => r.accepted);
      expect((await replay(log)).getObject('pods/default/race')?.metadata.labels).toEqual(winner?.accepted && winner.object?.metadata.labels);

      // Without a resourceVersion both apply, in log order, and each is answered with the object as
      // it left it, at the version of its own event (as kube-apiserver answers each write).
      const blind = (v: string): ObjectCommand => {
        const c = relabel(v) as Extract<ObjectCommand, { type: 'Replace' }>;
        return { ...c, data: { object: { ...c.data.object, metadata: { ...c.data.object.metadata, resourceVersion: undefined } } as KubeObject } };
      };
      const [first, second] = await Promise.all(['p', 'q'].map((v) => client.send(to('race', blind(v)))));
      if (!first.accepted || !second.accepted) throw new Error('blind writes refused');
      expect(first.object?.metadata.labels).toEqual({ app: 'web', v: 'p' });
      expect(second.object?.metadata.labels).toEqual({ app: 'web', v: 'q' });
      expect(Number(first.object?.metadata.resourceVersion)).toBe(first.offset);
      expect(second.offset).toBeGreaterThan(first.offset);
      expect(host.state.getObject('pods/default/race')?.metadata.resourceVersion).toBe(String(second.offset));
    });

    it('answers a sender in another process through bosun.replies, and in-process senders in memory', async () => {
      const repliesBefore = await totalEnd(log.replies);
      await client.send(to('local', { type: 'Create', data: { object: pod('local') }, metadata: meta() }));
      expect(await totalEnd(log.replies)).toBe(repliesBefore);

      const remote = await CommandClient.connect(log, 30_000);
      try {
        const created = await remote.send(to('r', { type: 'Create', data: { object: pod('r') }, metadata: meta() }));
        expect(created).toMatchObject({ accepted: true, events: ['PodCreated'], object: { metadata: { name: 'r', uid: 'uid-r' } } });
        const again = await remote.send(to('r', { type: 'Create', data: { object: pod('r') }, metadata: meta() }));
        expect(again.accepted).toBe(false);
        if (!again.accepted) {
          expect(again.error.code).toBe('AlreadyExists');
          expect(toStatus(again.error)).toMatchObject({ code: 409, reason: 'AlreadyExists', details: { name: 'r', kind: 'pods' } });
        }
        expect(await totalEnd(log.replies)).toBe(repliesBefore + 2);
      } finally {
        await remote.close();
      }
    });

    it('applies a redelivered command once', async () => {
      const command = { type: 'Create' as const, data: { object: pod('c') }, metadata: meta() };
      const first = await client.send(to('c', command));
      const second = await client.send(to('c', command));
      expect(first).toMatchObject({ accepted: true, events: ['PodCreated'] });
      expect(second).toMatchObject({ accepted: true, events: [] });
      const records: LogRecord[] = [];
      for await (const batch of log.events.read(0)) records.push(...batch);
      expect(records.filter((r) => r.headers.ce_causationid === command.metadata.commandId)).toHaveLength(1);
    });

    it('is fenced once another owner claims its partition: its later writes are ignored by every reader', async () => {
      await client.send(to('d', { type: 'Create', data: { object: pod('d') }, metadata: meta() }));
      const partition = log.commands.partitionFor('pods/default/d');
      const mine = host.ownedPartitions().get(partition);
      expect(mine).toBeDefined();
      // Another host takes the partition (as after a session timeout) while this one still runs.
      await log.events.append([claimRecord({ partition, epoch: mine!.epoch + 1, owner: 'host-usurper' }, '2026-11-28T10:00:00Z')]);
      const reply = await client.send(to('d', { type: 'Delete', data: {}, metadata: meta() }));
      expect(reply.accepted).toBe(false);
      const replayed = await replay(log);
      expect(replayed.getObject('pods/default/d')).not.toBeNull();
      expect(host.state.getObject('pods/default/d')).not.toBeNull();
    });

    it('builds the same state live as a replay of the log, for random command sequences', async () => {
      const names = ['p0', 'p1', 'p2', 'p3'];
      const command = fc.oneof(
        fc.record({ op: fc.constant('create' as const), name: fc.constantFrom(...names), tier: fc.constantFrom('a', 'b') }),
        fc.record({ op: fc.constant('label' as const), name: fc.constantFrom(...names), tier: fc.constantFrom('a', 'b', 'c') }),
        fc.record({ op: fc.constant('bind' as const), name: fc.constantFrom(...names), node: fc.constantFrom('n1', 'n2') }),
        fc.record({ op: fc.constant('run' as const), name: fc.constantFrom(...names) }),
        fc.record({ op: fc.constant('delete' as const), name: fc.constantFrom(...names), grace: fc.constantFrom(0, 30) }),
        fc.record({ op: fc.constant('confirm' as const), name: fc.constantFrom(...names) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (ops) => {
          const prefix = randomUUID().slice(0, 6);
          for (const op of ops) {
            const name = `${prefix}-${op.name}`;
            const current = host.state.getObject(`pods/default/${name}`);
            const c: ObjectCommand =
              op.op === 'create'
                ? { type: 'Create', data: { object: pod(name, { tier: op.tier }) }, metadata: meta() }
                : op.op === 'label'
                  ? { type: 'Replace', data: { object: { ...(current ?? pod(name)), metadata: { ...(current ?? pod(name)).metadata, labels: { tier: op.tier } } } as KubeObject }, metadata: meta() }
                  : op.op === 'bind'
                    ? { type: 'Bind', data: { nodeName: op.node }, metadata: meta() }
                    : op.op === 'run'
                      ? { type: 'UpdateStatus', data: { status: { phase: 'Running', podIP: '10.1.0.1' } }, metadata: meta() }
                      : op.op === 'delete'
                        ? { type: 'Delete', data: { gracePeriodSeconds: op.grace }, metadata: meta() }
                        : { type: 'ConfirmDeletion', data: {}, metadata: meta() };
            await client.send(to(name, c)); // accepted or refused: both must leave live == replayed
          }
          const replayed = await replay(log);
          expect(replayed.list('Pod')).toEqual(host.state.list('Pod'));
          expect(replayed.offset).toBe(host.state.offset);
          // Folded in shards, the same state as one fold with the same limits.
          const { state: inShards, sharded } = await replayInShards(log);
          expect(sharded).toBe(true);
          expect(image(inShards)).toEqual(image(await replay(log, smallState())));
        }),
        { numRuns: 15 },
      );
    });
  });
}

