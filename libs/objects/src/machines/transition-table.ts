import { isDeepStrictEqual } from 'node:util';
import { transition, type AnyStateMachine, type StateValue } from 'xstate';
import type { MachineEvent, ObjectContext } from './object.machine-events';

type Guard = (args: { context: ObjectContext; event: MachineEvent }) => boolean;
type Assigner = (args: { context: ObjectContext; event: MachineEvent }) => ObjectContext;

interface Step {
  readonly accepted: boolean;
  readonly value: StateValue;
  /** The assign actions the transition runs, in order, by name. */
  readonly actions: readonly string[];
}

export interface Stepped {
  readonly accepted: boolean;
  readonly value: StateValue;
  readonly context: ObjectContext;
}

/**
 * A machine's transitions, learnt from XState and replayed without it. XState's pure `transition()`
 * costs ~50 µs here (measured: ~20,000 transitions/s), which caps a replay far below its target.
 * Our machines' guards are pure functions of (context, event) and their actions are `assign`s of pure
 * functions, so a transition's outcome — target state and actions — is fixed by (state value, event
 * type, guard results). The first time a combination is seen, XState decides it and the result is
 * checked against XState's own context; afterwards the table applies the assigners directly.
 */
export class TransitionTable {
  private readonly memo = new Map<string, Step>();
  private readonly guards: [string, Guard][];
  private readonly assigners: Record<string, Assigner>;

  constructor(private readonly machine: AnyStateMachine) {
    const impl = machine.implementations as unknown as { guards: Record<string, Guard>; actions: Record<string, { assignment?: Assigner }> };
    this.guards = Object.entries(impl.guards);
    this.assigners = Object.fromEntries(
      Object.entries(impl.actions).map(([name, action]) => {
        if (typeof action?.assignment !== 'function') throw new Error(`action ${name} of ${machine.id} is not an assign of a function`);
        return [name, action.assignment];
      }),
    );
  }

  step(value: StateValue, context: ObjectContext, event: MachineEvent): Stepped {
    let bits = '';
    for (const [, guard] of this.guards) bits += guard({ context, event }) ? '1' : '0';
    const key = `${typeof value === 'string' ? value : JSON.stringify(value)}|${event.type}|${bits}`;
    const step = this.memo.get(key) ?? this.learn(key, value, context, event);
    if (!step.accepted) return { accepted: false, value, context };
    let next = context;
    for (const name of step.actions) next = this.assigners[name]({ context: next, event });
    return { accepted: true, value: step.value, context: next };
  }

  private learn(key: string, value: StateValue, context: ObjectContext, event: MachineEvent): Step {
    const snapshot = this.machine.resolveState({ value, context });
    const transitions = this.machine.getTransitionData(snapshot as never, event as never);
    const accepted = transitions.length > 0 && transitions.some((t) => t.target !== undefined || t.actions.length > 0);
    const actions = transitions.flatMap((t) =>
      t.actions.map((a) => {
        if (typeof a !== 'string') throw new Error(`${this.machine.id}: transition actions must be named implementations`);
        return a;
      }),
    );
    const [next] = transition(this.machine, snapshot as never, event as never);
    const step: Step = { accepted, value: (next as { value: StateValue }).value, actions };
    // The table must agree with XState: checked once per learnt combination.
    let mine = context;
    for (const name of actions) mine = this.assigners[name]({ context: mine, event });
    if (accepted && !isDeepStrictEqual(mine, (next as { context: ObjectContext }).context)) {
      throw new Error(`${this.machine.id}: transition ${key} has effects beyond its assign actions`);
    }
    this.memo.set(key, step);
    return step;
  }
}
