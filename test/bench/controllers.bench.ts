/**
 * npm run bench:replication — an RC of BOSUN_BENCH_REPLICAS (default 1,000) on 10 simulated nodes:
 * time from the RC's creation until every replica is Running.
 * npm run bench:scheduler — BOSUN_BENCH_PODS (default 10,000) pods over each of BOSUN_BENCH_NODES
 * (default "1000,5000") simulated nodes: pods/s from creation to the bound event.
 * Both in one process (actor host, controllers, simulated nodes), on the embedded log and on Kafka
 * (BOSUN_BENCH_KAFKA=host:port, else a broker started for the run; BOSUN_BENCH_LOGS=embedded skips it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '@bosun/api';
import { Controller, replicationReconciler, schedulerReconciler, simulatedNodesReconciler, type Reconciler } from '@bosun/controllers';
import { EmbeddedEventLog, KafkaEventLog, topology, type EventLog } from '@bosun/event-log';
import type { AddressedCommand } from '@bosun/objects';
import { ActorHost, ClusterState, CommandClient, ReplyRouter } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const scripts = join(__dirname, '..', '..', '..', 'scripts', 'kafka');

async function cluster(log: EventLog, reconcilers: Reconciler[]) {
  const replies = new ReplyRouter();
  const host = new ActorHost(log, replies, { sessionTimeoutMs: 10_000 });
  await host.start();
  const state = new ClusterState();
  const tail = await log.events.subscribe(0, async (r) => state.applyAll(r));
  const client = new CommandClient(log, replies, 300_000);
  const meta = () => ({ commandId: randomUUID(), time: new Date().toISOString(), source: '/bench' });
  const send = async (c: AddressedCommand) => {
    const reply = await client.send(c);
    if (!reply.accepted) throw reply.error;
  };
  await send({ kind: 'Namespace', name: 'default', command: { type: 'Create', data: { object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'ns' } } as KubeObject }, metadata: meta() } });
  const controllers = reconcilers.map((r) => new Controller(r, state, client, () => undefined));
  controllers.forEach((c) => c.start());
  const until = async (what: () => boolean) => {
    while (!what()) await new Promise((r) => setTimeout(r, 20));
  };
  // Counted from the changes: listing 10,000 pods every few ms would cost the run more than it measures.
  const bound = new Set<string>();
  const running = new Set<string>();
  const ready = new Set<string>();
  state.onChange((change) => {
    const o = change.object as Anything;
    if (change.type === 'DELETED') return;
    if (o.kind === 'Pod' && o.spec?.nodeName) bound.add(change.key);
    if (o.kind === 'Pod' && o.status?.phase === 'Running') running.add(change.key);
    if (o.kind === 'Node' && (o.status?.conditions ?? []).some((c: Anything) => c.type === 'Ready' && c.status === 'True')) ready.add(change.key);
  });
  return {
    send, meta, until, bound, running, ready,
    async close() {
      await Promise.all(controllers.map((c) => c.stop()));
      await tail.close();
      await host.stop();
    },
  };
}

const nodes = (n: number): string[] => Array.from({ length: n }, (_, i) => `sim-${i + 1}`);

async function replication(label: string, log: EventLog): Promise<void> {
  const replicas = Number(process.env.BOSUN_BENCH_REPLICAS ?? 1_000);
  const c = await cluster(log, [replicationReconciler, schedulerReconciler(), simulatedNodesReconciler(nodes(10))]);
  await c.until(() => c.ready.size === 10);
  const rc = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'web', namespace: 'default', uid: 'rc' }, spec: { replicas, selector: { app: 'web' }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'i' }] } } } } as unknown as KubeObject;
  const t = performance.now();
  await c.send({ kind: 'ReplicationController', namespace: 'default', name: 'web', command: { type: 'Create', data: { object: rc }, metadata: c.meta() } });
  await c.until(() => c.running.size === replicas);
  console.log(`replication (${label}): ${replicas} replicas on 10 simulated nodes all Running in ${((performance.now() - t) / 1000).toFixed(2)} s`);
  await c.close();
}

async function scheduler(label: string, log: EventLog, nodeCount: number): Promise<void> {
  const podCount = Number(process.env.BOSUN_BENCH_PODS ?? 10_000);
  const c = await cluster(log, [schedulerReconciler(), simulatedNodesReconciler(nodes(nodeCount))]);
  await c.until(() => c.ready.size === nodeCount);
  const t = performance.now();
  const senders = 64;
  let next = 0;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      for (let i = next++; i < podCount; i = next++) {
        const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default', uid: `u${i}` }, spec: { containers: [{ name: 'c', image: 'i' }], schedulerName: 'default-scheduler' } } as unknown as KubeObject;
        await c.send({ kind: 'Pod', namespace: 'default', name: `p${i}`, command: { type: 'Create', data: { object: pod }, metadata: c.meta() } });
      }
    }),
  );
  await c.until(() => c.bound.size === podCount);
  const seconds = (performance.now() - t) / 1000;
  console.log(`scheduler (${label}): ${nodeCount} nodes: ${Math.round(podCount / seconds)} pods/s (${podCount} pods, created → bound, ${seconds.toFixed(1)} s)`);
  await c.close();
}

async function main(which: string): Promise<void> {
  const logs = (process.env.BOSUN_BENCH_LOGS ?? 'embedded,kafka').split(',');
  const nodeCounts = (process.env.BOSUN_BENCH_NODES ?? '1000,5000').split(',').map(Number);
  const scratch = mkdtempSync(join(tmpdir(), 'bosun-bench-ctl-'));
  let kafkaDir: string | undefined;
  const run = async (label: string, open: (prefix: string) => Promise<EventLog>): Promise<void> => {
    for (const n of which === 'scheduler' ? nodeCounts : [0]) {
      const log = await open(`b${randomUUID().slice(0, 8)}`);
      try {
        await (which === 'scheduler' ? scheduler(label, log, n) : replication(label, log));
      } finally {
        await log.close();
      }
    }
  };
  try {
    if (logs.includes('embedded')) await run('embedded', async (prefix) => EmbeddedEventLog.open({ dir: join(scratch, prefix), topology: topology(prefix, 8) }));
    if (logs.includes('kafka')) {
      let brokers = process.env.BOSUN_BENCH_KAFKA;
      if (!brokers) {
        kafkaDir = mkdtempSync(join(tmpdir(), 'bosun-bench-kafka-'));
        brokers = execFileSync(join(scripts, 'start.sh'), ['--dir', kafkaDir, '--port', '39792'], { encoding: 'utf8' }).trim();
      }
      await run('kafka', (prefix) => KafkaEventLog.open({ brokers: brokers!.split(','), topology: topology(prefix, 8), logLevel: 'NOTHING' }));
    }
  } finally {
    if (kafkaDir) execFileSync(join(scripts, 'stop.sh'), ['--dir', kafkaDir, '--wipe'], { stdio: 'inherit' });
    rmSync(scratch, { recursive: true, force: true });
  }
}

main(process.argv[2] === 'scheduler' ? 'scheduler' : 'replication').then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
