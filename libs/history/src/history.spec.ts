import type { KubeObject } from '@bosun/api';
import { EmbeddedEventLog, topology, type EventLog } from '@bosun/event-log';
import type { AddressedCommand, CommandMetadata, ObjectCommand } from '@bosun/objects';
import { ActorHost, ClusterState, CommandClient, ReplyRouter, type CommandReply } from '@bosun/runtime';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explain } from './explain';
import { logSource, openHistorySource, type HistorySource } from './history-source';
import { openLogFile } from './log-file';
import { exportLog, importLog } from './log-transfer';
import { objectHistories } from './object-history';
import { foldLog, HistoryQueryError, parsePoint } from './replay';
import { diffStates } from './state-diff';
import { eventIdAt, fileLines, listSnapshots, PeriodicSnapshots, writeSnapshot } from './snapshots';
import { summarize } from './summary';
import { takeSnapshot } from './take-snapshot';

jest.setTimeout(60_000);

/**
 * A small history written by the real actor host on the embedded log: a user creates an RC, a
 * "controller" creates and binds a pod naming the RC's event as its cause, the user scales the RC,
 * then deletes the pod. Each step is decided at its own minute, so points in time can be asked for.
 */
const root = mkdtempSync(join(tmpdir(), 'bosun-history-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let log: EventLog;
let host: ActorHost;
let source: HistorySource;
const offsets: Record<string, number> = {};

const rc = (replicas: number): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web' },
    spec: { replicas, selector: { app: 'web' }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  }) as unknown as KubeObject;
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', uid: 'uid-web-1', labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
} as unknown as KubeObject;

let minute = 0;
const meta = (actor: string, causationId?: string): CommandMetadata => ({
  commandId: `cmd-${++minute}`,
  time: `2026-11-28T10:${String(minute).padStart(2, '0')}:00Z`,
  source: '/bosun/test',
  actor,
  ...(causationId === undefined ? {} : { causationId }),
});
const to = (kind: 'Pod' | 'ReplicationController', name: string, command: ObjectCommand): AddressedCommand => ({ kind, namespace: 'default', name, command });

beforeAll(async () => {
  log = EmbeddedEventLog.open({ dir: join(root, 'cluster'), topology: topology('bosun', 2), pollIntervalMs: 20 });
  const replies = new ReplyRouter();
  host = new ActorHost(log, replies, { sessionTimeoutMs: 1_000, heartbeatIntervalMs: 50 });
  await host.start();
  const client = new CommandClient(log, replies, 30_000);
  const send = async (name: string, target: AddressedCommand): Promise<void> => {
    const reply: CommandReply = await client.send(target);
    if (!reply.accepted) throw new Error(reply.error.message);
    offsets[name] = reply.offset;
  };
  await send('rcCreated', to('ReplicationController', 'web', { type: 'Create', data: { object: rc(1) }, metadata: meta('user:alice') }));
  const rcEventId = 'cmd-1/0';
  await send('podCreated', to('Pod', 'web-1', { type: 'Create', data: { object: pod }, metadata: meta('controller:replication', rcEventId) }));
  await send('podBound', to('Pod', 'web-1', { type: 'Bind', data: { nodeName: 'n1' }, metadata: meta('controller:scheduler', 'cmd-2/0') }));
  await send('rcScaled', to('ReplicationController', 'web', { type: 'Replace', data: { object: rc(3) }, metadata: meta('user:alice') }));
  await send('podDeleted', to('Pod', 'web-1', { type: 'Delete', data: { gracePeriodSeconds: 0 }, metadata: meta('user:bob') }));
  source = logSource(log, 'test');
});

afterAll(async () => {
  await host?.stop();
  await log?.close();
});

