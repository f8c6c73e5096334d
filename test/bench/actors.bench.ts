/**
 * npm run bench:actors — commands per second through the actor host (a create + update + delete mix)
 * on both logs, and the replay of a large log into the projection: events per second and resident
 * memory per object. One line per figure, with its unit. The embedded replay is measured twice: in
 * this process's default heap (how `bosun up` folds the log at start) and in a fresh node with the
 * fold verbs' heap (how `bosun replay` folds it).
 *
 * Every embedded figure is the median of BOSUN_BENCH_ROUNDS runs (default 3; each printed), each
 * in a fresh node: the commands with a new log each, the replay folding the same log again. Those
 * nodes run with the flags `bosun up` runs with (SERVER_HEAP_FLAGS; BOSUN_BENCH_SERVER_FLAGS
 * replaces them, to compare) or the fold verbs' (FOLD_HEAP_FLAGS).
 *
 * Env: BOSUN_BENCH_COMMANDS (default 20,000; 0 skips the commands figure), BOSUN_BENCH_WARM_UP
 * (untimed commands before them, default 6,000), BOSUN_BENCH_SENDERS (default 64), BOSUN_BENCH_REPLAY_EVENTS
 * (default 1,000,000), BOSUN_BENCH_LOGS (`embedded,kafka` by default: which logs to measure),
 * BOSUN_BENCH_KAFKA (a broker to use instead of starting one), BOSUN_FOLD_THREADS (threads of the embedded replay's fold;
 * 1 folds on one thread).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '@bosun/api';
import { EmbeddedEventLog, KafkaEventLog, topology, type EventLog, type NewRecord } from '@bosun/event-log';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import { ActorHost, ClusterState, CommandClient, ReplyRouter, claimRecord, eventToRecord, followEvents } from '@bosun/runtime';
import { FOLD_HEAP_FLAGS, SERVER_HEAP_FLAGS } from '../../apps/cli/src/fold-heap';

const COMMANDS = Number(process.env.BOSUN_BENCH_COMMANDS ?? 20_000);
/** Untimed commands before the timed ones (BOSUN_BENCH_WARM_UP). */
const WARM_UP = Number(process.env.BOSUN_BENCH_WARM_UP ?? 6_000);
/** Commands in flight at once (BOSUN_BENCH_SENDERS). */
const SENDERS = Number(process.env.BOSUN_BENCH_SENDERS ?? 64);
const REPLAY = Number(process.env.BOSUN_BENCH_REPLAY_EVENTS ?? 1_000_000);
/** Runs of each embedded figure, each in a fresh node (BOSUN_BENCH_ROUNDS). */
const ROUNDS = Number(process.env.BOSUN_BENCH_ROUNDS ?? 3);
/** The node flags of bosun up's process (BOSUN_BENCH_SERVER_FLAGS replaces them, to compare). */
const SERVER_FLAGS: readonly string[] =
  process.env.BOSUN_BENCH_SERVER_FLAGS === undefined ? SERVER_HEAP_FLAGS : process.env.BOSUN_BENCH_SERVER_FLAGS.split(/\s+/).filter((f) => f !== '');
const LOGS = new Set((process.env.BOSUN_BENCH_LOGS ?? 'embedded,kafka').split(',').map((l) => l.trim()));
const scripts = join(__dirname, '..', '..', '..', 'scripts', 'kafka');

const pod = (name: string, v: string): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'bench', v } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }) as unknown as KubeObject;
let n = 0;
const meta = (): CommandMetadata => ({ commandId: `b-${n++}`, time: '2026-11-28T10:00:00Z', source: '/bosun/bench' });

/**
 * Create, relabel, delete: a third of the commands each, 64 senders at once, after an untimed
 * warm-up of WARM_UP commands on other objects (the first second of a fresh process is spent
 * compiling: a 20,000-command run without it measured 17-19k commands/s where 60,000 measured
 * 20.5k). Also the CPU time the process spent per command (all threads): on a shared machine the
 * rate follows the load, the CPU cost much less.
 */
