import type { KubeObject } from '@bosun/api';
import { EmbeddedEventLog, topology, type EventLog, type NewRecord } from '@bosun/event-log';
import type { DomainEvent, ObjectIdentity } from '@bosun/objects';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterState } from './cluster-state';
import { claimRecord, eventToRecord, keyOf, type Fence } from './envelope';
import { followEvents } from './follow-events';
import { foldShard, foldSilentRecords, type ShardTask } from './sharded-fold';

const hostA: Fence = { partition: 0, epoch: 1, owner: 'host-a' };
const hostB: Fence = { partition: 0, epoch: 2, owner: 'host-b' };
let n = 0;
const event = (type: string, data: Record<string, unknown>, minute = 0): DomainEvent => ({
  type,
  data,
  metadata: { machineVersion: 1, commandId: `c${n++}`, time: `2026-11-28T10:${String(minute).padStart(2, '0')}:00Z`, source: '/bosun/test' },
});
const podId = (name: string): ObjectIdentity => ({ kind: 'Pod', namespace: 'default', name });
const pod = (name: string): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `u-${name}`, generation: 1 }, spec: { containers: [{ name: 'c', image: 'i' }] } }) as unknown as KubeObject;
const node = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `u-${name}` } }) as unknown as KubeObject;

/**
 * Pods created, bound, run, some deleted; nodes; a second host that takes the command partition
 * over, after which the first host's writes are fenced off.
 */
function history(): NewRecord[] {
  const records: NewRecord[] = [claimRecord(hostA, 't')];
  for (const name of ['n1', 'n2']) records.push(eventToRecord({ kind: 'Node', name }, event('NodeRegistered', { object: node(name) }), 0, hostA));
  for (let i = 0; i < 40; i++) {
    const id = podId(`p${i}`);
    const host = i <= 20 ? hostA : hostB;
    records.push(eventToRecord(id, event('PodCreated', { object: pod(id.name) }, i), 0, host));
    records.push(eventToRecord(id, event('PodScheduled', { nodeName: `n${(i % 2) + 1}`, time: 't' }), 0, host));
    records.push(eventToRecord(id, event('PodStatusUpdated', { status: { phase: 'Running', podIP: `10.0.0.${i}` } }), 0, host));
    if (i % 5 === 0) records.push(eventToRecord(id, event('PodDeleted', {}), 0, host));
    if (i === 20) records.push(claimRecord(hostB, 't'));
  }
  // Host A, superseded: ignored by every fold. Host B deletes one more pod.
  records.push(eventToRecord(podId('p1'), event('PodDeleted', {}), 0, hostA));
  records.push(eventToRecord(podId('p2'), event('PodDeleted', {}, 59), 0, hostB));
  return records;
}

/** The state as data, objects in key order: shards adopt them in another order than one fold meets them. */
function image(state: ClusterState): unknown {
  const snapshot = state.toSnapshot();
  let watchable = state.offset;
  while (watchable > -1 && state.holdsChangesSince(watchable - 1)) watchable--;
  return {
    ...snapshot,
    objects: [...snapshot.objects].sort((a, b) => (keyOf(a.identity) < keyOf(b.identity) ? -1 : 1)),
    watchable,
    onN1: state.podsOnNode('n1').map((p) => p.metadata.name).sort(),
    nodes: state.list('Node').map((o) => o.metadata.name).sort(),
  };
}

/** All but the last three records are silent; the derived Events and command ids of many of them are kept. */
const small = (): ClusterState => new ClusterState(3, 40, 30);

