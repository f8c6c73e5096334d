import { objectKey } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import type { Plan, Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** kube-apiserver's --event-ttl default. */
export const EVENT_TTL_MS = 60 * 60 * 1000;

export interface EventTtlOptions {
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/** Events derived from the log (bosun-event-… uids) are not objects of the store: their own ring bounds them. */
const stored = (event: Anything): boolean => !String(event.metadata?.uid ?? '').startsWith('bosun-event-');

/**
 * When an Event was last written: its latest timestamp. kube-apiserver puts each write of an Event
 * under a fresh lease of --event-ttl, so an Event repeated (count, lastTimestamp, series) lives on.
 */
export function lastSeen(event: Anything): number {
  const times = [event.lastTimestamp, event.eventTime, event.series?.lastObservedTime, event.firstTimestamp, event.metadata?.creationTimestamp]
    .map((t) => (typeof t === 'string' ? Date.parse(t) : NaN))
    .filter((t) => !Number.isNaN(t));
  return times.length === 0 ? 0 : Math.max(...times);
}

/**
 * Event expiry: an Event object not written for the TTL (default 1 h, kube-apiserver's --event-ttl)
 * is deleted, so that the Events the node agents and clients write do not pile up in the state.
 * (The deletion is an event in the log like any other: the log keeps the history.)
 */
export function eventTtlReconciler(options: EventTtlOptions = {}): Reconciler {
  const ttl = options.ttlMs ?? EVENT_TTL_MS;
  const now = options.now ?? Date.now;
  return {
    name: 'event-ttl',

    initialKeys: (state) => (state.list('Event') as Anything[]).filter(stored).map((e) => objectKey('Event', e.metadata.namespace, e.metadata.name)),

    keysFor: (change: ObjectChange) => {
      const o = change.object as Anything;
      return o.kind === 'Event' && change.type !== 'DELETED' && stored(o) ? [change.key] : [];
    },

    plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
      const event = state.getObject(key) as Anything | null;
      if (event === null || !stored(event) || event.metadata.deletionTimestamp || now() - lastSeen(event) < ttl) return [];
      return [{ kind: 'Event', namespace: event.metadata.namespace, name: event.metadata.name, command: { type: 'Delete', data: {}, metadata: meta() } }];
    },

    requeueAfterMs(key: string, state: ClusterState): number | undefined {
      const event = state.getObject(key) as Anything | null;
      if (event === null || !stored(event)) return undefined;
      return Math.max(200, lastSeen(event) + ttl - now() + 50);
    },
  };
}