describe('fileLines', () => {
  it('gives back every line, also across chunk boundaries, multi-byte characters and a last line without a newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bosun-lines-'));
    try {
      const lines = ['{"a":1}', '', 'naïve — ünïcödé ✓', 'x'.repeat(40), 'last'];
      const path = join(dir, 'f');
      writeFileSync(path, lines.join('\n'));
      for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) expect([...fileLines(path, chunk)]).toEqual(lines);
      writeFileSync(path, `${lines.join('\n')}\n`);
      expect([...fileLines(path, 5)]).toEqual(lines);
      writeFileSync(path, '');
      expect([...fileLines(path, 5)]).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parsePoint', () => {
  it('reads resourceVersions, RFC 3339 times, times of day and now', () => {
    expect(parsePoint('1234')).toEqual({ offset: 1234 });
    expect(parsePoint('now')).toEqual({ end: true });
    expect(parsePoint('2026-11-28T14:02:00Z')).toEqual({ time: Date.parse('2026-11-28T14:02:00Z') });
    const today = new Date(2026, 10, 28, 9, 0, 0);
    expect(parsePoint('14:02', today)).toEqual({ time: new Date(2026, 10, 28, 14, 2, 0, 999).getTime() });
    for (const bad of ['', 'yesterday', '-5', '25:00', '1.5', 'Tuesday 3']) expect(() => parsePoint(bad)).toThrow(HistoryQueryError);
  });
});

describe('replay', () => {
  it('folds the log up to a resourceVersion, or to a time', async () => {
    const atBind = await foldLog(source, { to: { offset: offsets.podBound } });
    expect(atBind.state.getObject('pods/default/web-1')).toMatchObject({ spec: { nodeName: 'n1' }, metadata: { resourceVersion: String(offsets.podBound) } });
    expect(atBind.state.getObject('replicationcontrollers/default/web')).toMatchObject({ spec: { replicas: 1 } });
    // 10:03:30 is after the bind (10:03) and before the scale (10:04).
    const atTime = await foldLog(source, { to: { time: Date.parse('2026-11-28T10:03:30Z') } });
    expect(atTime.offset).toBe(offsets.podBound);
    const now = await foldLog(source, { to: { end: true } });
    expect(now.state.getObject('pods/default/web-1')).toBeNull();
    expect(now.state.getObject('replicationcontrollers/default/web')).toMatchObject({ spec: { replicas: 3 } });
  });

  it('folds only the objects in scope, and still ends at the point asked for', async () => {
    for (const to of [{ offset: offsets.podBound }, { time: Date.parse('2026-11-28T10:03:30Z') }, { end: true as const }]) {
      const full = await foldLog(source, { to });
      const scoped = await foldLog(source, { to, keyPrefixes: ['pods/default/web-1'] });
      expect(scoped.state.list('Pod')).toEqual(full.state.list('Pod'));
      expect(scoped.state.list('ReplicationController')).toEqual([]);
      expect([scoped.offset, scoped.time]).toEqual([full.offset, full.time]);
    }
  });

  it('refuses a resourceVersion past the end of the log', async () => {
    await expect(foldLog(source, { to: { offset: 10_000 } })).rejects.toThrow(/is not in the log: it ends at/);
  });
});

describe('objectHistories', () => {
  it('lists an object\'s events with actor, command and the fields each changed', async () => {
    const rcHistory = (await objectHistories(source, new Set(['replicationcontrollers/default/web']))).get('replicationcontrollers/default/web')!;
    expect(rcHistory.map((e) => [e.type, e.actor, e.command])).toEqual([
      ['ReplicationControllerCreated', 'user:alice', 'Create'],
      ['ReplicationControllerUpdated', 'user:alice', 'Replace'],
    ]);
    expect(rcHistory[1].changes).toContainEqual({ path: 'spec.replicas', before: 1, after: 3 });
    expect(rcHistory[1].changes.some((c) => c.path.includes('resourceVersion'))).toBe(false);
    expect(summarize(rcHistory[1])).toContain('spec.replicas: 1 → 3');
    const podHistory = (await objectHistories(source, new Set(['pods/default/web-1']))).get('pods/default/web-1')!;
    expect(podHistory.map((e) => e.type)).toEqual(['PodCreated', 'PodScheduled', 'PodDeleted']);
    expect(summarize(podHistory[1])).toBe('bound to node n1');
    expect(podHistory[2]).toMatchObject({ actor: 'user:bob', command: 'Delete', object: null });
  });
});

