import type { KubeObject } from '@bosun/api';
import type { DomainEvent } from '@bosun/objects';
import { deriveKubeEvents } from './kube-events';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const identity = { kind: 'Pod' as const, namespace: 'default', name: 'web-1' };
const event = (type: string, data: Record<string, unknown> = {}): DomainEvent => ({ type, data, metadata: { machineVersion: 1, commandId: 'c1', time: '2026-11-28T10:00:00Z', source: '/test' } });
const pod = (containerStatuses?: Anything[]): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', uid: 'u1', ownerReferences: [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: 'rc1', controller: true }] },
    spec: { nodeName: 'n1', containers: [{ name: 'web', image: 'python:3' }] },
    status: containerStatuses === undefined ? {} : { containerStatuses },
  }) as unknown as KubeObject;
const web = (state: Anything, restartCount = 0): Anything => ({ name: 'web', image: 'python:3', imageID: '', ready: false, restartCount, state });
/** The Events a status change yields, as `describe` lists them: type, reason, message. */
const derived = (before: KubeObject | null, after: KubeObject | null, type = 'PodStatusUpdated'): string[] =>
  deriveKubeEvents(identity, event(type), before, after, 7).map((e) => {
    const o = e.object as Anything;
    return `${o.type} ${o.reason} ${o.message}`;
  });

