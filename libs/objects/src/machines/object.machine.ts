import { setup } from 'xstate';
import { objectActions } from './object.actions';
import type { MachineEvent, ObjectContext } from './object.machine-events';

export const OBJECT_MACHINE_VERSION = 1;

interface Condition {
  type: string;
  status: string;
}

const readyOf = (event: MachineEvent): string | undefined =>
  event.type === 'updateStatus'
    ? ((event.status as { conditions?: Condition[] }).conditions ?? []).find((c) => c.type === 'Ready')?.status
    : undefined;

/**
 * The lifecycle shared by ReplicationController, Service, Endpoints, Namespace, Node and Event:
 * absent → live → (terminating →) gone. `terminating` is where a Namespace waits for its contents to
 * go, and where any object with finalizers waits for them to be cleared. A Node's live state also
 * follows its Ready condition (ready / notReady / unknown), as the node lifecycle controller sees it.
 */
export const objectMachine = setup({
  types: { context: {} as ObjectContext, events: {} as MachineEvent },
  guards: {
    ready: ({ event }) => readyOf(event) === 'True',
    notReady: ({ event }) => readyOf(event) === 'False',
  },
  actions: {
    ...objectActions,
  },
}).createMachine({
  id: 'object',
  context: { object: null },
  initial: 'absent',
  states: {
    absent: { on: { create: { target: 'live', actions: 'create' } } },
    gone: { on: { create: { target: 'live', actions: 'create' } } },
    live: {
      initial: 'unknown',
      on: {
        update: { actions: 'replace' },
        updateStatus: [
          { guard: 'ready', target: '.ready', actions: 'setStatus' },
          { guard: 'notReady', target: '.notReady', actions: 'setStatus' },
          { actions: 'setStatus' },
        ],
        requestDeletion: { target: 'terminating', actions: 'markDeleting' },
        delete: { target: 'gone', actions: 'clear' },
      },
      states: { unknown: {}, ready: {}, notReady: {} },
    },
    terminating: {
      on: {
        update: { actions: 'replace' },
        updateStatus: { actions: 'setStatus' },
        requestDeletion: { actions: 'markDeleting' },
        delete: { target: 'gone', actions: 'clear' },
      },
    },
  },
});
