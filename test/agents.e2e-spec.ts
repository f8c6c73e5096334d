/**
 * Two node agents joining a control plane on Kafka, each its own process on its own loopback
 * address: pods spread over them and their logs are served from the right node; an agent killed
 * with kill -9 has its node marked Unknown and its pods recreated on the other; restarted, it stops
 * the processes of the pods it lost — no orphan, no pod running twice.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { podProcesses } from './support/pod-processes';
import { killHard, spawnLines, type LineChild } from './support/child-process';
import { testKafkaBrokers } from './support/test-kafka';
import { waitFor } from './support/wait-for';

jest.setTimeout(240_000);
const BOSUN = join(__dirname, '..', 'bin', 'bosun');

describe('two node agents on Kafka', () => {
  const prefix = `agents${randomUUID().slice(0, 8)}`;
  const marker = `bosun-agents-${randomUUID().slice(0, 8)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bosun-agents-'));
  const log = (): string[] => ['--kafka', testKafkaBrokers().join(','), '--topic-prefix', prefix, '--data-dir', dataDir];
  const agents = new Map<string, LineChild>();
  let bosun: BosunUnderTest;

  const agent = (name: string, address: string): LineChild => {
    const child = spawnLines(process.execPath, [BOSUN, 'agent', ...log(), '--pod-dns-upstream', 'none', '--name', name, '--address', address]);
    agents.set(name, child);
    return child;
  };
  const processes = (): number[] => podProcesses(marker);
  const get = (args: string[]): string => bosun.kubectl(['get', ...args]).stdout;
  const ready = (node: string): string => get(['node', node, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
  const running = (): { name: string; node: string }[] =>
    (JSON.parse(get(['pods', '-l', 'app=spread', '-o', 'json']) || '{"items":[]}').items as { metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName?: string }; status: { phase?: string } }[])
      .filter((p) => p.status.phase === 'Running' && !p.metadata.deletionTimestamp)
      .map((p) => ({ name: p.metadata.name, node: p.spec.nodeName ?? '' }));

  afterAll(async () => {
    await Promise.all([...agents.values()].map((a) => (a.process.exitCode === null ? (a.process.kill('SIGINT'), a.exited) : undefined)));
    await bosun?.stop();
    for (const pid of processes()) process.kill(pid, 'SIGKILL');
  });

  it('spreads pods over both, and moves them when one dies', async () => {
    bosun = await startBosun(dataDir, 0, [...log(), '--node-monitor-grace-period', '3s', '--pod-eviction-timeout', '2s']);
    agent('node-a', '127.0.0.2');
    agent('node-b', '127.0.0.3');
    await waitFor('both nodes Ready', () => ready('node-a') === 'True' && ready('node-b') === 'True', 60_000);

    const rc = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'spread' },
      spec: {
        replicas: 4,
        selector: { app: 'spread' },
        template: {
          metadata: { labels: { app: 'spread' } },
          spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo "up on $HOSTNAME"; sleep 600', marker] }] },
        },
      },
    };
    expect(bosun.kubectl(['apply', '-f', '-'], JSON.stringify(rc)).code).toBe(0);
    await waitFor('4 pods running over both nodes', () => running().length === 4 && new Set(running().map((p) => p.node)).size === 2, 60_000);
    expect(processes()).toHaveLength(4);
    const onB = running().find((p) => p.node === 'node-b')!;
    await waitFor('logs from node-b', () => bosun.kubectl(['logs', onB.name]).stdout === `up on ${onB.name}\n`, 30_000);

    await killHard(agents.get('node-a')!);
    await waitFor('node-a Unknown', () => ready('node-a') === 'Unknown', 60_000);
    await waitFor('4 pods running, all on node-b', () => running().length === 4 && running().every((p) => p.node === 'node-b'), 90_000);

    // node-a's agent comes back: it stops the processes of the pods it lost while it was gone.
    agent('node-a', '127.0.0.2');
    await waitFor('node-a Ready again', () => ready('node-a') === 'True', 60_000);
    await waitFor('exactly the 4 live pods’ processes', () => processes().length === 4, 60_000);
    expect(running().every((p) => p.node === 'node-b')).toBe(true);
  });
});
