import type { KubeObject } from '@bosun/api';
import { assign } from 'xstate';
import type { MachineEvent, ObjectContext } from './object.machine-events';

/**
 * The context updates shared by every kind's machine. Pure: everything they need (times, names)
 * is in the event, so a replay computes the same object.
 */
type Assigner = ({ context, event }: { context: ObjectContext; event: MachineEvent }) => ObjectContext;

/**
 * `{ ...object, ...changes }`, written so that V8 stays on its fast copy: a spread followed by more
 * properties in one literal takes a slow path (~3x here), and these copies run on every transition.
 */
export function withChanges<T extends object>(object: T, changes: Partial<T>): T {
  return Object.assign({ ...object }, changes);
}

const withObject = (f: (object: KubeObject, event: MachineEvent) => KubeObject): Assigner => ({ context, event }) =>
  context.object === null ? context : { object: f(context.object, event) };

export const objectAssigners = {
  create: ({ event }: { event: MachineEvent }): ObjectContext => ({ object: event.type === 'create' ? event.object : null }),
  replace: withObject((object, event) => (event.type === 'update' ? event.object : object)),
  setStatus: withObject((object, event) => {
    if (event.type !== 'updateStatus') return object;
    const withStatus = withChanges(object as KubeObject & { status?: unknown }, { status: event.status });
    if (event.managedFields === undefined) return withStatus;
    // An empty list is no managedFields, as Go omits it.
    const metadata = withChanges(object.metadata, { managedFields: event.managedFields as KubeObject['metadata']['managedFields'] });
    if (event.managedFields.length === 0) delete metadata.managedFields;
    return withChanges(withStatus, { metadata });
  }),
  markDeleting: withObject((object, event) =>
    event.type === 'requestDeletion'
      ? withChanges(object, {
          metadata: withChanges(object.metadata, {
            deletionTimestamp: event.deletionTimestamp,
            deletionGracePeriodSeconds: event.gracePeriodSeconds,
          }),
        })
      : object,
  ),
  clear: (): ObjectContext => ({ object: null }),
} satisfies Record<string, Assigner>;

/** The shared assigners as XState assign actions, for every machine's `setup({ actions })`. */
export const objectActions = {
  create: assign<ObjectContext, MachineEvent, undefined, MachineEvent, never>(objectAssigners.create),
  replace: assign<ObjectContext, MachineEvent, undefined, MachineEvent, never>(objectAssigners.replace),
  setStatus: assign<ObjectContext, MachineEvent, undefined, MachineEvent, never>(objectAssigners.setStatus),
  markDeleting: assign<ObjectContext, MachineEvent, undefined, MachineEvent, never>(objectAssigners.markDeleting),
  clear: assign<ObjectContext, MachineEvent, undefined, MachineEvent, never>(objectAssigners.clear),
};
