import type { Secret } from '../types/config.types';
import type { Endpoints } from '../types/endpoints.types';
import type { KubeObject } from '../types/kube-object.types';
import type { Lease } from '../types/lease.types';
import type { ClusterRoleBinding, RoleBinding } from '../types/rbac.types';
import type { NetworkPolicy } from '../types/networking.types';
import type { Namespace } from '../types/namespace.types';
import type { Node } from '../types/node.types';
import type { DaemonSet } from '../types/daemon-set.types';
import type { Deployment } from '../types/deployment.types';
import { DAEMON_SET_TEMPLATE_GENERATION } from '../daemon-set-labels';
import type { CronJob } from '../types/cron-job.types';
import type { HorizontalPodAutoscaler } from '../types/horizontal-pod-autoscaler.types';
import type { Job } from '../types/job.types';
import type { StatefulSet } from '../types/stateful-set.types';
import type { ReplicaSet } from '../types/replica-set.types';
import { JOB_CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from '../job-labels';
import type { ReplicationController } from '../types/replication-controller.types';
import type { Service } from '../types/service.types';
import type { PersistentVolume, PersistentVolumeClaim } from '../types/storage.types';
import type { LimitRangeItem } from '../types/resource-quota.types';
import { defaultLimitRangeItem } from '../resource-quota';
import { resourceByKind } from '../resources';
import { ipFamilyOf } from '../validation/names';
import { defaultPod, defaultPodSpec } from './pod.defaults';
import { canonicalResourceList } from '../quantity';

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const unset = (v: unknown): boolean => v === undefined || v === null || v === '';
const isEmptyMap = (v: unknown): boolean => !isObj(v) || Object.keys(v).length === 0;

/** The namespace a namespaced object lands in when the request names none. */
export const DEFAULT_NAMESPACE = 'default';
/** The label every Namespace carries with its own name (so selectors can match namespaces by name). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Server-side defaults as Kubernetes applies them on create/update, on a deep copy. Idempotent;
 * tolerates malformed input (validation reports it afterwards).
 */
export function applyDefaults<T extends KubeObject>(obj: T): T {
  const out = structuredClone(obj) as T;
  if (!isObj(out)) return out;
  if (!isObj(out.metadata)) (out as { metadata: object }).metadata = {};
  if (resourceByKind(out.kind)?.namespaced && unset(out.metadata.namespace)) out.metadata.namespace = DEFAULT_NAMESPACE;
  // Stored as Go's omitempty serialises ObjectMeta: an emptied map or list is no field at all
  // (a patch that removes the last label leaves no `labels: {}` behind; kubectl diff shows none).
  const meta = out.metadata as unknown as Record<string, unknown>;
  for (const field of ['labels', 'annotations']) if (isObj(meta[field]) && isEmptyMap(meta[field])) delete meta[field];
  for (const field of ['finalizers', 'ownerReferences']) if (Array.isArray(meta[field]) && (meta[field] as unknown[]).length === 0) delete meta[field];
  switch (out.kind) {
    case 'Pod':
      defaultPod(out);
      break;
    case 'ReplicationController':
      defaultReplicationController(out);
      break;
    case 'ReplicaSet':
      defaultReplicaSet(out);
      break;
    case 'Deployment':
      defaultDeployment(out);
      break;
    case 'DaemonSet':
      defaultDaemonSet(out);
      break;
    case 'Job':
      defaultJob(out);
      break;
    case 'StatefulSet':
      defaultStatefulSet(out);
      break;
    case 'CronJob':
      defaultCronJob(out);
      break;
    case 'HorizontalPodAutoscaler':
      defaultHorizontalPodAutoscaler(out);
      break;
    case 'PodDisruptionBudget':
      // No SetDefaults in policy/v1; its status' counts are never omitted (a new one's are all 0).
      if (!isObj(out.status)) out.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
      break;
    case 'Service':
      defaultService(out);
      break;
    case 'Endpoints':
      defaultEndpoints(out);
      break;
    case 'Namespace':
      defaultNamespace(out);
      break;
    case 'Node':
      defaultNode(out);
      break;
    case 'Secret':
      defaultSecret(out);
      break;
    case 'Lease':
      defaultLease(out);
      break;
    case 'PersistentVolume':
      defaultPersistentVolume(out);
      break;
    case 'PersistentVolumeClaim':
      defaultPersistentVolumeClaim(out);
      break;
    case 'StorageClass':
      // SetDefaults_StorageClass: provisioned volumes are deleted with their claim, and bound at once.
      if (unset(out.reclaimPolicy)) out.reclaimPolicy = 'Delete';
      if (unset(out.volumeBindingMode)) out.volumeBindingMode = 'Immediate';
      break;
    case 'PriorityClass':
      // SetDefaults_PriorityClass: a class preempts lower priorities unless it says Never.
      if (unset(out.preemptionPolicy)) out.preemptionPolicy = 'PreemptLowerPriority';
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      defaultBinding(out);
      break;
    case 'NetworkPolicy':
      defaultNetworkPolicy(out);
      break;
    case 'ResourceQuota':
      // Quantities stored canonical, as a ResourceList is (kube's Quantity round trip).
      if (isObj(out.spec) && isObj(out.spec.hard)) out.spec.hard = canonicalResourceList(out.spec.hard);
      break;
    case 'LimitRange':
      // SetDefaults_LimitRangeItem: a Container item's default from max, defaultRequest from default then min.
      if (isObj(out.spec) && Array.isArray(out.spec.limits)) {
        out.spec.limits = (out.spec.limits as unknown[]).map((item) => (isObj(item) && typeof item.type === 'string' ? defaultLimitRangeItem(canonicalItem(item as unknown as LimitRangeItem)) : item)) as LimitRangeItem[];
      }
      break;
    case 'IngressClass':
      // SetDefaults_IngressClass: parameters without a scope are the cluster's.
      if (isObj(out.spec) && isObj(out.spec.parameters) && unset(out.spec.parameters.scope)) out.spec.parameters.scope = 'Cluster';
      break;
    default:
      break;
  }
  return out;
}

/** A LimitRange item's resource lists as canonical quantities. */
function canonicalItem(item: LimitRangeItem): LimitRangeItem {
  const out: LimitRangeItem = { ...item };
  for (const l of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const) if (isObj(out[l])) out[l] = canonicalResourceList(out[l]);
  return out;
}

/**
 * SetDefaults_PersistentVolume: phase Pending until the binder sees it, reclaim policy Retain
 * (a provisioner sets its class's), volume mode Filesystem; a hostPath's type "" (no check); the
 * capacity as canonical quantities.
 */
function defaultPersistentVolume(pv: PersistentVolume): void {
  if (!isObj(pv.spec)) return;
  if (unset(pv.spec.persistentVolumeReclaimPolicy)) pv.spec.persistentVolumeReclaimPolicy = 'Retain';
  if (unset(pv.spec.volumeMode)) pv.spec.volumeMode = 'Filesystem';
  if (isObj(pv.spec.hostPath) && pv.spec.hostPath.type === undefined) pv.spec.hostPath.type = '';
  if (isObj(pv.spec.capacity)) pv.spec.capacity = canonicalResourceList(pv.spec.capacity);
  if (!isObj(pv.status)) pv.status = {};
  if (unset(pv.status.phase)) pv.status.phase = 'Pending';
}

/** SetDefaults_PersistentVolumeClaim: phase Pending, volume mode Filesystem, canonical quantities. */
function defaultPersistentVolumeClaim(pvc: PersistentVolumeClaim): void {
  if (!isObj(pvc.spec)) return;
  if (unset(pvc.spec.volumeMode)) pvc.spec.volumeMode = 'Filesystem';
  if (isObj(pvc.spec.resources)) {
    for (const field of ['requests', 'limits'] as const) if (isObj(pvc.spec.resources[field])) pvc.spec.resources[field] = canonicalResourceList(pvc.spec.resources[field]);
  }
  if (!isObj(pvc.status)) pvc.status = {};
  if (unset(pvc.status.phase)) pvc.status.phase = 'Pending';
}

/**
 * rbac/v1's SetDefaults_RoleBinding / _ClusterRoleBinding / _Subject: a roleRef in the RBAC group,
 * a User's or Group's subject too (a ServiceAccount's stays in the core group, "").
 */
function defaultBinding(binding: RoleBinding | ClusterRoleBinding): void {
  // roleRef is a struct, not a pointer, in kube: never absent, defaulted like a given one.
  if (binding.roleRef === undefined || binding.roleRef === null) (binding as { roleRef: object }).roleRef = {};
  if (isObj(binding.roleRef) && unset(binding.roleRef.apiGroup)) binding.roleRef.apiGroup = 'rbac.authorization.k8s.io';
  for (const subject of Array.isArray(binding.subjects) ? binding.subjects : []) {
    if (isObj(subject) && unset(subject.apiGroup) && (subject.kind === 'User' || subject.kind === 'Group')) subject.apiGroup = 'rbac.authorization.k8s.io';
  }
}

/**
 * networking/v1's SetDefaults_NetworkPolicy: ports TCP, and the policy types a policy without any
 * has — Ingress always (it isolates its pods for ingress), Egress when it has egress rules.
 */
function defaultNetworkPolicy(np: NetworkPolicy): void {
  if (!isObj(np.spec)) return;
  for (const rule of [...(Array.isArray(np.spec.ingress) ? np.spec.ingress : []), ...(Array.isArray(np.spec.egress) ? np.spec.egress : [])]) {
    for (const port of isObj(rule) && Array.isArray(rule.ports) ? rule.ports : []) if (isObj(port) && unset(port.protocol)) port.protocol = 'TCP';
  }
  if (!Array.isArray(np.spec.policyTypes) || np.spec.policyTypes.length === 0) {
    np.spec.policyTypes = ['Ingress', ...(Array.isArray(np.spec.egress) && np.spec.egress.length > 0 ? ['Egress'] : [])];
  }
}

/**
 * A Lease's times as kube-apiserver stores and answers them: MicroTime, in UTC with six fraction
 * digits (`2026-11-29T18:00:00.123456Z`), whatever RFC 3339 form the client sent.
 */
function defaultLease(lease: Lease): void {
  if (!isObj(lease.spec)) return;
  for (const field of ['acquireTime', 'renewTime'] as const) {
    const value = lease.spec[field];
    if (typeof value === 'string') lease.spec[field] = microTime(value);
  }
}

/** An RFC 3339 time as Kubernetes' MicroTime serialises it; anything else as it was (validation reports it). */
export function microTime(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  const seconds = m === null ? NaN : Date.parse(`${m[1]}${m[3]}`);
  if (m === null || Number.isNaN(seconds)) return value;
  return `${new Date(seconds).toISOString().slice(0, 19)}.${(m[2] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
}

/** As the API server prepares a Secret: type Opaque, and `stringData` (write-only) merged into `data`, base64. */
function defaultSecret(secret: Secret): void {
  if (unset(secret.type)) secret.type = 'Opaque';
  const strings = secret.stringData;
  if (!isObj(strings) || !Object.values(strings).every((v) => typeof v === 'string')) return;
  const data = isObj(secret.data) ? secret.data : {};
  for (const [key, value] of Object.entries(strings)) data[key] = Buffer.from(value, 'utf8').toString('base64');
  secret.data = data;
  delete secret.stringData;
}

function defaultReplicationController(rc: ReplicationController): void {
  if (!isObj(rc.spec)) rc.spec = {};
  const spec = rc.spec;
  const labels = isObj(spec.template) && isObj(spec.template.metadata) ? spec.template.metadata.labels : undefined;
  // Only the template's labels are copied: the selector and the RC's own labels follow them.
  if (isObj(labels)) {
    if (isEmptyMap(spec.selector)) spec.selector = { ...labels };
    if (isEmptyMap(rc.metadata.labels)) rc.metadata.labels = { ...labels };
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (isObj(spec.template) && isObj(spec.template.spec)) defaultPodSpec(spec.template.spec);
}

/** apps/v1's SetDefaults_ReplicaSet: one replica; unlike an RC's, the selector and labels are never copied from the template. */
function defaultReplicaSet(rs: ReplicaSet): void {
  if (!isObj(rs.spec)) rs.spec = {};
  if (rs.spec.replicas === undefined || rs.spec.replicas === null) rs.spec.replicas = 1;
  if (isObj(rs.spec.template) && isObj(rs.spec.template.spec)) defaultPodSpec(rs.spec.template.spec);
}

/**
 * batch/v1's SetDefaults_Job: one completion run one at a time when neither is set, six retries,
 * NonIndexed, not suspended, failed pods replaced once terminated, the selector generated. And, as
 * the job strategy's PrepareForCreate does once the Job has its uid, the generated selector: the template labelled with the uid and the name, the
 * selector choosing the uid (validation refuses labels that say otherwise); the Job's labels are its
 * template's when it has none.
 */
function defaultJob(job: Job): void {
  if (!isObj(job.spec)) job.spec = {};
  const spec = job.spec;
  if (unset(spec.completions) && unset(spec.parallelism)) spec.completions = 1;
  if (unset(spec.parallelism)) spec.parallelism = 1;
  if (unset(spec.backoffLimit)) spec.backoffLimit = 6;
  if (unset(spec.completionMode)) spec.completionMode = 'NonIndexed';
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.podReplacementPolicy)) spec.podReplacementPolicy = 'TerminatingOrFailed';
  if (unset(spec.manualSelector)) spec.manualSelector = false;
  if (!isObj(spec.template)) return;
  const template = spec.template;
  const { uid, name } = job.metadata;
  if (spec.manualSelector !== true && !unset(uid)) {
    if (!isObj(template.metadata)) template.metadata = {};
    const labels: Record<string, string> = isObj(template.metadata.labels) ? template.metadata.labels : (template.metadata.labels = {});
    for (const key of [LEGACY_CONTROLLER_UID_LABEL, JOB_CONTROLLER_UID_LABEL]) labels[key] ??= uid!;
    for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) labels[key] ??= name!;
    if (!isObj(spec.selector)) spec.selector = {};
    if (!isObj(spec.selector.matchLabels)) spec.selector.matchLabels = {};
    spec.selector.matchLabels[JOB_CONTROLLER_UID_LABEL] ??= uid!;
  }
  // After the generated labels: kube-apiserver's Job shares its template's label map, so it shows them too.
  if (isObj(template.metadata) && isObj(template.metadata.labels) && !isEmptyMap(template.metadata.labels) && isEmptyMap(job.metadata.labels)) job.metadata.labels = { ...template.metadata.labels };
  if (isObj(template.spec)) defaultPodSpec(template.spec);
}

/**
 * apps/v1's SetDefaults_StatefulSet (1.31, StatefulSetAutoDeletePVC on): OrderedReady, a RollingUpdate
 * from partition 0 (a partition only when the type is defaulted or rollingUpdate given), both PVC
 * retention policies Retain, one replica, ten revisions kept; the pod template's defaults, and the
 * claim templates' as for a PersistentVolumeClaim (stored only: Bosun makes no claims).
 */
function defaultStatefulSet(sts: StatefulSet): void {
  if (!isObj(sts.spec)) sts.spec = {};
  const spec = sts.spec;
  if (unset(spec.podManagementPolicy)) spec.podManagementPolicy = 'OrderedReady';
  if (!isObj(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy;
  if (unset(strategy.type)) {
    strategy.type = 'RollingUpdate';
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
  }
  if (strategy.type === 'RollingUpdate' && isObj(strategy.rollingUpdate) && unset(strategy.rollingUpdate.partition)) strategy.rollingUpdate.partition = 0;
  if (!isObj(spec.persistentVolumeClaimRetentionPolicy)) spec.persistentVolumeClaimRetentionPolicy = {};
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (unset(retention.whenDeleted)) retention.whenDeleted = 'Retain';
  if (unset(retention.whenScaled)) retention.whenScaled = 'Retain';
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  if (isObj(spec.template) && isObj(spec.template.spec)) defaultPodSpec(spec.template.spec);
  for (const claim of (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) as unknown[]) {
    if (!isObj(claim)) continue;
    if (!isObj(claim.spec)) claim.spec = {};
    if (unset(claim.spec.volumeMode)) claim.spec.volumeMode = 'Filesystem';
    if (!isObj(claim.status)) claim.status = {};
    if (unset(claim.status.phase)) claim.status.phase = 'Pending';
  }
}

/**
 * batch/v1's SetDefaults_CronJob: concurrent runs allowed, not suspended, three succeeded and one
 * failed Job kept; the Job template's pod template takes the pod defaults, but the Job template's
 * spec is not a Job's and takes none of SetDefaults_Job's (each Job gets them when it is created).
 */
function defaultCronJob(cj: CronJob): void {
  if (!isObj(cj.spec)) return;
  const spec = cj.spec;
  if (unset(spec.concurrencyPolicy)) spec.concurrencyPolicy = 'Allow';
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unset(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  const template = isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec) ? spec.jobTemplate.spec.template : undefined;
  if (isObj(template) && isObj(template.spec)) defaultPodSpec(template.spec);
}

/** autoscaling/v2's SetDefaults_HorizontalPodAutoscaler: one replica at least, cpu at 80% utilization when no metric is given. */
function defaultHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler): void {
  if (!isObj(hpa.spec)) return;
  const spec = hpa.spec;
  if (unset(spec.minReplicas)) spec.minReplicas = 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  // SetDefaults_HorizontalPodAutoscalerBehavior: a behavior given is completed with kube's rules
  // (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules); the scale-down window stays unset (the
  // controller's 300 s), and a policies list given — even empty — is kept.
  if (isObj(spec.behavior)) {
    const complete = (given: unknown, defaults: Record<string, unknown>): Record<string, unknown> => {
      const rules = isObj(given) ? given : {};
      return { ...defaults, ...Object.fromEntries(Object.entries(rules).filter(([, v]) => v !== undefined && v !== null)) };
    };
    spec.behavior.scaleUp = complete(spec.behavior.scaleUp, { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] });
    spec.behavior.scaleDown = complete(spec.behavior.scaleDown, { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
  }
  if (!isObj(hpa.status)) hpa.status = { desiredReplicas: 0 };
}

/**
 * apps/v1's SetDefaults_Deployment: one replica, a RollingUpdate of 25% surge and 25% unavailable,
 * ten old ReplicaSets kept, a progress deadline of 600 s; the pod template's defaults.
 */
function defaultDeployment(d: Deployment): void {
  if (!isObj(d.spec)) d.spec = {};
  const spec = d.spec;
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (!isObj(spec.strategy)) spec.strategy = {};
  if (unset(spec.strategy.type)) spec.strategy.type = 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    if (!isObj(spec.strategy.rollingUpdate)) spec.strategy.rollingUpdate = {};
    const ru = spec.strategy.rollingUpdate;
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = '25%';
    if (unset(ru.maxSurge)) ru.maxSurge = '25%';
  }
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  if (spec.progressDeadlineSeconds === undefined || spec.progressDeadlineSeconds === null) spec.progressDeadlineSeconds = 600;
  if (isObj(spec.template) && isObj(spec.template.spec)) defaultPodSpec(spec.template.spec);
}

/**
 * apps/v1's SetDefaults_DaemonSet: a RollingUpdate of one unavailable node and no surge, ten old
 * revisions kept; the pod template's defaults. And, as the daemonset strategy's PrepareForCreate,
 * template generation 1 (kept in its annotation; updates are the decider's).
 */
function defaultDaemonSet(ds: DaemonSet): void {
  if (!isObj(ds.spec)) ds.spec = {};
  const spec = ds.spec;
  if (!isObj(spec.updateStrategy)) spec.updateStrategy = {};
  if (unset(spec.updateStrategy.type)) spec.updateStrategy.type = 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    if (!isObj(spec.updateStrategy.rollingUpdate)) spec.updateStrategy.rollingUpdate = {};
    const ru = spec.updateStrategy.rollingUpdate;
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = 1;
    if (unset(ru.maxSurge)) ru.maxSurge = 0;
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  const generation = Number(ds.metadata.annotations?.[DAEMON_SET_TEMPLATE_GENERATION]);
  if (!(generation >= 1)) ds.metadata.annotations = { ...(isObj(ds.metadata.annotations) ? ds.metadata.annotations : {}), [DAEMON_SET_TEMPLATE_GENERATION]: '1' };
  if (isObj(spec.template) && isObj(spec.template.spec)) defaultPodSpec(spec.template.spec);
}

function defaultService(svc: Service): void {
  if (!isObj(svc.spec)) svc.spec = {};
  const spec = svc.spec;
  if (unset(spec.type)) spec.type = 'ClusterIP';
  if (unset(spec.sessionAffinity)) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig === undefined)
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  if (Array.isArray(spec.ports))
    for (const p of spec.ports) {
      if (!isObj(p)) continue;
      if (unset(p.protocol)) p.protocol = 'TCP';
      if (unset(p.targetPort) || p.targetPort === 0) p.targetPort = p.port;
    }
  if (spec.type === 'ExternalName') return;
  if (unset(spec.internalTrafficPolicy)) spec.internalTrafficPolicy = 'Cluster';
  if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && unset(spec.externalTrafficPolicy)) spec.externalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
  // Set by the API server's IP allocator in Kubernetes; single-stack, family of any given clusterIP.
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) {
    const given = typeof spec.clusterIP === 'string' ? ipFamilyOf(spec.clusterIP) : undefined;
    spec.ipFamilies = [given ?? 'IPv4'];
  }
  if (unset(spec.ipFamilyPolicy)) spec.ipFamilyPolicy = 'SingleStack';
  if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '' && (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0))
    spec.clusterIPs = [spec.clusterIP];
}

function defaultEndpoints(ep: Endpoints): void {
  if (!Array.isArray(ep.subsets)) return;
  for (const s of ep.subsets)
    if (isObj(s) && Array.isArray(s.ports)) for (const p of s.ports) if (isObj(p) && unset(p.protocol)) p.protocol = 'TCP';
}

function defaultNamespace(ns: Namespace): void {
  if (!isObj(ns.spec)) ns.spec = {};
  // The namespace controller's finalizer is always present, whatever else the user listed.
  if (!Array.isArray(ns.spec.finalizers)) ns.spec.finalizers = [];
  if (!ns.spec.finalizers.includes('kubernetes')) ns.spec.finalizers.push('kubernetes');
  if (!isObj(ns.status)) ns.status = {};
  if (unset(ns.status.phase)) ns.status.phase = 'Active';
  if (typeof ns.metadata.name === 'string' && ns.metadata.name !== '') {
    ns.metadata.labels = { ...(isObj(ns.metadata.labels) ? ns.metadata.labels : {}), [NAMESPACE_NAME_LABEL]: ns.metadata.name };
  }
}

function defaultNode(node: Node): void {
  // Allocatable defaults to capacity: nothing reserved for the system.
  if (isObj(node.status) && isObj(node.status.capacity) && !isObj(node.status.allocatable))
    node.status.allocatable = { ...node.status.capacity };
  if (isObj(node.status)) for (const list of ['capacity', 'allocatable'] as const) if (isObj(node.status[list])) node.status[list] = canonicalResourceList(node.status[list]);
}
