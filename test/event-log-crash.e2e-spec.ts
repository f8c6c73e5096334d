/**
 * Crash safety of the event log, with real processes: a writer killed with SIGKILL in the middle of
 * appends loses no acknowledged record and leaves no partial batch; a consumer-group member killed
 * with SIGKILL loses its partitions to a live member once its session expires. Embedded and Kafka.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventLog, KafkaEventLog, topology, type EventLog, type LogRecord } from '@bosun/event-log';
import { killHard, spawnLines, type LineChild } from './support/child-process';
import { testKafkaBrokers } from './support/test-kafka';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

const CHILD = join(__dirname, '..', 'dist', 'test', 'fixtures', 'log-child.js');
const scratch = mkdtempSync(join(tmpdir(), 'bosun-crash-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Target {
  readonly name: string;
  /** The child's `<kind>:<where>` argument and an in-process opener for the same log. */
  make(): { arg: string; open(prefix: string): Promise<EventLog> };
}

const targets: Target[] = [
  {
    name: 'embedded',
    make() {
      const dir = join(scratch, randomUUID());
      return {
        arg: `embedded:${dir}`,
        open: async (prefix) => EmbeddedEventLog.open({ dir, topology: topology(prefix, 4), pollIntervalMs: 20 }),
      };
    },
  },
  {
    name: 'kafka',
    make() {
      const brokers = testKafkaBrokers();
      return {
        arg: `kafka:${brokers.join(',')}`,
        open: (prefix) => KafkaEventLog.open({ brokers, topology: topology(prefix, 4), logLevel: 'NOTHING' }),
      };
    },
  },
];

describe.each(targets)('event log crash safety: $name', (target) => {
  const children: LineChild[] = [];
  const logs: EventLog[] = [];
  afterEach(async () => {
    await Promise.all(children.splice(0).map(killHard));
    await Promise.all(logs.splice(0).map((l) => l.close()));
  });

  it('keeps every acknowledged record and never shows a partial batch after kill -9 of the writer', async () => {
    const { arg, open } = target.make();
    const prefix = `crash${randomUUID().slice(0, 6)}`;
    const writer = spawnLines(process.execPath, [CHILD, 'append', arg, prefix]);
    children.push(writer);
    const acked = () => writer.lines.filter((l) => l.startsWith('ack '));
    await waitFor(`2,000 acknowledged batches (stderr: ${writer.stderr()})`, () => acked().length >= 2_000, 60_000);
    await killHard(writer);

    const log = await open(prefix);
    logs.push(log);
    const records: LogRecord[] = [];
    for await (const batch of log.events.read(0)) records.push(...batch);
    expect(records.map((r) => r.offset)).toEqual(records.map((_, i) => i));

    const byBatch = new Map<number, LogRecord[]>();
    for (const r of records) {
      const { batch } = r.payload as { batch: number };
      byBatch.set(batch, [...(byBatch.get(batch) ?? []), r]);
    }
    // Every batch that is there is whole and consecutive.
    for (const [id, members] of byBatch) {
      const { size } = members[0].payload as { size: number };
      expect({ id, count: members.length }).toEqual({ id, count: size });
      expect(members.map((m) => m.offset)).toEqual(members.map((_, i) => members[0].offset + i));
    }
    // Every acknowledged batch is there, at the offset the writer was told.
    for (const line of acked()) {
      const [, id, offset, size] = line.split(' ').map(Number);
      const members = byBatch.get(id);
      expect({ id, offset: members?.[0].offset, count: members?.length }).toEqual({ id, offset, count: size });
    }
  });

  it('lets a process that closes its log go on after the close (an idle writer thread held it not)', async () => {
    const { arg } = target.make();
    const child = spawnSync(process.execPath, [CHILD, 'close', arg, `close${randomUUID().slice(0, 6)}`], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: child.status, stdout: child.stdout }).toEqual({ status: 0, stdout: 'ready\nclosed after 0\n' });
  });

  it('moves the partitions of a consumer killed with kill -9 to a live member', async () => {
    const { arg, open } = target.make();
    const prefix = `own${randomUUID().slice(0, 6)}`;
    const doomed = spawnLines(process.execPath, [CHILD, 'consume', arg, prefix]);
    children.push(doomed);
    const owned = () => new Set(doomed.lines.filter((l) => l.startsWith('owns ')).map((l) => Number(l.split(' ')[1])));
    await waitFor(`the child to own all 4 partitions (stderr: ${doomed.stderr()})`, () => owned().size === 4, 30_000);

    const log = await open(prefix);
    logs.push(log);
    const mine = new Set<number>();
    const handled: LogRecord[] = [];
    const member = await log.commands.consume(
      'crash-test',
      {
        onAssigned: (p) => void mine.add(p),
        onRevoked: (p) => void mine.delete(p),
        onRecords: async (_p, records) => void handled.push(...records),
      },
      { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 },
    );
    // While the child is alive and holds everything it would not give up, so the live member owns
    // at most what a rebalance hands it; after the kill it must end up with all four.
    await killHard(doomed);
    await waitFor('the live member to own all 4 partitions', () => mine.size === 4, 45_000);
    const keys = Array.from({ length: 12 }, (_, i) => `objects/${i}`);
    await log.commands.append(keys.map((key) => ({ key, type: 'AfterCrash', payload: { key } })));
    await waitFor('the records appended after the crash', () => handled.filter((r) => r.type === 'AfterCrash').length === 12, 30_000);
    await member.close();
  });
});
