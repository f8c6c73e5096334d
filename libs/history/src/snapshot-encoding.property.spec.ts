import fc from 'fast-check';
import { SubtreeDecoder, SubtreeEncoder } from './snapshot-encoding';

/** What a line must read back as: the value as JSON.stringify and JSON.parse see it. */
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

const roundTrip = (values: readonly unknown[]): { lines: string[]; decoded: unknown[] } => {
  const encoder = new SubtreeEncoder();
  const lines = values.map((v) => encoder.line(v));
  const decoder = new SubtreeDecoder();
  return { lines, decoded: lines.map((l) => decoder.line(l)) };
};

const pod = (name: string, node: string): unknown => ({
  identity: { kind: 'Pod', name, namespace: 'default' },
  value: { live: 'running' },
  context: {
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', labels: { app: 'web', tier: 'front' }, ownerReferences: [{ kind: 'ReplicationController', name: 'web', uid: 'uid-web' }] },
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }], nodeName: node },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    },
  },
  offset: 7,
});

describe('snapshot lines with shared subtrees', () => {
  it('read back as the JSON of what was written, line by line, whatever repeats', () => {
    // Few distinct leaves and keys, so that subtrees repeat within and across lines.
    const leaf = fc.oneof(fc.constantFrom('a', 'bb', 'a"quote', 'ünï', '', 'x'.repeat(20)), fc.integer({ min: -2, max: 2 }), fc.boolean(), fc.constant(null));
    const key = fc.constantFrom('a', 'b', 'c', '0', '', 'k"ey', '__proto__');
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('tree'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 12 }), (values) => {
        const { decoded } = roundTrip(values);
        expect(decoded).toEqual(values.map(viaJson));
      }),
      { numRuns: 300 },
    );
  });

  it('leave out what JSON.stringify leaves out', () => {
    const value = { a: undefined, b: [undefined, () => 1], c: { d: 1, e: undefined }, f: Number.NaN, g: new Date(0) };
    expect(roundTrip([value, value]).decoded).toEqual([viaJson(value), viaJson(value)]);
  });

  it('write a repeated subtree in full twice, then refer to it, and read back one object for it', () => {
    const pods = Array.from({ length: 50 }, (_, i) => pod(`web-${i}`, `node-${i % 2}`));
    const { lines, decoded } = roundTrip(pods);
    expect(decoded).toEqual(pods);
    const plain = pods.reduce<number>((n, p) => n + JSON.stringify(p).length, 0);
    expect(lines.reduce((n, l) => n + l.length, 0)).toBeLessThan(plain * 0.7);
    const spec = (p: unknown): unknown => (p as { context: { object: { spec: unknown } } }).context.object.spec;
    expect(spec(decoded[10])).toBe(spec(decoded[12]));
    expect(spec(decoded[10])).not.toBe(spec(decoded[11])); // another node
    const meta = (p: unknown): { labels: unknown; name: string } => (p as { context: { object: { metadata: { labels: unknown; name: string } } } }).context.object.metadata;
    expect(meta(decoded[3]).labels).toBe(meta(decoded[40]).labels);
    expect(meta(decoded[3]).name).toBe('web-3');
  });

  it('refuse a line that refers to what the file has not defined', () => {
    expect(() => new SubtreeDecoder().line('[{"a":0},[["a"],3]]')).toThrow('unknown shared value 3');
    expect(() => new SubtreeDecoder().line('[{"a":0},[4,-1]]')).toThrow('unknown path 4');
  });
});
