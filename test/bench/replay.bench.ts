/**
 * `npm run bench:replay`: `bosun replay` over a 1,000,000-event embedded log — time to the state
 * (target ≤ 5 s, issue 7). The log is written directly, as the actor host would have written it: a
 * cluster of 1,000 nodes heartbeating while 160,000 pods go through their lives (created, bound,
 * started, relabelled, ready, and a tenth of them deleted), events stamped with decision times a
 * second apart per batch, so that `--at <time>` has something to find.
 * `bosun snapshot` runs once at 90% of the log, as an operator would now and then: replay is timed
 * from that snapshot and from offset 0 (--no-snapshots). The timed command asks for namespaces, which
 * print little: a replay folds only the kinds it prints, so this is the time to the state of one
 * small kind. `bosun replay pods -o name` is timed too: the whole state of the largest kind.
 * BOSUN_BENCH_EVENTS overrides the size; BOSUN_BENCH_RUNS the number of timed runs (median printed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '@bosun/api';
import { EmbeddedEventLog, topology, type NewRecord } from '@bosun/event-log';
import { openHistorySource, foldLog } from '@bosun/history';
import type { DomainEvent, ObjectIdentity } from '@bosun/objects';
import { claimRecord, eventToRecord, type Fence } from '@bosun/runtime';

const EVENTS = Number(process.env.BOSUN_BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BOSUN_BENCH_RUNS ?? 3);
const NODES = 1_000;
const BIN = join(__dirname, '..', '..', '..', 'bin', 'bosun');

const fence: Fence = { partition: 0, epoch: 1, owner: 'bench' };
const start = Date.parse('2026-11-28T10:00:00Z');

function podObject(name: string, time: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, creationTimestamp: time, generation: 1, ownerReferences: [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: 'uid-web', controller: true }] },
    spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 },
  } as unknown as KubeObject;
}

/** Writes about `total` events, calling `midway` once after `midwayAt` of them; returns how many. */
async function writeHistory(dir: string, total: number, midwayAt: number, midway: () => void): Promise<number> {
  const log = EmbeddedEventLog.open({ dir, topology: topology('bosun', 8) });
  let batch: NewRecord[] = [claimRecord(fence, new Date(start).toISOString())];
  let written = 0;
  let second = 0;
  const event = (id: ObjectIdentity, type: string, data: Record<string, unknown>, n: number): void => {
    const e: DomainEvent = { type, data, metadata: { machineVersion: 1, commandId: `c${written + batch.length}`, time: new Date(start + second * 1000).toISOString().replace('.000', ''), source: '/bosun/bench', actor: 'controller:bench' } };
    batch.push(eventToRecord(id, e, n, fence, { type: 'UpdateStatus', data: { status: {} }, metadata: e.metadata }));
  };
  let midwayDone = false;
  const flush = async (): Promise<void> => {
    await log.events.append(batch);
    written += batch.length;
    batch = [];
    second++;
    if (!midwayDone && written >= midwayAt) {
      midwayDone = true;
      midway();
    }
  };
  for (let n = 0; n < NODES; n++) {
    const name = `node-${n}`;
    event({ kind: 'Node', name }, 'NodeCreated', { object: { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-${name}`, generation: 1 }, spec: {}, status: {} } }, 0);
  }
  for (let i = 0; written + batch.length < total; i++) {
    const id: ObjectIdentity = { kind: 'Pod', namespace: 'default', name: `web-${i}` };
    const time = new Date(start + second * 1000).toISOString().replace('.000', '');
    const object = podObject(id.name, time);
    const node = `node-${i % NODES}`;
    event(id, 'PodCreated', { object }, 0);
    event(id, 'PodScheduled', { nodeName: node, time }, 0);
    event(id, 'PodStatusUpdated', { status: { phase: 'Running', hostIP: '10.0.0.1', podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, startTime: time, containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { running: { startedAt: time } } }] } }, 0);
    event(id, 'PodUpdated', { object: { ...object, spec: { ...(object as { spec: object }).spec, nodeName: node }, metadata: { ...object.metadata, labels: { app: 'web', tier: 'front' } } } }, 0);
    event(id, 'PodStatusUpdated', { status: { phase: 'Running', hostIP: '10.0.0.1', podIP: '10.0.0.2', startTime: time, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: time }], containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: time } } }] } }, 0);
    if (i % 10 === 0) event(id, 'PodDeleted', {}, 0);
    if (i % 2 === 0) {
      const n = `node-${(i / 2) % NODES}`;
      event({ kind: 'Node', name: n }, 'NodeStatusUpdated', { status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: time }] } }, 0);
    }
    if (batch.length >= 5_000) await flush();
  }
  if (batch.length > 0) await flush();
  const count = await log.events.endOffset();
  await log.close();
  return count;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-bench-replay-'));
  try {
    // As an operator would run it now and then: `bosun snapshot`, here once at 90% of the log.
    let snapshotAt = -1;
    const count = await writeHistory(dir, EVENTS, Math.floor(EVENTS * 0.9), () => {
      const r = spawnSync(process.execPath, [BIN, 'snapshot', '--data-dir', dir, '-o', 'json'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`bosun snapshot failed: ${r.stderr}`);
      snapshotAt = (JSON.parse(r.stdout) as { offset: number }).offset;
    });
    console.log(`log: ${count.toLocaleString('en-US')} events in ${dir}, a snapshot at ${snapshotAt.toLocaleString('en-US')}`);
    const cli: number[] = [];
    const withSnapshot: number[] = [];
    const fold: number[] = [];
    const allPods: number[] = [];
    const replay = (extra: string[], what = ['namespaces']): number => {
      // The command a user runs; namespaces print little, so the time is the replay's.
      const t = performance.now();
      const r = spawnSync(process.execPath, [BIN, 'replay', '--data-dir', dir, ...what, ...extra], { encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== 0) throw new Error(`bosun replay failed: ${r.stderr}`);
      return (performance.now() - t) / 1000;
    };
    for (let run = 0; run < RUNS; run++) {
      cli.push(replay(['--no-snapshots']));
      withSnapshot.push(replay([]));
      // Every pod of the cluster: the whole state of the largest kind is decoded and printed.
      allPods.push(replay([], ['pods', '-o', 'name']));
      // The fold alone, in this process.
      const source = await openHistorySource({ dataDir: dir });
      const f = performance.now();
      const folded = await foldLog(source, { to: { end: true } });
      fold.push(count / ((performance.now() - f) / 1000));
      if (folded.offset !== count - 1) throw new Error(`folded to ${folded.offset}, expected ${count - 1}`);
      await source.close();
    }
    console.log(`runs (bosun replay wall time, s): from the start ${cli.map((s) => s.toFixed(2)).join(' / ')}; from the snapshot ${withSnapshot.map((s) => s.toFixed(2)).join(' / ')}`);
    console.log(`bosun replay of ${count.toLocaleString('en-US')} events, time to the state (median of ${RUNS}): ${median(withSnapshot).toFixed(2)} s from the snapshot at ${snapshotAt.toLocaleString('en-US')}, ${median(cli).toFixed(2)} s from offset 0 (--no-snapshots)`);
    console.log(`bosun replay pods -o name (every pod, from the snapshot; median of ${RUNS}): ${median(allPods).toFixed(2)} s (runs ${allPods.map((s) => s.toFixed(2)).join(' / ')})`);
    console.log(`fold into the projection (median of ${RUNS}): ${Math.round(median(fold)).toLocaleString('en-US')} events/s`);
    // At a time in the middle: the same command, stopping halfway.
    const middle = new Date(start + Math.floor(count / 5_000 / 2) * 1000).toISOString();
    const t = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'replay', '--data-dir', dir, '--at', middle, 'namespaces', '--no-snapshots'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bosun replay --at failed: ${r.stderr}`);
    console.log(`bosun replay --at ${middle} (about half the log): ${((performance.now() - t) / 1000).toFixed(2)} s (${r.stderr.trim().split('\n')[0]})`);
  } finally {
    if (process.env.BOSUN_BENCH_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