describe('Kubernetes Events derived from the log', () => {
  it('reports a container pulled, created and started, once per start', () => {
    const running = pod([web({ running: { startedAt: '2026-11-28T10:00:01Z' } })]);
    expect(derived(pod([web({ waiting: { reason: 'ContainerCreating' } })]), running)).toEqual([
      'Normal Pulled Container image "python:3" already present on machine',
      'Normal Created Created container web',
      'Normal Started Started container web',
    ]);
    expect(derived(running, running)).toEqual([]);
  });

  it('warns of a crash loop at each back-off, as the kubelet does, after the run each restart started', () => {
    const crashed = (restarts: number): KubeObject => pod([web({ waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } }, restarts)]);
    const warning = 'Warning BackOff Back-off restarting failed container web in pod web-1_default(u1)';
    const runs = ['Normal Pulled Container image "python:3" already present on machine', 'Normal Created Created container web', 'Normal Started Started container web'];
    // restartCount counts the runs started after the first: one came and went between these statuses.
    expect(derived(pod([web({ running: { startedAt: 't' } })]), crashed(1))).toEqual([...runs, warning]);
    expect(derived(crashed(1), crashed(1))).toEqual([]);
    expect(derived(crashed(1), crashed(2))).toEqual([...runs, warning]);
  });

  it('reports a restart begun in the same second as the run before it (startedAt unchanged, restartCount up)', () => {
    const first = pod([web({ running: { startedAt: '2026-11-28T10:00:01Z' } })]);
    const again = pod([{ ...web({ running: { startedAt: '2026-11-28T10:00:01Z' } }, 1), lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-11-28T10:00:01Z', finishedAt: '2026-11-28T10:00:01Z' } } }]);
    expect(derived(first, again)).toEqual(['Normal Pulled Container image "python:3" already present on machine', 'Normal Created Created container web', 'Normal Started Started container web']);
    expect(derived(again, again)).toEqual([]);
  });

  it('reports an image that cannot be resolved, then its back-off', () => {
    const pull = pod([web({ waiting: { reason: 'ErrImagePull', message: 'no executable for image "python:3"' } })]);
    const backOff = pod([web({ waiting: { reason: 'ImagePullBackOff', message: 'no executable for image "python:3"' } })]);
    expect(derived(pod([]), pull)).toEqual(['Warning Failed Failed to pull image "python:3": no executable for image "python:3"', 'Warning Failed Error: ErrImagePull']);
    expect(derived(pull, backOff)).toEqual(['Normal BackOff Back-off pulling image "python:3"', 'Warning Failed Error: ImagePullBackOff']);
    expect(derived(backOff, backOff)).toEqual([]);
  });

  it('names the scheduler, the replication controller and the kubelet as their sources, about the right object', () => {
    const [scheduled] = deriveKubeEvents(identity, event('PodScheduled', { nodeName: 'n1' }), pod(), pod(), 3);
    expect(scheduled.object).toMatchObject({ reason: 'Scheduled', message: 'Successfully assigned default/web-1 to n1', source: { component: 'default-scheduler' }, involvedObject: { kind: 'Pod', name: 'web-1', uid: 'u1' } });
    const [created] = deriveKubeEvents(identity, event('PodCreated'), null, pod(), 4);
    expect(created.object).toMatchObject({ reason: 'SuccessfulCreate', message: 'Created pod: web-1', involvedObject: { kind: 'ReplicationController', name: 'web', uid: 'rc1' } });
    expect(derived(pod(), pod(), 'PodDeletionRequested')).toEqual(['Normal Killing Stopping container web']);
    expect(deriveKubeEvents(identity, event('PodDeletionRequested'), pod(), pod(), 5)[0].object).toMatchObject({ source: { component: 'kubelet', host: 'n1' } });
  });

  it('names the container a kubelet Event is about (involvedObject.fieldPath, kubectl’s SUBOBJECT), and nothing for pod-wide ones', () => {
    const fieldPaths = (before: KubeObject | null, after: KubeObject | null, type = 'PodStatusUpdated') =>
      deriveKubeEvents(identity, event(type, { nodeName: 'n1' }), before, after, 9).map((e) => (e.object as Anything).involvedObject.fieldPath);
    expect(fieldPaths(pod([]), pod([web({ running: { startedAt: 't' } })]))).toEqual(['spec.containers{web}', 'spec.containers{web}', 'spec.containers{web}']);
    expect(fieldPaths(pod(), pod(), 'PodDeletionRequested')).toEqual(['spec.containers{web}']);
    expect(fieldPaths(pod(), pod(), 'PodScheduled')).toEqual([undefined]);
  });

  it('reports init containers too, and a run that ended before a status showed it running', () => {
    const withInit = (init: Anything, app: Anything): KubeObject => {
      const p = pod([app]) as Anything;
      return { ...p, spec: { ...p.spec, initContainers: [{ name: 'setup', image: 'busybox' }] }, status: { ...p.status, initContainerStatuses: [init] } } as KubeObject;
    };
    const setup = (state: Anything): Anything => ({ name: 'setup', image: 'busybox', imageID: '', ready: false, restartCount: 0, state });
    const waiting = web({ waiting: { reason: 'PodInitializing' } });
    const done = withInit(setup({ terminated: { exitCode: 0, reason: 'Completed', startedAt: 't1', finishedAt: 't2' } }), waiting);
    const paths = (before: KubeObject, after: KubeObject) => deriveKubeEvents(identity, event('PodStatusUpdated'), before, after, 9).map((e) => `${(e.object as Anything).involvedObject.fieldPath} ${(e.object as Anything).message}`);
    expect(paths(withInit(setup({ waiting: { reason: 'PodInitializing' } }), waiting), done)).toEqual([
      'spec.initContainers{setup} Container image "busybox" already present on machine',
      'spec.initContainers{setup} Created container setup',
      'spec.initContainers{setup} Started container setup',
    ]);
    expect(paths(done, done)).toEqual([]);
    // Seen running first, then ended: one start.
    const running = withInit(setup({ running: { startedAt: 't1' } }), waiting);
    expect(paths(running, done)).toEqual([]);
  });

  it('reports a Deployment scaling its ReplicaSets (ScalingReplicaSet, from deployment-controller, about the Deployment), and a ReplicaSet’s pods from replicaset-controller', () => {
    const rs = (replicas: number): KubeObject =>
      ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d8f', namespace: 'default', uid: 'rs1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] }, spec: { replicas } }) as unknown as KubeObject;
    const rsIdentity = { kind: 'ReplicaSet' as const, namespace: 'default', name: 'web-5d8f' };
    const scaled = (before: KubeObject | null, after: KubeObject, type: string) =>
      deriveKubeEvents(rsIdentity, event(type), before, after, 9).map((e) => e.object as Anything).map((o) => `${o.involvedObject.kind}/${o.involvedObject.name} ${o.reason} ${o.source.component}: ${o.message}`);
    expect(scaled(null, rs(3), 'ReplicaSetCreated')).toEqual(['Deployment/web ScalingReplicaSet deployment-controller: Scaled up replica set web-5d8f from 0 to 3']);
    expect(scaled(rs(3), rs(1), 'ReplicaSetUpdated')).toEqual(['Deployment/web ScalingReplicaSet deployment-controller: Scaled down replica set web-5d8f from 3 to 1']);
    expect(scaled(rs(1), rs(1), 'ReplicaSetUpdated')).toEqual([]);
    const owned = { ...(pod() as Anything), metadata: { ...(pod() as Anything).metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f', uid: 'rs1', controller: true }] } } as KubeObject;
    const created = deriveKubeEvents(identity, event('PodCreated'), null, owned, 3).map((e) => e.object as Anything);
    expect(created.map((o) => `${o.involvedObject.apiVersion} ${o.involvedObject.kind}/${o.involvedObject.name} ${o.reason} ${o.source.component}`)).toEqual(['apps/v1 ReplicaSet/web-5d8f SuccessfulCreate replicaset-controller']);
  });

  it('reports a DaemonSet\'s pods as kube\'s daemonset-controller does: SuccessfulCreate and SuccessfulDelete, about the DaemonSet', () => {
    const owned = { ...(pod() as Anything), metadata: { ...(pod() as Anything).metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds1', controller: true }] } } as KubeObject;
    const said = (type: string, before: KubeObject | null, after: KubeObject | null) =>
      deriveKubeEvents(identity, event(type), before, after, 3).map((e) => e.object as Anything).map((o) => `${o.involvedObject.apiVersion} ${o.involvedObject.kind}/${o.involvedObject.name} ${o.reason} ${o.source.component}: ${o.message}`);
    expect(said('PodCreated', null, owned)).toEqual(['apps/v1 DaemonSet/agent SuccessfulCreate daemonset-controller: Created pod: web-1']);
    expect(said('PodDeleted', owned, null)).toEqual(['apps/v1 DaemonSet/agent SuccessfulDelete daemonset-controller: Deleted pod: web-1']);
    // A failed pod the daemonset controller deletes: its Warning, before the kubelet's Killing.
    const failed = { ...(owned as Anything), status: { phase: 'Failed' } } as KubeObject;
    const deleting = (actor?: string) =>
      deriveKubeEvents(identity, { ...event('PodDeletionRequested'), metadata: { ...event('PodDeletionRequested').metadata, actor } } as never, failed, failed, 4).map((e) => e.object as Anything).map((o) => `${o.type} ${o.reason} ${o.source.component}: ${o.message}`);
    expect(deleting('controller:daemonset')[0]).toBe('Warning FailedDaemonPod daemonset-controller: Found failed daemon pod default/web-1 on node n1, will try to kill it');
    expect(deleting('user:admin').map((l) => l.split(' ')[1])).toEqual(['Killing']);
  });

  it('reports a StatefulSet\'s pods in the statefulset-controller\'s words: create Pod web-1 in StatefulSet web successful, and delete', () => {
    const owned = { ...(pod() as Anything), metadata: { ...(pod() as Anything).metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 's1', controller: true }] } } as KubeObject;
    const said = (type: string, before: KubeObject | null, after: KubeObject | null) =>
      deriveKubeEvents(identity, event(type), before, after, 3).map((e) => e.object as Anything).map((o) => `${o.involvedObject.apiVersion} ${o.involvedObject.kind}/${o.involvedObject.name} ${o.reason} ${o.source.component}: ${o.message}`);
    expect(said('PodCreated', null, owned)).toEqual(['apps/v1 StatefulSet/web SuccessfulCreate statefulset-controller: create Pod web-1 in StatefulSet web successful']);
    expect(said('PodDeleted', owned, null)).toEqual(['apps/v1 StatefulSet/web SuccessfulDelete statefulset-controller: delete Pod web-1 in StatefulSet web successful']);
  });

  it('reports a Job\'s pods and its end as kube\'s job-controller does: SuccessfulCreate, Completed, and a failure\'s reason as a Warning', () => {
    const owned = { ...(pod() as Anything), metadata: { ...(pod() as Anything).metadata, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'j1', controller: true }] } } as KubeObject;
    const created = deriveKubeEvents(identity, event('PodCreated'), null, owned, 3).map((e) => e.object as Anything);
    expect(created.map((o) => `${o.involvedObject.apiVersion} ${o.involvedObject.kind}/${o.involvedObject.name} ${o.reason} ${o.source.component}: ${o.message}`)).toEqual(['batch/v1 Job/pi SuccessfulCreate job-controller: Created pod: web-1']);
    const job = (...conditions: Anything[]): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', uid: 'j1' }, status: { conditions } }) as unknown as KubeObject;
    const jobIdentity = { kind: 'Job' as const, namespace: 'default', name: 'pi' };
    const ended = (before: KubeObject, after: KubeObject) =>
      deriveKubeEvents(jobIdentity, event('JobStatusUpdated'), before, after, 9).map((e) => e.object as Anything).map((o) => `${o.type} ${o.involvedObject.kind}/${o.involvedObject.name} ${o.reason} ${o.source.component}: ${o.message}`);
    const met = { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached' };
    const complete = { type: 'Complete', status: 'True', reason: 'CompletionsReached' };
    expect(ended(job(), job(met))).toEqual([]);
    expect(ended(job(met), job(met, complete))).toEqual(['Normal Job/pi Completed job-controller: Job completed']);
    expect(ended(job(met, complete), job(met, complete))).toEqual([]);
    const target = { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    expect(ended(job(target), job(target, { ...target, type: 'Failed' }))).toEqual(['Warning Job/pi BackoffLimitExceeded job-controller: Job has reached the specified backoff limit']);
    expect(ended(job(), job({ type: 'Suspended', status: 'True' }))).toEqual(['Normal Job/pi Suspended job-controller: Job suspended']);
    expect(ended(job({ type: 'Suspended', status: 'True' }), job({ type: 'Suspended', status: 'False' }))).toEqual(['Normal Job/pi Resumed job-controller: Job resumed']);
  });

  it('reports a CronJob\'s Jobs as kube\'s cronjob-controller does: SuccessfulCreate, SawCompletedJob, SuccessfulDelete — only of the Jobs it scheduled and deleted, UnexpectedJob of one made from it by hand', () => {
    const jobIdentity = { kind: 'Job' as const, namespace: 'default', name: 'hello-29931000' };
    const owner = { apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: 'cj1', controller: true };
    const job = (annotations: Record<string, string>, ...conditions: Anything[]): KubeObject =>
      ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'hello-29931000', namespace: 'default', uid: 'j1', annotations, ownerReferences: [owner] }, status: { conditions } }) as unknown as KubeObject;
    const scheduled = { 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-11-28T10:00:00Z' };
    const manual = { 'cronjob.kubernetes.io/instantiate': 'manual' };
    const shown = (type: string, before: KubeObject | null, after: KubeObject | null, actor?: string) =>
      deriveKubeEvents(jobIdentity, { ...event(type), metadata: { ...event(type).metadata, ...(actor ? { actor } : {}) } }, before, after, 11)
        .map((e) => e.object as Anything)
        .map((o) => `${o.involvedObject.kind}/${o.involvedObject.name} ${o.reason} ${o.source.component}: ${o.message}`);
    expect(shown('JobCreated', null, job(scheduled))).toEqual(['CronJob/hello SuccessfulCreate cronjob-controller: Created job hello-29931000']);
    expect(shown('JobCreated', null, job(manual))).toEqual(['CronJob/hello UnexpectedJob cronjob-controller: Saw a job that the controller did not create or forgot: hello-29931000']);
    const complete = { type: 'Complete', status: 'True' };
    expect(shown('JobStatusUpdated', job(scheduled), job(scheduled, complete))).toEqual([
      'Job/hello-29931000 Completed job-controller: Job completed',
      'CronJob/hello SawCompletedJob cronjob-controller: Saw completed job: hello-29931000, condition: Complete',
    ]);
    expect(shown('JobStatusUpdated', job(manual), job(manual, complete))).toEqual(['Job/hello-29931000 Completed job-controller: Job completed']);
    expect(shown('JobDeleted', job(scheduled), null, 'controller:cronjob')).toEqual(['CronJob/hello SuccessfulDelete cronjob-controller: Deleted job hello-29931000']);
    expect(shown('JobDeleted', job(scheduled), null, 'user:admin')).toEqual([]);
  });

  it('reports a provisioned volume on its claim (ProvisioningSucceeded), and a bound claim that lost its volume (ClaimLost)', () => {
    const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pvc-c1', uid: 'v', annotations: { 'pv.kubernetes.io/provisioned-by': 'bosun.io/local-path' } }, spec: { claimRef: { namespace: 'default', name: 'data', uid: 'c1' } } } as unknown as KubeObject;
    const [provisioned] = deriveKubeEvents({ kind: 'PersistentVolume', name: 'pvc-c1' }, event('PersistentVolumeCreated'), null, pv, 9);
    expect(provisioned!.object).toMatchObject({ involvedObject: { kind: 'PersistentVolumeClaim', name: 'data', namespace: 'default', uid: 'c1' }, reason: 'ProvisioningSucceeded', message: 'Successfully provisioned volume pvc-c1', source: { component: 'bosun.io/local-path' } });
    const { annotations: _, ...plain } = (pv as Anything).metadata;
    expect(deriveKubeEvents({ kind: 'PersistentVolume', name: 'pvc-c1' }, event('PersistentVolumeCreated'), null, { ...pv, metadata: plain } as KubeObject, 9)).toEqual([]);
    const claim = (phase: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default', uid: 'c1' }, status: { phase } }) as unknown as KubeObject;
    const lost = deriveKubeEvents({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' }, event('PersistentVolumeClaimStatusUpdated'), claim('Bound'), claim('Lost'), 10);
    expect(lost.map((e) => `${(e.object as Anything).type} ${(e.object as Anything).reason}`)).toEqual(['Warning ClaimLost']);
  });

  it('reports an autoscaler\'s rescales and the metrics it could not get, as kube\'s horizontal-pod-autoscaler does (once per spell)', () => {
    const identity = { kind: 'HorizontalPodAutoscaler' as const, namespace: 'default', name: 'web' };
    const hpa = (status: Anything): KubeObject =>
      ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default', uid: 'h1' }, spec: { metrics: [{ type: 'Resource', resource: { name: 'cpu' } }] }, status }) as unknown as KubeObject;
    const shown = (before: KubeObject | null, after: KubeObject) =>
      deriveKubeEvents(identity, event('HorizontalPodAutoscalerStatusUpdated'), before, after, 12)
        .map((e) => e.object as Anything)
        .map((o) => `${o.type} ${o.reason} ${o.source.component}: ${o.message}`);
    const rescaled = hpa({ currentReplicas: 1, desiredReplicas: 3, lastScaleTime: '2026-11-28T10:00:00Z', conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }] });
    expect(shown(hpa({ desiredReplicas: 0 }), rescaled)).toEqual(['Normal SuccessfulRescale horizontal-pod-autoscaler: New size: 3; reason: Current number of replicas below Spec.MinReplicas']);
    const failing = (lastScaleTime?: string) =>
      hpa({ currentReplicas: 3, desiredReplicas: 3, ...(lastScaleTime ? { lastScaleTime } : {}), conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' }, { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: boom' }] });
    expect(shown(rescaled, failing('2026-11-28T10:00:00Z'))).toEqual([
      'Warning FailedGetResourceMetric horizontal-pod-autoscaler: failed to get cpu utilization: boom',
      'Warning FailedComputeMetricsReplicas horizontal-pod-autoscaler: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: boom',
    ]);
    expect(shown(failing('2026-11-28T10:00:00Z'), failing('2026-11-28T10:00:00Z'))).toEqual([]);
    // A second rescale within the same second as the first is still one.
    const again = hpa({ currentReplicas: 9, desiredReplicas: 5, lastScaleTime: '2026-11-28T10:00:00Z', conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }] });
    expect(shown(failing('2026-11-28T10:00:00Z'), again)).toEqual(['Normal SuccessfulRescale horizontal-pod-autoscaler: New size: 5; reason: Current number of replicas above Spec.MaxReplicas']);
    // Within the bounds, the metric that asked for more, or all of them asking for less, as the reason.
    const bounded = (status: Anything): KubeObject => ({ ...hpa(status), spec: { minReplicas: 1, maxReplicas: 10, metrics: [] } }) as unknown as KubeObject;
    const valid = { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' };
    const byMetric = (current: number, desired: number) => bounded({ currentReplicas: current, desiredReplicas: desired, lastScaleTime: '2026-11-28T10:01:00Z', conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }, valid] });
    expect(shown(bounded({ desiredReplicas: 2 }), byMetric(2, 4))).toEqual(['Normal SuccessfulRescale horizontal-pod-autoscaler: New size: 4; reason: cpu resource utilization (percentage of request) above target']);
    expect(shown(bounded({ desiredReplicas: 4 }), byMetric(4, 2))).toEqual(['Normal SuccessfulRescale horizontal-pod-autoscaler: New size: 2; reason: All metrics below target']);
  });
});
