import type { ConfigMap, Secret } from './config.types';
import type { Endpoints } from './endpoints.types';
import type { Event } from './event.types';
import type { Lease } from './lease.types';
import type { Namespace } from './namespace.types';
import type { Node } from './node.types';
import type { Pod } from './pod.types';
import type { DaemonSet } from './daemon-set.types';
import type { Deployment } from './deployment.types';
import type { CronJob } from './cron-job.types';
import type { PodDisruptionBudget } from './pod-disruption-budget.types';
import type { HorizontalPodAutoscaler } from './horizontal-pod-autoscaler.types';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from './rbac.types';
import type { Ingress, IngressClass, NetworkPolicy } from './networking.types';
import type { Job } from './job.types';
import type { ControllerRevision, StatefulSet } from './stateful-set.types';
import type { ReplicaSet } from './replica-set.types';
import type { ReplicationController } from './replication-controller.types';
import type { ServiceAccount } from './service-account.types';
import type { Service } from './service.types';
import type { LimitRange, ResourceQuota } from './resource-quota.types';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from './storage.types';
import type { PriorityClass } from './priority-class.types';

/** Every object kind this API serves. */
export type KubeObject = Pod | Node | ReplicationController | Service | Endpoints | Namespace | Event | ConfigMap | Secret | ServiceAccount | Lease | ReplicaSet | Deployment | Job | CronJob | DaemonSet | StatefulSet | ControllerRevision
  | PodDisruptionBudget | HorizontalPodAutoscaler | Role | RoleBinding | ClusterRole | ClusterRoleBinding | Ingress | IngressClass | NetworkPolicy
  | PersistentVolume | PersistentVolumeClaim | StorageClass | ResourceQuota | LimitRange | PriorityClass;
export type Kind = KubeObject['kind'];
export const KINDS: readonly Kind[] = ['Pod', 'Node', 'ReplicationController', 'Service', 'Endpoints', 'Namespace', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount', 'Lease', 'ReplicaSet', 'Deployment', 'Job', 'CronJob', 'DaemonSet', 'StatefulSet', 'ControllerRevision',
  'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Ingress', 'IngressClass', 'NetworkPolicy',
  'PersistentVolume', 'PersistentVolumeClaim', 'StorageClass', 'ResourceQuota', 'LimitRange', 'PriorityClass'];
/** The object type for a kind, e.g. `ObjectOfKind<'Pod'>` is `Pod`. */
export type ObjectOfKind<K extends Kind> = Extract<KubeObject, { kind: K }>;
