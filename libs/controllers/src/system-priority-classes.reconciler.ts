import { objectKey, SYSTEM_PRIORITY_CLASSES, type KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import type { Plan, Reconciler } from './controller';

/** How often the system classes are looked at again (one missing is made then). */
export const SYSTEM_PRIORITY_CLASSES_SYNC_MS = 60_000;

const NAMES: readonly string[] = SYSTEM_PRIORITY_CLASSES.map((c) => c.metadata.name ?? '');

/**
 * kube-apiserver's scheduling post-start hook (AddSystemPriorityClasses), run by the gateway:
 * system-cluster-critical and system-node-critical exist. They cannot be deleted through the API
 * (libs/api checkPriorityClassDeletion); one missing all the same (an imported log, say) is made at
 * start and at each sync. One that exists is left as it is, as the hook leaves it. Keys are names.
 */
export const systemPriorityClassesReconciler: Reconciler = {
  name: 'system-priority-classes',

  initialKeys: () => NAMES,

  // Nothing is looked at on a change: the start and the periodic sync make a missing one.
  keysFor: () => [],

  requeueAfterMs: (name: string) => (NAMES.includes(name) ? SYSTEM_PRIORITY_CLASSES_SYNC_MS : undefined),

  plan(name: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const wanted = SYSTEM_PRIORITY_CLASSES.find((c) => c.metadata.name === name);
    if (wanted === undefined || state.getObject(objectKey('PriorityClass', undefined, name)) !== null) return [];
    const object = { ...structuredClone(wanted), metadata: { name, uid: randomUUID() } } as KubeObject;
    return [{ kind: 'PriorityClass', name, command: { type: 'Create', data: { object }, metadata: meta() } }];
  },
};
