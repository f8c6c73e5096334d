import { NotFoundError, toStatus } from './api.errors';
import { checkEventsV1Create, fromEventsV1, inEventsGroup, toEventsV1 } from './events-v1';
import type { Event } from './types';

const stored: Event = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.1', namespace: 'default', resourceVersion: '7' },
  involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
  reason: 'Started',
  message: 'Started container web',
  source: { component: 'kubelet', host: 'n1' },
  firstTimestamp: '2026-11-29T10:00:00Z',
  lastTimestamp: '2026-11-29T10:00:05Z',
  count: 2,
  type: 'Normal',
};

describe('events.k8s.io/v1 Events', () => {
  it('converts a stored Event out as kube-apiserver does: regarding, note, the deprecated fields, eventTime null when unset', () => {
    expect(toEventsV1(stored)).toEqual({
      kind: 'Event',
      apiVersion: 'events.k8s.io/v1',
      metadata: stored.metadata,
      eventTime: null,
      reason: 'Started',
      regarding: stored.involvedObject,
      note: 'Started container web',
      type: 'Normal',
      deprecatedSource: { component: 'kubelet', host: 'n1' },
      deprecatedFirstTimestamp: '2026-11-29T10:00:00Z',
      deprecatedLastTimestamp: '2026-11-29T10:00:05Z',
      deprecatedCount: 2,
    });
  });

  it('converts back to the stored Event unchanged', () => {
    expect(fromEventsV1(toEventsV1(stored))).toEqual(stored);
    const recorded = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'x' }, eventTime: '2026-11-29T10:00:00.000001Z', reportingController: 'example.com/op', reportingInstance: 'op-1', action: 'Sync', reason: 'Synced', regarding: { kind: 'ConfigMap', name: 'c' }, series: { count: 2, lastObservedTime: '2026-11-29T10:00:01.000000Z' }, type: 'Normal' };
    expect(fromEventsV1(recorded)).toEqual({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'x' }, involvedObject: { kind: 'ConfigMap', name: 'c' }, reason: 'Synced', type: 'Normal', eventTime: recorded.eventTime, series: recorded.series, action: 'Sync', reportingComponent: 'example.com/op', reportingInstance: 'op-1' });
  });

  it('asks of a create what events.k8s.io/v1 validation asks', () => {
    const invalid = (body: unknown): string => {
      try {
        checkEventsV1Create(body);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(invalid({ metadata: { name: 'x' }, eventTime: 'now', reportingController: 'a/b', reportingInstance: 'i', action: 'A', reason: 'R', type: 'Normal' })).toBe('accepted');
    expect(invalid({ metadata: { name: 'x' }, type: 'Odd', deprecatedCount: 3 })).toBe(
      'Event.events.k8s.io "x" is invalid: [reportingController: Required value, reportingInstance: Required value, action: Required value, reason: Required value, eventTime: Required value, type: Invalid value: "": has invalid value: Odd, count: Invalid value: "": needs to be unset]',
    );
  });

  it('words errors with the group, as kube-apiserver does for an events.k8s.io request', () => {
    expect(toStatus(inEventsGroup(new NotFoundError('events', 'x')))).toMatchObject({ message: 'events.events.k8s.io "x" not found', details: { name: 'x', kind: 'events', group: 'events.k8s.io' }, code: 404 });
  });
});
