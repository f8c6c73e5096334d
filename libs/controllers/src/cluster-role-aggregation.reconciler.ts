import { aggregatedRules, objectKey, sameJson, type ClusterRole, type KubeObject } from '@bosun/api';
import { selectorFromLabelSelector, SelectorParseError } from '@bosun/labels';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import type { Plan, Reconciler } from './controller';

/** Whether a metav1.LabelSelector matches labels; one that cannot be read matches nothing. */
function selects(selector: unknown, labels: Record<string, string>): boolean {
  try {
    return selectorFromLabelSelector(selector as Parameters<typeof selectorFromLabelSelector>[0]).matches(labels);
  } catch (error) {
    if (error instanceof SelectorParseError) return false;
    throw error;
  }
}

const aggregating = (r: ClusterRole): boolean => r.aggregationRule != null;

/**
 * kube-controller-manager's clusterrole-aggregation controller: a ClusterRole with an
 * aggregationRule has, as its rules, those of the ClusterRoles its selectors choose (libs/api
 * aggregatedRules) — admin, edit and view gather the system:aggregate-to-* roles and any role a user
 * labels rbac.authorization.k8s.io/aggregate-to-view: "true". Any ClusterRole's change looks at every
 * aggregating role again (as kube's enqueueAll does); a role already right is left. Keys are the
 * aggregating roles' keys.
 */
export const clusterRoleAggregationReconciler: Reconciler = {
  name: 'clusterrole-aggregation',

  initialKeys: (state) => (state.list('ClusterRole') as ClusterRole[]).filter(aggregating).map((r) => objectKey('ClusterRole', undefined, r.metadata.name ?? '')),

  keysFor(change: ObjectChange, state: ClusterState): readonly string[] {
    if (change.object.kind !== 'ClusterRole') return [];
    return clusterRoleAggregationReconciler.initialKeys(state);
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const role = state.getObject(key) as ClusterRole | null;
    if (role === null || !aggregating(role) || role.metadata.deletionTimestamp) return [];
    const rules = aggregatedRules(role, state.list('ClusterRole') as ClusterRole[], selects);
    if (sameJson(rules, role.rules ?? [])) return [];
    const object = { ...role, rules } as KubeObject;
    return [{ kind: 'ClusterRole', name: role.metadata.name ?? '', command: { type: 'Replace', data: { object }, metadata: meta() } }];
  },
};
