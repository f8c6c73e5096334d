import { isDeepStrictEqual } from 'node:util';
import { transition, type AnyStateMachine, type AnyStateNode, type StateValue } from 'xstate';
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
 * type, results of the guards on transitions of that type). The first time a combination is seen,
 * XState decides it and the result is checked against XState's own context; afterwards the table
 * applies the assigners directly.
 */
export class TransitionTable {
  /** Learnt steps by state value, then event type, then guard results (bit i = guard i). */
  private readonly memo = new Map<string, Map<string, Map<number, Step>>>();
  /** The memo key of each object state value: learnt steps hand out the same value objects again. */
  private readonly valueKeys = new WeakMap<object, string>();
  /** Per event type, the guards of the transitions on it anywhere in the machine: the only ones that can matter. */
  private readonly guards = new Map<string, Guard[]>();
  private readonly assigners: Record<string, Assigner>;

  constructor(private readonly machine: AnyStateMachine) {
    const impl = machine.implementations as unknown as { guards: Record<string, Guard>; actions: Record<string, { assignment?: Assigner }> };
    const names = new Map<string, Set<string>>();
    const visit = (node: AnyStateNode): void => {
      if (node.always !== undefined) throw new Error(`${machine.id}: eventless transitions are not supported`);
      for (const [eventType, transitions] of node.transitions) {
        if (eventType.includes('*')) throw new Error(`${machine.id}: wildcard transitions are not supported`);
        for (const { guard } of transitions) {
          if (guard === undefined) continue;
          if (typeof guard !== 'string' || !impl.guards[guard]) throw new Error(`${machine.id}: transition guards must be named implementations`);
          if (!names.has(eventType)) names.set(eventType, new Set());
          names.get(eventType)!.add(guard);
        }
      }
      Object.values(node.states).forEach(visit);
    };
    visit(machine.root);
    for (const [eventType, guards] of names) this.guards.set(eventType, [...guards].map((name) => impl.guards[name]));
    this.assigners = Object.fromEntries(
      Object.entries(impl.actions).map(([name, action]) => {
        if (typeof action?.assignment !== 'function') throw new Error(`action ${name} of ${machine.id} is not an assign of a function`);
        return [name, action.assignment];
      }),
    );
  }

  step(value: StateValue, context: ObjectContext, event: MachineEvent): Stepped {
    const guards = this.guards.get(event.type);
    let bits = 0;
    if (guards !== undefined) {
      const args = { context, event };
      for (let i = 0; i < guards.length; i++) if (guards[i](args)) bits |= 1 << i;
    }
    const valueKey = typeof value === 'string' ? value : this.keyOf(value);
    let byType = this.memo.get(valueKey);
    if (byType === undefined) this.memo.set(valueKey, (byType = new Map()));
    let byBits = byType.get(event.type);
    if (byBits === undefined) byType.set(event.type, (byBits = new Map()));
    const step = byBits.get(bits) ?? this.learn(byBits, bits, value, context, event);
    if (!step.accepted) return { accepted: false, value, context };
    let next = context;
    for (const name of step.actions) next = this.assigners[name]({ context: next, event });
    return { accepted: true, value: step.value, context: next };
  }

  private keyOf(value: object): string {
    let key = this.valueKeys.get(value);
    if (key === undefined) this.valueKeys.set(value, (key = JSON.stringify(value)));
    return key;
  }

  private learn(memo: Map<number, Step>, bits: number, value: StateValue, context: ObjectContext, event: MachineEvent): Step {
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
      throw new Error(`${this.machine.id}: transition ${JSON.stringify(value)}|${event.type}|${bits} has effects beyond its assign actions`);
    }
    memo.set(bits, step);
    return step;
  }
}
