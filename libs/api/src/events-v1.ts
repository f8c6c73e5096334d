import { ApiError, fieldErrors, InvalidError, type FieldCause } from './api.errors';
import type { Event } from './types';

/**
 * events.k8s.io/v1 Events: kube-apiserver stores one kind of Event and serves it in two versions,
 * core/v1 and events.k8s.io/v1, converting between them (pkg/apis/events/v1 conversion.go). Bosun
 * does the same: the stored object is the core/v1 Event; these convert it out and back in. What
 * client-go's new event recorder (tools/events: controller-runtime's since v0.23, kube-scheduler's)
 * writes and `kubectl get events.events.k8s.io` reads.
 */
export const EVENTS_GROUP = 'events.k8s.io';
export const EVENTS_V1 = `${EVENTS_GROUP}/v1`;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const defined = (entries: Record<string, unknown>): Json => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined && v !== ''));

/**
 * A stored (core/v1) Event as events.k8s.io/v1 writes it: involvedObject is `regarding`, message
 * `note`, reportingComponent `reportingController`, source, firstTimestamp, lastTimestamp and count
 * the `deprecated…` fields. As Go writes the struct: eventTime and the deprecated times are null
 * when unset, regarding and deprecatedSource always there.
 */
export function toEventsV1(event: Event): Json {
  return {
    kind: 'Event',
    apiVersion: EVENTS_V1,
    metadata: event.metadata,
    eventTime: event.eventTime ?? null,
    ...defined({ series: event.series, reportingController: event.reportingComponent, reportingInstance: event.reportingInstance, action: event.action, reason: event.reason }),
    regarding: event.involvedObject ?? {},
    ...defined({ related: event.related, note: event.message, type: event.type }),
    deprecatedSource: event.source ?? {},
    deprecatedFirstTimestamp: event.firstTimestamp ?? null,
    deprecatedLastTimestamp: event.lastTimestamp ?? null,
    ...(event.count ? { deprecatedCount: event.count } : {}),
  };
}

/** An events.k8s.io/v1 Event as the core/v1 Event it is stored as (the inverse of toEventsV1). */
export function fromEventsV1(body: unknown): Json {
  const v1 = isObject(body) ? body : {};
  if (v1.kind !== undefined && v1.kind !== 'Event') return { ...v1, apiVersion: v1.apiVersion === EVENTS_V1 ? 'v1' : v1.apiVersion }; // refused as the core kind's is
  return defined({
    apiVersion: v1.apiVersion === EVENTS_V1 || v1.apiVersion === undefined ? 'v1' : v1.apiVersion,
    kind: 'Event',
    metadata: v1.metadata,
    involvedObject: v1.regarding ?? {},
    reason: v1.reason,
    message: v1.note,
    source: isObject(v1.deprecatedSource) && Object.keys(v1.deprecatedSource).length > 0 ? v1.deprecatedSource : undefined,
    firstTimestamp: v1.deprecatedFirstTimestamp ?? undefined,
    lastTimestamp: v1.deprecatedLastTimestamp ?? undefined,
    count: v1.deprecatedCount ?? undefined,
    type: v1.type,
    eventTime: v1.eventTime ?? undefined,
    series: v1.series ?? undefined,
    action: v1.action,
    related: v1.related ?? undefined,
    reportingComponent: v1.reportingController,
    reportingInstance: v1.reportingInstance,
  });
}

/**
 * What kube-apiserver's ValidateEventCreate asks of an Event created through events.k8s.io/v1, on
 * top of the core checks: eventTime, reportingController (a qualified name), reportingInstance,
 * action and reason set — within their lengths —, a note of at most 1 kB, type Normal or Warning, and
 * none of the deprecated fields; a series of at least 2 with a lastObservedTime. 422 Invalid
 * `Event.events.k8s.io`, the fields named as its validation names them (the deprecated ones by their
 * stored names: firstTimestamp, count, source).
 */
export function checkEventsV1Create(v1: unknown): void {
  const e = isObject(v1) ? v1 : {};
  const causes: FieldCause[] = [];
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  if (text(e.reportingController) === '') causes.push(fieldErrors.required('reportingController'));
  else if (!/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(text(e.reportingController))) {
    causes.push(fieldErrors.invalid('reportingController', e.reportingController, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
  }
  if (text(e.reportingInstance) === '') causes.push(fieldErrors.required('reportingInstance'));
  else if (text(e.reportingInstance).length > 128) causes.push(fieldErrors.tooLong('reportingInstance', 128));
  if (text(e.action) === '') causes.push(fieldErrors.required('action'));
  else if (text(e.action).length > 128) causes.push(fieldErrors.tooLong('action', 128));
  if (text(e.reason) === '') causes.push(fieldErrors.required('reason'));
  else if (text(e.reason).length > 128) causes.push(fieldErrors.tooLong('reason', 128));
  if (Buffer.byteLength(text(e.note)) > 1024) causes.push(fieldErrors.tooLong('note', 1024));
  if (isObject(e.series)) {
    if (typeof e.series.count !== 'number' || e.series.count < 2) causes.push(fieldErrors.invalid('series.count', '', 'should be at least 2'));
    if (e.series.lastObservedTime === undefined || e.series.lastObservedTime === null) causes.push(fieldErrors.required('series.lastObservedTime'));
  }
  if (e.eventTime === undefined || e.eventTime === null || e.eventTime === '') causes.push(fieldErrors.required('eventTime'));
  if (e.type !== 'Normal' && e.type !== 'Warning') causes.push(fieldErrors.invalid('type', '', `has invalid value: ${text(e.type)}`));
  if (e.deprecatedFirstTimestamp) causes.push(fieldErrors.invalid('firstTimestamp', '', 'needs to be unset'));
  if (e.deprecatedLastTimestamp) causes.push(fieldErrors.invalid('lastTimestamp', '', 'needs to be unset'));
  if (e.deprecatedCount) causes.push(fieldErrors.invalid('count', '', 'needs to be unset'));
  const source = isObject(e.deprecatedSource) ? e.deprecatedSource : {};
  if (text(source.component) !== '' || text(source.host) !== '') causes.push(fieldErrors.invalid('source', '', 'needs to be unset'));
  if (causes.length > 0) {
    const name = isObject(e.metadata) && typeof e.metadata.name === 'string' ? e.metadata.name : '';
    throw new InvalidError('Event', name, causes, EVENTS_GROUP);
  }
}

/**
 * An error about a stored Event as kube-apiserver words it to an events.k8s.io/v1 request: the
 * resource qualified with the group (`events.events.k8s.io "x" not found`, `Event.events.k8s.io "x"
 * is invalid`), the group in its details.
 */
export function inEventsGroup(error: ApiError): ApiError {
  if (error.details?.group !== undefined || (error.details?.kind !== 'events' && error.details?.kind !== 'Event')) return error;
  const message = error.message.replace(/\bevents "/, `events.${EVENTS_GROUP} "`).replace(/^Event "/, `Event.${EVENTS_GROUP} "`);
  const requalified = new ApiError(error.code, message, { ...error.details, group: EVENTS_GROUP });
  return requalified;
}
