/**
 * The event-log contract: one behaviour suite, run unchanged against every adapter
 * (embedded-log.spec.ts on SQLite, kafka-log.int-spec.ts on a real Kafka broker).
 */
import { randomUUID } from 'node:crypto';
import { waitFor } from '../../../test/support/wait-for';
import { keyShard, type EventLog, type LogTopic, type Subscription } from './event-log.port';
import type { LogRecord, NewRecord } from './log-record';
import { InvalidLogRequestError, RecordTooLargeError } from './log.errors';
import { DEFAULT_LIMITS } from './limits';
import { topology, type LogTopology } from './topology';

export interface ContractTarget {
  /** Opens the log for a topology; opening the same topology again must show the same data. */
  open(shape: LogTopology): Promise<EventLog>;
  /** Time a group member may take to see a partition released by another member. */
  readonly rebalanceMs: number;
  readonly consumeOptions: { sessionTimeoutMs: number; heartbeatIntervalMs: number };
}

const rec = (key: string, n: number, extra: Partial<NewRecord> = {}): NewRecord => ({
  key,
  type: 'Tested',
  payload: { n, key },
  headers: { ce_id: `${key}-${n}` },
  ...extra,
});

async function readAll(topic: LogTopic, from = 0, partition = 0, to?: number): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  for await (const batch of topic.read(from, { partition, ...(to === undefined ? {} : { to }) })) out.push(...batch);
  return out;
}

