import type { Reconciler } from './controller';
import { daemonSetReconciler } from './daemon-set.reconciler';
import { deploymentReconciler } from './deployment.reconciler';
import { endpointsReconciler } from './endpoints.reconciler';
import { eventTtlReconciler, type EventTtlOptions } from './event-ttl.reconciler';
import { jobReconciler } from './job.reconciler';
import { cronJobReconciler } from './cron-job.reconciler';
import { disruptionReconciler } from './disruption.reconciler';
import { resourceQuotaReconciler } from './resource-quota.reconciler';
import { horizontalPodAutoscalerReconciler, type PodUsageSource } from './horizontal-pod-autoscaler.reconciler';
import { ttlAfterFinishedReconciler } from './ttl-after-finished.reconciler';
import { garbageCollectorReconciler } from './garbage-collector.reconciler';
import { nodeLifecycleReconciler, type NodeLifecycleOptions } from './node-lifecycle.reconciler';
import { podGcReconciler, type PodGcOptions } from './pod-gc.reconciler';
import { replicationReconciler } from './replication.reconciler';
import { schedulerReconciler } from './scheduler.reconciler';
import { serviceAccountReconciler } from './service-account.reconciler';
import { statefulSetReconciler } from './stateful-set.reconciler';
import { persistentVolumeReconciler, type PersistentVolumeOptions } from './persistent-volume.reconciler';
import { clusterRoleAggregationReconciler } from './cluster-role-aggregation.reconciler';

/**
 * The controllers as they are deployed: each name is one elected unit (one leader at a time), run
 * in `bosun up` or as its own process (apps/<name>). Deployments, DaemonSets, StatefulSets, Jobs, CronJobs, finished Jobs' TTL, PodDisruptionBudgets' status, ResourceQuotas' usage, HorizontalPodAutoscalers and garbage collection ride with replication, the
 * owner of most dependents, and so do Event expiry (kube-apiserver's --event-ttl) and the `default`
 * ServiceAccount of each namespace, and the persistent volume controller (binding, the local-path
 * provisioner, pvc/pv protection), and the ClusterRole aggregator. The pod garbage collector (podgc) rides with node lifecycle: most
 * of what it collects is left by nodes.
 */
export const CONTROLLER_NAMES = ['scheduler', 'replication', 'endpoints', 'node-lifecycle'] as const;
export type ControllerName = (typeof CONTROLLER_NAMES)[number];

export function controllerSet(name: ControllerName, options: { nodeLifecycle?: NodeLifecycleOptions; eventTtl?: EventTtlOptions; podGc?: PodGcOptions; storage?: PersistentVolumeOptions; metrics?: PodUsageSource } = {}): () => readonly Reconciler[] {
  switch (name) {
    case 'scheduler':
      return () => [schedulerReconciler()];
    case 'replication':
      return () => [replicationReconciler, deploymentReconciler, daemonSetReconciler(), statefulSetReconciler, jobReconciler, cronJobReconciler, ttlAfterFinishedReconciler, disruptionReconciler, resourceQuotaReconciler, horizontalPodAutoscalerReconciler(options.metrics === undefined ? {} : { metrics: options.metrics }), garbageCollectorReconciler, eventTtlReconciler(options.eventTtl), serviceAccountReconciler, persistentVolumeReconciler(options.storage), clusterRoleAggregationReconciler];
    case 'endpoints':
      return () => [endpointsReconciler];
    case 'node-lifecycle':
      return () => [nodeLifecycleReconciler(options.nodeLifecycle), podGcReconciler(options.podGc)];
  }
}
