import { ExpiredError, type KubeObject } from '@bosun/api';
import type { LogRecord, NewRecord } from '@bosun/event-log';
import type { DomainEvent, ObjectIdentity } from '@bosun/objects';
import { ClusterState, RECENT_COMMAND_IDS } from './cluster-state';
import { claimRecord, eventToRecord, type Fence } from './envelope';

const fence: Fence = { partition: 0, epoch: 1, owner: 'host-a' };
let offset = 0;
const stored = (r: NewRecord): LogRecord => ({ topic: 'bosun.events', partition: 0, offset: offset++, timestamp: 0, headers: {}, ...r } as LogRecord);
const event = (type: string, data: Record<string, unknown>, id = `c${offset}`): DomainEvent => ({
  type,
  data,
  metadata: { machineVersion: 1, commandId: id, time: '2026-11-28T10:00:00Z', source: '/bosun/test' },
});
const podId = (name: string): ObjectIdentity => ({ kind: 'Pod', namespace: 'default', name });
const pod = (name: string): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `u-${name}`, generation: 1 }, spec: { containers: [{ name: 'c', image: 'i' }] } }) as unknown as KubeObject;
const podEvent = (name: string, type: string, data: Record<string, unknown>, f: Fence = fence): LogRecord =>
  stored(eventToRecord(podId(name), event(type, data), 0, f));

beforeEach(() => (offset = 0));

