import type { KubeObject } from '@bosun/api';
import { EmbeddedEventLog, topology } from '@bosun/event-log';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActorHost } from './actor-host';
import { describeActorHost } from './actor-host.contract';
import { ClusterState } from './cluster-state';
import { CommandClient } from './command-client';
import { ReplyRouter } from './command-reply';

jest.setTimeout(60_000);
const root = mkdtempSync(join(tmpdir(), 'bosun-host-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeActorHost('embedded', {
  open: async (prefix) => EmbeddedEventLog.open({ dir: join(root, prefix), topology: topology(prefix, 4), pollIntervalMs: 20 }),
  consume: { sessionTimeoutMs: 1_000, heartbeatIntervalMs: 50 },
});

describe('actor host given the process projection', () => {
  it('decides and answers from the projection it is given, which its owner keeps current, and tails nothing itself', async () => {
    const log = EmbeddedEventLog.open({ dir: join(root, 'shared'), topology: topology('shared', 4), pollIntervalMs: 20 });
    const state = new ClusterState();
    const tail = await log.events.subscribe(0, async (records) => state.applyAll(records));
    const replies = new ReplyRouter();
    const host = new ActorHost(log, replies, { sessionTimeoutMs: 1_000, heartbeatIntervalMs: 50, group: 'shared-hosts', state });
    const applied = jest.spyOn(state, 'applyAll');
    try {
      await host.start();
      expect(host.state).toBe(state);
      const client = new CommandClient(log, replies, 30_000);
      const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default', uid: 'uid-a' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as unknown as KubeObject;
      const metadata = { commandId: 'shared-1', time: '2026-11-28T10:00:00Z', source: '/bosun/test' };
      const created = await client.send({ kind: 'Pod', namespace: 'default', name: 'a', command: { type: 'Create', data: { object }, metadata } });
      expect(created).toMatchObject({ accepted: true, events: ['PodCreated'] });
      expect(state.getObject('pods/default/a')?.metadata.uid).toBe('uid-a');
      // A second create is decided against the same projection: AlreadyExists.
      const again = await client.send({ kind: 'Pod', namespace: 'default', name: 'a', command: { type: 'Create', data: { object }, metadata: { ...metadata, commandId: 'shared-2' } } });
      expect(again.accepted).toBe(false);
      // Each event record reached the projection once: through its owner's tail alone.
      const records = applied.mock.calls.flatMap(([batch]) => batch.map((r) => r.offset));
      expect(new Set(records).size).toBe(records.length);
    } finally {
      await host.stop();
      await tail.close();
      await log.close();
    }
  });
});