async function commandsPerSecond(log: EventLog): Promise<{ rate: number; cpuMicros: number }> {
  const replies = new ReplyRouter();
  const host = new ActorHost(log, replies, { group: `bench-${randomUUID().slice(0, 6)}`, sessionTimeoutMs: 10_000 });
  await host.start();
  const client = new CommandClient(log, replies, 120_000);
  const run = (prefix: string, commands: number) => {
    const objects = Math.floor(commands / 3);
    return Promise.all(
      Array.from({ length: SENDERS }, async (_, s) => {
        for (let i = s; i < objects; i += SENDERS) {
          const name = `${prefix}${i}`;
          const send = (c: AddressedCommand['command']) => client.send({ kind: 'Pod', namespace: 'default', name, command: c });
          const created = await send({ type: 'Create', data: { object: pod(name, '1') }, metadata: meta() });
          if (!created.accepted) throw created.error;
          await send({ type: 'Replace', data: { object: { ...created.object!, metadata: { ...created.object!.metadata, labels: { app: 'bench', v: '2' } } } as KubeObject }, metadata: meta() });
          await send({ type: 'Delete', data: {}, metadata: meta() });
        }
      }),
    ).then(() => objects * 3);
  };
  await run('warm', WARM_UP);
  const t = performance.now();
  const cpu = process.cpuUsage();
  const sent = await run('p', COMMANDS);
  const rate = Math.round((sent / (performance.now() - t)) * 1000);
  const used = process.cpuUsage(cpu);
  await host.stop();
  return { rate, cpuMicros: Math.round((used.user + used.system) / sent) };
}

