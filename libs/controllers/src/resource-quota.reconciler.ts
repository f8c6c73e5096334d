import { quotaResourceKind, quotaUsed, sameJson } from '@bosun/api';
import type { KubeObject, ResourceQuota, ResourceQuotaStatus } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { keyOfObject, type Plan, type Reconciler } from './controller';

/** The status kube's resource quota controller gives a quota: what it enforces (spec.hard) and what its namespace uses of it. */
export function quotaStatus(state: ClusterState, quota: ResourceQuota, now: number): ResourceQuotaStatus {
  const namespace = quota.metadata.namespace;
  return { hard: { ...(quota.spec?.hard ?? {}) }, used: quotaUsed(quota, (kind) => state.list(kind, namespace) as readonly KubeObject[], now) };
}

/**
 * The resource quota controller (kube-controller-manager's resourcequota): keeps each ResourceQuota's
 * status — hard as its spec says, used as its namespace's objects add up — so `kubectl describe quota`
 * and `get quota` show what is left. Admission does not wait for it: the gateway counts from the
 * cache when it admits a create. Hosted with replication, as kube's runs in kube-controller-manager.
 */
export const resourceQuotaReconciler: Reconciler = {
  name: 'resourcequota',

  initialKeys: (state) => state.list('ResourceQuota').map(keyOfObject),

  keysFor(change: ObjectChange, state: ClusterState): readonly string[] {
    const o = change.object as KubeObject;
    if (o.kind === 'ResourceQuota') return [change.key];
    const namespace = o.metadata?.namespace;
    if (namespace === undefined) return [];
    // Only the quotas that cap something of this kind: most changes (Events, Leases, Nodes) touch none.
    return (state.list('ResourceQuota', namespace) as ResourceQuota[]).filter((q) => Object.keys(q.spec?.hard ?? {}).some((r) => quotaResourceKind(r) === o.kind)).map(keyOfObject);
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const quota = state.getObject(key) as ResourceQuota | null;
    if (quota === null || quota.metadata.deletionTimestamp) return [];
    const m = meta();
    const status = quotaStatus(state, quota, Date.parse(m.time));
    if (sameJson(status, quota.status)) return [];
    const data = { status: status as unknown as Record<string, unknown>, resourceVersion: quota.metadata.resourceVersion ?? '' };
    return [{ kind: 'ResourceQuota', namespace: quota.metadata.namespace, name: quota.metadata.name ?? '', command: { type: 'UpdateStatus', data, metadata: m } }];
  },
};
