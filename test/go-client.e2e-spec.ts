/**
 * Kubernetes' Go client (k8s.io/client-go, pinned in test/go-client/go.mod) against `bosun up`, as
 * an operator uses it: the typed clientset — which sends built-in kinds as protobuf — discovery,
 * the dynamic and metadata clients, watches, a shared informer, patches, subresources, events,
 * paging and leader election over a Lease (test/go-client/main.go, leader_election.go). The program checks each answer against what kube-apiserver
 * sends and prints {failures, seen}. `.ci/run` builds it (scripts/go-client-build.sh).
 */
import { spawnSync } from 'node:child_process';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { goClientProgram } from './support/go-client';

jest.setTimeout(240_000);

describe('the Go client (client-go) against bosun up', () => {
  let bosun: BosunUnderTest;
  let goClient: string;
  beforeAll(async () => {
    goClient = goClientProgram();
    bosun = await startBosun(undefined, 0, ['--simulated-nodes', '2']);
  });
  afterAll(async () => {
    await bosun?.stop();
  });

  it('creates, reads, patches, watches, informs and deletes through client-go with kube-apiserver’s answers', () => {
    const r = spawnSync(goClient, [bosun.kubeconfig], { encoding: 'utf8', timeout: 200_000 });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    let report: { failures: string[] | null; seen: Record<string, unknown> };
    try {
      report = JSON.parse(last) as typeof report;
    } catch {
      throw new Error(`the Go client printed no report (${r.status}):\n${r.stderr.slice(-4000)}\n${r.stdout}`);
    }
    expect(report.failures ?? []).toEqual([]);
    expect(r.status).toBe(0);
    expect(report.seen).toMatchObject({
      groups: ['', 'apps', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'policy', 'storage.k8s.io', 'metrics.k8s.io'],
      // The protobuf body of a ConfigMap, as kube-controller-manager sends it, read back.
      protobuf_body: 'b',
      send_initial_events: expect.arrayContaining(['BOOKMARK:true']),
      pod_created: { uid: true, rv: true, phase: 'Pending', ns: 'go-client', restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', qos: 'Burstable' },
      job_defaults: { completions: 1, parallelism: 1, backoffLimit: 6, selector: true },
      cronjob_defaults: { concurrencyPolicy: 'Allow', suspend: false, successful: 3, failed: 1 },
      statefulset_defaults: { podManagementPolicy: 'OrderedReady', updateStrategy: 'RollingUpdate', partition: 0, revisionHistoryLimit: 10 },
      statefulset_revision: { same: true, revision: 1, owner: 'StatefulSet' },
      statefulset_pods: ['go-sts-0/go-sts-0', 'go-sts-1/go-sts-1'],
      // policy/v1 and autoscaling through the typed clients (protobuf bodies), the autoscaler at both versions.
      pdb_created: { minAvailable: '50%', allowed: 0, generation: 1 },
      hpa_v1: { min: 1, max: 3, cpu: 60 },
      hpa_v2_defaults: { min: 1, metric: 'cpu', cpu: 80 },
      // rbac/v1 and networking/v1 through the typed clients (protobuf): SetDefaults_Subject, SetDefaults_NetworkPolicy.
      rolebinding_subject_group: 'rbac.authorization.k8s.io',
      networkpolicy_types: ['Ingress', 'Egress'],
      // scheduling/v1 through the typed client (protobuf): SetDefaults_PriorityClass, the Priority admission, the system classes.
      priority_system: 2000001000,
      priority_pod: { class: 'PreemptLowerPriority', priority: 1000, policy: 'PreemptLowerPriority' },
      recorded_event: { source: 'go-operator', kind: 'Pod', count: 2, type: 'Normal' },
      namespace_after_delete: 'Terminating',
      // client-go's leader election over a Lease: the first candidate leads and renews, the second
      // takes over once it releases (one transition); the Lease's times are MicroTime.
      lease_held: { holder: 'candidate-a', duration: 4, renewed: true, acquired: true },
      lease_after_handover: { holder: 'candidate-b', transitions: 1 },
      lease_renew_time: '2026-11-29T09:00:00.123456Z',
      // The typed apps/v1 client (protobuf): a Deployment defaulted, rolled out, scaled and rolled
      // again: two ReplicaSets it owns, the first emptied.
      deployment_defaults: { strategy: 'RollingUpdate', maxSurge: '25%', revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
      deployment_replicasets: ['1/0/Deployment', '2/3/Deployment'],
      // The typed apps/v1 client (protobuf): a DaemonSet defaulted, its pod on each of the two simulated nodes.
      daemonset_defaults: { strategy: 'RollingUpdate', maxUnavailable: '1', revisionHistoryLimit: 10, templateGeneration: '1' },
      daemonset_pods: ['DaemonSet/1', 'DaemonSet/1'],
    });
  });
});
