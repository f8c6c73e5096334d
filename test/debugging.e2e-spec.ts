/**
 * The debugging verbs against a cluster started as the README starts it, on the embedded log and on
 * Kafka: `bosun replay --at` equals what the API served at that resourceVersion (captured during the
 * test), history and explain follow an RC scale and a deleted pod, diff, tail, and export → import
 * into a fresh embedded data directory → the same replay.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { spawnLines } from './support/child-process';
import { testKafkaBrokers } from './support/test-kafka';
import { waitFor } from './support/wait-for';

jest.setTimeout(180_000);

const BIN = join(__dirname, '..', 'bin', 'bosun');

interface Served {
  readonly rv: string;
  readonly pods: Record<string, any>[];
  readonly rc: Record<string, any>;
}

const RC = `apiVersion: v1
kind: ReplicationController
metadata: {name: web}
spec:
  replicas: 2
  selector: {app: web}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`;

describe.each([
  { name: 'embedded', kafka: false },
  { name: 'kafka', kafka: true },
])('the debugging verbs ($name)', ({ kafka }) => {
  let bosun: BosunUnderTest;
  const prefix = `debug${Date.now()}`;
  const logArgs = (): string[] => (kafka ? ['--kafka', testKafkaBrokers().join(','), '--topic-prefix', prefix] : ['--data-dir', bosun.dataDir]);
  const run = (args: readonly string[]): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const json = (args: readonly string[]): any => {
    const r = run([...args, ...logArgs(), '-o', 'json']);
    if (r.code !== 0) throw new Error(`bosun ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const raw = (path: string): any => JSON.parse(bosun.kubectl(['get', '--raw', path]).stdout);
  const runningPods = (): any[] => raw('/api/v1/namespaces/default/pods').items.filter((p: any) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
  /** What the API serves now, at one resourceVersion: the list's. */
  const serve = (): Served => {
    const list = raw('/api/v1/namespaces/default/pods');
    const rv = list.metadata.resourceVersion;
    // The RC as it was at the pods' resourceVersion: read afterwards, it may have changed since.
    const rcs = raw(`/api/v1/namespaces/default/replicationcontrollers?resourceVersion=${rv}&resourceVersionMatch=Exact&fieldSelector=metadata.name%3Dweb`);
    return { rv, pods: list.items, rc: { apiVersion: 'v1', kind: 'ReplicationController', ...rcs.items[0] } };
  };
  const served: Served[] = [];
  let deleted: string;
  let replacement: string;
  let scaledIn: string;

  beforeAll(async () => {
    bosun = await startBosun(undefined, 0, ['--simulated-nodes', '2', '--snapshot-every', '25', ...(kafka ? ['--kafka', testKafkaBrokers().join(','), '--topic-prefix', prefix] : [])]);
    expect(bosun.kubectl(['apply', '-f', '-'], RC).code).toBe(0);
    await waitFor('2 web pods Running', () => runningPods().length === 2, 60_000);
    served.push(serve());
    expect(bosun.kubectl(['scale', 'rc', 'web', '--replicas=3']).code).toBe(0);
    await waitFor('3 web pods Running', () => runningPods().length === 3, 60_000);
    served.push(serve());
    const before = new Set(served[0].pods.map((p) => p.metadata.name));
    scaledIn = runningPods().map((p) => p.metadata.name).find((n: string) => !before.has(n))!;
    deleted = served[0].pods[0].metadata.name;
    expect(bosun.kubectl(['delete', 'pod', deleted]).code).toBe(0);
    const names = await waitFor('a replacement pod Running', () => {
      const now = runningPods().map((p) => p.metadata.name as string);
      return now.length === 3 && !now.includes(deleted) && now;
    }, 60_000);
    replacement = names.find((n) => !served[1].pods.some((p) => p.metadata.name === n))!;
    served.push(serve());
  });

  afterAll(async () => {
    await bosun?.stop();
  });

  it('replays the cluster as the API served it at each captured resourceVersion', () => {
    for (const s of served) {
      const replayed = json(['replay', '--at', s.rv, 'pods']);
      expect(replayed.items).toEqual(s.pods);
      expect(replayed.metadata.resourceVersion).toBe(s.rv);
      expect(json(['replay', '--at', s.rv, 'rc/web'])).toEqual(s.rc);
    }
    // The table is kubectl's: the same columns, the same rows.
    const table = run(['replay', '--at', served[1].rv, 'pods', ...logArgs()]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(table.stdout.trimEnd().split('\n')).toHaveLength(4);
  });

  it('shows an object history with who changed what, through which command', () => {
    const { events } = json(['history', 'rc/web']);
    const scaled = events.find((e: any) => e.type === 'ReplicationControllerUpdated');
    expect(scaled).toMatchObject({ actor: 'user:admin', command: 'Replace' });
    expect(scaled.changes).toContainEqual({ path: 'spec.replicas', before: 2, after: 3 });
    expect(events[0]).toMatchObject({ type: 'ReplicationControllerCreated', actor: 'user:admin', command: 'Create' });
    const table = run(['history', 'replicationcontroller', 'web', ...logArgs()]);
    expect(table.stdout).toContain('spec.replicas: 2 → 3');
  });

  it('explains a pod by the chain of causes across objects', () => {
    // Scaled in: created by the replication controller because a user scaled the RC.
    const scaled = json(['explain', `pod/${scaledIn}`]);
    const created = scaled.events[0];
    expect(created.event).toMatchObject({ type: 'PodCreated', actor: 'controller:replication', command: 'Create' });
    expect(created.causes[0]).toMatchObject({ type: 'ReplicationControllerUpdated', key: 'replicationcontrollers/default/web', actor: 'user:admin' });
    expect(created.causes[0].changes).toContainEqual({ path: 'spec.replicas', before: 2, after: 3 });
    const bound = scaled.events.find((e: any) => e.event.type === 'PodScheduled');
    expect(bound.event.actor).toBe('controller:scheduler');
    expect(bound.causes[0]).toMatchObject({ type: 'PodCreated', key: `pods/default/${scaledIn}` });
    // The replacement: created because a user deleted another pod.
    const replaced = json(['explain', `pod/${replacement}`]);
    expect(replaced.events[0].causes[0]).toMatchObject({ type: 'PodDeletionRequested', key: `pods/default/${deleted}`, actor: 'user:admin', command: 'Delete' });
    // The deleted pod: its history ends with its deletion, confirmed by its (simulated) node.
    const gone = json(['explain', `pod/${deleted}`]);
    expect(gone.object).toBeNull();
    expect(gone.events.at(-1).event).toMatchObject({ type: 'PodDeleted' });
    const text = run(['explain', `pod/${replacement}`, ...logArgs()]).stdout;
    expect(text).toContain(`← because #`);
    expect(text).toContain(`PodDeletionRequested pods/default/${deleted} by user:admin (Delete)`);
  });

  it('diffs two points of the log', () => {
    const diff = json(['diff', '--from', served[0].rv, '--to', served[1].rv]);
    const byKey = new Map(diff.objects.map((o: any) => [o.key, o]));
    expect(byKey.get(`pods/default/${scaledIn}`)).toMatchObject({ change: 'added' });
    expect((byKey.get('replicationcontrollers/default/web') as any).changes).toContainEqual({ path: 'spec.replicas', before: 2, after: 3 });
    const later = json(['diff', '--from', served[1].rv, '--to', served[2].rv]);
    expect(later.objects.find((o: any) => o.key === `pods/default/${deleted}`)).toMatchObject({ change: 'deleted' });
  });

  it('follows live events with tail', async () => {
    const tail = spawnLines(process.execPath, [BIN, 'tail', 'pods', ...logArgs()]);
    try {
      await waitFor('the tail header', () => tail.lines.some((l) => l.startsWith('OFFSET')), 60_000);
      expect(bosun.kubectl(['label', 'pod', replacement, 'tailed=yes']).code).toBe(0);
      const line = await waitFor('the label in the tail', () => tail.lines.find((l) => l.includes('PodUpdated') && l.includes(replacement)), 30_000);
      expect(line).toContain('metadata.labels.tailed: + yes');
      expect(line).toContain('user:admin');
      // Other kinds are filtered out.
      expect(tail.lines.some((l) => l.includes('replicationcontrollers/'))).toBe(false);
    } finally {
      tail.process.kill('SIGINT');
    }
    expect(await tail.exited).toBe(0);
  });

  it('re-runs the recorded bindings without a node: what-if', () => {
    const pods = raw('/api/v1/namespaces/default/pods').items as any[];
    const report = json(['what-if', '--without-nodes', 'sim-node-1']);
    expect(report.bindings).toBeGreaterThanOrEqual(4); // 2 created, 1 scaled in, 1 replacement
    expect(report.differed.length).toBeGreaterThan(0);
    for (const d of report.differed) expect(d).toMatchObject({ recorded: 'sim-node-1', whatIf: 'sim-node-2' });
    // Every pod running on sim-node-1 now was bound there, so it is among those that would differ.
    for (const p of pods.filter((x) => x.spec.nodeName === 'sim-node-1')) expect(report.differed.map((d: any) => d.pod)).toContain(`pods/default/${p.metadata.name}`);
    const none = json(['what-if', '--without-nodes', 'sim-node-1,sim-node-2']);
    expect(none.differed).toHaveLength(none.bindings);
    expect(none.differed[0]).toMatchObject({ whatIf: null, reason: 'no nodes available to schedule pods' });
    expect(run(['what-if', '--scheduler', 'random', ...logArgs()]).code).toBe(2);
  });

  it('replays from a snapshot what it replays from the start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bosun-snapshots-'));
    const taken = run(['snapshot', '--snapshots', dir, ...logArgs(), '-o', 'json']);
    expect(taken.code).toBe(0);
    const { offset } = JSON.parse(taken.stdout);
    for (const kinds of ['all', 'nodes', 'events']) {
      const resumed = run(['replay', '--at', String(offset), kinds, '--snapshots', dir, ...logArgs(), '-o', 'json']);
      expect(resumed.stderr).toContain(`from the snapshot at ${offset}`);
      const fromStart = run(['replay', '--at', String(offset), kinds, '--no-snapshots', ...logArgs(), '-o', 'json']);
      expect(fromStart.stderr).not.toContain('from the snapshot');
      expect(JSON.parse(resumed.stdout)).toEqual(JSON.parse(fromStart.stdout));
    }
    // A point before it is folded from the start.
    expect(run(['replay', '--at', served[0].rv, '--snapshots', dir, ...logArgs()]).stderr).not.toContain('from the snapshot');
    if (!kafka) {
      // bosun up (--snapshot-every 25 here) keeps its own beside the embedded log: a plain replay uses one.
      const plain = run(['replay', 'pods', ...logArgs(), '-o', 'json']);
      expect(plain.stderr).toMatch(/from the snapshot at \d+/);
      const offset = Number(JSON.parse(plain.stdout).metadata.resourceVersion);
      expect(JSON.parse(plain.stdout)).toEqual(JSON.parse(run(['replay', '--at', String(offset), 'pods', '--no-snapshots', ...logArgs(), '-o', 'json']).stdout));
    }
  });

  it('exports the log and imports it into a new data directory: the same replay', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bosun-export-')), 'cluster.ndjson.gz');
    const exported = run(['export', file, ...logArgs(), '-o', 'json']);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout).exported).toBeGreaterThan(Number(served[2].rv));
    const target = mkdtempSync(join(tmpdir(), 'bosun-import-'));
    const imported = run(['import', file, '--data-dir', target, '-o', 'json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout).imported).toBe(JSON.parse(exported.stdout).exported);
    for (const at of [served[0].rv, served[2].rv]) {
      const original = json(['replay', '--at', at, 'all']);
      const fromImport = JSON.parse(run(['replay', '--at', at, 'all', '--data-dir', target, '-o', 'json']).stdout);
      const fromFile = JSON.parse(run(['replay', '--at', at, 'all', '--file', file, '-o', 'json']).stdout);
      expect(fromImport).toEqual(original);
      expect(fromFile).toEqual(original);
    }
    // A log that already holds events is not imported into.
    const again = run(['import', file, '--data-dir', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds');
  });

  it('answers bad requests with one line and a documented exit code', () => {
    const missing = run(['history', 'pod/no-such-pod', ...logArgs()]);
    expect(missing).toMatchObject({ code: 3, stdout: '' });
    expect(missing.stderr.trim()).toBe('bosun: pods/default/no-such-pod has no events in the log');
    const badPoint = run(['replay', '--at', 'yesterday-ish', ...logArgs()]);
    expect(badPoint.code).toBe(2);
    expect(badPoint.stderr).toContain('is not a point in the log');
    expect(badPoint.stderr).not.toContain('    at ');
    const beyond = run(['replay', '--at', '99999999', ...logArgs()]);
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain('is not in the log');
    const badType = run(['replay', 'widgets', ...logArgs()]);
    expect(badType.code).toBe(2);
    const unreadable = run(['replay', '--data-dir', join(tmpdir(), 'no-such-bosun-dir')]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain('no Bosun log in');
  });

  // Last: it restarts the server.
  (kafka ? it.skip : it)('restarts from its newest snapshot and serves the same cluster, then goes on', async () => {
    const everything = (): any[] =>
      JSON.parse(bosun.ok(['get', 'pods,rc,svc,endpoints,events,nodes,namespaces,configmaps,serviceaccounts', '-A', '-o', 'json']))
        .items.filter((o: any) => o.kind !== 'Node') // a node's heartbeat moves on while the server is down
        // The kubernetes Service and its Endpoints follow the API server, which restarts on another port.
        .filter((o: any) => !(o.metadata.namespace === 'default' && o.metadata.name === 'kubernetes'))
        .map((o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}@${o.metadata.resourceVersion}`)
        .sort();
    // The simulated nodes stop renewing while bosun is down; nothing else changes the log.
    const before = everything();
    const end = Number(raw('/api/v1/namespaces/default/pods').metadata.resourceVersion);
    expect(await bosun.stop()).toBe(0);
    bosun = await startBosun(bosun.dataDir, 0, ['--simulated-nodes', '2', '--snapshot-every', '25']);
    const from = bosun.child.lines.find((l) => l.includes('starting from the snapshot at resourceVersion'));
    expect(from).toBeDefined();
    expect(Number(/resourceVersion (\d+)/.exec(from!)![1])).toBeGreaterThan(0);
    // What the restarted server serves at its start: everything as before, at the same resourceVersions.
    expect(everything().filter((k) => Number(k.split('@')[1]) <= end)).toEqual(before.filter((k) => Number(k.split('@')[1]) <= end));
    // And the cluster goes on: a new pod is created with a resourceVersion after all of them.
    bosun.ok(['run', 'after-restart', '--image', 'nginx']);
    const created = JSON.parse(bosun.ok(['get', 'pod', 'after-restart', '-o', 'json']));
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(end);
  });
});
