import { BadRequestError, fieldErrors, InvalidError, UnclassifiedError, type FieldCause } from './api.errors';

/** The annotation of the bookmark that ends a watch's initial events (a streaming list). */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

/** What a list or watch request's query says about its start. */
export interface WatchStart {
  /**
   * Whether the watch begins with the current state as ADDED events. True, with `bookmark`, for
   * a streaming list (`sendInitialEvents=true`, client-go's informers since 1.35); by default only
   * when no resourceVersion (or "0") is given; false when the client says so.
   */
  readonly initialEvents: boolean;
  /** End the initial events with a bookmark annotated k8s.io/initial-events-end. */
  readonly bookmark: boolean;
  /**
   * A list read as it was at its resourceVersion, not later: resourceVersionMatch=Exact, and — as
   * kube-apiserver reads it — a first page (`limit`, no `continue`) at a resourceVersion other than
   * "0" with no resourceVersionMatch (the legacy exact match of paged lists).
   */
  readonly exact: boolean;
}

/**
 * Reads and checks `sendInitialEvents` and `resourceVersionMatch` as kube-apiserver's ListOptions
 * validation does: a streaming list needs resourceVersionMatch=NotOlderThan and bookmarks; a
 * watch takes resourceVersionMatch only with sendInitialEvents; a list never takes sendInitialEvents.
 * A refusal is 422 Invalid of kind ListOptions.
 */
export function watchStart(query: Readonly<Record<string, string | undefined>>, watch: boolean): WatchStart {
  const send = query.sendInitialEvents;
  const match = query.resourceVersionMatch;
  const rv = query.resourceVersion;
  const causes: FieldCause[] = [];
  const invalid = (field: string, value: string, detail: string): void => {
    causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` });
  };
  const forbidden = (field: string, detail: string): void => {
    causes.push({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` });
  };
  if (send !== undefined && send !== 'true' && send !== 'false') invalid('sendInitialEvents', send, 'must be true or false');
  const known = match === undefined || match === '' || match === 'NotOlderThan' || match === 'Exact';
  if (!known && watch) invalid('resourceVersionMatch', match, 'supported values: "Exact", "NotOlderThan"');
  if (!watch) {
    // A list reads at a resourceVersion only when given one: Exact pins the snapshot, and a
    // continue token already carries its own.
    if (match !== undefined && match !== '') {
      if (rv === undefined || rv === '') forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided');
      if (query.continue) forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided');
      if (!known) causes.push(fieldErrors.notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
      if (match === 'Exact' && rv === '0') forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    }
    if (send !== undefined) forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list');
  } else if (send !== undefined) {
    if (match !== 'NotOlderThan') forbidden('resourceVersionMatch', "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
    if (query.allowWatchBookmarks !== 'true') forbidden('allowWatchBookmarks', 'sendInitialEvents requires setting allowWatchBookmarks to true');
  } else if (match !== undefined && match !== '') {
    forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
  }
  if (causes.length > 0) throw new InvalidError('ListOptions', '', causes, 'meta.k8s.io');
  // As kube-apiserver's watch cache (Cacher.shouldDelegateList) sends them: a paged list, a
  // continuation and an exact list are read from etcd, the rest from the cache.
  const positiveLimit = /^\d+$/.test(query.limit ?? '') && Number(query.limit) > 0;
  const fromStorage = !watch && ((positiveLimit && rv !== '0') || Boolean(query.continue) || match === 'Exact');
  parseResourceVersion(rv, fromStorage ? 'storage' : 'cache');
  const fromNow = rv === undefined || rv === '' || rv === '0';
  const unmatched = match === undefined || match === '';
  const paged = /^\d+$/.test(query.limit ?? '') && Number(query.limit) > 0 && !query.continue;
  const exact = !watch && (match === 'Exact' || (unmatched && paged && !fromNow));
  if (send === 'true') return { initialEvents: true, bookmark: true, exact };
  if (send === 'false') return { initialEvents: false, bookmark: false, exact };
  return { initialEvents: fromNow, bookmark: false, exact };
}

/**
 * A request's resourceVersion as kube-apiserver's storage reads it (APIObjectVersioner.
 * ParseResourceVersion): unset, "" and "0" are 0, anything else an unsigned decimal of 64 bits
 * (Go's strconv.ParseUint). One that is not is the storage's invalid-value error, which the watch
 * cache (`cache`: a get, a watch, an unpaged list) hands on as it is — 500 without a reason — and
 * etcd's storage (`storage`: a paged, continued or exact list) answers 400 "invalid resource
 * version: …".
 */
export function parseResourceVersion(rv: string | undefined, from: 'cache' | 'storage'): number {
  if (rv === undefined || rv === '' || rv === '0') return 0;
  const digits = /^\d+$/.test(rv);
  if (digits && BigInt(rv) <= 0xffffffffffffffffn) return Number(rv);
  const message = `resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: ${digits ? 'value out of range' : 'invalid syntax'}`;
  throw from === 'cache' ? new UnclassifiedError(message) : new BadRequestError(`invalid resource version: ${message}`);
}

/** How often a watch that allows bookmarks gets one while nothing else tells it the resourceVersion moved. */
export const BOOKMARK_INTERVAL_MS = 30_000;

/**
 * When a watch that allows bookmarks gets its next one, `now` and its deadline (timeoutSeconds) in
 * ms, as kube-apiserver's cacheWatcher.nextBookmarkTime: after the interval, but no later than 2 s
 * before the deadline, so that a client (client-go's reflector) resumes from a fresh
 * resourceVersion when the watch times out; undefined when that moment has passed.
 */
export function nextBookmarkIn(now: number, deadline: number | undefined, intervalMs = BOOKMARK_INTERVAL_MS): number | undefined {
  let at = now + intervalMs;
  if (deadline !== undefined) at = Math.min(at, deadline - 2000);
  return at <= now ? undefined : at - now; // (the moment itself passed once the pre-timeout bookmark is sent)
}
