import {
  asJson,
  AlreadyExistsError,
  ConflictError,
  IllegalTransitionError,
  isSchedulingGated,
  kubeTime,
  NotFoundError,
  recordUpdate,
  resourceByKind,
  type KubeObject,
  type Kind,
} from '@bosun/api';
import { isDeepStrictEqual } from 'node:util';
import type { StateValue } from 'xstate';
import type { CommandMetadata, ObjectCommand, Preconditions } from './object.command';
import type { DomainEvent } from './object.event';
import { ANNOTATION_GENERATION_KINDS, CONTROLLER_ANNOTATION_PREFIX, GENERATION_KINDS, machineFor, serverAnnotations, TERMINATING_KINDS } from './object.kinds';
import { withChanges } from './machines/object.actions';
import { EVENT_VERBS, type MachineEvent, type MachineEventType, type ObjectContext } from './machines/object.machine-events';

/** An object's identity: the key its commands and events are routed by. */
export interface ObjectIdentity {
  readonly kind: Kind;
  readonly namespace?: string;
  readonly name: string;
}

/** The state of one object: the fold of its events through its kind's machine. */
export interface ObjectState {
  readonly identity: ObjectIdentity;
  /** The machine's state value (`absent`, `{live: 'running'}`, …) and context: a plain snapshot. */
  readonly value: StateValue;
  readonly context: ObjectContext;
  /**
   * Offset of the object's last event in bosun.events: its resourceVersion; -1 before any;
   * PENDING_OFFSET once changed by events not yet in the log.
   */
  readonly offset: number;
}

/**
 * The offset of a state that events not yet appended have changed (the actor host decides a batch
 * of commands before it writes their events): no resourceVersion a client holds can match it, so a
 * second writer with the version the first one changed gets a Conflict, as against the log.
 */
export const PENDING_OFFSET = -2;

const VERB_TO_MACHINE = new Map(Object.entries(EVENT_VERBS).map(([type, verb]) => [verb, type as MachineEventType]));

export function initialState(identity: ObjectIdentity): ObjectState {
  const { value, context } = machineFor(identity.kind).initial;
  return { identity, value, context, offset: -1 };
}

/** The object as the API serves it: the machine's object with its resourceVersion, or null if absent. */
export function materialize(state: ObjectState): KubeObject | null {
  const object = state.context.object;
  if (object === null) return null;
  return withChanges(object, { metadata: withChanges(object.metadata, { resourceVersion: String(state.offset) }) });
}

export function isLive(state: ObjectState): boolean {
  return materialize(state) !== null;
}

/**
 * Decides what a command does to an object: the events to record, or a typed error
 * (NotFound, AlreadyExists, Conflict, IllegalTransition). [] means the command changes nothing.
 * Pure: time and ids come from the command.
 */
