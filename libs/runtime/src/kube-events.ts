import type { KubeObject } from '@bosun/api';
import type { DomainEvent, ObjectIdentity } from '@bosun/objects';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Derived {
  readonly involved: KubeObject;
  readonly reason: string;
  readonly message: string;
  readonly type: 'Normal' | 'Warning';
  readonly component: string;
  readonly host?: string;
  /** The part of the involved object it is about, as the kubelet names a container: `spec.containers{web}`. */
  readonly fieldPath?: string;
}

/**
 * A derived Kubernetes Event, as the watch reports it (always ADDED). Its object is built on first
 * read: a replay derives an Event for most pods, and all but the latest few are evicted unread.
 */
export class KubeEventChange {
  readonly type = 'ADDED';
  readonly namespace: string;
  private named: string | undefined;
  private keyed: string | undefined;
  private built: KubeObject | undefined;

  constructor(
    private readonly derived: Derived,
    private readonly time: string,
    readonly offset: number,
    private readonly index: number,
  ) {
    this.namespace = derived.involved.metadata.namespace ?? 'default';
  }

  /** Named after the involved object and the offset, on first use: most are evicted unread. */
  private get name(): string {
    this.named ??= `${this.derived.involved.metadata.name}.${this.offset.toString(16).padStart(12, '0')}${this.index === 0 ? '' : `-${this.index}`}`;
    return this.named;
  }

  get key(): string {
    this.keyed ??= `events/${this.namespace}/${this.name}`;
    return this.keyed;
  }

  get object(): KubeObject {
    this.built ??= toEvent(this.derived, this.name, this.namespace, this.time, this.offset, this.index);
    return this.built;
  }

  /** What a snapshot keeps of it: enough to build the same Event again. */
  saved(): SavedKubeEvent {
    return { derived: this.derived, time: this.time, offset: this.offset, index: this.index };
  }

  static restore(saved: SavedKubeEvent): KubeEventChange {
    return new KubeEventChange(saved.derived, saved.time, saved.offset, saved.index);
  }
}

/** A derived Event in a snapshot (ClusterSnapshot.derived). */
export interface SavedKubeEvent {
  readonly derived: Derived;
  readonly time: string;
  readonly offset: number;
  readonly index: number;
}

const NONE: readonly KubeEventChange[] = Object.freeze([]);

/** The owner an object names as its controller, when of that kind, as an Event's involved object. */
function controllerRef(o: Anything, kind: string): KubeObject | undefined {
  const owner = ((o.metadata?.ownerReferences ?? []) as Anything[]).find((r) => r.controller && r.kind === kind);
  return owner ? ({ apiVersion: owner.apiVersion, kind, metadata: { name: owner.name, namespace: o.metadata.namespace, uid: owner.uid } } as KubeObject) : undefined;
}

/** The CronJob that scheduled a Job: its controller, when the Job carries the scheduled time (not one `kubectl create job --from` made). */
function scheduledBy(job: Anything): KubeObject | undefined {
  return job.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'] === undefined ? undefined : controllerRef(job, 'CronJob');
}

/** What an Event records of the object it is about: not the object itself, which it would keep alive. */
function about(o: Anything): KubeObject {
  return { apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid } } as KubeObject;
}

/** The kinds whose controllers record creating and deleting their pods, as kube-controller-manager's controllers name themselves. */
const POD_CONTROLLERS: Readonly<Record<string, string>> = {
  ReplicationController: 'replication-controller',
  ReplicaSet: 'replicaset-controller',
  Job: 'job-controller',
  DaemonSet: 'daemonset-controller',
  StatefulSet: 'statefulset-controller',
};

/**
 * Kubernetes Event objects (what `kubectl describe` and `kubectl get events` show) derived from the
 * log rather than written by each component: a domain event with a Kubernetes counterpart yields one
 * Event. Pure and keyed by offset, so a replay derives the same Events with the same names.
 */
