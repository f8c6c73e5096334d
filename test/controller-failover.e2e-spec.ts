/**
 * Controllers as processes of their own, with leader election: two bosun-scheduler processes follow
 * one cluster; the leader is killed with kill -9; the standby takes over and binds the next pods;
 * no pod is ever bound twice (counted in the log itself). On the embedded log and on Kafka.
 */
import { EmbeddedEventLog, KafkaEventLog, topology, type EventLog } from '@bosun/event-log';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { killHard, spawnLines, type LineChild } from './support/child-process';
import { testKafkaBrokers } from './support/test-kafka';
import { waitFor } from './support/wait-for';

jest.setTimeout(180_000);
const SCHEDULER = join(__dirname, '..', 'dist', 'apps', 'scheduler', 'src', 'main.js');

describe.each([
  { name: 'embedded', kafka: false },
  { name: 'kafka', kafka: true },
])('scheduler failover ($name)', ({ kafka }) => {
  const prefix = `failover${randomUUID().slice(0, 8)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bosun-failover-'));
  const logArgs = (): string[] => [...(kafka ? ['--kafka', testKafkaBrokers().join(',')] : []), '--data-dir', dataDir, '--topic-prefix', prefix];
  const schedulers: LineChild[] = [];
  let bosun: BosunUnderTest;

  const scheduler = (): LineChild => {
    const child = spawnLines(process.execPath, [SCHEDULER, ...logArgs(), '--leader-elect-lease-duration', '6s']);
    schedulers.push(child);
    return child;
  };
  const leading = (child: LineChild): boolean => child.lines.some((l) => l.includes('scheduler: leading'));
  const nodeOf = (pod: string): string => bosun.kubectl(['get', 'pod', pod, '-o', 'jsonpath={.spec.nodeName}']).stdout;
  const createPod = (name: string): void => {
    const r = bosun.kubectl(['run', name, '--image=nginx', '--restart=Never']);
    if (r.code !== 0) throw new Error(`kubectl run ${name}: ${r.stderr}`);
  };

  afterAll(async () => {
    await Promise.all(schedulers.map(killHard));
    await bosun?.stop();
  });

  it('hands the work to the standby when the leader dies, binding no pod twice', async () => {
    bosun = await startBosun(dataDir, 0, [...logArgs(), '--controllers', 'replication', '--simulated-nodes', '2']);
    const first = scheduler();
    await waitFor(`the first scheduler to lead (stderr: ${first.stderr()})`, () => leading(first), 60_000);
    const second = scheduler();
    await waitFor('the second scheduler to join the election', () => second.lines.some((l) => l.includes('candidate in election')), 60_000);

    createPod('before');
    await waitFor('pod "before" bound by the leader', () => nodeOf('before') !== '', 30_000);
    expect(leading(second)).toBe(false); // one leader: the standby has not acted

    await killHard(first);
    for (const name of ['after-1', 'after-2', 'after-3']) createPod(name);
    await waitFor(`the standby to take over (stdout: ${second.lines.join('\n')})`, () => leading(second), 60_000);
    for (const name of ['after-1', 'after-2', 'after-3']) await waitFor(`pod ${name} bound by the new leader`, () => nodeOf(name) !== '', 30_000);

    // The log itself: every pod was bound exactly once.
    const log: EventLog = kafka
      ? await KafkaEventLog.open({ brokers: testKafkaBrokers(), topology: topology(prefix), logLevel: 'NOTHING' })
      : EmbeddedEventLog.open({ dir: dataDir, topology: topology(prefix) });
    const bindings = new Map<string, number>();
    try {
      for await (const batch of log.events.read(0)) {
        for (const r of batch) if (r.type === 'PodScheduled') bindings.set(r.key, (bindings.get(r.key) ?? 0) + 1);
      }
    } finally {
      await log.close();
    }
    expect(Object.fromEntries(bindings)).toEqual({
      'pods/default/before': 1,
      'pods/default/after-1': 1,
      'pods/default/after-2': 1,
      'pods/default/after-3': 1,
    });
  });
});
