import { nextBookmarkIn, parseResourceVersion, watchStart } from './watch-options';
import { statusOf } from './testing/status-of';

describe('watchStart', () => {
  it('starts a plain watch with the current state only when no resourceVersion (or "0") is given', () => {
    expect(watchStart({}, true)).toEqual({ initialEvents: true, bookmark: false, exact: false });
    expect(watchStart({ resourceVersion: '0' }, true)).toEqual({ initialEvents: true, bookmark: false, exact: false });
    expect(watchStart({ resourceVersion: '42' }, true)).toEqual({ initialEvents: false, bookmark: false, exact: false });
  });

  it('streams a list (sendInitialEvents) from any resourceVersion, ended by the initial-events-end bookmark', () => {
    const streaming = { sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: 'true' };
    expect(watchStart(streaming, true)).toEqual({ initialEvents: true, bookmark: true, exact: false });
    expect(watchStart({ ...streaming, resourceVersion: '42' }, true)).toEqual({ initialEvents: true, bookmark: true, exact: false });
    expect(watchStart({ ...streaming, sendInitialEvents: 'false' }, true)).toEqual({ initialEvents: false, bookmark: false, exact: false });
  });

  it('refuses what kube-apiserver refuses, as 422 Invalid ListOptions', () => {
    const invalid = (query: Record<string, string>, watch: boolean): unknown => {
      try {
        watchStart(query, watch);
      } catch (error) {
        return { status: (error as { httpStatus: number }).httpStatus, fields: (error as { causes: { field: string }[] }).causes.map((c) => c.field) };
      }
      return 'accepted';
    };
    expect(invalid({ sendInitialEvents: 'true' }, true)).toEqual({ status: 422, fields: ['resourceVersionMatch', 'allowWatchBookmarks'] });
    expect(invalid({ resourceVersionMatch: 'NotOlderThan', resourceVersion: '5' }, true)).toEqual({ status: 422, fields: ['resourceVersionMatch'] });
    expect(invalid({ sendInitialEvents: 'true' }, false)).toEqual({ status: 422, fields: ['sendInitialEvents'] });
    expect(invalid({ resourceVersionMatch: 'Sometimes', resourceVersion: '5' }, false)).toEqual({ status: 422, fields: ['resourceVersionMatch'] });
    expect(invalid({ resourceVersionMatch: 'NotOlderThan', resourceVersion: '5' }, false)).toBe('accepted');
  });

  it('takes a list’s resourceVersionMatch only with a resourceVersion and without continue, Exact never at "0", in kube-apiserver’s words', () => {
    const message = (query: Record<string, string>): string => {
      try {
        watchStart(query, false);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(message({ resourceVersionMatch: 'Exact' })).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
    expect(message({ resourceVersionMatch: 'NotOlderThan', resourceVersion: '5', continue: 'x' })).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided');
    expect(message({ resourceVersionMatch: 'Exact', resourceVersion: '0' })).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    expect(message({ resourceVersionMatch: 'Sometimes', resourceVersion: '5' })).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Sometimes": supported values: "Exact", "NotOlderThan", ""');
    expect(watchStart({ resourceVersionMatch: 'Exact', resourceVersion: '5' }, false)).toMatchObject({ exact: true });
    expect(watchStart({ resourceVersion: '5' }, false)).toMatchObject({ exact: false });
  });

  it('reads a first page at a resourceVersion other than "0" exactly when no resourceVersionMatch is given, as kube-apiserver’s legacy paged lists', () => {
    expect(watchStart({ resourceVersion: '5', limit: '500' }, false)).toMatchObject({ exact: true });
    expect(watchStart({ resourceVersion: '5', limit: '500', resourceVersionMatch: 'NotOlderThan' }, false)).toMatchObject({ exact: false });
    expect(watchStart({ resourceVersion: '0', limit: '500' }, false)).toMatchObject({ exact: false });
    expect(watchStart({ limit: '500' }, false)).toMatchObject({ exact: false });
    expect(watchStart({ resourceVersion: '5', limit: '0' }, false)).toMatchObject({ exact: false });
    expect(watchStart({ resourceVersion: '5', limit: '500', continue: 'token' }, false)).toMatchObject({ exact: false });
    expect(watchStart({ resourceVersion: '5', limit: '500' }, true)).toMatchObject({ exact: false });
  });
});

describe('nextBookmarkIn', () => {
  it('sends a bookmark every interval, and 2 s before the deadline when that comes first, as cacheWatcher.nextBookmarkTime', () => {
    expect(nextBookmarkIn(1_000, undefined)).toBe(30_000);
    expect(nextBookmarkIn(1_000, 1_000 + 300_000)).toBe(30_000);
    expect(nextBookmarkIn(1_000, 1_000 + 10_000)).toBe(8_000);
    // Once that moment has come, no more.
    expect(nextBookmarkIn(9_000, 1_000 + 10_000)).toBeUndefined();
    expect(nextBookmarkIn(1_000, 1_000 + 1_000)).toBeUndefined();
  });
});

describe('parseResourceVersion', () => {

  it('reads unset, "" and "0" as 0 and a decimal as its number', () => {
    expect(parseResourceVersion(undefined, 'cache')).toBe(0);
    expect(parseResourceVersion('', 'cache')).toBe(0);
    expect(parseResourceVersion('0', 'storage')).toBe(0);
    expect(parseResourceVersion('42', 'cache')).toBe(42);
  });

  it("answers one that is no unsigned 64-bit decimal as the watch cache hands on the storage's error: 500, no reason", () => {
    expect(statusOf(() => parseResourceVersion('abc', 'cache'))).toEqual({
      code: 500,
      reason: undefined,
      message: 'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    });
    expect(statusOf(() => parseResourceVersion('-1', 'cache'))).toMatchObject({ code: 500, message: expect.stringContaining('parsing "-1": invalid syntax') });
    expect(statusOf(() => parseResourceVersion('18446744073709551616', 'cache'))).toMatchObject({ code: 500, message: expect.stringContaining('value out of range') });
    expect(parseResourceVersion('18446744073709551615', 'cache')).toBeGreaterThan(0);
  });

  it("answers it as etcd's storage does for a paged, continued or exact list: 400 BadRequest", () => {
    expect(statusOf(() => parseResourceVersion('abc', 'storage'))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    });
  });

  it('is checked by watchStart on the path kube-apiserver reads the request from', () => {
    expect(statusOf(() => watchStart({ resourceVersion: 'abc' }, true))).toMatchObject({ code: 500 });
    expect(statusOf(() => watchStart({ resourceVersion: 'abc' }, false))).toMatchObject({ code: 500 });
    expect(statusOf(() => watchStart({ resourceVersion: 'abc', limit: '500' }, false))).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(statusOf(() => watchStart({ resourceVersion: 'abc', resourceVersionMatch: 'Exact' }, false))).toMatchObject({ code: 400 });
    // ListOptions are validated first (422), as kube-apiserver's handler does before its storage reads.
    expect(statusOf(() => watchStart({ resourceVersion: 'abc', resourceVersionMatch: 'Sometimes' }, false))).toMatchObject({ code: 422 });
  });
});