/** Writes REPLAY events for REPLAY/5 pods (created, scheduled, running, relabelled, status). */
async function writeReplayLog(log: EventLog): Promise<void> {
  const fence = { partition: 0, epoch: 1, owner: 'bench' };
  await log.events.append([claimRecord(fence, '2026-11-28T10:00:00Z')]);
  const pods = Math.floor(REPLAY / 5);
  const m = { machineVersion: 1, time: '2026-11-28T10:00:00Z', source: '/bosun/bench' };
  let batch: NewRecord[] = [];
  for (let i = 0; i < pods; i++) {
    const id = { kind: 'Pod' as const, namespace: 'default', name: `r${i}` };
    const object = { ...pod(id.name, '1'), metadata: { ...pod(id.name, '1').metadata, creationTimestamp: m.time, generation: 1 } };
    const events = [
      { type: 'PodCreated', data: { object } },
      { type: 'PodScheduled', data: { nodeName: `node-${i % 5000}`, time: m.time } },
      { type: 'PodStatusUpdated', data: { status: { phase: 'Running', podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` } } },
      { type: 'PodUpdated', data: { object: { ...object, spec: { ...(object as { spec?: object }).spec, nodeName: `node-${i % 5000}` }, metadata: { ...object.metadata, labels: { app: 'bench', v: '2' } } } } },
      { type: 'PodStatusUpdated', data: { status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] } } },
    ];
    events.forEach((e, j) => batch.push(eventToRecord(id, { ...e, metadata: { ...m, commandId: `r${i}-${j}` } }, 0, fence)));
    if (batch.length >= 5000) {
      await log.events.append(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await log.events.append(batch);
}

/**
 * Folds the whole log into a new projection as a starting server does (followEvents: on the
 * embedded log, in parallel shards, BOSUN_FOLD_THREADS of them): events per second, CPU time per
 * event (all threads, the shards' workers too) and heap per object.
 */
async function foldReplayLog(log: EventLog): Promise<Fold> {
  const pods = Math.floor(REPLAY / 5);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const state = new ClusterState();
  const t = performance.now();
  const cpu = process.cpuUsage();
  const { tail, end } = await followEvents(log, state);
  await state.reached(end - 1);
  const perSecond = Math.round((end / (performance.now() - t)) * 1000);
  const used = process.cpuUsage(cpu);
  await tail.close();
  global.gc?.();
  const bytesPerObject = Math.round((process.memoryUsage().heapUsed - heapBefore) / pods);
  if (state.list('Pod').length !== pods) throw new Error(`replayed ${state.list('Pod').length} pods, expected ${pods}`);
  return { perSecond, cpuMicros: Math.round(((used.user + used.system) / end) * 100) / 100, bytesPerObject, objects: pods };
}

interface Fold {
  readonly perSecond: number;
  readonly cpuMicros: number;
  readonly bytesPerObject: number;
  readonly objects: number;
}

/** What a child node measures (BOSUN_BENCH_PART): the commands on a new log in `dir`, or the fold of the log there. */
type Part = { readonly part: 'commands'; readonly dir: string } | { readonly part: 'fold'; readonly dir: string; readonly prefix: string };

/** Runs one part in a fresh node with `flags`; V8 sizes its heap at start, so only another process can have other flags. */
function inNode<T>(flags: readonly string[], part: Part): T {
  const out = execFileSync(process.execPath, ['--expose-gc', ...flags, __filename], {
    encoding: 'utf8',
    env: { ...process.env, BOSUN_BENCH_PART: JSON.stringify(part) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as T;
}

async function runPart(part: Part): Promise<unknown> {
  const log = EmbeddedEventLog.open({ dir: part.dir, topology: topology(part.part === 'fold' ? part.prefix : 'cmd', 8) });
  try {
    return part.part === 'fold' ? await foldReplayLog(log) : await commandsPerSecond(log);
  } finally {
    await log.close();
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const fmt = (n: number): string => n.toLocaleString('en-US');
/** `X unit (median of N: a / b / c)`: the runs in the order they ran. */
const ofRounds = (values: readonly number[], unit: string): string =>
  values.length === 1 ? `${fmt(values[0])} ${unit}` : `${fmt(median(values))} ${unit} (median of ${values.length}: ${values.map(fmt).join(' / ')})`;

async function main(): Promise<void> {
  const part = process.env.BOSUN_BENCH_PART;
  if (part !== undefined) {
    process.stdout.write(JSON.stringify(await runPart(JSON.parse(part) as Part)));
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'bosun-bench-actors-'));
  let kafkaDir: string | undefined;
  const line = (what: string, value: number, unit: string): void => console.log(`${what}: ${fmt(value)} ${unit}`);
  const server = SERVER_FLAGS.length === 0 ? 'node\'s default heap' : SERVER_FLAGS.join(' ');
  try {
    let log: EventLog;
    if (LOGS.has('embedded')) {
      if (COMMANDS > 0) {
        const runs = Array.from({ length: ROUNDS }, (_, i) => inNode<{ rate: number; cpuMicros: number }>(SERVER_FLAGS, { part: 'commands', dir: join(scratch, `cmd${i}`) }));
        console.log(`embedded: actor host, ${COMMANDS} commands (create/update/delete), ${SENDERS} senders, in bosun up's heap (${server}): ${ofRounds(runs.map((r) => r.rate), 'commands/s')}`);
        console.log(`embedded: CPU time per command (all threads): ${ofRounds(runs.map((r) => r.cpuMicros), 'µs')}`);
      }
      if (REPLAY > 0) {
        log = EmbeddedEventLog.open({ dir: join(scratch, 'replay'), topology: topology('replay', 8) });
        await writeReplayLog(log);
        await log.close();
        // The two heaps take turns, so that a change in the machine's load falls on both.
        const up: Fold[] = [];
        const verbs: Fold[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          up.push(inNode<Fold>(SERVER_FLAGS, { part: 'fold', dir: join(scratch, 'replay'), prefix: 'replay' }));
          verbs.push(inNode<Fold>(FOLD_HEAP_FLAGS, { part: 'fold', dir: join(scratch, 'replay'), prefix: 'replay' }));
        }
        console.log(`embedded: replay of ${REPLAY} events into the projection, as bosun up folds at start (${server}): ${ofRounds(up.map((r) => r.perSecond), 'events/s')}`);
        console.log(`embedded: CPU time per replayed event (all threads), as bosun up: ${ofRounds(up.map((r) => r.cpuMicros), 'µs')}`);
        line(`embedded: heap per object after replay (${up[0].objects} pods)`, median(up.map((r) => r.bytesPerObject)), 'bytes');
        console.log(`embedded: replay of ${REPLAY} events into the projection, in the fold verbs' heap (${FOLD_HEAP_FLAGS.join(' ')}): ${ofRounds(verbs.map((r) => r.perSecond), 'events/s')}`);
        console.log(`embedded: CPU time per replayed event (all threads), in the fold verbs' heap: ${ofRounds(verbs.map((r) => r.cpuMicros), 'µs')}`);
      }
    }
    if (!LOGS.has('kafka')) return;

    let brokers = process.env.BOSUN_BENCH_KAFKA;
    if (!brokers) {
      kafkaDir = mkdtempSync(join(tmpdir(), 'bosun-bench-kafka-'));
      brokers = execFileSync(join(scripts, 'start.sh'), ['--dir', kafkaDir, '--port', '39692'], { encoding: 'utf8' }).trim();
    }
    const kafka = (prefix: string) => KafkaEventLog.open({ brokers: brokers!.split(','), topology: topology(prefix, 8), logLevel: 'NOTHING' });
    if (COMMANDS > 0) {
      log = await kafka(`bc${randomUUID().slice(0, 6)}`);
      const c = await commandsPerSecond(log);
      line(`kafka: actor host, ${COMMANDS} commands (create/update/delete), ${SENDERS} senders`, c.rate, 'commands/s');
      line(`kafka: CPU time per command (all threads of this process)`, c.cpuMicros, 'µs');
      await log.close();
    }
    if (REPLAY > 0) {
      log = await kafka(`br${randomUUID().slice(0, 6)}`);
      await writeReplayLog(log);
      const k = await foldReplayLog(log);
      line(`kafka: replay of ${REPLAY} events into the projection`, k.perSecond, 'events/s');
      await log.close();
    }
  } finally {
    if (kafkaDir) execFileSync(join(scripts, 'stop.sh'), ['--dir', kafkaDir, '--wipe'], { stdio: 'inherit' });
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
