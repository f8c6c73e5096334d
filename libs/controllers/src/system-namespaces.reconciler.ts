import { NAMESPACE_NAME_LABEL, objectKey, SYSTEM_NAMESPACES, type KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import type { Plan, Reconciler } from './controller';

/**
 * kube-apiserver's system-namespaces controller, run by the gateway: default, kube-system,
 * kube-public and kube-node-lease exist. Only kube-node-lease may be deleted (the others are
 * immortal); once it is gone it is created again, as kube-apiserver does (there within its
 * one-minute resync, here at once). Keys are namespace names.
 */
export const systemNamespacesReconciler: Reconciler = {
  name: 'system-namespaces',

  initialKeys: () => SYSTEM_NAMESPACES,

  keysFor: (change: ObjectChange) => {
    const o = change.object as { kind?: string; metadata?: { name?: string } };
    return o.kind === 'Namespace' && change.type === 'DELETED' && SYSTEM_NAMESPACES.includes(o.metadata?.name ?? '') ? [o.metadata!.name!] : [];
  },

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