describe('explain', () => {
  it('follows causes from an object to the events of others that led to it', async () => {
    const e = await explain(source, 'pods/default/web-1');
    expect(e.object).toBeNull();
    expect(e.events.map((x) => x.event.type)).toEqual(['PodCreated', 'PodScheduled', 'PodDeleted']);
    expect(e.events[0].causes.map((c) => [c.key, c.type, c.actor])).toEqual([['replicationcontrollers/default/web', 'ReplicationControllerCreated', 'user:alice']]);
    // The bind was caused by the pod's creation, which was caused by the RC's: the whole chain.
    expect(e.events[1].causes.map((c) => c.type)).toEqual(['PodCreated', 'ReplicationControllerCreated']);
    expect(e.events[2].causes).toEqual([]);
  });

  it('says so when the object never existed', async () => {
    await expect(explain(source, 'pods/default/nope')).rejects.toMatchObject({ reason: 'not-found' });
  });
});

describe('diffStates', () => {
  it('reports the objects added, deleted and changed between two points', async () => {
    const diff = await diffStates(source, { offset: offsets.rcCreated }, { end: true });
    expect(diff.objects.map((o) => [o.key, o.change])).toEqual([['replicationcontrollers/default/web', 'changed']]);
    expect(diff.objects[0].changes).toContainEqual({ path: 'spec.replicas', before: 1, after: 3 });
    const middle = await diffStates(source, { offset: offsets.rcCreated }, { offset: offsets.podBound });
    expect(middle.objects.map((o) => [o.key, o.change])).toEqual([['pods/default/web-1', 'added']]);
    const end = await diffStates(source, { offset: offsets.podBound }, { end: true });
    expect(end.objects.find((o) => o.key === 'pods/default/web-1')?.change).toBe('deleted');
    await expect(diffStates(source, { offset: 3 }, { offset: 1 })).rejects.toThrow('--to is before --from');
  });
});

describe('export and import', () => {
  it('moves the events to a file and into an empty log: the same offsets, the same state', async () => {
    for (const name of ['cluster.ndjson', 'cluster.ndjson.gz']) {
      const file = join(root, name);
      const count = await exportLog(source, file, 'bosun.events');
      expect(count).toBe(await log.events.endOffset());
      const target = EmbeddedEventLog.open({ dir: join(root, `imported-${name}`) });
      try {
        expect(await importLog(file, target)).toBe(count);
        const [original, copy, fromFile] = await Promise.all([
          foldLog(source, { to: { end: true } }),
          foldLog(logSource(target, 'copy'), { to: { end: true } }),
          openHistorySource({ file }).then((s) => foldLog(s, { to: { end: true } })),
        ]);
        for (const folded of [copy, fromFile]) {
          expect(folded.offset).toBe(original.offset);
          expect(folded.state.list('ReplicationController')).toEqual(original.state.list('ReplicationController'));
        }
        await expect(importLog(file, target)).rejects.toThrow(/already holds \d+ events/);
      } finally {
        await target.close();
      }
    }
  });

  it('refuses a file that is not an export, or one with a gap', async () => {
    const notExport = join(root, 'not-export.json');
    writeFileSync(notExport, '{"hello": 1}\n');
    await expect(openLogFile(notExport)).rejects.toThrow('is not an exported Bosun log');
    const gap = join(root, 'gap.ndjson');
    writeFileSync(
      gap,
      [
        JSON.stringify({ format: 'bosun-log', version: 1, topic: 'bosun.events', source: 'test', exportedAt: 'now' }),
        JSON.stringify({ offset: 0, timestamp: 0, key: 'k', type: 'T', headers: {}, payload: {} }),
        JSON.stringify({ offset: 2, timestamp: 0, key: 'k', type: 'T', headers: {}, payload: {} }),
      ].join('\n'),
    );
    const file = await openLogFile(gap);
    await expect((async () => {
      for await (const _ of file.records) void _;
    })()).rejects.toThrow('gap.ndjson:3: offset 2 where 1 was expected');
    await expect(openLogFile(join(root, 'missing.ndjson'))).rejects.toThrow('no such file');
  });
});

