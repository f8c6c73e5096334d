import type { KubeObject } from '@bosun/api';
import { assign, setup } from 'xstate';
import { objectActions, withChanges } from './object.actions';
import type { MachineEvent, ObjectContext } from './object.machine-events';

/** Bumped whenever the machine's behaviour changes; stored with every event it produces. */
export const POD_MACHINE_VERSION = 1;

type Obj = { spec?: { nodeName?: string }; status?: { phase?: string; conditions?: Condition[] } };
interface Condition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

const phaseOf = (event: MachineEvent): string | undefined =>
  event.type === 'updateStatus' ? (event.status as { phase?: string }).phase : undefined;

/**
 * A Pod's lifecycle: created → pending (unscheduled) → scheduled (bound to a node) → running →
 * succeeded | failed; any live pod may be asked to terminate (grace period, deletionTimestamp) and is
 * gone once deleted. Labels, annotations and mutable spec change in every live state. A name may be
 * reused after the pod is gone, hence `gone` accepts `create`.
 */
export const podMachine = setup({
  types: { context: {} as ObjectContext, events: {} as MachineEvent },
  guards: {
    bound: ({ event }) => event.type === 'create' && Boolean((event.object as Obj).spec?.nodeName),
    running: ({ event }) => phaseOf(event) === 'Running',
    succeeded: ({ event }) => phaseOf(event) === 'Succeeded',
    failed: ({ event }) => phaseOf(event) === 'Failed',
  },
  actions: {
    ...objectActions,
    bind: assign(({ context, event }) => {
      if (context.object === null || event.type !== 'bind') return context;
      const pod = context.object as KubeObject & Obj;
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: event.time });
      const annotations = event.annotations === undefined ? {} : { metadata: withChanges(pod.metadata, { annotations: { ...(pod.metadata.annotations ?? {}), ...event.annotations } }) };
      return {
        object: withChanges(pod, {
          ...annotations,
          spec: withChanges(pod.spec ?? {}, { nodeName: event.nodeName }),
          status: withChanges(pod.status ?? {}, { phase: pod.status?.phase ?? 'Pending', conditions }),
        }),
      };
    }),
  },
}).createMachine({
  id: 'pod',
  context: { object: null },
  initial: 'absent',
  states: {
    absent: {
      on: {
        create: [
          { guard: 'bound', target: 'live.scheduled', actions: 'create' },
          { target: 'live.pending', actions: 'create' },
        ],
      },
    },
    gone: {
      on: {
        create: [
          { guard: 'bound', target: 'live.scheduled', actions: 'create' },
          { target: 'live.pending', actions: 'create' },
        ],
      },
    },
    live: {
      initial: 'pending',
      on: {
        update: { actions: 'replace' },
        requestDeletion: { target: '.terminating', actions: 'markDeleting' },
        delete: { target: 'gone', actions: 'clear' },
      },
      states: {
        pending: {
          on: {
            bind: { target: 'scheduled', actions: 'bind' },
            // Unscheduled pods get status too: PodScheduled=False with the scheduler's reason.
            updateStatus: { actions: 'setStatus' },
          },
        },
        scheduled: {
          on: {
            updateStatus: [
              { guard: 'running', target: 'running', actions: 'setStatus' },
              { guard: 'succeeded', target: 'succeeded', actions: 'setStatus' },
              { guard: 'failed', target: 'failed', actions: 'setStatus' },
              { actions: 'setStatus' },
            ],
          },
        },
        running: {
          on: {
            updateStatus: [
              { guard: 'succeeded', target: 'succeeded', actions: 'setStatus' },
              { guard: 'failed', target: 'failed', actions: 'setStatus' },
              { actions: 'setStatus' },
            ],
          },
        },
        succeeded: { on: { updateStatus: { actions: 'setStatus' } } },
        failed: { on: { updateStatus: { actions: 'setStatus' } } },
        terminating: {
          on: {
            updateStatus: { actions: 'setStatus' },
            // A second delete may shorten the grace period, as in Kubernetes.
            requestDeletion: { actions: 'markDeleting' },
          },
        },
      },
    },
  },
});