describe('ClusterState', () => {
  it('folds events into objects with resourceVersion = offset of their last event, and indexes pods by node', () => {
    const state = new ClusterState();
    state.applyAll([stored(claimRecord(fence, 't')), podEvent('a', 'PodCreated', { object: pod('a') }), podEvent('b', 'PodCreated', { object: pod('b') }), podEvent('a', 'PodScheduled', { nodeName: 'n1', time: 't' })]);
    expect(state.getObject('pods/default/a')).toMatchObject({ metadata: { resourceVersion: '3' }, spec: { nodeName: 'n1' } });
    expect(state.list('Pod').map((p) => p.metadata.name).sort()).toEqual(['a', 'b']);
    expect(state.podsOnNode('n1').map((p) => p.metadata.name)).toEqual(['a']);
    state.apply(podEvent('a', 'PodDeleted', {}));
    expect(state.podsOnNode('n1')).toEqual([]);
    expect(state.list('Pod').map((p) => p.metadata.name)).toEqual(['b']);
  });

  it('ignores events of a superseded claim, and a claim that does not raise the epoch', () => {
    const state = new ClusterState();
    state.applyAll([stored(claimRecord(fence, 't')), podEvent('a', 'PodCreated', { object: pod('a') })]);
    const usurper: Fence = { partition: 0, epoch: 2, owner: 'host-b' };
    state.apply(stored(claimRecord(usurper, 't')));
    state.apply(podEvent('a', 'PodDeleted', {}, fence)); // the old owner, too late
    expect(state.getObject('pods/default/a')).not.toBeNull();
    state.apply(stored(claimRecord({ partition: 0, epoch: 2, owner: 'host-c' }, 't'))); // a tie loses
    expect(state.claimOf(0)).toEqual(usurper);
    state.apply(podEvent('a', 'PodDeleted', {}, usurper));
    expect(state.getObject('pods/default/a')).toBeNull();
  });

  it('reports ADDED, MODIFIED and DELETED changes and serves them from any recent offset', () => {
    const state = new ClusterState(4);
    const seen: string[] = [];
    state.onChange((c) => seen.push(`${c.type} ${c.object.metadata.name} ${c.offset}`));
    state.applyAll([stored(claimRecord(fence, 't')), podEvent('a', 'PodCreated', { object: pod('a') }), podEvent('a', 'PodScheduled', { nodeName: 'n', time: 't' }), podEvent('a', 'PodDeleted', {})]);
    expect(seen).toEqual(['ADDED a 1', 'MODIFIED a 2', 'ADDED a.000000000002 2', 'DELETED a 3']);
    expect(state.changesSince(1).map((c) => c.type)).toEqual(['MODIFIED', 'ADDED', 'DELETED']);
    state.apply(podEvent('b', 'PodCreated', { object: pod('b') }));
    expect(() => state.changesSince(0)).toThrow(ExpiredError);
    expect(state.changesSince(3).map((c) => c.object.metadata.name)).toEqual(['b']);
    // What a continued list asks before it goes on from a page read at that offset.
    expect([0, 1, 3].map((offset) => state.holdsChangesSince(offset))).toEqual([false, true, true]);
  });

  it('catching up with a log, publishes only the changes of its last records, and derives Events from all of them', () => {
    const state = new ClusterState(2);
    const seen: string[] = [];
    state.onChange((c) => seen.push(`${c.type} ${c.object.metadata.name} ${c.offset}`));
    state.catchUp(5); // records 0–4 are in the log: 3 and 4 publish
    state.applyAll([
      stored(claimRecord(fence, 't')),
      podEvent('a', 'PodCreated', { object: pod('a') }),
      podEvent('a', 'PodScheduled', { nodeName: 'n', time: 't' }),
      podEvent('b', 'PodCreated', { object: pod('b') }),
      podEvent('a', 'PodDeleted', {}),
    ]);
    expect(seen).toEqual(['ADDED b 3', 'DELETED a 4']);
    expect(state.list('Pod').map((p) => p.metadata.name)).toEqual(['b']);
    expect(state.list('Event').map((e) => (e as unknown as { reason: string }).reason)).toEqual(['Scheduled']);
    expect(state.changesSince(2).map((c) => c.offset)).toEqual([3, 4]);
    expect(() => state.changesSince(1)).toThrow(ExpiredError);
    state.apply(podEvent('c', 'PodCreated', { object: pod('c') }));
    expect(seen.at(-1)).toBe('ADDED c 5');
  });

  it('remembers the ids of the commands applied, across a snapshot, and only the last ones of a catch-up', () => {
    const state = new ClusterState();
    state.applyAll([stored(claimRecord(fence, 't')), stored(eventToRecord(podId('a'), event('PodCreated', { object: pod('a') }, 'create-a'), 0, fence))]);
    expect(state.applied('create-a')).toBe(true);
    expect(state.applied('other')).toBe(false);
    // A superseded host's event does not count: its command was never applied.
    state.apply(stored(claimRecord({ ...fence, epoch: 2 }, 't')));
    state.apply(stored(eventToRecord(podId('a'), event('PodDeleted', {}, 'late'), 0, fence)));
    expect(state.applied('late')).toBe(false);
    const restored = ClusterState.fromSnapshot(JSON.parse(JSON.stringify(state.toSnapshot())));
    expect(restored.applied('create-a')).toBe(true);
    // A catch-up of a log longer than the window remembers only the commands of its last records.
    offset = 0;
    const catching = new ClusterState();
    catching.catchUp(RECENT_COMMAND_IDS + 2);
    catching.apply(stored(claimRecord(fence, 't')));
    catching.apply(stored(eventToRecord(podId('b'), event('PodCreated', { object: pod('b') }, 'too-old'), 0, fence)));
    offset = RECENT_COMMAND_IDS + 1;
    catching.apply(stored(eventToRecord(podId('b'), event('PodScheduled', { nodeName: 'n', time: 't' }, 'recent'), 0, fence)));
    expect([catching.applied('too-old'), catching.applied('recent')]).toEqual([false, true]);
  });

  it('lists a kind as it was at an earlier offset, from the watch cache, and Expired beyond it', () => {
    const state = new ClusterState(8);
    state.applyAll([stored(claimRecord(fence, 't')), podEvent('a', 'PodCreated', { object: pod('a') }), podEvent('b', 'PodCreated', { object: pod('b') })]);
    // At offset 2: a and b as created. Then a is scheduled, b deleted and c created.
    state.applyAll([podEvent('a', 'PodScheduled', { nodeName: 'n', time: 't' }), podEvent('b', 'PodDeleted', {}), podEvent('c', 'PodCreated', { object: pod('c') })]);
    const at = (offset: number) => state.listAt('Pod', 'default', offset).map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}:${(p as any).spec.nodeName ?? '-'}`).sort();
    expect(at(2)).toEqual(['a@1:-', 'b@2:-']);
    expect(at(3)).toEqual(['a@3:n', 'b@2:-']);
    expect(at(5)).toEqual(['a@3:n', 'c@5:-']);
    expect(state.listAt('Pod', 'other', 2)).toEqual([]);
    // Derived Events (Scheduled, at offset 3) appear from their offset on.
    expect(state.listAt('Event', 'default', 2)).toEqual([]);
    expect(state.listAt('Event', 'default', 3).map((e) => (e as any).reason)).toEqual(['Scheduled']);
    for (const name of ['d', 'e', 'f', 'g', 'h', 'i']) state.apply(podEvent(name, 'PodCreated', { object: pod(name) }));
    expect(() => state.listAt('Pod', 'default', 2)).toThrow(ExpiredError);
  });

  it('derives the Kubernetes Events kubectl describe shows, deterministically', () => {
    const state = new ClusterState();
    state.applyAll([stored(claimRecord(fence, 't')), podEvent('a', 'PodCreated', { object: pod('a') }), podEvent('a', 'PodScheduled', { nodeName: 'n1', time: 't' })]);
    const events = state.list('Event', 'default');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      metadata: { name: 'a.000000000002', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'a', namespace: 'default', uid: 'u-a' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/a to n1',
      type: 'Normal',
      source: { component: 'default-scheduler' },
    });
  });

  it('keeps the latest derived Events within the history limit, oldest evicted first', () => {
    const state = new ClusterState(2);
    state.apply(stored(claimRecord(fence, 't')));
    for (const name of ['a', 'b', 'c']) {
      state.applyAll([podEvent(name, 'PodCreated', { object: pod(name) }), podEvent(name, 'PodScheduled', { nodeName: 'n1', time: 't' })]);
    }
    expect(state.list('Event')).toMatchObject([{ involvedObject: { name: 'b' } }, { involvedObject: { name: 'c' } }]);
    expect(state.getObject('events/default/a.000000000002')).toBeNull();
    expect(state.getObject('events/default/c.000000000006')).toMatchObject({ reason: 'Scheduled', metadata: { resourceVersion: '6' } });
  });

  it('keeps finding derived Events by key as newer ones evict older ones after the first read', () => {
    const state = new ClusterState(2);
    state.apply(stored(claimRecord(fence, 't')));
    const scheduled = (name: string) => [podEvent(name, 'PodCreated', { object: pod(name) }), podEvent(name, 'PodScheduled', { nodeName: 'n1', time: 't' })];
    state.applyAll([...scheduled('a'), ...scheduled('b')]);
    expect(state.getObject('events/default/b.000000000004')).toMatchObject({ involvedObject: { name: 'b' } });
    state.applyAll([...scheduled('c'), ...scheduled('d')]);
    expect(state.getObject('events/default/b.000000000004')).toBeNull();
    expect(state.getObject('events/default/c.000000000006')).toMatchObject({ involvedObject: { name: 'c' } });
    expect(state.getObject('events/default/d.000000000008')).toMatchObject({ involvedObject: { name: 'd' } });
    expect(state.list('Event').map((e) => e.metadata.name)).toEqual(['c.000000000006', 'd.000000000008']);
  });

  it('folds an event under its object\'s key even when the record is keyed otherwise', () => {
    const state = new ClusterState();
    const misKeyed = { ...eventToRecord(podId('a'), event('PodCreated', { object: pod('a') }), 0, fence), key: 'elsewhere' };
    state.applyAll([stored(claimRecord(fence, 't')), stored(misKeyed), podEvent('a', 'PodScheduled', { nodeName: 'n1', time: 't' })]);
    expect(state.getObject('pods/default/a')).toMatchObject({ metadata: { resourceVersion: '2' }, spec: { nodeName: 'n1' } });
    expect(state.getObject('elsewhere')).toBeNull();
  });

  it('restores from a snapshot to the same state as a full replay', () => {
    const records = [
      stored(claimRecord(fence, 't')),
      podEvent('a', 'PodCreated', { object: pod('a') }),
      podEvent('a', 'PodScheduled', { nodeName: 'n1', time: 't' }),
      podEvent('b', 'PodCreated', { object: pod('b') }),
      podEvent('a', 'PodStatusUpdated', { status: { phase: 'Running' } }),
      podEvent('b', 'PodDeleted', {}),
      podEvent('a', 'PodDeletionRequested', { deletionTimestamp: 't', gracePeriodSeconds: 30 }),
    ];
    const full = new ClusterState();
    full.applyAll(records);
    const half = new ClusterState();
    half.applyAll(records.slice(0, 4));
    const restored = ClusterState.fromSnapshot(JSON.parse(JSON.stringify(half.toSnapshot())));
    restored.applyAll(records.slice(4));
    expect(restored.list('Pod')).toEqual(full.list('Pod'));
    expect(restored.podsOnNode('n1')).toEqual(full.podsOnNode('n1'));
    // The Kubernetes Events derived before the snapshot come back too (Scheduled, from offset 2).
    expect(full.list('Event').length).toBeGreaterThan(0);
    expect(restored.list('Event')).toEqual(full.list('Event'));
    expect(restored.offset).toBe(full.offset);
    expect(() => restored.changesSince(2)).toThrow(ExpiredError);
  });
});
