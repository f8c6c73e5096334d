import { nodeMatcherOf } from './node-affinity';

const affinity = (...nodeSelectorTerms: unknown[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } });
const n = (name: string, labels?: Record<string, string>) => ({ name, labels });

describe('nodeMatcherOf, as the NodeAffinity filter matches nodes', () => {
  it('restricts nothing without a nodeSelector or required node affinity', () => {
    expect(nodeMatcherOf({ containers: [] })).toBeUndefined();
    expect(nodeMatcherOf({ nodeSelector: {}, affinity: { nodeAffinity: {} } })).toBeUndefined();
  });

  it('needs every nodeSelector label and one of the terms', () => {
    const matches = nodeMatcherOf({ nodeSelector: { disk: 'ssd' }, affinity: affinity({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n9'] }] }) })!;
    expect(matches(n('n1', { disk: 'ssd', zone: 'a' }))).toBe(true);
    expect(matches(n('n9', { disk: 'ssd' }))).toBe(true);
    expect(matches(n('n9', { disk: 'hdd' }))).toBe(false);
    expect(matches(n('n1', { disk: 'ssd', zone: 'b' }))).toBe(false);
  });

  it('evaluates NotIn, Exists, DoesNotExist, Gt and Lt; an empty term or an unknown field matches nothing', () => {
    const one = (r: unknown, node = n('n1', { cores: '8', zone: 'a' })) => nodeMatcherOf({ affinity: affinity({ matchExpressions: [r] }) })!(node);
    expect(one({ key: 'zone', operator: 'NotIn', values: ['b'] })).toBe(true);
    expect(one({ key: 'gpu', operator: 'NotIn', values: ['x'] })).toBe(true);
    expect(one({ key: 'zone', operator: 'Exists' })).toBe(true);
    expect(one({ key: 'zone', operator: 'DoesNotExist' })).toBe(false);
    expect(one({ key: 'cores', operator: 'Gt', values: ['4'] })).toBe(true);
    expect(one({ key: 'cores', operator: 'Lt', values: ['4'] })).toBe(false);
    expect(nodeMatcherOf({ affinity: affinity({}) })!(n('n1'))).toBe(false);
    expect(nodeMatcherOf({ affinity: affinity({ matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['n1'] }] }) })!(n('n1'))).toBe(false);
  });
});