export function deriveKubeEvents(
  identity: ObjectIdentity,
  event: DomainEvent,
  before: KubeObject | null,
  after: KubeObject | null,
  offset: number,
): readonly KubeEventChange[] {
  const out: Derived[] = [];
  const b = before as Anything | null;
  const a = after as Anything | null;
  switch (event.type) {
    case 'PersistentVolumeCreated': {
      // The provisioner reports the volume it made on the claim it made it for.
      const ref = a?.spec?.claimRef;
      const provisioner = a?.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'];
      if (ref?.name && provisioner) {
        const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: ref.name, namespace: ref.namespace, uid: ref.uid } } as KubeObject;
        out.push({ involved: claim, reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${identity.name}`, type: 'Normal', component: String(provisioner) });
      }
      break;
    }
    case 'PersistentVolumeClaimStatusUpdated':
      if (a?.status?.phase === 'Lost' && b?.status?.phase !== 'Lost') {
        out.push({ involved: about(a), reason: 'ClaimLost', message: 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!', type: 'Warning', component: 'persistentvolume-controller' });
      }
      break;
    case 'PodScheduled':
      if (a) out.push({ involved: about(a), reason: 'Scheduled', message: `Successfully assigned ${identity.namespace ?? 'default'}/${identity.name} to ${String(event.data.nodeName)}`, type: 'Normal', component: String(a.spec?.schedulerName ?? 'default-scheduler') });
      break;
    case 'PodStatusUpdated': {
      if (!a) break;
      const unschedulable = (s: Anything | null): Anything | undefined =>
        ((s?.status?.conditions ?? []) as Anything[]).find((c) => c.type === 'PodScheduled' && c.status === 'False');
      const unscheduled = unschedulable(a);
      if (unscheduled && unscheduled.message !== unschedulable(b)?.message) {
        out.push({ involved: about(a), reason: 'FailedScheduling', message: String(unscheduled.message ?? ''), type: 'Warning', component: 'default-scheduler' });
      }
      // Init containers first, as the kubelet works them.
      const statuses = [
        ...((a.status?.initContainerStatuses ?? []) as Anything[]).map((c) => ({ c, list: 'initContainers' })),
        ...((a.status?.containerStatuses ?? []) as Anything[]).map((c) => ({ c, list: 'containers' })),
        ...((a.status?.ephemeralContainerStatuses ?? []) as Anything[]).map((c) => ({ c, list: 'ephemeralContainers' })),
      ];
      if (statuses.length === 0) break; // the common case: nothing started
      const earlier = new Map(
        [...((b?.status?.initContainerStatuses ?? []) as Anything[]), ...((b?.status?.containerStatuses ?? []) as Anything[]), ...((b?.status?.ephemeralContainerStatuses ?? []) as Anything[])].map((c) => [c.name as string, c]),
      );
      let fieldPath: string | undefined;
      const kubelet = (reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): void => {
        out.push({ involved: about(a), reason, message, type, component: 'kubelet', host: a.spec?.nodeName, ...(fieldPath === undefined ? {} : { fieldPath }) });
      };
      /** When a status says its container's current (or just ended) run started. */
      const runStarted = (c: Anything | undefined): unknown => c?.state?.running?.startedAt ?? c?.state?.terminated?.startedAt;
      // What the kubelet reports as it works a container, seen here as changes of its state.
      for (const { c, list } of statuses) {
        fieldPath = `spec.${list}{${String(c.name)}}`;
        const was = earlier.get(c.name);
        const image = String(c.image ?? ((a.spec?.[list] ?? []) as Anything[]).find((s) => s.name === c.name)?.image ?? '');
        // A run that began since the last status: seen running, or already ended (an init container's
        // often is) — or counted: restartCount goes up as each new run starts, also one begun in the
        // same second as the last (its startedAt unchanged) or already gone again into a back-off.
        const started = runStarted(c);
        const restarted = was !== undefined && Number(c.restartCount ?? 0) > Number(was.restartCount ?? 0);
        if ((started !== undefined && started !== runStarted(was) && started !== was?.lastState?.terminated?.startedAt) || restarted) {
          kubelet('Pulled', `Container image "${image}" already present on machine`);
          kubelet('Created', `Created container ${c.name}`);
          kubelet('Started', `Started container ${c.name}`);
          if (!c.state?.waiting) continue;
        }
        const waiting = c.state?.waiting;
        if (!waiting) continue;
        const before = was?.state?.waiting;
        // Once per spell of waiting, or per failed attempt: a back-off ends with one.
        const anew = waiting.reason !== before?.reason || c.restartCount !== was?.restartCount;
        if (!anew) continue;
        if (waiting.reason === 'CrashLoopBackOff') {
          kubelet('BackOff', `Back-off restarting failed container ${c.name} in pod ${identity.name}_${identity.namespace ?? 'default'}(${a.metadata.uid})`, 'Warning');
        } else if (waiting.reason === 'ErrImagePull') {
          kubelet('Failed', `Failed to pull image "${image}": ${waiting.message ?? ''}`, 'Warning');
          kubelet('Failed', 'Error: ErrImagePull', 'Warning');
        } else if (waiting.reason === 'ImagePullBackOff') {
          kubelet('BackOff', `Back-off pulling image "${image}"`);
          kubelet('Failed', 'Error: ImagePullBackOff', 'Warning');
        } else if (waiting.reason === 'CreateContainerError' || waiting.reason === 'CreateContainerConfigError') {
          kubelet('Failed', `Error: ${waiting.message ?? 'CreateContainerError'}`, 'Warning');
        }
      }
      break;
    }
    case 'PodDeletionRequested':
      if (a) {
        // The daemonset controller says so when it deletes a failed pod of its (FailedDaemonPod).
        const owner = ((a.metadata?.ownerReferences ?? []) as Anything[]).find((o) => o.controller && o.kind === 'DaemonSet');
        if (owner && a.status?.phase === 'Failed' && event.metadata.actor === 'controller:daemonset') {
          const ds = { apiVersion: owner.apiVersion, kind: owner.kind, metadata: { name: owner.name, namespace: a.metadata.namespace, uid: owner.uid } } as KubeObject;
          const message = `Found failed daemon pod ${a.metadata.namespace}/${identity.name} on node ${String(a.spec?.nodeName ?? '')}, will try to kill it`;
          out.push({ involved: ds, reason: 'FailedDaemonPod', message, type: 'Warning', component: 'daemonset-controller' });
        }
        for (const c of (a.spec?.containers ?? []) as Anything[]) {
          out.push({ involved: about(a), reason: 'Killing', message: `Stopping container ${c.name}`, type: 'Normal', component: 'kubelet', host: a.spec?.nodeName, fieldPath: `spec.containers{${String(c.name)}}` });
        }
      }
      break;
    case 'PodCreated':
    case 'PodDeleted': {
      const pod = (a ?? b) as Anything | null;
      const owner = ((pod?.metadata?.ownerReferences ?? []) as Anything[]).find((o) => o.controller && POD_CONTROLLERS[o.kind] !== undefined);
      if (pod && owner) {
        const rc = { apiVersion: owner.apiVersion, kind: owner.kind, metadata: { name: owner.name, namespace: pod.metadata.namespace, uid: owner.uid } } as KubeObject;
        const created = event.type === 'PodCreated';
        const component = POD_CONTROLLERS[owner.kind];
        // The statefulset controller reports in its own words.
        const message = owner.kind === 'StatefulSet' ? `${created ? 'create' : 'delete'} Pod ${identity.name} in StatefulSet ${owner.name} successful` : `${created ? 'Created' : 'Deleted'} pod: ${identity.name}`;
        out.push({ involved: rc, reason: created ? 'SuccessfulCreate' : 'SuccessfulDelete', message, type: 'Normal', component });
      }
      break;
    }
    case 'ReplicaSetStatusUpdated':
    case 'ReplicationControllerStatusUpdated': {
      // The replicaset controller's refused create (FailedCreate), once per refusal it records in ReplicaFailure.
      const failure = (o: Anything | null): Anything | undefined => ((o?.status?.conditions ?? []) as Anything[]).find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
      const now = failure(a);
      if (a && now && now.message !== failure(b)?.message) {
        out.push({ involved: about(a), reason: 'FailedCreate', message: `Error creating: ${String(now.message ?? '')}`, type: 'Warning', component: POD_CONTROLLERS[a.kind] });
      }
      break;
    }
    case 'ReplicaSetCreated':
    case 'ReplicaSetUpdated': {
      // The deployment controller's scaling of a ReplicaSet it owns, as it records it on the Deployment.
      const from = (b?.spec?.replicas as number | undefined) ?? 0;
      const to = (a?.spec?.replicas as number | undefined) ?? 1;
      const owner = ((a?.metadata?.ownerReferences ?? []) as Anything[]).find((o) => o.controller && o.kind === 'Deployment');
      if (a && owner && from !== to && (b !== null || to > 0)) {
        const deployment = { apiVersion: owner.apiVersion, kind: 'Deployment', metadata: { name: owner.name, namespace: a.metadata.namespace, uid: owner.uid } } as KubeObject;
        out.push({ involved: deployment, reason: 'ScalingReplicaSet', message: `Scaled ${to > from ? 'up' : 'down'} replica set ${identity.name} from ${from} to ${to}`, type: 'Normal', component: 'deployment-controller' });
      }
      break;
    }
    case 'JobStatusUpdated': {
      // The job controller's word on a Job: Completed, its failure's reason and message, Suspended and Resumed.
      const holds = (o: Anything | null, type: string): Anything | undefined => ((o?.status?.conditions ?? []) as Anything[]).find((c) => c.type === type && c.status === 'True');
      if (a && holds(a, 'Complete') && !holds(b, 'Complete')) {
        out.push({ involved: about(a), reason: 'Completed', message: 'Job completed', type: 'Normal', component: 'job-controller' });
      }
      // Suspended and resumed: the Suspended condition turning True or False.
      const suspended = (o: Anything | null): string | undefined => ((o?.status?.conditions ?? []) as Anything[]).find((c) => c.type === 'Suspended')?.status;
      if (a && suspended(a) !== suspended(b) && suspended(a) !== undefined) {
        const now = suspended(a) === 'True';
        out.push({ involved: about(a), reason: now ? 'Suspended' : 'Resumed', message: now ? 'Job suspended' : 'Job resumed', type: 'Normal', component: 'job-controller' });
      }
      const failed = holds(a, 'Failed');
      if (a && failed && !holds(b, 'Failed')) {
        out.push({ involved: about(a), reason: String(failed.reason ?? 'Failed'), message: String(failed.message ?? ''), type: 'Warning', component: 'job-controller' });
      }
      // The cronjob controller sees its Job finish (it was in the CronJob's active list: one it scheduled).
      const cronJob = a ? scheduledBy(a) : undefined;
      const finished = ['Complete', 'Failed'].find((type) => holds(a, type) && !holds(b, type));
      if (cronJob && finished && !holds(b, 'Complete') && !holds(b, 'Failed')) {
        out.push({ involved: cronJob, reason: 'SawCompletedJob', message: `Saw completed job: ${identity.name}, condition: ${finished}`, type: 'Normal', component: 'cronjob-controller' });
      }
      break;
    }
    case 'JobCreated': {
      const cronJob = a ? scheduledBy(a) : undefined;
      if (cronJob) out.push({ involved: cronJob, reason: 'SuccessfulCreate', message: `Created job ${identity.name}`, type: 'Normal', component: 'cronjob-controller' });
      // A Job someone else made with the CronJob as its controller (kubectl create job --from): the controller sees it and did not make it.
      const adopter = a && !cronJob ? controllerRef(a, 'CronJob') : undefined;
      if (adopter) out.push({ involved: adopter, reason: 'UnexpectedJob', message: `Saw a job that the controller did not create or forgot: ${identity.name}`, type: 'Warning', component: 'cronjob-controller' });
      break;
    }
    case 'JobDeletionRequested':
    case 'JobDeleted': {
      // The cronjob controller's own deletions (history limits, Replace), once per Job.
      const job = (a ?? b) as Anything | null;
      const owner = job ? controllerRef(job, 'CronJob') : undefined;
      if (job && owner && event.metadata.actor === 'controller:cronjob' && !b?.metadata?.deletionTimestamp) {
        out.push({ involved: owner, reason: 'SuccessfulDelete', message: `Deleted job ${identity.name}`, type: 'Normal', component: 'cronjob-controller' });
      }
      break;
    }
    case 'HorizontalPodAutoscalerStatusUpdated': {
      // The horizontal-pod-autoscaler's word on a rescale it made, and on metrics it could not get (once per spell).
      if (!a) break;
      const condition = (o: Anything | null, type: string): Anything | undefined => ((o?.status?.conditions ?? []) as Anything[]).find((c) => c.type === type);
      const hpa = (reason: string, message: string, type: 'Normal' | 'Warning'): void => void out.push({ involved: about(a), reason, message, type, component: 'horizontal-pod-autoscaler' });
      // A rescale: newly recorded, or another one (lastScaleTime has whole seconds, so two may share one).
      const rescaled = (o: Anything | null): boolean => condition(o, 'AbleToScale')?.reason === 'SucceededRescale';
      if (rescaled(a) && (!rescaled(b) || a.status?.lastScaleTime !== b?.status?.lastScaleTime || a.status?.desiredReplicas !== b?.status?.desiredReplicas)) {
        const desired = Number(a.status?.desiredReplicas ?? 0);
        // The reason as kube's reconcileAutoscaler words it: a bound the replicas were outside of, else the metric that asked for more, or all asking for less.
        const current = Number(a.status?.currentReplicas ?? 0);
        const active = condition(a, 'ScalingActive');
        const metric = active?.status === 'True' ? /replica count from (.+)$/.exec(String(active.message ?? ''))?.[1] : undefined;
        const why =
          desired > current
            ? current < Number(a.spec?.minReplicas ?? 1) || metric === undefined
              ? 'Current number of replicas below Spec.MinReplicas'
              : `${metric} above target`
            : current > Number(a.spec?.maxReplicas ?? 0) || metric === undefined
              ? 'Current number of replicas above Spec.MaxReplicas'
              : 'All metrics below target';
        hpa('SuccessfulRescale', `New size: ${desired}; reason: ${why}`, 'Normal');
      }
      const inactive = condition(a, 'ScalingActive');
      if (inactive?.status === 'False' && /^FailedGet.*Metric$/.test(String(inactive.reason)) && (condition(b, 'ScalingActive')?.reason !== inactive.reason || condition(b, 'ScalingActive')?.message !== inactive.message)) {
        const error = String(inactive.message ?? '').replace(/^the HPA was unable to compute the replica count: /, '');
        const metrics = (a.spec?.metrics ?? []) as Anything[];
        const name = metrics[0]?.resource?.name ?? metrics[0]?.containerResource?.name;
        hpa(String(inactive.reason), error, 'Warning');
        hpa('FailedComputeMetricsReplicas', `invalid metrics (${metrics.length} invalid out of ${metrics.length}), first error is: ${name === undefined ? error : `failed to get ${name} resource metric value: ${error}`}`, 'Warning');
      }
      break;
    }
    case 'NodeStatusUpdated': {
      const ready = (o: Anything | null): string | undefined => ((o?.status?.conditions ?? []) as Anything[]).find((c) => c.type === 'Ready')?.status;
      if (a && ready(a) !== ready(b) && ready(a) !== undefined) {
        const status = ready(a) === 'True' ? 'NodeReady' : 'NodeNotReady';
        out.push({ involved: about(a), reason: status, message: `Node ${identity.name} status is now: ${status}`, type: 'Normal', component: 'node-controller' });
      }
      break;
    }
    default:
      break;
  }
  return out.length === 0 ? NONE : out.map((d, i) => new KubeEventChange(d, event.metadata.time, offset, i));
}

function toEvent(d: Derived, name: string, namespace: string, time: string, offset: number, index: number): KubeObject {
  const o = d.involved.metadata;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name,
      namespace,
      uid: `bosun-event-${offset}-${index}`,
      creationTimestamp: time,
      resourceVersion: String(offset),
    },
    involvedObject: {
      // The involved object's own group version: apps/v1 for a ReplicaSet or Deployment.
      apiVersion: d.involved.apiVersion ?? 'v1',
      kind: d.involved.kind,
      name: o.name,
      ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
      uid: o.uid,
      resourceVersion: String(offset),
      ...(d.fieldPath === undefined ? {} : { fieldPath: d.fieldPath }),
    },
    reason: d.reason,
    message: d.message,
    source: { component: d.component, ...(d.host ? { host: d.host } : {}) },
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
    type: d.type,
    reportingComponent: d.component,
    reportingInstance: d.host ?? '',
  } as unknown as KubeObject;
}
