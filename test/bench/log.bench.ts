/**
 * npm run bench:log — append and read throughput of both event-log adapters, with Kafka's own
 * kafka-producer-perf-test against the same broker as the ceiling. Prints medians of several runs.
 *
 * Env: BOSUN_BENCH_RUNS (default 3), BOSUN_BENCH_KAFKA (bootstrap servers of a broker to use instead
 * of starting one from scripts/kafka).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  EmbeddedEventLog,
  KafkaEventLog,
  recordSize,
  topology,
  type EventLog,
  type NewRecord,
} from '@bosun/event-log';

const RUNS = Number(process.env.BOSUN_BENCH_RUNS ?? 3);
const root = join(__dirname, '..', '..', '..');
const scripts = join(root, 'scripts', 'kafka');

interface Figures {
  batched: number;
  concurrentSingles: number;
  sequentialSingles: number;
  read: number;
}

/** A record of exactly `bytes` bytes as the log counts them. */
function recordOf(bytes: number, i: number): NewRecord {
  const base: NewRecord = { key: `pods/default/p${i % 1000}`, type: 'BenchRecorded', payload: { i, pad: '' } };
  const pad = 'x'.repeat(Math.max(0, bytes - recordSize(base)));
  return { ...base, payload: { i, pad } };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const perSecond = (n: number, ms: number): number => Math.round((n / ms) * 1000);

async function measure(open: (prefix: string) => Promise<EventLog>, bytes: number, counts: { batched: number; singles: number }): Promise<Figures> {
  const log = await open(`bench${randomUUID().slice(0, 8)}`);
  try {
    const batch = 1000;
    let t = performance.now();
    for (let i = 0; i < counts.batched; i += batch) {
      await log.events.append(Array.from({ length: batch }, (_, j) => recordOf(bytes, i + j)));
    }
    const batched = perSecond(counts.batched, performance.now() - t);

    t = performance.now();
    const writers = 64;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = w; i < counts.singles; i += writers) await log.events.append([recordOf(bytes, i)]);
      }),
    );
    const concurrentSingles = perSecond(counts.singles, performance.now() - t);

    const sequential = Math.min(2_000, counts.singles);
    t = performance.now();
    for (let i = 0; i < sequential; i++) await log.events.append([recordOf(bytes, i)]);
    const sequentialSingles = perSecond(sequential, performance.now() - t);

    const end = await log.events.endOffset();
    t = performance.now();
    let read = 0;
    for await (const records of log.events.read(0, { to: end })) read += records.length;
    if (read !== end) throw new Error(`read ${read} records, expected ${end}`);
    return { batched, concurrentSingles, sequentialSingles, read: perSecond(read, performance.now() - t) };
  } finally {
    await log.close();
  }
}

async function runs(open: (prefix: string) => Promise<EventLog>, bytes: number, counts: { batched: number; singles: number }): Promise<Figures> {
  const all: Figures[] = [];
  for (let r = 0; r < RUNS; r++) all.push(await measure(open, bytes, counts));
  return {
    batched: median(all.map((f) => f.batched)),
    concurrentSingles: median(all.map((f) => f.concurrentSingles)),
    sequentialSingles: median(all.map((f) => f.sequentialSingles)),
    read: median(all.map((f) => f.read)),
  };
}

/** kafka-producer-perf-test with acks=all and idempotence, as the Kafka adapter produces. */
function producerPerfTest(cache: string, brokers: string, bytes: number, records: number): number {
  const topic = `perf${randomUUID().slice(0, 8)}`;
  const java = (main: string, args: string[]): string =>
    execFileSync('java', ['-cp', `${cache}/libs/*`, `-Dlog4j2.configurationFile=${cache}/log4j2.yaml`, main, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  java('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', brokers, '--create', '--topic', topic, '--partitions', '1', '--replication-factor', '1']);
  const out = java('org.apache.kafka.tools.ProducerPerformance', [
    '--topic', topic, '--num-records', String(records), '--record-size', String(bytes), '--throughput', '-1',
    '--producer-props', `bootstrap.servers=${brokers}`, 'acks=all', 'enable.idempotence=true',
  ]);
  const last = out.trim().split('\n').filter((l) => l.includes('records/sec')).pop() ?? '';
  const match = /records sent, ([\d.]+) records\/sec/.exec(last);
  if (!match) throw new Error(`could not read kafka-producer-perf-test output:\n${out}`);
  return Math.round(Number(match[1]));
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const fmt = (n: number): string => n.toLocaleString('en-US');
  const scratch = mkdtempSync(join(tmpdir(), 'bosun-bench-log-'));
  let kafkaDir: string | undefined;
  try {
    const embedded = (prefix: string) =>
      Promise.resolve(EmbeddedEventLog.open({ dir: join(scratch, prefix), topology: topology(prefix, 1) }));
    for (const bytes of [200, 2048]) {
      const f = await runs(embedded, bytes, { batched: bytes === 200 ? 200_000 : 50_000, singles: 20_000 });
      rows.push(['embedded', `${bytes} B`, fmt(f.batched), fmt(f.concurrentSingles), fmt(f.sequentialSingles), fmt(f.read), '', '']);
    }

    let brokers = process.env.BOSUN_BENCH_KAFKA;
    const cache = execFileSync(join(scripts, 'fetch.sh'), { encoding: 'utf8' }).trim();
    if (!brokers) {
      kafkaDir = mkdtempSync(join(tmpdir(), 'bosun-bench-kafka-'));
      brokers = execFileSync(join(scripts, 'start.sh'), ['--dir', kafkaDir, '--port', '39592'], { encoding: 'utf8' }).trim();
    }
    const kafka = (prefix: string) =>
      KafkaEventLog.open({ brokers: brokers!.split(','), topology: topology(prefix, 1), logLevel: 'ERROR' });
    for (const bytes of [200, 2048]) {
      const counts = { batched: bytes === 200 ? 200_000 : 50_000, singles: 20_000 };
      const f = await runs(kafka, bytes, counts);
      const ceilings: number[] = [];
      for (let r = 0; r < RUNS; r++) ceilings.push(producerPerfTest(cache, brokers, bytes, counts.batched));
      const ceiling = median(ceilings);
      rows.push(['kafka', `${bytes} B`, fmt(f.batched), fmt(f.concurrentSingles), fmt(f.sequentialSingles), fmt(f.read), fmt(ceiling), `${Math.round((f.batched / ceiling) * 100)}%`]);
    }
  } finally {
    if (kafkaDir) execFileSync(join(scripts, 'stop.sh'), ['--dir', kafkaDir, '--wipe'], { stdio: 'inherit' });
    rmSync(scratch, { recursive: true, force: true });
  }

  const header = ['adapter', 'record', 'batched appends/s', '64 concurrent single appends/s', 'sequential single appends/s', 'read records/s', 'kafka-producer-perf-test records/s', 'batched vs perf-test'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  console.log(`bosun ${pkg.version} event-log benchmark: medians of ${RUNS} runs, batches of 1,000, node ${process.version}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
