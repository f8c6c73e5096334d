/**
 * Given/when/then for deciders: given the recorded events of one object, when a command arrives,
 * then these events are recorded — or this error is thrown, or nothing happens.
 */
import type { ObjectCommand } from '../object.command';
import type { DomainEvent } from '../object.event';
import { decide, evolve, initialState, materialize, stateName, type ObjectIdentity, type ObjectState } from '../object.decider';

export interface Scenario {
  when(command: ObjectCommand): Outcome;
  readonly state: ObjectState;
}

export interface Outcome {
  /** The recorded events match (type and a subset of data), in order. */
  then(expected: ReadonlyArray<{ type: string; data?: Record<string, unknown> }>): DomainEvent[];
  thenThrows(errorClass: new (...args: never[]) => Error, message?: string | RegExp): void;
  thenNothingHappened(): void;
  /** The state after applying the recorded events. */
  thenState(): { name: string; object: ReturnType<typeof materialize> };
}

export function given(identity: ObjectIdentity, history: readonly DomainEvent[] = []): Scenario {
  const state = history.reduce((s, e, i) => evolve(s, e, i), initialState(identity));
  return {
    state,
    when(command) {
      const run = (): DomainEvent[] => decide(command, state);
      return {
        then(expected) {
          const events = run();
          expect(events.map((e) => e.type)).toEqual(expected.map((e) => e.type));
          expected.forEach((e, i) => {
            if (e.data) expect(events[i].data).toMatchObject(e.data);
            expect(events[i].metadata.commandId).toBe(command.metadata.commandId);
          });
          return events;
        },
        thenThrows(errorClass, message) {
          expect(run).toThrow(errorClass);
          if (message !== undefined) expect(run).toThrow(message);
        },
        thenNothingHappened() {
          expect(run()).toEqual([]);
        },
        thenState() {
          const after = run().reduce((s, e, i) => evolve(s, e, state.offset + 1 + i), state);
          return { name: stateName(after), object: materialize(after) };
        },
      };
    },
  };
}

let counter = 0;
/** Command metadata for tests: fixed time unless given, a fresh id each time. */
export function meta(time = '2026-11-28T10:00:00Z'): ObjectCommand['metadata'] {
  counter += 1;
  return { commandId: `cmd-${counter}`, time, source: '/bosun/test', actor: 'user:test' };
}
