import { fieldChanges, formatChange } from './field-diff';

describe('fieldChanges', () => {
  it('names each changed leaf by its path, with before and after', () => {
    expect(fieldChanges({ spec: { replicas: 2, selector: { app: 'web' } } }, { spec: { replicas: 3, selector: { app: 'web' } } })).toEqual([
      { path: 'spec.replicas', before: 2, after: 3 },
    ]);
  });

  it('tells added from removed fields, and quotes keys that are not identifiers', () => {
    const changes = fieldChanges({ metadata: { labels: { a: '1', 'app.kubernetes.io/name': 'x' } } }, { metadata: { labels: { b: '2' } } });
    expect(changes).toEqual([
      { path: 'metadata.labels.a', before: '1' },
      { path: 'metadata.labels["app.kubernetes.io/name"]', before: 'x' },
      { path: 'metadata.labels.b', after: '2' },
    ]);
    expect(changes.map(formatChange)).toEqual(['metadata.labels.a: - 1', 'metadata.labels["app.kubernetes.io/name"]: - x', 'metadata.labels.b: + 2']);
  });

  it('matches list items by name or type where every item has a distinct one, by index otherwise', () => {
    const before = { status: { conditions: [{ type: 'Ready', status: 'False' }] }, spec: { ports: [{ port: 80 }] } };
    const after = { status: { conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }] }, spec: { ports: [{ port: 81 }] } };
    expect(fieldChanges(before, after)).toEqual([
      { path: 'status.conditions[type=Ready].status', before: 'False', after: 'True' },
      { path: 'status.conditions[type=Initialized]', after: { type: 'Initialized', status: 'True' } },
      { path: 'spec.ports[0].port', before: 80, after: 81 },
    ]);
    const dupes = fieldChanges({ l: [{ name: 'a' }, { name: 'a', x: 1 }] }, { l: [{ name: 'a' }, { name: 'a', x: 2 }] });
    expect(dupes).toEqual([{ path: 'l[1].x', before: 1, after: 2 }]);
  });

  it('reports a whole added or removed object once, a type change as one change, and nothing for equal values', () => {
    expect(fieldChanges(undefined, { a: 1 })).toEqual([{ path: '.', after: { a: 1 } }]);
    expect(fieldChanges({ a: { b: 1 } }, { a: 'text' })).toEqual([{ path: 'a', before: { b: 1 }, after: 'text' }]);
    expect(fieldChanges({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
  });

  it('shortens long values when formatting', () => {
    const text = formatChange({ path: 'x', before: 'a'.repeat(100), after: 'b' });
    expect(text).toBe(`x: ${'a'.repeat(57)}... → b`);
  });
});
