/**
 * The actor host killed with SIGKILL in the middle of a command stream, then replaced: every command
 * acknowledged before the crash is in the log exactly once, and no command is applied twice (the
 * replacement host re-reads the uncommitted commands and recognises those already applied).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventLog, KafkaEventLog, topology, type EventLog, type LogRecord } from '@bosun/event-log';
import { ActorHost, ReplyRouter } from '@bosun/runtime';
import { killHard, spawnLines, type LineChild } from './support/child-process';
import { testKafkaBrokers } from './support/test-kafka';
import { waitFor } from './support/wait-for';

jest.setTimeout(180_000);

const CHILD = join(__dirname, '..', 'dist', 'test', 'fixtures', 'host-child.js');
const scratch = mkdtempSync(join(tmpdir(), 'bosun-host-crash-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function readAll(log: EventLog, topic: 'events' | 'commands'): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  const t = log[topic];
  for (let p = 0; p < t.partitions; p++) for await (const batch of t.read(0, { partition: p })) out.push(...batch);
  return out;
}

const targets = [
  {
    name: 'embedded',
    make: () => {
      const dir = join(scratch, randomUUID());
      return { arg: `embedded:${dir}`, open: async (prefix: string) => EmbeddedEventLog.open({ dir, topology: topology(prefix, 4), pollIntervalMs: 20 }), session: 1_000 };
    },
  },
  {
    name: 'kafka',
    make: () => ({
      arg: `kafka:${testKafkaBrokers().join(',')}`,
      open: (prefix: string) => KafkaEventLog.open({ brokers: testKafkaBrokers(), topology: topology(prefix, 4), logLevel: 'NOTHING' }),
      session: 6_000,
    }),
  },
];

describe.each(targets)('actor host crash: $name', (target) => {
  let child: LineChild | undefined;
  let log: EventLog | undefined;
  let host: ActorHost | undefined;
  afterEach(async () => {
    if (child) await killHard(child);
    await host?.stop();
    await log?.close();
  });

  it('keeps every acknowledged command exactly once and applies none twice', async () => {
    const { arg, open, session } = target.make();
    const prefix = `hc${randomUUID().slice(0, 6)}`;
    const group = `hosts-${prefix}`;
    child = spawnLines(process.execPath, [CHILD, arg, prefix, group]);
    const acked = () => child!.lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4));
    await waitFor(`300 acknowledged commands (stderr: ${child.stderr()})`, () => acked().length >= 300, 90_000);
    await killHard(child);
    const acknowledged = acked();

    log = await open(prefix);
    host = new ActorHost(log, new ReplyRouter(), { group, sessionTimeoutMs: session, heartbeatIntervalMs: Math.max(50, session / 10) });
    await host.start();
    const commandIds = new Set((await readAll(log, 'commands')).map((r) => r.headers.ce_id));
    // The replacement host works through the commands the dead one had not committed.
    await waitFor(
      'every sent command to be applied',
      () => [...commandIds].every((id) => host!.state.get(`pods/default/p${id.slice('create-'.length)}`) !== undefined),
      60_000,
    );
    const causes = new Map<string, number>();
    for (const r of await readAll(log, 'events')) {
      if (r.type === 'PodCreated') causes.set(r.headers.ce_causationid, (causes.get(r.headers.ce_causationid) ?? 0) + 1);
    }
    for (const id of acknowledged) expect({ id, times: causes.get(id) }).toEqual({ id, times: 1 });
    for (const [id, times] of causes) expect({ id, times }).toEqual({ id, times: 1 });
    expect(host.state.list('Pod').length).toBe(commandIds.size);
  });
});
