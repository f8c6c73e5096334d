import type { Kind, KubeObject } from '@bosun/api';

/** The field selectors each kind supports, as the API server does (others → 400). */
const COMMON = ['metadata.name', 'metadata.namespace'];
export const FIELD_SELECTORS: Readonly<Record<Kind, readonly string[]>> = {
  Pod: [...COMMON, 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Node: [...COMMON, 'spec.unschedulable'],
  ReplicationController: [...COMMON, 'status.replicas'],
  ReplicaSet: [...COMMON, 'status.replicas'],
  Deployment: COMMON,
  DaemonSet: COMMON,
  StatefulSet: COMMON,
  ControllerRevision: COMMON,
  // kube-apiserver's job strategy adds status.successful to the common ones.
  Job: [...COMMON, 'status.successful'],
  CronJob: COMMON,
  PodDisruptionBudget: COMMON,
  HorizontalPodAutoscaler: COMMON,
  Service: [...COMMON, 'spec.clusterIP', 'spec.type'],
  Endpoints: COMMON,
  Namespace: [...COMMON, 'status.phase'],
  ConfigMap: COMMON,
  Secret: [...COMMON, 'type'],
  ServiceAccount: COMMON,
  Lease: COMMON,
  PersistentVolume: COMMON,
  PersistentVolumeClaim: COMMON,
  StorageClass: COMMON,
  ResourceQuota: COMMON,
  LimitRange: COMMON,
  PriorityClass: COMMON,
  Role: COMMON,
  RoleBinding: COMMON,
  ClusterRole: COMMON,
  ClusterRoleBinding: COMMON,
  Ingress: COMMON,
  IngressClass: COMMON,
  NetworkPolicy: COMMON,
  Event: [
    ...COMMON,
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
};

/** The value of a selectable field of an object, as a string ('' when absent). */
export function fieldValue(object: KubeObject, field: string): string {
  if (object.kind === 'Event' && field === 'source') {
    const source = (object as { source?: { component?: string } }).source;
    return source?.component ?? (object as { reportingComponent?: string }).reportingComponent ?? '';
  }
  // A Job's status.successful is its status.succeeded (0 when unset), as kube-apiserver names it.
  if (object.kind === 'Job' && field === 'status.successful') return String(object.status?.succeeded ?? 0);
  let value: unknown = object;
  for (const part of field.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  if (field === 'spec.hostNetwork' || field === 'spec.unschedulable') return String(Boolean(value));
  return value === undefined || value === null ? '' : String(value);
}