describe('foldSilentRecords', () => {
  let dir: string;
  let log: EventLog;
  let end: number;
  const inThisThread = async (task: ShardTask) => {
    const { state, maxTime } = await foldShard(log, task);
    return { state: state.toShard(), maxTime };
  };
  /** One fold of the whole log, as a server that started when it ended at `caughtUp` (catchUp). */
  const oneFold = async (caughtUp = end): Promise<ClusterState> => {
    const state = small();
    state.catchUp(caughtUp);
    for await (const batch of log.events.read(0)) state.applyAll(batch);
    return state;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bosun-sharded-'));
    log = EmbeddedEventLog.open({ dir, topology: topology('t', 2) });
    await log.events.append(history());
    end = await log.events.endOffset();
  });
  afterEach(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([2, 3, 5])('folds the silent records in %i shards into the state one fold builds', async (threads) => {
    const state = small();
    state.catchUp(end);
    const folded = await foldSilentRecords(log, state, end, { threads, minRecords: 1, runShard: inThisThread, times: true });
    expect(folded).toEqual({ maxTime: Date.parse('2026-11-28T10:39:00Z'), shards: threads });
    expect(state.offset).toBe(state.silentBefore - 1);
    for await (const batch of log.events.read(state.offset + 1)) state.applyAll(batch);
    const reference = await oneFold();
    expect(image(state)).toEqual(image(reference));
    // The fence held: p1's deletion by the superseded host is not history; p2's is.
    expect(state.getObject('pods/default/p1')).not.toBeNull();
    expect(state.getObject('pods/default/p2')).toBeNull();
  });

  it('is how a server catches up (followEvents), which then follows the log from the shards on', async () => {
    const state = small();
    const seen: number[] = [];
    let folded: { offset: number; maxTime: number; shards: number } | undefined;
    const { tail } = await followEvents(log, state, (records) => seen.push(...records.map((r) => r.offset)), {
      shards: { threads: 2, minRecords: 1, runShard: inThisThread },
      onShardsFolded: (f) => (folded = f),
    });
    await state.reached(end - 1);
    expect(folded).toEqual({ offset: state.silentBefore - 1, maxTime: Date.parse('2026-11-28T10:39:00Z'), shards: 2 });
    // The records folded in shards do not reach onRecords; the others and new ones do.
    expect(seen).toEqual([state.silentBefore, state.silentBefore + 1, state.silentBefore + 2]);
    const [appended] = await log.events.append([eventToRecord(podId('late'), event('PodCreated', { object: pod('late') }), 0, hostB)]);
    await state.reached(appended.offset);
    await tail.close();
    expect(state.getObject('pods/default/late')).not.toBeNull();
    expect(image(state)).toEqual(image(await oneFold(end)));
  });

  it('leaves the state untouched when an event is keyed otherwise than its object', async () => {
    const stray = eventToRecord(podId('p3'), event('PodDeleted', {}), 0, hostB);
    await log.events.append([{ ...stray, key: 'elsewhere/p3' }, ...Array.from({ length: 4 }, (_, i) => eventToRecord(podId(`q${i}`), event('PodCreated', { object: pod(`q${i}`) }), 0, hostB))]);
    end = await log.events.endOffset();
    const state = small();
    state.catchUp(end);
    expect(await foldSilentRecords(log, state, end, { threads: 2, minRecords: 1, runShard: inThisThread })).toBeUndefined();
    expect(state.offset).toBe(-1);
    expect(state.list('Pod')).toEqual([]);
    // One fold still takes the stray record for what it says.
    for await (const batch of log.events.read(0)) state.applyAll(batch);
    expect(state.getObject('pods/default/p3')).toBeNull();
  });

  it('leaves the fold to one thread when a shard fails', async () => {
    const state = small();
    state.catchUp(end);
    const failing = async (): Promise<never> => {
      throw new Error('out of memory');
    };
    expect(await foldSilentRecords(log, state, end, { threads: 3, minRecords: 1, runShard: failing })).toBeUndefined();
    expect(state.offset).toBe(-1);
    expect(state.list('Pod')).toEqual([]);
  });

  it('folds in shards only a new state, on more than one thread, with enough silent records', async () => {
    const fresh = (): ClusterState => {
      const s = small();
      s.catchUp(end);
      return s;
    };
    expect(await foldSilentRecords(log, fresh(), end, { threads: 1, minRecords: 1, runShard: inThisThread })).toBeUndefined();
    expect(await foldSilentRecords(log, fresh(), end, { threads: 2, minRecords: end, runShard: inThisThread })).toBeUndefined();
    const started = fresh();
    for await (const batch of log.events.read(0, { to: 1 })) started.applyAll(batch);
    expect(await foldSilentRecords(log, started, end, { threads: 2, minRecords: 1, runShard: inThisThread })).toBeUndefined();
    // Without catchUp nothing is silent: every record publishes its change.
    expect(await foldSilentRecords(log, small(), end, { threads: 2, minRecords: 1, runShard: inThisThread })).toBeUndefined();
  });

  it('refuses to adopt shards into a state that is not new', () => {
    const state = small();
    state.catchUp(10);
    const other = small();
    other.catchUp(10);
    state.apply({ topic: 't', partition: 0, offset: 0, timestamp: 0, headers: {}, ...claimRecord(hostA, 't') });
    expect(() => state.adoptShards(other, [])).toThrow('only a new state adopts shards');
  });
});
