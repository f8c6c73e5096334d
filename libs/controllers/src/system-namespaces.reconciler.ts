import { NAMESPACE_NAME_LABEL, objectKey, SYSTEM_NAMESPACES, type KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import type { Plan, Reconciler } from './controller';

/** How often the system namespaces are looked at: kube-apiserver's controller syncs once a minute. */
export const SYSTEM_NAMESPACES_SYNC_MS = 60_000;

/**
 * kube-apiserver's system-namespaces controller, run by the gateway: default, kube-system,
 * kube-public and kube-node-lease exist. Only kube-node-lease may be deleted (the others are
 * immortal); once it is gone it is created again at the next sync, within a minute, as
 * kube-apiserver does — not at once: `kubectl delete namespace kube-node-lease` waits until no
 * namespace of that name is left, and one made again within milliseconds kept it waiting for ever.
 * Keys are namespace names.
 */
export const systemNamespacesReconciler: Reconciler = {
  name: 'system-namespaces',

  initialKeys: () => SYSTEM_NAMESPACES,

  // Nothing is looked at on a change: the periodic sync alone brings a deleted one back.
  keysFor: () => [],

  requeueAfterMs: (name: string) => (SYSTEM_NAMESPACES.includes(name) ? SYSTEM_NAMESPACES_SYNC_MS : undefined),

  plan(name: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    if (!SYSTEM_NAMESPACES.includes(name) || state.getObject(objectKey('Namespace', undefined, name)) !== null) return [];
    const object = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, uid: randomUUID(), labels: { [NAMESPACE_NAME_LABEL]: name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    } as unknown as KubeObject;
    return [{ kind: 'Namespace', name, command: { type: 'Create', data: { object }, metadata: meta() } }];
  },
};
