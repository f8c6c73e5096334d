/**
 * Kubernetes' official Python client (`kubernetes` from PyPI, pinned in test/python/requirements.txt)
 * against `bosun up`: it deserialises every answer into its typed models, so a field Kubernetes
 * always sends and Bosun does not is an error here. `.ci/run` installs it into `.venv-test`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startBosun, type BosunUnderTest } from './support/bosun-process';

jest.setTimeout(180_000);
const ROOT = join(__dirname, '..');
const PYTHON = join(ROOT, '.venv-test', 'bin', 'python');

describe('the official Python client against bosun up', () => {
  let bosun: BosunUnderTest;
  beforeAll(async () => {
    if (!existsSync(PYTHON)) {
      throw new Error(`${PYTHON} is missing: python3 -m venv .venv-test && .venv-test/bin/pip install -r test/python/requirements.txt (npm run test:e2e does it: scripts/python-client-venv.sh)`);
    }
    bosun = await startBosun(undefined, 0, ['--simulated-nodes', '2']);
  });
  afterAll(async () => {
    await bosun?.stop();
  });

  it('lists, creates, replaces what it read, patches, scales, watches, deletes one and a collection, and reads Kubernetes’ errors', () => {
    const r = spawnSync(PYTHON, [join(ROOT, 'test', 'python', 'official_client.py'), bosun.kubeconfig], { encoding: 'utf8', timeout: 150_000 });
    if (r.status !== 0) throw new Error(`the Python client failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
    const seen = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(seen).toMatchObject({
      namespaces: ['default', 'kube-node-lease', 'kube-public', 'kube-system'],
      nodes: ['sim-node-1', 'sim-node-2'],
      created_uid: true,
      pod: { phase: 'Running', ready: [true], conditions: expect.arrayContaining(['PodScheduled', 'Ready', 'ContainersReady', 'Initialized']) },
      replaced_labels: { app: 'py', tier: 'front' },
      patched_labels: { app: 'py', patched: 'yes' },
      by_label: ['py-pod'],
      by_field: ['py-pod'],
      status_read: 'Running',
      already_exists: { status: 409, reason: 'AlreadyExists' },
      not_found: { status: 404, reason: 'NotFound' },
      invalid: { status: 422, reason: 'Invalid', causes: ['metadata.name'] },
      scale_patched: 3,
      rc_ready: true,
      service: { cluster_ip: expect.stringMatching(/^10\.96\./), node_port: expect.any(Number), protocol: 'TCP' },
      service_replaced: true,
      event_reasons: expect.arrayContaining(['Scheduled', 'SuccessfulCreate']),
      watch: ['ADDED', 'MODIFIED', 'DELETED'],
      bulk_left: 'none',
      gone: true,
    });
    expect(seen.endpoints).toHaveLength(3);
    expect(seen.dynamic_pods).toEqual(expect.arrayContaining(['py-pod']));
    expect(seen.dynamic_pods).toHaveLength(4);
  });
});