export function describeEventLogContract(name: string, target: ContractTarget): void {
  describe(`event-log contract: ${name}`, () => {
    const opened: EventLog[] = [];
    let shape: LogTopology;
    let log: EventLog;
    const open = async (): Promise<EventLog> => {
      const l = await target.open(shape);
      opened.push(l);
      return l;
    };

    beforeEach(async () => {
      shape = topology(`t${randomUUID().slice(0, 8)}`, 4);
      log = await open();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((l) => l.close()));
    });

    it('gives gap-free offsets from 0, in input order, and learns them only once durable', async () => {
      expect(await log.events.endOffset()).toBe(0);
      const first = await log.events.append([rec('a', 1), rec('b', 2), rec('a', 3)]);
      const second = await log.events.append([rec('c', 4)]);
      expect([...first, ...second].map((r) => r.offset)).toEqual([0, 1, 2, 3]);
      expect(first.map((r) => r.payload)).toEqual([{ n: 1, key: 'a' }, { n: 2, key: 'b' }, { n: 3, key: 'a' }]);
      expect(await log.events.endOffset()).toBe(4);
      const read = await readAll(log.events);
      expect(read).toEqual([...first, ...second]);
      expect(read[0]).toMatchObject({ type: 'Tested', key: 'a', headers: { ce_id: 'a-1' }, partition: 0 });
    });

    it('keeps per-key order on the partitioned commands stream', async () => {
      const keys = ['pods/default/a', 'pods/default/b', 'nodes/n1', 'services/default/s', 'pods/kube/c', 'x'];
      for (let round = 0; round < 5; round++) {
        await log.commands.append(keys.map((k) => rec(k, round)));
      }
      const partitionsUsed = new Set(keys.map((k) => log.commands.partitionFor(k)));
      expect(partitionsUsed.size).toBeGreaterThan(1);
      for (let p = 0; p < log.commands.partitions; p++) {
        const records = await readAll(log.commands, 0, p);
        expect(records.map((r) => r.offset)).toEqual(records.map((_, i) => i));
        for (const key of keys) {
          const mine = records.filter((r) => r.key === key);
          if (log.commands.partitionFor(key) !== p) expect(mine).toEqual([]);
          else expect(mine.map((r) => (r.payload as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
        }
      }
    });

    it('serialises concurrent appenders without gaps, duplicates or interleaved batches', async () => {
      const writers = Array.from({ length: 20 }, (_, w) =>
        log.events.append(Array.from({ length: 10 }, (_, i) => rec(`w${w}`, i))),
      );
      const results = await Promise.all(writers);
      const offsets = results.flat().map((r) => r.offset).sort((a, b) => a - b);
      expect(offsets).toEqual(Array.from({ length: 200 }, (_, i) => i));
      for (const batch of results) {
        expect(batch.map((r) => r.offset)).toEqual(batch.map((_, i) => batch[0].offset + i));
      }
      const read = await readAll(log.events);
      expect(read.map((r) => r.offset)).toEqual(offsets);
    });

    it('writes a large batch as one consecutive run', async () => {
      const records = Array.from({ length: 10_000 }, (_, i) => rec('big', i, { payload: { i, pad: 'x'.repeat(100) } }));
      const written = await log.events.append(records);
      expect(written[0].offset).toBe(0);
      expect(written[9_999].offset).toBe(9_999);
      const read = await readAll(log.events);
      expect(read).toHaveLength(10_000);
      expect(read[5_000].payload).toEqual({ i: 5_000, pad: 'x'.repeat(100) });
    });

    it('refuses a record over the size limit with a clear error and writes nothing of its batch', async () => {
      await log.events.append([rec('k', 0)]);
      const tooBig = rec('k', 1, { payload: { blob: 'y'.repeat(DEFAULT_LIMITS.maxRecordBytes) } });
      const attempt = log.events.append([rec('k', 2), tooBig, rec('k', 3)]);
      await expect(attempt).rejects.toBeInstanceOf(RecordTooLargeError);
      await expect(attempt).rejects.toThrow(/record 1 .* over the limit of 1048576 bytes; nothing of the batch was written/);
      expect(await log.events.endOffset()).toBe(1);
      const manySmall = Array.from({ length: 9 }, (_, i) => rec('k', i, { payload: 'z'.repeat(1_000_000) }));
      await expect(log.events.append(manySmall)).rejects.toThrow(/batch of 9 records .* over the limit/);
      expect(await log.events.endOffset()).toBe(1);
    });

    it('rejects bad requests without writing', async () => {
      await expect(log.events.append([{ key: 'k', type: '', payload: 1 }])).rejects.toBeInstanceOf(InvalidLogRequestError);
      await expect(log.events.append([{ key: 'k', type: 'T', payload: undefined as never }])).rejects.toThrow(/payload is not a JSON value/);
      await expect(readAll(log.events, -1)).rejects.toBeInstanceOf(InvalidLogRequestError);
      await expect(log.events.endOffset(1)).rejects.toThrow(/partition 1 does not exist/);
      await expect(log.events.subscribe(0, async () => undefined, { partition: 7 })).rejects.toBeInstanceOf(InvalidLogRequestError);
      expect(await log.events.endOffset()).toBe(0);
    });

    it('reads from any offset exactly what a tail saw, and a tail catches up then follows', async () => {
      await log.events.append(Array.from({ length: 50 }, (_, i) => rec(`k${i % 3}`, i)));
      const seen: LogRecord[] = [];
      let active = 0;
      let overlapped = false;
      const sub = await log.events.subscribe(20, async (batch) => {
        active++;
        overlapped ||= active > 1;
        await new Promise((r) => setTimeout(r, 5)); // a slow handler: the tail must wait for it
        seen.push(...batch);
        active--;
      });
      await waitFor('catch-up to offset 49', () => seen.length === 30);
      for (let i = 50; i < 60; i++) await log.events.append([rec('live', i)]);
      await log.events.append(Array.from({ length: 40 }, (_, i) => rec('bulk', 60 + i)));
      await waitFor('the live records', () => seen.length === 80);
      await sub.close();
      await sub.done;
      expect(overlapped).toBe(false);
      expect(seen.map((r) => r.offset)).toEqual(Array.from({ length: 80 }, (_, i) => 20 + i));
      expect(await readAll(log.events, 20)).toEqual(seen);
      expect(await readAll(log.events, 35, 0, 40)).toEqual(seen.slice(15, 20));
    });

    it('reads only the records whose key starts with a given prefix, up to `to`', async () => {
      // Keys that JSON escapes, and one that merely shares the escaped prefix's first characters.
      const keys = ['pods/default/a', 'nodes/n1', 'pods/default/b', 'pods/"q"/c', 'podsx/d', 'namespaces/default', 'pods/"q"/e'];
      const written = await log.events.append(keys.flatMap((k, i) => [rec(k, i), rec('bosun/other', i)]));
      const read = async (keyPrefixes: string[], to?: number, maxBatch = 3): Promise<LogRecord[][]> => {
        const batches: LogRecord[][] = [];
        for await (const batch of log.events.read(0, { keyPrefixes, maxBatch, ...(to === undefined ? {} : { to }) })) batches.push(batch);
        return batches;
      };
      const pods = await read(['pods/']);
      expect(pods.flat()).toEqual(written.filter((r) => r.key.startsWith('pods/')));
      // Batches that matched nothing are not delivered; none is larger than asked.
      expect(pods.every((b) => b.length > 0 && b.length <= 3)).toBe(true);
      expect((await read(['pods/"q"/', 'namespaces/'])).flat().map((r) => r.key)).toEqual(['pods/"q"/c', 'namespaces/default', 'pods/"q"/e']);
      expect((await read(['pods/'], 5)).flat().map((r) => r.offset)).toEqual([0, 4]);
      expect(await read(['services/'])).toEqual([]);
      expect((await read([''])).flat()).toEqual(written);
    });

    it('reads one shard of the keys, with the shared records in every shard', async () => {
      // Keys that JSON escapes hash as the key, not as the stored text.
      const keys = ['pods/default/a', 'nodes/n1', 'pods/"q"/c', 'pods/default/b', 'namespaces/default', 'pods/\\x/é', ...Array.from({ length: 30 }, (_, i) => `pods/default/p${i}`)];
      const written = await log.events.append(keys.flatMap((k, i) => [rec(k, i), rec(`marks/${i}`, i)]));
      const shardOf = (index: number, keyPrefixes?: string[]) => async (): Promise<LogRecord[]> => {
        const out: LogRecord[] = [];
        for await (const batch of log.events.read(0, { maxBatch: 4, shard: { index, count: 3, shared: ['marks/'] }, ...(keyPrefixes ? { keyPrefixes } : {}) })) out.push(...batch);
        return out;
      };
      const shards = [await shardOf(0)(), await shardOf(1)(), await shardOf(2)()];
      const marks = written.filter((r) => r.key.startsWith('marks/'));
      for (const [i, shard] of shards.entries()) {
        expect(shard.filter((r) => r.key.startsWith('marks/'))).toEqual(marks);
        expect(shard.filter((r) => !r.key.startsWith('marks/')).every((r) => keyShard(r.key, 3) === i)).toBe(true);
      }
      // Every other record is in exactly one shard, and a shard keeps the log's order.
      const owned = shards.flatMap((s) => s.filter((r) => !r.key.startsWith('marks/')));
      expect(owned.map((r) => r.offset).sort((a, b) => a - b)).toEqual(written.filter((r) => !r.key.startsWith('marks/')).map((r) => r.offset));
      for (const shard of shards) expect(shard.map((r) => r.offset)).toEqual([...shard.map((r) => r.offset)].sort((a, b) => a - b));
      expect(shards.every((s) => s.length > marks.length)).toBe(true);
      // With keyPrefixes, a record must pass both.
      expect((await shardOf(1, ['nodes/', 'pods/"q"/'])()).map((r) => r.key)).toEqual(['nodes/n1', 'pods/"q"/c'].filter((k) => keyShard(k, 3) === 1));
    });

    it('ends a subscription whose handler fails, and reports the error', async () => {
      await log.events.append([rec('k', 1), rec('k', 2)]);
      const sub = await log.events.subscribe(0, async () => {
        throw new Error('handler broke');
      });
      await expect(sub.done).rejects.toThrow('handler broke');
      await sub.close();
    });

    it('reopens at the same offsets with the same records', async () => {
      const before = await log.events.append([rec('a', 1), rec('b', 2)]);
      await log.commands.append([rec('pods/x', 1)]);
      await log.close();
      opened.splice(opened.indexOf(log), 1);
      const again = await open();
      expect(await again.events.endOffset()).toBe(2);
      expect(await readAll(again.events)).toEqual(before);
      const after = await again.events.append([rec('c', 3)]);
      expect(after[0].offset).toBe(2);
      const p = again.commands.partitionFor('pods/x');
      expect((await readAll(again.commands, 0, p)).map((r) => r.key)).toEqual(['pods/x']);
    });

    describe('consumer groups on bosun.commands', () => {
      const group = (): string => `g-${randomUUID().slice(0, 8)}`;

      /** Records every handler call per member and fails on two members owning one partition. */
      function member(nameOf: string, ownerOf: Map<number, string>, seen: LogRecord[], violations: string[]) {
        return {
          onAssigned(p: number) {
            const other = ownerOf.get(p);
            if (other !== undefined && other !== nameOf) violations.push(`${nameOf} got ${p} while ${other} owns it`);
            ownerOf.set(p, nameOf);
          },
          onRevoked(p: number) {
            if (ownerOf.get(p) === nameOf) ownerOf.delete(p);
          },
          async onRecords(p: number, records: LogRecord[]) {
            if (ownerOf.get(p) !== nameOf) violations.push(`${nameOf} handled ${p} owned by ${ownerOf.get(p)}`);
            seen.push(...records);
          },
        };
      }

      it('delivers every partition to one member and resumes after the committed offset', async () => {
        const g = group();
        const keys = Array.from({ length: 16 }, (_, i) => `objects/${i}`);
        await log.commands.append(keys.map((k) => rec(k, 1)));
        const owners = new Map<number, string>();
        const seen: LogRecord[] = [];
        const violations: string[] = [];
        const a = await log.commands.consume(g, member('a', owners, seen, violations), target.consumeOptions);
        await waitFor('all 16 records', () => seen.length === 16, target.rebalanceMs + 10_000);
        expect(new Set(seen.map((r) => r.partition)).size).toBe(new Set(keys.map((k) => log.commands.partitionFor(k))).size);
        await a.close();
        expect(owners.size).toBe(0);

        await log.commands.append(keys.map((k) => rec(k, 2)));
        const seenAgain: LogRecord[] = [];
        const b = await log.commands.consume(g, member('b', owners, seenAgain, violations), target.consumeOptions);
        await waitFor('the 16 new records', () => seenAgain.length === 16, target.rebalanceMs + 10_000);
        await b.close();
        expect(seenAgain.every((r) => (r.payload as { n: number }).n === 2)).toBe(true);
        expect(violations).toEqual([]);
      });

      it('never lets two members own one partition, and moves partitions when a member stops', async () => {
        const g = group();
        const owners = new Map<number, string>();
        const seenA: LogRecord[] = [];
        const seenB: LogRecord[] = [];
        const violations: string[] = [];
        const a = await log.commands.consume(g, member('a', owners, seenA, violations), target.consumeOptions);
        await waitFor('a owns every partition', () => owners.size === 4, target.rebalanceMs + 10_000);
        const b = await log.commands.consume(g, member('b', owners, seenB, violations), target.consumeOptions);
        await waitFor(
          'the partitions spread over both members',
          () => [...owners.values()].includes('a') && [...owners.values()].includes('b') && owners.size === 4,
          target.rebalanceMs + 10_000,
        );
        const keys = Array.from({ length: 32 }, (_, i) => `objects/${i}`);
        await log.commands.append(keys.map((k) => rec(k, 1)));
        await waitFor('all records', () => seenA.length + seenB.length === 32, target.rebalanceMs + 10_000);
        expect(seenA.length).toBeGreaterThan(0);
        expect(seenB.length).toBeGreaterThan(0);
        const partitionsOf = (seen: LogRecord[]) => new Set(seen.map((r) => r.partition));
        expect([...partitionsOf(seenA)].some((p) => partitionsOf(seenB).has(p))).toBe(false);

        await a.close();
        await waitFor('b owns every partition', () => owners.size === 4 && [...owners.values()].every((o) => o === 'b'), target.rebalanceMs + 10_000);
        const before = seenB.length;
        await log.commands.append(keys.map((k) => rec(k, 2)));
        await waitFor('b handles all the new records', () => seenB.length - before === 32, target.rebalanceMs + 10_000);
        await b.close();
        expect(violations).toEqual([]);
      });

      it('ends the membership when a handler fails', async () => {
        const g = group();
        await log.commands.append([rec('objects/1', 1)]);
        const sub: Subscription = await log.commands.consume(
          g,
          { onRecords: async () => Promise.reject(new Error('cannot handle')) },
          target.consumeOptions,
        );
        await expect(sub.done).rejects.toThrow('cannot handle');
        await sub.close();
      });
    });
  });
}