describe('snapshots', () => {
  const idAt = (offset: number): Promise<string | null> => eventIdAt(source, offset);

  it('start a fold from the newest snapshot of this log taken before the point', async () => {
    const dir = join(root, 'snapshots');
    const atBind = await foldLog(source, { to: { offset: offsets.podBound } });
    await writeSnapshot(dir, atBind.state, await idAt(offsets.podBound), atBind.maxTime);
    const full = await foldLog(source, { to: { end: true } });
    const resumed = await foldLog(source, { to: { end: true }, snapshots: dir });
    expect(resumed.snapshot).toBe(offsets.podBound);
    expect(resumed.offset).toBe(full.offset);
    for (const kind of ['ReplicationController', 'Pod', 'Event'] as const) expect(resumed.state.list(kind)).toEqual(full.state.list(kind));
    // Points before the snapshot, by offset or by time, fold from the start.
    expect((await foldLog(source, { to: { offset: offsets.podCreated }, snapshots: dir })).snapshot).toBeUndefined();
    expect((await foldLog(source, { to: { time: Date.parse('2026-11-28T10:02:30Z') }, snapshots: dir })).snapshot).toBeUndefined();
    expect((await foldLog(source, { to: { time: Date.parse('2026-11-28T10:03:30Z') }, snapshots: dir })).snapshot).toBe(offsets.podBound);
    // A fold with hooks must see every event: it never starts from a snapshot.
    let seen = 0;
    expect((await foldLog(source, { to: { end: true }, snapshots: dir, after: () => void seen++ })).snapshot).toBeUndefined();
    expect(seen).toBeGreaterThan(offsets.podBound - 2);
  });

  it('are written by a server every N events from the state it holds, and replays start from them', async () => {
    const dir = join(root, 'snapshots-periodic');
    const periodic = new PeriodicSnapshots(dir, 3, (e) => {
      throw e;
    }, 2);
    const state = new ClusterState();
    for await (const batch of source.read(0, await source.end())) {
      for (const record of batch) {
        state.apply(record);
        periodic.observe(state, [record]);
        await periodic.idle();
      }
    }
    const written = listSnapshots(dir);
    expect(written).toHaveLength(2); // pruned to the newest two
    expect(written[0].offset).toBeGreaterThanOrEqual(3);
    const full = await foldLog(source, { to: { end: true } });
    const resumed = await foldLog(source, { to: { end: true }, snapshots: dir });
    expect(resumed.snapshot).toBe(written[0].offset);
    expect(resumed.state.list('ReplicationController')).toEqual(full.state.list('ReplicationController'));
    expect(resumed.state.list('Event')).toEqual(full.state.list('Event'));
  });

  it('are not written by a server while it catches up with the log: the first is of the state at its end', async () => {
    const dir = join(root, 'snapshots-catch-up');
    const periodic = new PeriodicSnapshots(dir, 3, (e) => {
      throw e;
    });
    const end = await source.end();
    periodic.catchUp(end);
    const state = new ClusterState();
    for await (const batch of source.read(0, end)) {
      for (const record of batch) {
        state.apply(record);
        periodic.observe(state, [record]);
        await periodic.idle();
      }
    }
    expect(listSnapshots(dir).map((s) => s.offset)).toEqual([end - 1]);
  });

  it('of another fold code, or of an earlier Bosun that did not record its own, are not used', async () => {
    const dir = join(root, 'snapshots-foreign');
    const atBind = await foldLog(source, { to: { offset: offsets.podBound } });
    const written = await writeSnapshot(dir, atBind.state, await idAt(offsets.podBound), atBind.maxTime);
    expect((await foldLog(source, { to: { end: true }, snapshots: dir })).snapshot).toBe(offsets.podBound);
    const [header, ...lines] = readFileSync(written, 'utf8').trimEnd().split('\n');
    const rewrite = (h: Record<string, unknown>): void => writeFileSync(written, [JSON.stringify(h), ...lines].map((l) => `${l}\n`).join(''));
    rewrite({ ...JSON.parse(header), fold: 'another-fold' });
    expect((await foldLog(source, { to: { end: true }, snapshots: dir })).snapshot).toBeUndefined();
    const { fold: _fold, ...older } = JSON.parse(header) as Record<string, unknown>;
    rewrite({ ...older, version: 3 });
    expect((await foldLog(source, { to: { end: true }, snapshots: dir })).snapshot).toBeUndefined();
  });

  it('give a scoped fold the kinds it asks for, without decoding the others', async () => {
    const dir = join(root, 'snapshots-scoped');
    const atBind = await foldLog(source, { to: { offset: offsets.podBound } });
    const path = await writeSnapshot(dir, atBind.state, await idAt(offsets.podBound), atBind.maxTime);
    // Spoil every line of the Pod run and of the derived Events: only a reader that skips them can use the file.
    const [headerLine, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(headerLine) as { version: number; sections: { kind: string; objects: number }[]; derived: number };
    expect(header.version).toBe(5);
    let at = 0;
    for (const section of header.sections) {
      if (section.kind === 'Pod') for (let i = at; i < at + section.objects; i++) lines[i] = 'not json';
      at += section.objects;
    }
    expect(header.sections.map((s) => s.kind)).toEqual(expect.arrayContaining(['Pod', 'ReplicationController']));
    for (let i = at; i < lines.length; i++) lines[i] = 'not json';
    writeFileSync(path, [headerLine, ...lines].map((l) => `${l}\n`).join(''));

    const full = await foldLog(source, { to: { end: true } });
    const scoped = await foldLog(source, { to: { end: true }, snapshots: dir, keyPrefixes: ['replicationcontrollers/default/'] });
    expect(scoped.snapshot).toBe(offsets.podBound);
    expect(scoped.state.list('ReplicationController')).toEqual(full.state.list('ReplicationController'));
    expect(scoped.state.list('Pod')).toEqual([]);
    expect(scoped.state.list('Event')).toEqual([]);
    // The fold still ends where the whole log does, at the same event and time.
    expect([scoped.offset, scoped.time]).toEqual([full.offset, full.time]);
    // A reader of every kind cannot use the spoilt file, and folds from the start instead.
    expect((await foldLog(source, { to: { end: true }, snapshots: dir })).snapshot).toBeUndefined();
  });

  it('are taken on from the previous one, pruned, and ignored when they belong to another log', async () => {
    const dir = join(root, 'snapshots-taken');
    const first = await takeSnapshot(source, dir, 2);
    expect(first.from).toBeUndefined();
    const second = await takeSnapshot(source, dir, 1);
    expect(second.from).toBe(first.offset);
    expect(listSnapshots(dir)).toHaveLength(1);
    const foreign = join(root, 'snapshots-foreign');
    const state = (await foldLog(source, { to: { end: true } })).state;
    await writeSnapshot(foreign, state, 'an-event-of-another-log', 0);
    expect((await foldLog(source, { to: { end: true }, snapshots: foreign })).snapshot).toBeUndefined();
  });
});

describe('reading a data directory', () => {
  it('opens read-only and creates nothing where there is no log', async () => {
    await expect(openHistorySource({ dataDir: join(root, 'nothing-here') })).rejects.toThrow('no Bosun log in');
    const readOnly = await openHistorySource({ dataDir: join(root, 'cluster') });
    try {
      expect(await readOnly.end()).toBe(await log.events.endOffset());
    } finally {
      await readOnly.close();
    }
  });
});
