import type { KubeObject } from '@bosun/api';

/**
 * The events every object machine understands. A domain event in the log is one of these, accepted:
 * its type is `<Kind><Verb>` (`PodScheduled`) and its data is the machine event without `type`, so
 * replaying the log re-applies exactly the transitions that were taken live.
 */
export type MachineEvent =
  | { readonly type: 'create'; readonly object: KubeObject }
  | { readonly type: 'update'; readonly object: KubeObject }
  /** `managedFields`: the object's after a status write through the API, which records its manager (absent from other status writes). */
  | { readonly type: 'updateStatus'; readonly status: Record<string, unknown>; readonly managedFields?: readonly unknown[] }
  /** `annotations`: the Binding's, added to the pod's (pods/binding copies them, as kube-apiserver does). */
  | { readonly type: 'bind'; readonly nodeName: string; readonly time: string; readonly annotations?: Readonly<Record<string, string>> }
  | { readonly type: 'requestDeletion'; readonly deletionTimestamp: string; readonly gracePeriodSeconds: number }
  | { readonly type: 'delete' };

export type MachineEventType = MachineEvent['type'];

export interface ObjectContext {
  /** The object as it stands, without resourceVersion (that is the offset of its last event). */
  readonly object: KubeObject | null;
}

/** Domain event verb for each machine event, e.g. Pod + bind → PodScheduled. */
export const EVENT_VERBS: Readonly<Record<MachineEventType, string>> = {
  create: 'Created',
  update: 'Updated',
  updateStatus: 'StatusUpdated',
  bind: 'Scheduled',
  requestDeletion: 'DeletionRequested',
  delete: 'Deleted',
};
