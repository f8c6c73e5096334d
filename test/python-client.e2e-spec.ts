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

// The script makes more changes than the watch cache keeps, to see a watch expire.
const WATCH_CACHE_SIZE = '200';

const success = (name: string, kind: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind, uid: expect.any(String) } });
const failure = (status: number, reason: string, detailsKind: string | null = null) => ({ status, kind: 'Status', outcome: 'Failure', code: status, reason, details_kind: detailsKind });

describe('the official Python client against bosun up', () => {
  let bosun: BosunUnderTest;
  beforeAll(async () => {
    if (!existsSync(PYTHON)) {
      throw new Error(`${PYTHON} is missing: python3 -m venv .venv-test && .venv-test/bin/pip install -r test/python/requirements.txt (npm run test:e2e does it: scripts/python-client-venv.sh)`);
    }
    bosun = await startBosun(undefined, 0, ['--simulated-nodes', '2', '--watch-cache-size', WATCH_CACHE_SIZE]);
  });
  afterAll(async () => {
    await bosun?.stop();
  });

  it('writes and reads events.k8s.io/v1 Events, which are the core/v1 Events in another version, as client-go’s new event recorder does', () => {
    const r = spawnSync(PYTHON, [join(ROOT, 'test', 'python', 'events_v1.py'), bosun.kubeconfig], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`the Python client failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({
      created: { api_version: 'events.k8s.io/v1', note: 'all good', controller: 'example.com/py-operator', rv: true },
      as_core: { message: 'all good', reporting_component: 'example.com/py-operator', involved: 'subject', action: 'Reconciling', first_timestamp: null },
      patched_series: 2,
      core_series: 2,
      listed: [['py-event', 'events.k8s.io/v1', 'all good']],
      list_kind: ['events.k8s.io/v1', 'EventList'],
      from_core: { apiVersion: 'events.k8s.io/v1', eventTime: null, note: 'from core', deprecatedCount: 3, regarding: { kind: 'ConfigMap', name: 'subject', namespace: 'default' }, deprecatedSource: {} },
      invalid: { status: 422, reason: 'Invalid', message: 'Event.events.k8s.io "bad" is invalid: [reportingController: Required value, action: Required value]' },
      watched: ['ADDED', 'events.k8s.io/v1', 'all good'],
      deleted: ['Status', 'v1'],
      gone: 404,
    });
  });

  it('reads, writes, watches and deletes every kind through the typed client, and gets Kubernetes’ answers and errors', () => {
    const r = spawnSync(PYTHON, [join(ROOT, 'test', 'python', 'official_client.py'), bosun.kubeconfig, WATCH_CACHE_SIZE], { encoding: 'utf8', timeout: 150_000 });
    if (r.status !== 0) throw new Error(`the Python client failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
    const seen = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(seen).toMatchObject({
      namespaces: ['default', 'kube-node-lease', 'kube-public', 'kube-system'],
      nodes: ['sim-node-1', 'sim-node-2'],
      // A deleted namespace is Terminating at once, refuses new content, and goes once empty.
      ns_replaced: { team: 'py', tier: 'x' },
      ns_deleted: { phase: 'Terminating', deleting: true },
      ns_create_inside: failure(403, 'Forbidden', 'pods'),
      ns_gone: 404,
      created: { uid: true, rv: true, phase: 'Pending' },
      pod: {
        phase: 'Running',
        ready: [true],
        container: [{ name: 'c', image: 'busybox', restarts: 0, running: true }],
        conditions: expect.arrayContaining(['PodScheduled', 'Ready', 'ContainersReady', 'Initialized']),
        pod_ip: true,
      },
      replaced_labels: { app: 'py', tier: 'front' },
      strategic_image: ['busybox:1.36'],
      patched_labels: { app: 'py', patched: 'yes' },
      json_patched: { by: 'json-patch' },
      by_label: ['py-pod'],
      by_field: ['py-pod'],
      bad_field: failure(400, 'BadRequest'),
      status_read: 'Running',
      log: { ...failure(400, 'BadRequest'), message: expect.stringContaining('runs no node agent') },
      // dryRun=All answers as a delete would and deletes nothing.
      dry_run_delete: true,
      after_dry_run: true,
      // Bound by a scheduler of the client's own, through both Binding paths.
      custom_unscheduled: null,
      binding_answer: [201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }],
      binding_stale_uid: { ...failure(409, 'Conflict', 'pods'), message: expect.stringContaining('Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000') },
      binding_annotations: { 'example.com/placed-by': 'py-scheduler' },
      custom_bound: ['sim-node-2', 'sim-node-2'],
      rebind: { ...failure(409, 'Conflict', 'pods/binding'), message: expect.stringContaining('already assigned to node') },
      custom_scheduled_by: ['py-scheduler'],
      already_exists: failure(409, 'AlreadyExists', 'pods'),
      not_found: { ...failure(404, 'NotFound', 'pods'), message: 'pods "nope" not found' },
      invalid: { ...failure(422, 'Invalid', 'Pod'), causes: ['metadata.name'] },
      stale: { ...failure(409, 'Conflict', 'pods'), message: expect.stringContaining('the object has been modified') },
      legacy_exact: { same_rv: true, later: [null] },
      not_older_than: ['yes'],
      precondition_rv: { ...failure(409, 'Conflict', 'Pod'), message: expect.stringMatching(/^Operation cannot be fulfilled on Pod "py-exact": the ResourceVersion in the precondition \(\d+\) does not match the ResourceVersion in record \(\d+\)\. The object might have been modified$/) },
      precondition_uid: { ...failure(409, 'Conflict', 'Pod'), message: expect.stringContaining('the UID in the precondition (00000000-0000-0000-0000-000000000000) does not match the UID in record') },
      negative_grace: 1,
      ended_deleted: null,
      ended_gone: 404,
      log_tail_negative: { ...failure(422, 'Invalid', 'PodLogOptions'), message: 'PodLogOptions "py-pod" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0', causes: ['tailLines'] },
      log_limit_zero: { ...failure(422, 'Invalid', 'PodLogOptions'), causes: ['limitBytes'] },
      eviction_unnamed: { ...failure(400, 'BadRequest'), message: 'name in URL does not match name in Eviction object' },
      eviction_events: expect.arrayContaining([['MODIFIED', ['EvictionByEvictionAPI', 'Eviction API: evicting']], ['DELETED', ['EvictionByEvictionAPI', 'Eviction API: evicting']]]),
      held: [null, [['PodScheduled', 'False', 'SchedulingGated']]],
      held_bind: { ...failure(409, 'Conflict', 'pods/binding'), message: 'Operation cannot be fulfilled on pods/binding "py-held": pod py-held has non-empty .spec.schedulingGates' },
      held_gate_added: { ...failure(422, 'Invalid', 'Pod'), causes: ['spec.schedulingGates[1].name'] },
      held_released: true,
      gate_missing: ['False', 'ReadinessGatesNotReady', 'corresponding condition of pod readiness gate "example.com/lb" does not exist.'],
      gate_open: ['True', null, null],
      gate_kept: ['True'],
      status_applied: ['example.com/applied', 'example.com/lb'],
      status_managers: [
        ['Apply', 'status'],
        ['Update', 'status'],
      ],
      status_apply_conflict: {
        ...failure(409, 'Conflict'),
        message: 'Apply failed with 1 conflict: conflict with "py-controller" with subresource "status": .status.conditions[type="example.com/applied"].status',
      },
      status_apply_missing: failure(404, 'NotFound', 'pods'),
      scale_read: { kind: 'Scale', api_version: 'autoscaling/v1', replicas: 2, selector: 'app=py-rc' },
      scale_dry_run: 7,
      scale_patched: 3,
      scale_replaced: 4,
      rc_ready: true,
      rc_pods: 4,
      page_selected: [true, false],
      page_unselected: [true, true],
      rc_replaced: { app: 'py-rc', replaced: 'yes' },
      service: { cluster_ip: expect.stringMatching(/^10\.(9[6-9]|10[0-9]|11[01])\./), node_port: expect.any(Number), protocol: 'TCP' },
      service_replaced: true,
      service_patched: true,
      ep_created_protocol: 'TCP',
      ep_patched: { ext: 'yes' },
      ep_replaced: ['192.0.2.10', '192.0.2.11'],
      put_created: [201, true, ['192.0.2.20']],
      put_replaced: 200,
      put_absent_configmap: failure(404, 'NotFound', 'configmaps'),
      node: { ready: ['True'], kubelet: expect.stringMatching(/^v1\./), addresses: ['Hostname', 'InternalIP'] },
      node_status_read: true,
      node_patched: 'yes',
      node_cordoned: true,
      node_uncordoned: null,
      node_namespace: null,
      node_replaced: { replaced: 'yes' },
      event_reasons: expect.arrayContaining(['Scheduled', 'SuccessfulCreate']),
      scheduled_event: [{ kind: 'Pod', uid: true, source: 'default-scheduler', count: 1 }],
      event_patched: 2,
      event_replaced: 'replaced',
      event_by_field: ['py-note'],
      watch: ['ADDED', 'MODIFIED', 'DELETED'],
      watch_resource_version: true,
      // Expired: an ERROR event in the stream; the client retries once, then raises 410.
      expired: { status: 410, http_reason: expect.stringMatching(/^Expired: too old resource version/) },
      expired_retried: { status: 410, http_reason: expect.stringMatching(/^Expired: too old resource version/) },
      after_relist: [['MODIFIED', 'yes']],
      bulk_left: 'none',
      dynamic_applied: { a: '1', b: '2', c: '3' },
      apply_no_version: { ...failure(400, 'BadRequest'), message: 'Incorrect version specified in apply patch. Specified patch version: , expected: v1' },
      apply_read_back: { ...failure(400, 'BadRequest'), message: 'metadata.managedFields must be nil' },
      dynamic_scale: 4,
      dynamic_deleted: 'Success',
      // Deletes answer as kube-apiserver's registries: pods and services the object, the rest a Status.
      ep_deleted: success('py-external', 'endpoints'),
      node_deleted: success('py-node', 'nodes'),
      event_deleted: success('py-note', 'events'),
      rc_deleted: success('py-rc', 'replicationcontrollers'),
      service_deleted: 'Service',
      pod_deleted: { kind: 'Pod', grace: 30 },
      gone: true,
    });
    expect(seen.endpoints).toHaveLength(4);
    expect(seen.dynamic_pods).toEqual(expect.arrayContaining(['py-pod']));
    expect(seen.dynamic_pods).toHaveLength(5);
  });
});
