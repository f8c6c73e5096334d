import { watchStart } from './watch-options';

describe('watchStart', () => {
  it('starts a plain watch with the current state only when no resourceVersion (or "0") is given', () => {
    expect(watchStart({}, true)).toEqual({ initialEvents: true, bookmark: false });
    expect(watchStart({ resourceVersion: '0' }, true)).toEqual({ initialEvents: true, bookmark: false });
    expect(watchStart({ resourceVersion: '42' }, true)).toEqual({ initialEvents: false, bookmark: false });
  });

  it('streams a list (sendInitialEvents) from any resourceVersion, ended by the initial-events-end bookmark', () => {
    const streaming = { sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: 'true' };
    expect(watchStart(streaming, true)).toEqual({ initialEvents: true, bookmark: true });
    expect(watchStart({ ...streaming, resourceVersion: '42' }, true)).toEqual({ initialEvents: true, bookmark: true });
    expect(watchStart({ ...streaming, sendInitialEvents: 'false' }, true)).toEqual({ initialEvents: false, bookmark: false });
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
    expect(invalid({ resourceVersionMatch: 'Sometimes' }, false)).toEqual({ status: 422, fields: ['resourceVersionMatch'] });
    expect(invalid({ resourceVersionMatch: 'NotOlderThan', resourceVersion: '5' }, false)).toBe('accepted');
  });
});
