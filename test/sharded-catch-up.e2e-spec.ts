/**
 * `bosun up` on a long log and no snapshot (a first start after `bosun import`, or after an upgrade
 * that no longer reads the old snapshots) folds the log's older records in parallel shards, one
 * per worker thread: the cluster it serves is the one a fold on one thread gives.
 */
import type { KubeObject } from '@bosun/api';
import { EmbeddedEventLog, topology, type NewRecord } from '@bosun/event-log';
import { claimRecord, eventToRecord, type Fence } from '@bosun/runtime';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { startBosun, type BosunUnderTest } from './support/bosun-process';

/** Enough events for those before the last 10,000 (the watch cache's) to be well over 100,000. */
const PODS = 42_000;

async function writeLog(dir: string): Promise<void> {
  const log = EmbeddedEventLog.open({ dir, topology: topology('bosun') });
  const fence: Fence = { partition: 0, epoch: 1, owner: 'e2e' };
  const m = (i: number, j: number) => ({ machineVersion: 1, commandId: `e2e-${i}-${j}`, time: `2026-11-28T10:00:${String(j).padStart(2, '0')}Z`, source: '/bosun/e2e' });
  let batch: NewRecord[] = [claimRecord(fence, '2026-11-28T10:00:00Z')];
  for (let i = 0; i < PODS; i++) {
    const id = { kind: 'Pod' as const, namespace: 'default', name: `p${i}` };
    const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: id.name, namespace: 'default', uid: `uid-${i}`, labels: { app: 'e2e' }, creationTimestamp: '2026-11-28T10:00:00Z', generation: 1 }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as unknown as KubeObject;
    const events = [
      { type: 'PodCreated', data: { object } },
      { type: 'PodScheduled', data: { nodeName: `node-${i % 50}`, time: '2026-11-28T10:00:01Z' } },
      { type: 'PodStatusUpdated', data: { status: { phase: 'Running', podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` } } },
      { type: 'PodStatusUpdated', data: { status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] } } },
      ...(i % 7 === 0 ? [{ type: 'PodDeleted', data: {} }] : []),
    ];
    events.forEach((e, j) => batch.push(eventToRecord(id, { ...e, metadata: m(i, j) }, 0, fence)));
    if (batch.length >= 5000) {
      await log.events.append(batch);
      batch = [];
    }
  }
  await log.events.append(batch);
  await log.close();
}

async function getJson(bosun: BosunUnderTest, path: string): Promise<{ items: KubeObject[] }> {
  const res = await fetch(`${bosun.url}${path}`);
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { items: KubeObject[] };
}

describe('bosun up catching up on a long log', () => {
  const root = mkdtempSync(join(tmpdir(), 'bosun-sharded-e2e-'));
  const started: BosunUnderTest[] = [];

  beforeAll(async () => {
    await writeLog(join(root, 'log'));
  }, 120_000);
  afterAll(async () => {
    for (const b of started) await b.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** Bosun on a copy of the log, folding with `threads` threads; nothing else writes to it. */
  async function start(name: string, foldThreads: number): Promise<BosunUnderTest> {
    const dir = join(root, name);
    mkdirSync(dir);
    // The store with its write-ahead log, if it has kept one.
    for (const file of readdirSync(join(root, 'log'))) copyFileSync(join(root, 'log', file), join(dir, file));
    const bosun = await startBosun(dir, 0, ['--controllers', 'none', '--snapshot-every', '0', '--fold-threads', String(foldThreads)]);
    started.push(bosun);
    return bosun;
  }

  it('serves the cluster a fold on one thread gives, having folded most of the log in shards', async () => {
    const sharded = await start('sharded', 2);
    const single = await start('single', 1);
    expect(sharded.child.lines.some((l) => /folded the log's first [\d,]+ events in 2 threads at once/.test(l))).toBe(true);
    expect(single.child.lines.some((l) => l.includes('threads at once'))).toBe(false);
    // The pods, and the Events derived from their history (each server adds its own namespaces at start).
    for (const path of ['/api/v1/pods', '/api/v1/events?fieldSelector=involvedObject.kind%3DPod']) {
      const [a, b] = [await getJson(sharded, path), await getJson(single, path)];
      expect(a.items.length).toBeGreaterThan(0);
      expect(a.items.length).toBe(b.items.length);
      // The first item that differs, if any: a diff of the whole lists would take jest minutes.
      const differing = a.items.findIndex((item, i) => !isDeepStrictEqual(item, b.items[i]));
      expect(differing === -1 ? undefined : { sharded: a.items[differing], single: b.items[differing] }).toBeUndefined();
    }
    expect((await getJson(sharded, '/api/v1/pods')).items).toHaveLength(PODS - Math.ceil(PODS / 7));
  }, 180_000);

  it('replays the same cluster (bosun replay) whether it folds in shards or not', () => {
    const replay = (threads: number, ...args: string[]) => {
      const r = spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'bosun'), 'replay', '--data-dir', join(root, 'log'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, BOSUN_FOLD_THREADS: String(threads) },
        maxBuffer: 512 * 1024 * 1024,
      });
      if (r.status !== 0) throw new Error(`bosun replay ${args.join(' ')}: ${r.stderr}`);
      const at = r.stderr.split('\n').find((l) => l.includes('the cluster at')) ?? '';
      return { stdout: r.stdout, at: at.replace(/; folded .*/, ''), shards: /in (\d+) threads at once/.exec(at)?.[1] };
    };
    // The whole log (Events derive from every kind) is folded in shards; one kind is not (its rows
    // alone are parsed already).
    for (const [args, shards] of [[['pods,events', '-o', 'json'], '2'], [['pods', '-o', 'name'], undefined]] as const) {
      const [sharded, single] = [replay(2, ...args), replay(1, ...args)];
      expect(sharded.at).toMatch(/resourceVersion \d+/);
      expect(sharded.at).toBe(single.at);
      expect([sharded.shards, single.shards]).toEqual([shards, undefined]);
      expect(sharded.stdout.length).toBeGreaterThan(1000);
      expect(sharded.stdout === single.stdout).toBe(true);
    }
  }, 180_000);
});
