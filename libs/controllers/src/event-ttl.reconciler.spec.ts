import type { KubeObject } from '@bosun/api';
import { eventTtlReconciler, lastSeen } from './event-ttl.reconciler';
import { cacheOf, plan, summary } from './testing/cache.given';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const ttl = eventTtlReconciler({ ttlMs: 3_600_000, now: () => NOW });
const ago = (minutes: number): string => new Date(NOW - minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

const event = (name: string, times: { created: number; last?: number; series?: number }, uid = `uid-${name}`): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default', uid, creationTimestamp: ago(times.created) },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
    reason: 'Unhealthy',
    message: 'Readiness probe failed',
    type: 'Warning',
    ...(times.last === undefined ? {} : { firstTimestamp: ago(times.created), lastTimestamp: ago(times.last) }),
    ...(times.series === undefined ? {} : { series: { count: 3, lastObservedTime: ago(times.series) } }),
  }) as unknown as KubeObject;

describe('event ttl', () => {
  it('deletes an Event not written for the TTL', () => {
    expect(summary(plan(ttl, [event('old', { created: 61 })], 'events/default/old'))).toEqual(['Delete Event/old']);
  });

  it('keeps an Event written within the TTL, however old its creation: a repeat renews it', () => {
    expect(plan(ttl, [event('young', { created: 59 })], 'events/default/young')).toEqual([]);
    expect(plan(ttl, [event('repeated', { created: 300, last: 10 })], 'events/default/repeated')).toEqual([]);
    expect(plan(ttl, [event('series', { created: 300, last: 200, series: 5 })], 'events/default/series')).toEqual([]);
  });

  it('leaves the Events derived from the log alone: they are not objects to delete', () => {
    expect(plan(ttl, [event('derived', { created: 600 }, 'bosun-event-42')], 'events/default/derived')).toEqual([]);
  });

  it('looks again when the TTL of an Event runs out', () => {
    const state = cacheOf([event('young', { created: 50 })]);
    expect(ttl.requeueAfterMs!('events/default/young', state)).toBe(10 * 60_000 + 50);
    expect(lastSeen({ metadata: {} })).toBe(0);
  });
});
