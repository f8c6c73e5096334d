import {
  BOOTSTRAP_CLUSTER_ROLE_BINDINGS,
  BOOTSTRAP_CLUSTER_ROLES,
  objectKey,
  reconcileClusterRole,
  reconcileClusterRoleBinding,
  type ClusterRole,
  type ClusterRoleBinding,
  type KubeObject,
} from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import type { Plan, Reconciler } from './controller';

/** How often the defaults are looked at again (a deleted one is made then). */
export const RBAC_BOOTSTRAP_SYNC_MS = 60_000;

const KEYS: readonly string[] = [
  ...BOOTSTRAP_CLUSTER_ROLES.map((r) => objectKey('ClusterRole', undefined, r.metadata.name ?? '')),
  ...BOOTSTRAP_CLUSTER_ROLE_BINDINGS.map((b) => objectKey('ClusterRoleBinding', undefined, b.metadata.name ?? '')),
];
const ROLES = new Map(BOOTSTRAP_CLUSTER_ROLES.map((r) => [objectKey('ClusterRole', undefined, r.metadata.name ?? ''), r]));
const BINDINGS = new Map(BOOTSTRAP_CLUSTER_ROLE_BINDINGS.map((b) => [objectKey('ClusterRoleBinding', undefined, b.metadata.name ?? ''), b]));

/**
 * kube-apiserver's rbac/bootstrap-roles post-start hook (EnsureRBACPolicy), run by the gateway: each
 * default ClusterRole and ClusterRoleBinding (libs/api rbac-bootstrap.ts) is made when missing and,
 * while it says autoupdate "true", given back what it lacks (labels, annotations, rules, selectors,
 * subjects; nothing removed). kube-apiserver does this at its start; Bosun also at each minute's
 * sync, as its other apiserver loops (a deleted default comes back within a minute rather than at the
 * next restart). The aggregated roles' rules are the aggregator's (cluster-role-aggregation).
 * Keys are the objects' keys.
 */
export const rbacBootstrapReconciler: Reconciler = {
  name: 'rbac-bootstrap',

  initialKeys: () => KEYS,

  keysFor: () => [],

  requeueAfterMs: (key: string) => (ROLES.has(key) || BINDINGS.has(key) ? RBAC_BOOTSTRAP_SYNC_MS : undefined),

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const expected: ClusterRole | ClusterRoleBinding | undefined = ROLES.get(key) ?? BINDINGS.get(key);
    if (expected === undefined) return [];
    const name = expected.metadata.name ?? '';
    const existing = state.getObject(key) as ClusterRole | ClusterRoleBinding | null;
    if (existing === null) {
      const object = { ...structuredClone(expected), metadata: { ...structuredClone(expected.metadata), uid: randomUUID() } } as KubeObject;
      return [{ kind: expected.kind, name, command: { type: 'Create', data: { object }, metadata: meta() } }];
    }
    if (existing.metadata.deletionTimestamp) return [];
    const next = existing.kind === 'ClusterRole' ? reconcileClusterRole(existing, expected as ClusterRole) : reconcileClusterRoleBinding(existing, expected as ClusterRoleBinding);
    if (next === undefined) return [];
    return [{ kind: expected.kind, name, command: { type: 'Replace', data: { object: next as KubeObject }, metadata: meta() } }];
  },
};
