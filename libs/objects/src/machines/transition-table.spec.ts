import fc from 'fast-check';
import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import type { KubeObject } from '@bosun/api';
import type { MachineEvent } from './object.machine-events';
import { objectMachine } from './object.machine';
import { podMachine } from './pod.machine';
import { TransitionTable } from './transition-table';

const object = (nodeName?: string): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', uid: 'u' }, spec: { containers: [], ...(nodeName ? { nodeName } : {}) } }) as unknown as KubeObject;

const event: fc.Arbitrary<MachineEvent> = fc.oneof(
  fc.constantFrom(undefined, 'n1').map((n) => ({ type: 'create' as const, object: object(n) })),
  fc.constantFrom('a', 'b').map((v) => ({ type: 'update' as const, object: { ...object(), metadata: { name: 'x', labels: { v } } } as KubeObject })),
  fc
    .record({ phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed'), ready: fc.constantFrom('True', 'False', 'Unknown') })
    .map(({ phase, ready }) => ({ type: 'updateStatus' as const, status: { phase, conditions: [{ type: 'Ready', status: ready }] } })),
  fc.constantFrom('n1', 'n2').map((nodeName) => ({ type: 'bind' as const, nodeName, time: '2026-11-28T10:00:00Z' })),
  fc.constantFrom(0, 30).map((g) => ({ type: 'requestDeletion' as const, deletionTimestamp: '2026-11-28T10:00:30Z', gracePeriodSeconds: g })),
  fc.constant({ type: 'delete' as const }),
);

describe.each([
  ['pod', podMachine],
  ['object', objectMachine],
] as [string, AnyStateMachine][])('TransitionTable (%s machine)', (_name, machine) => {
  it('reaches exactly the state and context XState reaches, for any event sequence', () => {
    const table = new TransitionTable(machine);
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        let [snapshot] = initialTransition(machine);
        let mine = { value: snapshot.value, context: snapshot.context };
        for (const e of events) {
          const accepted = snapshot.can(e as never);
          [snapshot] = transition(machine, snapshot, e as never);
          const stepped = table.step(mine.value, mine.context, e);
          expect(stepped.accepted).toBe(accepted);
          mine = { value: stepped.value, context: stepped.context };
          expect(mine).toEqual({ value: snapshot.value, context: snapshot.context });
        }
      }),
      { numRuns: 300 },
    );
  });
});
