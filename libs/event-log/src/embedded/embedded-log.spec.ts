import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventLogContract } from '../event-log.contract';
import { topology } from '../topology';
import { EmbeddedEventLog } from './embedded-log';

const root = mkdtempSync(join(tmpdir(), 'bosun-embedded-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeEventLogContract('embedded (SQLite)', {
  // One data directory per topology, so reopening a topology reopens its directory.
  open: async (shape) => EmbeddedEventLog.open({ dir: join(root, shape.eventsTopic), topology: shape, pollIntervalMs: 20 }),
  rebalanceMs: 1_000,
  consumeOptions: { sessionTimeoutMs: 600, heartbeatIntervalMs: 50 },
});

describe('embedded log shared by two processes', () => {
  it("a tail sees the other writer's records between its own, in offset order", async () => {
    // Two logs on one directory: two connections and two windows of recent records, as two
    // processes would have. The tail reads its own writes from memory and the others' from the file.
    const dir = join(root, 'two-writers');
    const shape = topology('two', 1);
    const mine = EmbeddedEventLog.open({ dir, topology: shape, pollIntervalMs: 20 });
    const theirs = EmbeddedEventLog.open({ dir, topology: shape, pollIntervalMs: 20 });
    const seen: string[] = [];
    const tail = await mine.events.subscribe(0, async (records) => void seen.push(...records.map((r) => `${r.offset}:${r.key}`)));
    try {
      await mine.events.append([{ key: 'm0', type: 'T', payload: 0 }, { key: 'm1', type: 'T', payload: 1 }]);
      await theirs.events.append([{ key: 't2', type: 'T', payload: 2 }]);
      await mine.events.append([{ key: 'm3', type: 'T', payload: 3 }]);
      await theirs.events.append([{ key: 't4', type: 'T', payload: 4 }]);
      const deadline = Date.now() + 5_000;
      while (seen.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual(['0:m0', '1:m1', '2:t2', '3:m3', '4:t4']);
      const read: string[] = [];
      for await (const records of mine.events.read(0)) read.push(...records.map((r) => `${r.offset}:${String(r.payload)}`));
      expect(read).toEqual(['0:0', '1:1', '2:2', '3:3', '4:4']);
    } finally {
      await tail.close();
      await mine.close();
      await theirs.close();
    }
  });
});
