import fc from 'fast-check';
import { asJson, kubeletNodeConditions, kubeTime, parseDuration, sameJson } from './conventions';

describe('conventions', () => {
  it('prints times at second precision, as Kubernetes does', () => {
    expect(kubeTime(new Date('2026-11-28T10:00:00.123Z'))).toBe('2026-11-28T10:00:00Z');
  });

  it.each([
    ['40s', 40_000],
    ['5m', 300_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5s', 1_500],
    ['2h', 7_200_000],
  ])('reads the duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '5x', 's', '5m junk', '-5s'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/not a duration/);
  });

  describe('asJson', () => {
    const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;
    // Values with undefined members, dates, NaN, -0, holes and class instances mixed in.
    const odd = fc.oneof(fc.constant(undefined), fc.date({ noInvalidDate: true }), fc.constant(NaN), fc.constant(-0), fc.constant(new (class Box { x = 1 })()));
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), odd),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 4 })),
    })).node;

    it('gives what a JSON round trip gives, member order included', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string({ maxLength: 3 }), value), (v) => {
          expect(JSON.stringify(asJson(v))).toBe(JSON.stringify(roundTrip(v)));
          expect(asJson(v)).toStrictEqual(roundTrip(v));
        }),
      );
    });

    it('shares what needs no change and copies only the objects that lose a member', () => {
      const spec = { containers: [{ name: 'c', image: 'i' }] };
      const object = { metadata: { name: 'a', resourceVersion: undefined }, spec };
      const clean = asJson(object);
      expect(clean).toEqual({ metadata: { name: 'a' }, spec });
      expect('resourceVersion' in clean.metadata).toBe(false);
      expect(clean.spec).toBe(spec);
      expect(object.metadata).toHaveProperty('resourceVersion'); // the input is left alone
      const plain = { a: [1, { b: 'c' }] };
      expect(asJson(plain)).toBe(plain);
    });

    it('compares as stored objects compare', () => {
      expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
      expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    });
  });
});

describe('kubeletNodeConditions', () => {
  const T1 = '2026-11-28T10:00:00Z';
  const T2 = '2026-11-28T10:00:10Z';

  it('posts the three pressures (none) and Ready, in the kubelet’s order and words', () => {
    expect(kubeletNodeConditions(null, 'agent is posting ready status', T1)).toEqual([
      { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: T1, lastTransitionTime: T1 },
      { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: T1, lastTransitionTime: T1 },
      { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: T1, lastTransitionTime: T1 },
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'agent is posting ready status', lastHeartbeatTime: T1, lastTransitionTime: T1 },
    ]);
  });

  it('keeps each transition time while its status holds, and starts it anew once it changed (a node back from Unknown)', () => {
    const node = { status: { conditions: kubeletNodeConditions(null, 'm', T1) } };
    expect(kubeletNodeConditions(node, 'm', T2).map((c) => [c.type, c.lastHeartbeatTime, c.lastTransitionTime])).toEqual([
      ['MemoryPressure', T2, T1],
      ['DiskPressure', T2, T1],
      ['PIDPressure', T2, T1],
      ['Ready', T2, T1],
    ]);
    const unknown = { status: { conditions: node.status.conditions.map((c) => ({ ...c, status: 'Unknown' })) } };
    expect(kubeletNodeConditions(unknown, 'm', T2).every((c) => c.lastTransitionTime === T2)).toBe(true);
  });
});
