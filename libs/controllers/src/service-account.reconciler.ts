import { objectKey, type KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import type { Plan, Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The ServiceAccount every namespace has, and pods get unless they name another. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

/**
 * kube-controller-manager's service-account controller: every Active namespace has a ServiceAccount
 * named `default`, created with the namespace and again whenever it is deleted. Keys are namespace
 * names; a namespace being deleted gets none (its contents are going).
 */
export const serviceAccountReconciler: Reconciler = {
  name: 'serviceaccount',

  initialKeys: (state) => (state.list('Namespace') as Anything[]).map((ns) => String(ns.metadata.name)),

  keysFor: (change: ObjectChange) => {
    const o = change.object as Anything;
    if (o.kind === 'Namespace' && change.type !== 'DELETED') return [String(o.metadata.name)];
    if (o.kind === 'ServiceAccount' && o.metadata.name === DEFAULT_SERVICE_ACCOUNT && change.type === 'DELETED') return [String(o.metadata.namespace)];
    return [];
  },

  plan(namespace: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const ns = state.getObject(objectKey('Namespace', undefined, namespace)) as Anything | null;
    if (ns === null || ns.metadata.deletionTimestamp || (ns.status?.phase ?? 'Active') !== 'Active') return [];
    if (state.getObject(objectKey('ServiceAccount', namespace, DEFAULT_SERVICE_ACCOUNT)) !== null) return [];
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace, uid: randomUUID() } } as KubeObject;
    return [{ kind: 'ServiceAccount', namespace, name: DEFAULT_SERVICE_ACCOUNT, command: { type: 'Create', data: { object: account }, metadata: meta() } }];
  },
};
