import { formatLabelSelector } from './pod-selector';
import { formatQuantity } from './quantity';
import type { Kind, KubeObject } from './types';

/** A column of a server-side Table (metav1.TableColumnDefinition). Priority 1 shows with `-o wide`. */
export interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'boolean' | 'date';
  readonly format?: 'name';
  readonly priority?: 1;
  readonly description?: string;
}

/** The Name and Age columns as kube-apiserver's printers describe them (the ObjectMeta fields' docs). */
export const NAME_COLUMN: Column = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' };
export const AGE_COLUMN: Column = { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' };

type Cells = (string | number)[];
type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The columns `kubectl get` prints for each kind, as Kubernetes' printers define them. */
/** The wide columns of every kind that runs a pod template (RC, ReplicaSet, Deployment, DaemonSet, Job, CronJob; a StatefulSet has the first two). */
const TEMPLATE_WIDE_COLUMNS: readonly Column[] = [
  { name: 'Containers', type: 'string', priority: 1 },
  { name: 'Images', type: 'string', priority: 1 },
  { name: 'Selector', type: 'string', priority: 1 },
];

/** The cells of TEMPLATE_WIDE_COLUMNS (layoutContainerCells, then the selector as the kind prints it). */
function templateWideCells(podSpec: Anything | undefined, selector: string): Cells {
  const containers: Anything[] = podSpec?.containers ?? [];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(','), selector];
}

/** printReplicationController's and printReplicaSet's columns: the same. */
const REPLICA_COLUMNS: readonly Column[] = [
  { name: 'Name', type: 'string', format: 'name' },
  { name: 'Desired', type: 'integer' },
  { name: 'Current', type: 'integer' },
  { name: 'Ready', type: 'integer' },
  { name: 'Age', type: 'string' },
  ...TEMPLATE_WIDE_COLUMNS,
];

const ROLE_COLUMNS: readonly Column[] = [NAME_COLUMN, { name: 'Created At', type: 'date', description: AGE_COLUMN.description }];