export function decide(command: ObjectCommand, state: ObjectState): DomainEvent[] {
  const { identity } = state;
  const current = materialize(state);
  const info = resourceByKind(identity.kind);
  const resource = info?.resource ?? identity.kind.toLowerCase();
  // Errors name a named group's resource with its group (`leases.coordination.k8s.io "x" not found`).
  const group = info?.group;
  const m = command.metadata;
  const notFound = (): NotFoundError => new NotFoundError(resource, identity.name, group);

  switch (command.type) {
    case 'Create': {
      if (current !== null) throw new AlreadyExistsError(resource, identity.name, group);
      const given = command.data.object;
      const object = {
        ...given,
        metadata: {
          ...given.metadata,
          name: identity.name,
          ...(identity.namespace === undefined ? {} : { namespace: identity.namespace }),
          creationTimestamp: given.metadata?.creationTimestamp ?? m.time,
          generation: GENERATION_KINDS.has(identity.kind) ? 1 : undefined,
          resourceVersion: undefined,
          deletionTimestamp: undefined,
          deletionGracePeriodSeconds: undefined,
        },
      } as KubeObject;
      return accept(state, { type: 'create', object: prune(object) }, m);
    }
    case 'Replace': {
      if (current === null) throw notFound();
      const next = command.data.object;
      checkPreconditions(resource, identity.name, current, {
        uid: next.metadata?.uid,
        resourceVersion: next.metadata?.resourceVersion,
      }, group);
      const spec = (o: KubeObject): unknown => (o as { spec?: unknown }).spec;
      const userAnnotations = (o: KubeObject): Record<string, string> =>
        Object.fromEntries(Object.entries(o.metadata?.annotations ?? {}).filter(([k]) => !k.startsWith(CONTROLLER_ANNOTATION_PREFIX)));
      const generationChanged =
        !isDeepStrictEqual(spec(next), spec(current)) ||
        (ANNOTATION_GENERATION_KINDS.has(identity.kind) && !isDeepStrictEqual(userAnnotations(next), userAnnotations(current)));
      const merged = prune({
        ...next,
        metadata: {
          ...next.metadata,
          annotations: serverAnnotations(current, next),
          name: current.metadata.name,
          namespace: current.metadata.namespace,
          uid: current.metadata.uid,
          creationTimestamp: current.metadata.creationTimestamp,
          deletionTimestamp: current.metadata.deletionTimestamp,
          deletionGracePeriodSeconds: current.metadata.deletionGracePeriodSeconds,
          generation: GENERATION_KINDS.has(identity.kind) ? (current.metadata.generation ?? 1) + (generationChanged ? 1 : 0) : undefined,
          resourceVersion: undefined,
        },
        // The main resource never changes status: that is the status subresource's job.
        ...('status' in current ? { status: (current as { status?: unknown }).status } : {}),
      } as KubeObject);
      const unchanged = { ...current, metadata: { ...current.metadata, resourceVersion: undefined } };
      if (isDeepStrictEqual(prune(unchanged as KubeObject), merged)) return [];
      const events = accept(state, { type: 'update', object: merged }, m);
      // Clearing the last finalizer of an object being deleted completes its deletion — for a pod
      // only once nothing runs it any more (no node, or its node confirmed: grace period 0).
      const stillRunning = identity.kind === 'Pod' && Boolean((current as { spec?: { nodeName?: string } }).spec?.nodeName) && current.metadata.deletionGracePeriodSeconds !== 0;
      if (merged.metadata.deletionTimestamp && (merged.metadata.finalizers ?? []).length === 0 && !TERMINATING_KINDS.has(identity.kind) && !stillRunning) {
        const after = evolve(state, events[0], state.offset);
        events.push(...accept(after, { type: 'delete' }, m));
      }
      return events;
    }
    case 'UpdateStatus': {
      if (current === null) throw notFound();
      checkPreconditions(resource, identity.name, current, { resourceVersion: command.data.resourceVersion }, group);
      if (isDeepStrictEqual((current as { status?: unknown }).status, command.data.status)) return [];
      const { manager, status } = command.data;
      // The manager owns the status fields it changed, decided here against the object as it is (no lost entry under concurrent writes).
      const managedFields = command.data.managedFields ?? (manager === undefined ? undefined : recordUpdate(current.metadata.managedFields, current, { ...current, status }, manager.name, kubeTime(new Date(m.time)), manager.apiVersion, 'status'));
      return accept(state, { type: 'updateStatus', status, ...(managedFields === undefined ? {} : { managedFields }) }, m);
    }
    case 'Bind': {
      if (identity.kind !== 'Pod') throw new IllegalTransitionError(identity.kind, identity.name, stateName(state), 'Bind');
      if (current === null) throw notFound();
      // Refused as kube-apiserver's binding registry refuses it: the Binding's preconditions in the
      // storage layer's words, then a Conflict on pods/binding.
      checkStoragePreconditions(resource, identity.name, current, command.data.preconditions ?? {});
      if (current.metadata.deletionTimestamp) throw new ConflictError('pods/binding', identity.name, `pod ${identity.name} is being deleted, cannot be assigned to a host`);
      const bound = (current as { spec?: { nodeName?: string } }).spec?.nodeName;
      if (bound) {
        throw new ConflictError('pods/binding', identity.name, `pod ${identity.name} is already assigned to node "${bound}"`);
      }
      if (isSchedulingGated(current)) throw new ConflictError('pods/binding', identity.name, `pod ${identity.name} has non-empty .spec.schedulingGates`);
      const { annotations } = command.data;
      return accept(state, { type: 'bind', nodeName: command.data.nodeName, time: m.time, ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}) }, m);
    }
    case 'Delete': {
      if (current === null) throw notFound();
      checkDeletePreconditions(identity.kind, resource, identity.name, current, command.data.preconditions ?? {}, group);
      return decideDelete(state, current, command.data.gracePeriodSeconds, m);
    }
    case 'ConfirmDeletion': {
      if (current === null) throw notFound();
      if (!current.metadata.deletionTimestamp) {
        throw new IllegalTransitionError(identity.kind, identity.name, stateName(state), 'ConfirmDeletion');
      }
      // As the kubelet's final delete (grace 0): with finalizers left, the pod stays, its grace
      // period 0, until they are removed.
      if (identity.kind === 'Pod' && (current.metadata.finalizers ?? []).length > 0) {
        if (current.metadata.deletionGracePeriodSeconds === 0) return [];
        return accept(state, { type: 'requestDeletion', deletionTimestamp: m.time, gracePeriodSeconds: 0 }, m);
      }
      return accept(state, { type: 'delete' }, m);
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

/**
 * Kubernetes' deletion rules: a pod on a node terminates gracefully (the node confirms when its
 * processes are gone); grace 0, a pod no node runs, or one whose containers have all ended
 * (Succeeded, Failed: the pod strategy's CheckGracefulDelete gives those 0 s) goes at once; a
 * second delete may only shorten the grace period. A Namespace (phase Terminating), and anything
 * with finalizers, waits in `terminating`.
 */
function decideDelete(state: ObjectState, current: KubeObject, grace: number | undefined, m: CommandMetadata): DomainEvent[] {
  const { kind } = state.identity;
  const terminating = Boolean(current.metadata.deletionTimestamp);
  const hasFinalizers = (current.metadata.finalizers ?? []).length > 0;
  if (kind === 'Pod') {
    const pod = current as { spec?: { nodeName?: string; terminationGracePeriodSeconds?: number }; status?: { phase?: string } };
    const onNode = Boolean(pod.spec?.nodeName);
    // (Only on the first delete: a later one may only shorten the grace period given then.)
    const ended = !terminating && (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed');
    const seconds = onNode && !ended ? (grace ?? pod.spec?.terminationGracePeriodSeconds ?? 30) : 0;
    if (seconds === 0 && !hasFinalizers) return accept(state, { type: 'delete' }, m);
    if (terminating && seconds >= (current.metadata.deletionGracePeriodSeconds ?? Infinity)) return [];
    return accept(state, { type: 'requestDeletion', deletionTimestamp: addSeconds(m.time, seconds), gracePeriodSeconds: seconds }, m);
  }
  if (TERMINATING_KINDS.has(kind) || hasFinalizers) {
    if (terminating) return [];
    const requested = accept(state, { type: 'requestDeletion', deletionTimestamp: m.time, gracePeriodSeconds: 0 }, m);
    if (kind !== 'Namespace') return requested;
    // A namespace being deleted is Terminating from that moment, in the same write, as the API
    // server's namespace Delete sets both.
    const status = { ...((current as { status?: Record<string, unknown> }).status ?? {}), phase: 'Terminating' };
    return [...requested, ...accept(evolve(state, requested[0], state.offset), { type: 'updateStatus', status }, m)];
  }
  return accept(state, { type: 'delete' }, m);
}

/**
 * Applies a recorded event. Never throws and never rejects: the log is the truth. An event the
 * current machine would refuse (written by an older version) still moves the offset.
 */
export function evolve(state: ObjectState, event: DomainEvent, offset: number): ObjectState {
  const machineEvent = toMachineEvent(state.identity.kind, event);
  const next =
    machineEvent === undefined ? state : machineFor(state.identity.kind).table.step(state.value, state.context, machineEvent);
  return { identity: state.identity, value: next.value, context: next.context, offset };
}

/** The state name as a path, e.g. `live.scheduled`, for messages and `bosun history`. */
export function stateName(state: ObjectState): string {
  const value = state.value as unknown;
  const flat = (v: unknown): string =>
    typeof v === 'string' ? v : Object.entries(v as Record<string, unknown>).map(([k, sub]) => `${k}.${flat(sub)}`).join(',');
  return flat(value);
}

export function eventType(kind: Kind, machineEventType: MachineEventType): string {
  return `${kind}${EVENT_VERBS[machineEventType]}`;
}

function toMachineEvent(kind: Kind, event: DomainEvent): MachineEvent | undefined {
  if (!event.type.startsWith(kind)) return undefined;
  const type = VERB_TO_MACHINE.get(event.type.slice(kind.length));
  if (type === undefined) return undefined;
  // `type` first: V8 copies `{ ...data, type }` through a slow path (~10x, measured in a replay).
  // Data written by `accept` never holds a `type`; if a foreign one does, ours still wins.
  return ('type' in event.data ? { ...event.data, type } : { type, ...event.data }) as MachineEvent;
}

/** Checks the machine accepts the event, and records it as a domain event. */
function accept(state: ObjectState, event: MachineEvent, m: CommandMetadata): DomainEvent[] {
  const { identity } = state;
  if (!machineFor(identity.kind).table.step(state.value, state.context, event).accepted) {
    throw new IllegalTransitionError(identity.kind, identity.name, stateName(state), event.type);
  }
  const { type, ...data } = event;
  // Optional members assigned, not spread: a conditional spread allocates and copies an object on every command.
  const metadata: { -readonly [K in keyof DomainEvent['metadata']]: DomainEvent['metadata'][K] } = {
    machineVersion: machineFor(identity.kind).version,
    commandId: m.commandId,
    time: m.time,
    source: m.source,
  };
  if (m.actor !== undefined) metadata.actor = m.actor;
  if (m.correlationId !== undefined) metadata.correlationId = m.correlationId;
  return [{ type: eventType(identity.kind, type), data, metadata }];
}

function checkPreconditions(resource: string, name: string, current: KubeObject, p: Preconditions, group?: string): void {
  if (p.uid && p.uid !== current.metadata.uid) {
    throw new ConflictError(resource, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid}`, group);
  }
  if (p.resourceVersion && p.resourceVersion !== current.metadata.resourceVersion) {
    throw new ConflictError(resource, name, undefined, group);
  }
}

/** Preconditions as the storage layer checks them (storage.Preconditions.Check): `Precondition failed: UID in precondition: …`. */
function checkStoragePreconditions(resource: string, name: string, current: KubeObject, p: Preconditions): void {
  const { uid, resourceVersion } = current.metadata;
  if (p.uid && p.uid !== uid) throw new ConflictError(resource, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${uid}`);
  if (p.resourceVersion && p.resourceVersion !== resourceVersion) {
    throw new ConflictError(resource, name, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${resourceVersion}`);
  }
}

/**
 * A delete's preconditions, in kube-apiserver's words. Its generic registry checks them before
 * anything else (rest.BeforeDelete) and names the object by its Kind, qualified by a named group
 * (`Operation cannot be fulfilled on Pod "web": the UID in the precondition (…) does not match the
 * UID in record (…). …`, details.kind Pod); the namespace registry checks them itself, in the
 * storage layer's words (`Precondition failed: ResourceVersion in precondition: …`), and names the
 * resource.
 */
function checkDeletePreconditions(kind: Kind, resource: string, name: string, current: KubeObject, p: Preconditions, group?: string): void {
  const { uid, resourceVersion } = current.metadata;
  if (kind === 'Namespace') return checkStoragePreconditions(resource, name, current, p);
  if (p.uid && p.uid !== uid) {
    throw new ConflictError(kind, name, `the UID in the precondition (${p.uid}) does not match the UID in record (${uid}). The object might have been deleted and then recreated`, group);
  }
  if (p.resourceVersion && p.resourceVersion !== resourceVersion) {
    throw new ConflictError(kind, name, `the ResourceVersion in the precondition (${p.resourceVersion}) does not match the ResourceVersion in record (${resourceVersion}). The object might have been modified`, group);
  }
}

function addSeconds(time: string, seconds: number): string {
  return kubeTime(new Date(Date.parse(time) + seconds * 1000));
}

/** Drops undefined fields, so what is recorded is exactly what a JSON reader of the log sees. */
function prune<T>(value: T): T {
  return asJson(value);
}