/** printRoleBinding's and printClusterRoleBinding's: the role, then (wide) the subjects by kind. */
const BINDING_COLUMNS: readonly Column[] = [
  NAME_COLUMN,
  { name: 'Role', type: 'string', description: 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.' },
  AGE_COLUMN,
  { name: 'Users', type: 'string', priority: 1, description: 'Users in the roleBinding' },
  { name: 'Groups', type: 'string', priority: 1, description: 'Groups in the roleBinding' },
  { name: 'ServiceAccounts', type: 'string', priority: 1, description: 'ServiceAccounts in the roleBinding' },
];

const COLUMNS: Readonly<Record<Kind, readonly Column[]>> = {
  Pod: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Ready', type: 'string' },
    { name: 'Status', type: 'string' },
    { name: 'Restarts', type: 'string' },
    { name: 'Age', type: 'string' },
    { name: 'IP', type: 'string', priority: 1 },
    { name: 'Node', type: 'string', priority: 1 },
    { name: 'Nominated Node', type: 'string', priority: 1 },
    { name: 'Readiness Gates', type: 'string', priority: 1 },
  ],
  ReplicationController: REPLICA_COLUMNS,
  ReplicaSet: REPLICA_COLUMNS,
  Deployment: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Ready', type: 'string' },
    { name: 'Up-to-date', type: 'integer' },
    { name: 'Available', type: 'integer' },
    { name: 'Age', type: 'string' },
    ...TEMPLATE_WIDE_COLUMNS,
  ],
  DaemonSet: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Desired', type: 'integer' },
    { name: 'Current', type: 'integer' },
    { name: 'Ready', type: 'integer' },
    { name: 'Up-to-date', type: 'integer' },
    { name: 'Available', type: 'integer' },
    { name: 'Node Selector', type: 'string' },
    { name: 'Age', type: 'string' },
    ...TEMPLATE_WIDE_COLUMNS,
  ],
  // printStatefulSet: no selector column.
  StatefulSet: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Ready', type: 'string' },
    { name: 'Age', type: 'string' },
    ...TEMPLATE_WIDE_COLUMNS.slice(0, 2),
  ],
  ControllerRevision: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Controller', type: 'string' },
    { name: 'Revision', type: 'integer' },
    { name: 'Age', type: 'string' },
  ],
  // printJob as of 1.31 (the Status column is new in 1.30).
  Job: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Status', type: 'string' },
    { name: 'Completions', type: 'string' },
    { name: 'Duration', type: 'string' },
    { name: 'Age', type: 'string' },
    ...TEMPLATE_WIDE_COLUMNS,
  ],
  // printCronJob: the wide columns are its Job template's (whose selector is generated per Job: <none>).
  CronJob: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Schedule', type: 'string' },
    { name: 'Timezone', type: 'string' },
    { name: 'Suspend', type: 'boolean' },
    { name: 'Active', type: 'integer' },
    { name: 'Last Schedule', type: 'string' },
    { name: 'Age', type: 'string' },
    ...TEMPLATE_WIDE_COLUMNS,
  ],
  HorizontalPodAutoscaler: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Reference', type: 'string' },
    { name: 'Targets', type: 'string' },
    { name: 'MinPods', type: 'string' },
    { name: 'MaxPods', type: 'integer' },
    { name: 'Replicas', type: 'integer' },
    { name: 'Age', type: 'string' },
  ],
  PodDisruptionBudget: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Min Available', type: 'string' },
    { name: 'Max Unavailable', type: 'string' },
    { name: 'Allowed Disruptions', type: 'integer' },
    { name: 'Age', type: 'string' },
  ],
  Service: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Type', type: 'string' },
    { name: 'Cluster-IP', type: 'string' },
    { name: 'External-IP', type: 'string' },
    { name: 'Port(s)', type: 'string' },
    { name: 'Age', type: 'string' },
    { name: 'Selector', type: 'string', priority: 1 },
  ],
  Node: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Status', type: 'string' },
    { name: 'Roles', type: 'string' },
    { name: 'Age', type: 'string' },
    { name: 'Version', type: 'string' },
    { name: 'Internal-IP', type: 'string', priority: 1 },
    { name: 'External-IP', type: 'string', priority: 1 },
    { name: 'OS-Image', type: 'string', priority: 1 },
    { name: 'Kernel-Version', type: 'string', priority: 1 },
    { name: 'Container-Runtime', type: 'string', priority: 1 },
  ],
  Namespace: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Status', type: 'string' },
    { name: 'Age', type: 'string' },
  ],
  Endpoints: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Endpoints', type: 'string' },
    { name: 'Age', type: 'string' },
  ],
  ConfigMap: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Data', type: 'integer' },
    { name: 'Age', type: 'string' },
  ],
  Secret: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Type', type: 'string' },
    { name: 'Data', type: 'integer' },
    { name: 'Age', type: 'string' },
  ],
  ServiceAccount: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Secrets', type: 'integer' },
    { name: 'Age', type: 'string' },
  ],
  // printPersistentVolume (1.31: with VolumeAttributesClass; VolumeMode only wide).
  PersistentVolume: [
    NAME_COLUMN,
    { name: 'Capacity', type: 'string' },
    { name: 'Access Modes', type: 'string' },
    { name: 'Reclaim Policy', type: 'string' },
    { name: 'Status', type: 'string' },
    { name: 'Claim', type: 'string' },
    { name: 'StorageClass', type: 'string' },
    { name: 'VolumeAttributesClass', type: 'string' },
    { name: 'Reason', type: 'string' },
    AGE_COLUMN,
    { name: 'VolumeMode', type: 'string', priority: 1 },
  ],
  PersistentVolumeClaim: [
    NAME_COLUMN,
    { name: 'Status', type: 'string' },
    { name: 'Volume', type: 'string' },
    { name: 'Capacity', type: 'string' },
    { name: 'Access Modes', type: 'string' },
    { name: 'StorageClass', type: 'string' },
    { name: 'VolumeAttributesClass', type: 'string' },
    AGE_COLUMN,
    { name: 'VolumeMode', type: 'string', priority: 1 },
  ],
  StorageClass: [
    NAME_COLUMN,
    { name: 'Provisioner', type: 'string' },
    { name: 'ReclaimPolicy', type: 'string' },
    { name: 'VolumeBindingMode', type: 'string' },
    { name: 'AllowVolumeExpansion', type: 'string' },
    AGE_COLUMN,
  ],
  // printResourceQuota: each resource of status.hard as "name: used/hard", limits.* under Limit.
  ResourceQuota: [
    NAME_COLUMN,
    AGE_COLUMN,
    { name: 'Request', type: 'string', description: 'Request represents a minimum amount of cpu/memory that a container may consume.' },
    { name: 'Limit', type: 'string', description: 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.' },
  ],
  // printLimitRange: the creation time itself, as printRole.
  LimitRange: ROLE_COLUMNS,
  // printPriorityClass: the value, whether it is the global default, then (after Age) the preemption policy.
  PriorityClass: [
    NAME_COLUMN,
    { name: 'Value', type: 'integer', description: 'value represents the integer value of this priority class.' },
    { name: 'Global-Default', type: 'boolean', description: 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.' },
    AGE_COLUMN,
    { name: 'PreemptionPolicy', type: 'string', description: 'preemptionPolicy is the Policy for preempting pods with lower priority.' },
  ],
  // printLease: the holder and the age.
  Lease: [
    NAME_COLUMN,
    { name: 'Holder', type: 'string', description: 'holderIdentity contains the identity of the holder of a current lease.' },
    AGE_COLUMN,
  ],
  // printRole, printClusterRole: the creation time itself, in RFC 3339.
  Role: ROLE_COLUMNS,
  ClusterRole: ROLE_COLUMNS,
  RoleBinding: BINDING_COLUMNS,
  ClusterRoleBinding: BINDING_COLUMNS,
  Ingress: [
    NAME_COLUMN,
    { name: 'Class', type: 'string', description: 'The name of the IngressClass resource that should be used for additional configuration' },
    { name: 'Hosts', type: 'string', description: 'Hosts that incoming requests are matched against before the ingress rule' },
    { name: 'Address', type: 'string', description: 'Address is a list containing ingress points for the load-balancer' },
    { name: 'Ports', type: 'string', description: 'Ports of TLS configurations that open' },
    AGE_COLUMN,
  ],
  IngressClass: [
    NAME_COLUMN,
    { name: 'Controller', type: 'string', description: 'Controller that is responsible for handling this class' },
    { name: 'Parameters', type: 'string', description: 'A reference to a resource with additional parameters' },
    AGE_COLUMN,
  ],
  NetworkPolicy: [
    NAME_COLUMN,
    { name: 'Pod-Selector', type: 'string', description: 'podSelector selects the pods to which this NetworkPolicy object applies.' },
    AGE_COLUMN,
  ],
  Event: [
    { name: 'Last Seen', type: 'string' },
    { name: 'Type', type: 'string' },
    { name: 'Reason', type: 'string' },
    { name: 'Object', type: 'string' },
    { name: 'Subobject', type: 'string', priority: 1 },
    { name: 'Source', type: 'string', priority: 1 },
    { name: 'Message', type: 'string' },
    { name: 'First Seen', type: 'string', priority: 1 },
    { name: 'Count', type: 'string', priority: 1 },
    { name: 'Name', type: 'string', priority: 1 },
  ],
};

/** Kubernetes' duration.HumanDuration: 45s, 3m20s, 15m, 5h3m, 3d4h, 400d, 3y20d. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

const age = (time: string | undefined, now: number): string => (time ? humanDuration(now - Date.parse(time)) : '<unknown>');
const none = (s: string | undefined): string => (s === undefined || s === '' ? '<none>' : s);
const selectorString = (m: Record<string, string> | undefined): string =>
  m && Object.keys(m).length > 0 ? Object.keys(m).sort().map((k) => `${k}=${m[k]}`).join(',') : '<none>';

/** A container's reason when it is not simply running: its waiting or terminated reason, or exit code / signal. */
function containerReason(s: Anything): string | undefined {
  if (s.state?.waiting?.reason) return s.state.waiting.reason;
  const t = s.state?.terminated;
  if (t === undefined) return undefined;
  return t.reason || (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`);
}

/** STATUS, READY and RESTARTS as kubectl prints a pod (Kubernetes' printPod): init containers first, sidecars counted as containers. */
function podCells(pod: Anything, now: number): Cells {
  const inits: Anything[] = pod.spec?.initContainers ?? [];
  const sidecars = new Set(inits.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const total = (pod.spec?.containers ?? []).length + sidecars.size;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: string | undefined;
  let lastSidecarRestart: string | undefined;
  const later = (a: string | undefined, b: string | undefined): string | undefined => (b && (!a || b > a) ? b : a);
  const phase: string = pod.status?.phase ?? 'Pending';
  let reason: string = pod.status?.reason || phase;
  if (((pod.status?.conditions ?? []) as Anything[]).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  let initializing = false;
  const initStatuses: Anything[] = pod.status?.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const s = initStatuses[i];
    restarts += s.restartCount ?? 0;
    lastRestart = later(lastRestart, s.lastState?.terminated?.finishedAt);
    if (sidecars.has(s.name)) {
      sidecarRestarts += s.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, s.lastState?.terminated?.finishedAt);
    }
    if (s.state?.terminated && s.state.terminated.exitCode === 0) continue;
    if (sidecars.has(s.name) && s.started === true) {
      if (s.ready) ready++;
      continue;
    }
    initializing = true;
    if (s.state?.terminated) reason = `Init:${containerReason(s)}`;
    else if (s.state?.waiting?.reason && s.state.waiting.reason !== 'PodInitializing') reason = `Init:${s.state.waiting.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    break;
  }
  const initialized = ((pod.status?.conditions ?? []) as Anything[]).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: Anything[] = pod.status?.containerStatuses ?? [];
    // From the last container to the first: the first one with something to say has the last word.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const s = statuses[i];
      restarts += s.restartCount ?? 0;
      lastRestart = later(lastRestart, s.lastState?.terminated?.finishedAt);
      const why = containerReason(s);
      if (why !== undefined) reason = why;
      else if (s.ready && s.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose other containers completed while one still runs is Running (or NotReady).
    if (reason === 'Completed' && hasRunning) reason = ((pod.status?.conditions ?? []) as Anything[]).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }
  if (pod.metadata?.deletionTimestamp && pod.status?.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  const restartCell = restarts > 0 && lastRestart ? `${restarts} (${humanDuration(now - Date.parse(lastRestart))} ago)` : String(restarts);
  const gates: Anything[] = pod.spec?.readinessGates ?? [];
  return [
    pod.metadata?.name ?? '',
    `${ready}/${total}`,
    reason,
    restartCell,
    age(pod.metadata?.creationTimestamp, now),
    none(pod.status?.podIP),
    none(pod.spec?.nodeName),
    none(pod.status?.nominatedNodeName),
    gates.length === 0 ? '<none>' : `0/${gates.length}`,
  ];
}

function rcCells(rc: Anything, now: number): Cells {
  return [
    rc.metadata?.name ?? '',
    rc.spec?.replicas ?? 1,
    rc.status?.replicas ?? 0,
    rc.status?.readyReplicas ?? 0,
    age(rc.metadata?.creationTimestamp, now),
    ...templateWideCells(rc.spec?.template?.spec, rc.kind === 'ReplicaSet' ? formatLabelSelector(rc.spec?.selector) : selectorString(rc.spec?.selector)),
  ];
}

/** printDeployment: ready of desired, up to date, available; wide, the template's containers and the selector. */
function deploymentCells(d: Anything, now: number): Cells {
  return [
    d.metadata?.name ?? '',
    `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
    d.status?.updatedReplicas ?? 0,
    d.status?.availableReplicas ?? 0,
    age(d.metadata?.creationTimestamp, now),
    ...templateWideCells(d.spec?.template?.spec, formatLabelSelector(d.spec?.selector)),
  ];
}

/** printDaemonSet: the status counts, the template's nodeSelector as a label map; wide, its containers and the selector. */
function daemonSetCells(ds: Anything, now: number): Cells {
  const status = ds.status ?? {};
  return [
    ds.metadata?.name ?? '',
    status.desiredNumberScheduled ?? 0,
    status.currentNumberScheduled ?? 0,
    status.numberReady ?? 0,
    status.updatedNumberScheduled ?? 0,
    status.numberAvailable ?? 0,
    selectorString(ds.spec?.template?.spec?.nodeSelector),
    age(ds.metadata?.creationTimestamp, now),
    ...templateWideCells(ds.spec?.template?.spec, formatLabelSelector(ds.spec?.selector)),
  ];
}

/**
 * printJob: the first of Complete, Failed, Terminating, Suspended, FailureTarget that holds, else
 * Running; succeeded of completions (of parallelism when completions is unset); the time from
 * start to completion, or to now while it runs.
 */
function jobCells(job: Anything, now: number): Cells {
  const holds = (type: string): boolean => ((job.status?.conditions ?? []) as Anything[]).some((c) => c.type === type && c.status === 'True');
  const status = holds('Complete') ? 'Complete' : holds('Failed') ? 'Failed' : job.metadata?.deletionTimestamp ? 'Terminating' : holds('Suspended') ? 'Suspended' : holds('FailureTarget') ? 'FailureTarget' : 'Running';
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions ?? null;
  const parallelism = job.spec?.parallelism ?? 0;
  const shown = completions !== null ? `${succeeded}/${completions}` : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
  const start = job.status?.startTime ? Date.parse(job.status.startTime) : NaN;
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return [
    job.metadata?.name ?? '',
    status,
    shown,
    Number.isNaN(start) ? '' : humanDuration(end - start),
    age(job.metadata?.creationTimestamp, now),
    ...templateWideCells(job.spec?.template?.spec, formatLabelSelector(job.spec?.selector)),
  ];
}

/**
 * printHorizontalPodAutoscaler's formatHPAMetrics for resource metrics: `cpu: <current>/<target>`
 * per metric (`<unknown>` before a measurement), the first three and `+ N more...`; `<none>`
 * without metrics. Other sources print as their type, Bosun measuring none of them.
 */
function hpaTargets(specs: readonly Anything[], statuses: readonly Anything[]): string {
  if (specs.length === 0) return '<none>';
  const shown = specs.map((spec, i) => {
    if (spec.type !== 'Resource' || spec.resource === undefined) return `${spec.type}: <unknown>`;
    const { name, target } = spec.resource;
    const current = statuses[i]?.resource?.current ?? {};
    if (target?.averageValue !== undefined) return `${name}: ${current.averageValue ?? '<unknown>'}/${target.averageValue}`;
    const utilization = current.averageUtilization === undefined ? '<unknown>' : `${current.averageUtilization}%`;
    return `${name}: ${utilization}/${target?.averageUtilization === undefined ? '<auto>' : `${target.averageUtilization}%`}`;
  });
  return shown.length > 3 ? `${shown.slice(0, 3).join(', ')} + ${shown.length - 3} more...` : shown.join(', ');
}

/** printCronJob: suspend as printBoolPtr prints it, `<none>` for no time zone or no schedule yet. */
function cronJobCells(cj: Anything, now: number): Cells {
  const suspend = cj.spec?.suspend;
  return [
    cj.metadata?.name ?? '',
    cj.spec?.schedule ?? '',
    none(cj.spec?.timeZone),
    typeof suspend === 'boolean' ? (suspend ? 'True' : 'False') : '<unset>',
    ((cj.status?.active ?? []) as unknown[]).length,
    cj.status?.lastScheduleTime ? age(cj.status.lastScheduleTime, now) : '<none>',
    age(cj.metadata?.creationTimestamp, now),
    ...templateWideCells(cj.spec?.jobTemplate?.spec?.template?.spec, formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector)),
  ];
}

/** printControllerRevision: the controller as `<kind>.<group>/<name>` (kubectl's resource/name), `<none>` without one. */
function controllerRevisionCells(cr: Anything, now: number): Cells {
  const ref = ((cr.metadata?.ownerReferences ?? []) as Anything[]).find((r) => r.controller === true);
  const apiVersion = String(ref?.apiVersion ?? '');
  const group = apiVersion.includes('/') ? `.${apiVersion.split('/')[0]}` : '';
  return [cr.metadata?.name ?? '', ref ? `${String(ref.kind).toLowerCase()}${group}/${ref.name}` : '<none>', cr.revision ?? 0, age(cr.metadata?.creationTimestamp, now)];
}

function serviceCells(svc: Anything, now: number): Cells {
  const ports: Anything[] = svc.spec?.ports ?? [];
  const portText = ports.length === 0 ? '<none>' : ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
  const external: string[] = [...(svc.spec?.externalIPs ?? []), ...((svc.status?.loadBalancer?.ingress ?? []) as Anything[]).map((i) => i.ip ?? i.hostname)];
  const type = svc.spec?.type ?? 'ClusterIP';
  return [
    svc.metadata?.name ?? '',
    type,
    svc.spec?.clusterIP ?? '<none>',
    external.length > 0 ? external.join(',') : type === 'ExternalName' ? svc.spec?.externalName ?? '<none>' : type === 'LoadBalancer' ? '<pending>' : '<none>',
    portText,
    age(svc.metadata?.creationTimestamp, now),
    selectorString(svc.spec?.selector),
  ];
}

function nodeCells(node: Anything, now: number): Cells {
  const ready = ((node.status?.conditions ?? []) as Anything[]).find((c) => c.type === 'Ready');
  // As kubectl prints a node: NotReady whether Ready is False or Unknown; Unknown only without a Ready condition.
  let status = ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  if (node.spec?.unschedulable) status += ',SchedulingDisabled';
  const roles = Object.keys(node.metadata?.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .sort();
  const address = (type: string): string => none(((node.status?.addresses ?? []) as Anything[]).find((a) => a.type === type)?.address);
  const info = node.status?.nodeInfo ?? {};
  return [
    node.metadata?.name ?? '',
    status,
    roles.length > 0 ? roles.join(',') : '<none>',
    age(node.metadata?.creationTimestamp, now),
    info.kubeletVersion ?? '',
    address('InternalIP'),
    address('ExternalIP'),
    none(info.osImage),
    none(info.kernelVersion),
    none(info.containerRuntimeVersion),
  ];
}

function endpointsCells(ep: Anything, now: number): Cells {
  const list: string[] = [];
  for (const subset of (ep.subsets ?? []) as Anything[]) {
    const ports: Anything[] = subset.ports?.length ? subset.ports : [{}];
    for (const address of (subset.addresses ?? []) as Anything[]) {
      for (const port of ports) list.push(port.port === undefined ? address.ip : `${address.ip}:${port.port}`);
    }
  }
  const text = list.length === 0 ? '<none>' : list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
  return [ep.metadata?.name ?? '', text, age(ep.metadata?.creationTimestamp, now)];
}

function eventCells(ev: Anything, now: number): Cells {
  const last = ev.lastTimestamp ?? ev.eventTime ?? ev.metadata?.creationTimestamp;
  const first = ev.firstTimestamp ?? ev.eventTime ?? ev.metadata?.creationTimestamp;
  const o = ev.involvedObject ?? {};
  const source = ev.source?.component ? `${ev.source.component}${ev.source.host ? `, ${ev.source.host}` : ''}` : ev.reportingComponent ?? '';
  return [
    age(last, now),
    ev.type ?? '',
    ev.reason ?? '',
    `${String(o.kind ?? '').toLowerCase()}/${o.name ?? ''}`,
    o.fieldPath ?? '',
    source,
    String(ev.message ?? '').trim(),
    age(first, now),
    String(ev.count ?? 1),
    ev.metadata?.name ?? '',
  ];
}

/** GetAccessModesAsString: the modes held, abbreviated, in this order whatever the order given. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const held = new Set(modes ?? []);
  return (
    [
      ['ReadWriteOnce', 'RWO'],
      ['ReadOnlyMany', 'ROX'],
      ['ReadWriteMany', 'RWX'],
      ['ReadWriteOncePod', 'RWOP'],
    ] as const
  )
    .filter(([mode]) => held.has(mode))
    .map(([, short]) => short)
    .join(',');
}

const storageOf = (list: Anything | undefined): string => (list?.storage === undefined ? '0' : formatQuantity(String(list.storage)));
const phaseOrTerminating = (o: Anything): string => (o.metadata?.deletionTimestamp ? 'Terminating' : o.status?.phase ?? '');

/** printPersistentVolume: the claim as namespace/name, Terminating once deleted, `<unset>` for no attributes class or mode. */
function persistentVolumeCells(pv: Anything, now: number): Cells {
  const ref = pv.spec?.claimRef;
  return [
    pv.metadata?.name ?? '',
    storageOf(pv.spec?.capacity),
    accessModesString(pv.spec?.accessModes),
    pv.spec?.persistentVolumeReclaimPolicy ?? '',
    phaseOrTerminating(pv),
    ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
    pv.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pv.spec?.storageClassName ?? '',
    pv.spec?.volumeAttributesClassName ?? '<unset>',
    pv.status?.reason ?? '',
    age(pv.metadata?.creationTimestamp, now),
    pv.spec?.volumeMode ?? '<unset>',
  ];
}

/** printPersistentVolumeClaim: capacity and access modes only once bound to a volume (from status). */
function persistentVolumeClaimCells(pvc: Anything, now: number): Cells {
  const bound = Boolean(pvc.spec?.volumeName);
  return [
    pvc.metadata?.name ?? '',
    phaseOrTerminating(pvc),
    pvc.spec?.volumeName ?? '',
    bound ? storageOf(pvc.status?.capacity) : '',
    bound ? accessModesString(pvc.status?.accessModes) : '',
    pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '',
    pvc.spec?.volumeAttributesClassName ?? '<unset>',
    age(pvc.metadata?.creationTimestamp, now),
    pvc.spec?.volumeMode ?? '<unset>',
  ];
}

/** printStorageClass: the default class (either annotation) named "<name> (default)". */
function storageClassCells(sc: Anything, now: number): Cells {
  const annotations = sc.metadata?.annotations ?? {};
  const isDefault = annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  return [
    `${sc.metadata?.name ?? ''}${isDefault ? ' (default)' : ''}`,
    sc.provisioner ?? '',
    sc.reclaimPolicy ?? 'Delete',
    sc.volumeBindingMode ?? 'Immediate',
    String(sc.allowVolumeExpansion ?? false),
    age(sc.metadata?.creationTimestamp, now),
  ];
}

/**
 * printResourceQuota: the resources of status.hard in name order, each "name: used/hard" (a resource
 * not yet counted is used 0), those named limits.* in the Limit column, the others in Request.
 */
function resourceQuotaCells(quota: Anything, now: number): Cells {
  const hard: Record<string, string> = quota.status?.hard ?? {};
  const used: Record<string, string> = quota.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const pieces = name.split('.');
    (pieces.length > 1 && pieces[0] === 'limits' ? limit : request).push(`${name}: ${used[name] ?? '0'}/${hard[name]}`);
  }
  return [quota.metadata?.name ?? '', age(quota.metadata?.creationTimestamp, now), request.join(', '), limit.join(', ')];
}

/** printPriorityClass: a class without a policy preempts lower priorities (the default). */
const priorityClassCells = (pc: Anything, now: number): Cells => [
  pc.metadata?.name ?? '',
  typeof pc.value === 'number' ? pc.value : 0,
  pc.globalDefault === true,
  age(pc.metadata?.creationTimestamp, now),
  pc.preemptionPolicy ?? 'PreemptLowerPriority',
];

/** printRole: the creation time as RFC 3339 in UTC, not an age. */
const roleCells = (role: Anything): Cells => [role.metadata?.name ?? '', role.metadata?.creationTimestamp ? new Date(role.metadata.creationTimestamp).toISOString().replace(/\.\d+Z$/, 'Z') : ''];

/** printRoleBinding: Kind/name of the role; wide, the subjects as rbac.SubjectsStrings writes them (service accounts namespace/name). */
function bindingCells(b: Anything, now: number): Cells {
  const subjects = (b.subjects ?? []) as Anything[];
  const named = (kind: string, show: (s: Anything) => string): string => subjects.filter((s) => s.kind === kind).map(show).join(', ');
  return [
    b.metadata?.name ?? '',
    `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
    age(b.metadata?.creationTimestamp, now),
    named('User', (s) => s.name),
    named('Group', (s) => s.name),
    named('ServiceAccount', (s) => `${s.namespace ?? ''}/${s.name}`),
  ];
}

/**
 * printIngress: up to three hosts (`*` for none), the load balancer's addresses (whole: kube-apiserver
 * prints its Tables wide, and clips only for narrow output), 80, or 80, 443 with TLS.
 */
function ingressCells(ing: Anything, now: number): Cells {
  const rules = (ing.spec?.rules ?? []) as Anything[];
  const hosts = rules.map((r) => r.host).filter((h): h is string => typeof h === 'string' && h !== '').slice(0, 3);
  const more = rules.length > 3 && hosts.length === 3 ? ` + ${rules.length - 3} more...` : '';
  const addresses = [...new Set(((ing.status?.loadBalancer?.ingress ?? []) as Anything[]).map((i) => i.ip || i.hostname).filter(Boolean))].sort().join(',');
  return [
    ing.metadata?.name ?? '',
    ing.spec?.ingressClassName ?? '<none>',
    hosts.length === 0 ? '*' : hosts.join(',') + more,
    addresses,
    ((ing.spec?.tls ?? []) as unknown[]).length > 0 ? '80, 443' : '80',
    age(ing.metadata?.creationTimestamp, now),
  ];
}

/** printIngressClass: parameters as Kind[.apiGroup]/name. */
function ingressClassCells(ic: Anything, now: number): Cells {
  const p = ic.spec?.parameters;
  const parameters = p ? `${p.kind ?? ''}${p.apiGroup !== undefined && p.apiGroup !== null ? `.${p.apiGroup}` : ''}/${p.name ?? ''}` : '<none>';
  return [ic.metadata?.name ?? '', ic.spec?.controller ?? '', parameters, age(ic.metadata?.creationTimestamp, now)];
}

const CELLS: Readonly<Record<Kind, (o: Anything, now: number) => Cells>> = {
  Pod: podCells,
  ReplicationController: rcCells,
  // printReplicaSet: the RC's columns, the selector in label-selector syntax.
  ReplicaSet: rcCells,
  Deployment: deploymentCells,
  DaemonSet: daemonSetCells,
  Job: jobCells,
  StatefulSet: (sts, now) => {
    const containers: Anything[] = sts.spec?.template?.spec?.containers ?? [];
    return [sts.metadata?.name ?? '', `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`, age(sts.metadata?.creationTimestamp, now), containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(',')];
  },
  ControllerRevision: controllerRevisionCells,
  CronJob: cronJobCells,
  HorizontalPodAutoscaler: (hpa, now) => [
    hpa.metadata?.name ?? '',
    `${hpa.spec?.scaleTargetRef?.kind ?? ''}/${hpa.spec?.scaleTargetRef?.name ?? ''}`,
    hpaTargets(hpa.spec?.metrics ?? [], hpa.status?.currentMetrics ?? []),
    typeof hpa.spec?.minReplicas === 'number' ? String(hpa.spec.minReplicas) : '<unset>',
    hpa.spec?.maxReplicas ?? 0,
    hpa.status?.currentReplicas ?? 0,
    age(hpa.metadata?.creationTimestamp, now),
  ],
  // printPodDisruptionBudget: N/A for the bound that is not set.
  PodDisruptionBudget: (pdb, now) => [
    pdb.metadata?.name ?? '',
    String(pdb.spec?.minAvailable ?? 'N/A'),
    String(pdb.spec?.maxUnavailable ?? 'N/A'),
    pdb.status?.disruptionsAllowed ?? 0,
    age(pdb.metadata?.creationTimestamp, now),
  ],
  Service: serviceCells,
  Node: nodeCells,
  Namespace: (ns, now) => [ns.metadata?.name ?? '', ns.status?.phase ?? 'Active', age(ns.metadata?.creationTimestamp, now)],
  Endpoints: endpointsCells,
  Event: eventCells,
  ConfigMap: (cm, now) => [cm.metadata?.name ?? '', Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, age(cm.metadata?.creationTimestamp, now)],
  Secret: (secret, now) => [secret.metadata?.name ?? '', secret.type ?? 'Opaque', Object.keys(secret.data ?? {}).length, age(secret.metadata?.creationTimestamp, now)],
  ServiceAccount: (sa, now) => [sa.metadata?.name ?? '', (sa.secrets ?? []).length, age(sa.metadata?.creationTimestamp, now)],
  Lease: (lease, now) => [lease.metadata?.name ?? '', lease.spec?.holderIdentity ?? '', age(lease.metadata?.creationTimestamp, now)],
  PersistentVolume: persistentVolumeCells,
  PersistentVolumeClaim: persistentVolumeClaimCells,
  StorageClass: storageClassCells,
  ResourceQuota: resourceQuotaCells,
  LimitRange: roleCells,
  PriorityClass: priorityClassCells,
  Role: roleCells,
  ClusterRole: roleCells,
  RoleBinding: bindingCells,
  ClusterRoleBinding: bindingCells,
  Ingress: ingressCells,
  IngressClass: ingressClassCells,
  // printNetworkPolicy: the pod selector as metav1.FormatLabelSelector writes it.
  NetworkPolicy: (np, now) => [np.metadata?.name ?? '', formatLabelSelector(np.spec?.podSelector), age(np.metadata?.creationTimestamp, now)],
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/**
 * A metav1 Table: the columns (omitted when `withColumns` is false: the events of a watch after the
 * first), each object's cells, and the object or its metadata as `includeObject` asks. For the
 * kinds (toTable) and for the views the gateway answers itself (EndpointSlices, Leases).
 */
export function tableOf<T extends { metadata?: unknown }>(
  items: readonly T[],
  columns: readonly Column[],
  cells: (item: T, now: number) => unknown[],
  options: { resourceVersion?: string; continue?: string; includeObject?: IncludeObject; withColumns?: boolean; now?: number } = {},
): Record<string, unknown> {
  const now = options.now ?? Date.now();
  const include = options.includeObject ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      ...(options.resourceVersion === undefined ? {} : { resourceVersion: options.resourceVersion }),
      ...(options.continue === undefined ? {} : { continue: options.continue }),
    },
    ...(options.withColumns === false
      ? {}
      : { columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 })) }),
    rows: items.map((item) => ({
      cells: cells(item, now),
      ...(include === 'None' ? {} : { object: include === 'Object' ? item : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: item.metadata } }),
    })),
  };
}

/** A metav1 Table of objects of one kind; the first of a watch stream carries the column definitions. */
export function toTable(
  kind: Kind,
  objects: readonly KubeObject[],
  options: { resourceVersion?: string; continue?: string; includeObject?: IncludeObject; withColumns?: boolean; now?: number } = {},
): Record<string, unknown> {
  return tableOf(objects, COLUMNS[kind], (o, now) => CELLS[kind](o as Anything, now), options);
}
