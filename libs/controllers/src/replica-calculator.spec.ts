import { HPA_TOLERANCE, resourceReplicas, type PodMetric, type ResourceTarget } from './replica-calculator';
import { newMemory, normalizeDesiredReplicas, normalizeWithBehavior, rememberScale } from './horizontal-pod-autoscaler.normalize';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// Given pods (started long ago, Ready since), their metrics, and a target; when the calculator runs; then this many replicas.
const NOW = Date.parse('2026-11-28T10:00:00Z');
const LONG_AGO = '2026-11-28T09:00:00Z';
const pod = (name: string, options: { phase?: string; ready?: 'True' | 'False'; readySince?: string; started?: string; request?: string | null; deleting?: boolean } = {}): Anything => ({
  metadata: { name, ...(options.deleting ? { deletionTimestamp: '2026-11-28T09:59:00Z' } : {}) },
  spec: { containers: [{ name: 'app', resources: options.request === null ? {} : { requests: { cpu: options.request ?? '100m', memory: '100Mi' } } }] },
  status: {
    phase: options.phase ?? 'Running',
    startTime: options.started ?? LONG_AGO,
    conditions: [{ type: 'Ready', status: options.ready ?? 'True', lastTransitionTime: options.readySince ?? LONG_AGO }],
  },
});
const metrics = (values: Record<string, number>, timestampMs = NOW - 5_000): Map<string, PodMetric> => new Map(Object.entries(values).map(([name, value]) => [name, { value, timestampMs, windowMs: 10_000 }]));
const cpu = (target: number): ResourceTarget => ({ type: 'Utilization', averageUtilization: target });
const given = (pods: Anything[], podMetrics: Map<string, PodMetric>) => ({
  when: (current: number, target: ResourceTarget, resource = 'cpu') => resourceReplicas(current, target, resource, pods, podMetrics, NOW),
});

describe('replica calculator (kube\'s GetResourceReplicas)', () => {
  it('scales by the ratio of utilization to target: 3 pods at 90% of a 30% target ask for 9', () => {
    const r = given([pod('a'), pod('b'), pod('c')], metrics({ a: 90, b: 90, c: 90 })).when(3, cpu(30));
    expect(r).toMatchObject({ replicas: 9, utilization: 90, average: 90 });
  });

  it('keeps the count within the 10 % tolerance, and leaves it beyond', () => {
    expect(HPA_TOLERANCE).toBe(0.1);
    expect(given([pod('a'), pod('b')], metrics({ a: 54, b: 54 })).when(2, cpu(50)).replicas).toBe(2); // ratio 1.08
    // 55/50 is 1.1 in float64, 0.1000…09 from 1: beyond the tolerance, as in kube's float arithmetic
    expect(given([pod('a'), pod('b')], metrics({ a: 55, b: 55 })).when(2, cpu(50)).replicas).toBe(3);
    expect(given([pod('a'), pod('b')], metrics({ a: 56, b: 56 })).when(2, cpu(50)).replicas).toBe(3); // ratio 1.12
    expect(given([pod('a'), pod('b')], metrics({ a: 45, b: 45 })).when(2, cpu(50)).replicas).toBe(2); // ratio 0.9
    expect(given([pod('a'), pod('b'), pod('c'), pod('d')], metrics({ a: 10, b: 10, c: 10, d: 10 })).when(4, cpu(50)).replicas).toBe(1);
  });

  it('utilization is whole percent of the requests summed over the pods (integer division, as kube)', () => {
    const r = given([pod('a', { request: '300m' }), pod('b', { request: '300m' })], metrics({ a: 100, b: 101 })).when(2, cpu(10));
    expect(r.utilization).toBe(33); // 201*100/600 = 33.5
    expect(r.replicas).toBe(7); // ceil(3.3 * 2)
  });

  it('on a scale up counts pods without metrics as using nothing, so it scales less', () => {
    // Without c: ratio 2 → 4; with c at 0: (100+100+0)/300 = 66% → ratio 1.33 → ceil(1.33*3) = 4
    expect(given([pod('a'), pod('b'), pod('c')], metrics({ a: 100, b: 100 })).when(3, cpu(50)).replicas).toBe(4);
    // a lone hot pod among missing ones: 150/300 = 50% → ratio 1.0 → within tolerance: stays
    expect(given([pod('a'), pod('b'), pod('c')], metrics({ a: 150 })).when(3, cpu(50)).replicas).toBe(3);
  });

  it('on a scale down counts pods without metrics as using their whole request, and does not turn the direction', () => {
    // a, b at 10% of a 50% target → would go to 1; c missing counts 100%: (10+10+100)/300 = 40% → 0.8 → ceil(2.4) = 3: stays
    expect(given([pod('a'), pod('b'), pod('c')], metrics({ a: 10, b: 10 })).when(3, cpu(50)).replicas).toBe(3);
    // at a target above 100 %, a missing pod counts as the target: (10+10+150)/300 = 56% of 150 → 0.37 → ceil(1.1) = 2
    expect(given([pod('a'), pod('b'), pod('c')], metrics({ a: 10, b: 10 })).when(3, cpu(150)).replicas).toBe(2);
  });

  it('on a scale up counts unready pods (Pending, not Ready within their CPU initialization) as using nothing', () => {
    const pods = [pod('a'), pod('b'), pod('p', { phase: 'Pending' }), pod('n', { ready: 'False', started: '2026-11-28T09:58:00Z', readySince: '2026-11-28T09:58:00Z' })];
    // ready a, b at 100% of a 50% target ask for 4; with p and n at 0: 200/400 = 50% → ratio 1, within the tolerance: the current 4
    expect(given(pods, metrics({ a: 100, b: 100, n: 100 })).when(4, cpu(50)).replicas).toBe(4);
    // a metric taken before one window after the pod became Ready is not trusted either (CPU only)
    const fresh = [pod('a'), pod('f', { started: '2026-11-28T09:59:00Z', readySince: '2026-11-28T09:59:56Z' })];
    // f at 0: (200+0)/200 = 100% of 50 → ratio 2 → ceil(2 × 2) = 4, where trusting f would ask for 8
    expect(given(fresh, metrics({ a: 200, f: 200 })).when(2, cpu(50)).replicas).toBe(4);
    expect(given([pod('a'), pod('f', { started: '2026-11-28T09:59:00Z', readySince: '2026-11-28T09:59:30Z' })], metrics({ a: 200, f: 200 })).when(2, cpu(50)).replicas).toBe(8);
  });

  it('ignores pods being deleted and Failed pods, and their metrics', () => {
    const pods = [pod('a'), pod('gone', { deleting: true }), pod('dead', { phase: 'Failed' })];
    expect(given(pods, metrics({ a: 100, gone: 1000, dead: 1000 })).when(1, cpu(50)).replicas).toBe(2);
  });

  it('memory is not held back by readiness: an unready pod\'s memory counts', () => {
    const pods = [pod('a'), pod('n', { ready: 'False', started: '2026-11-28T09:59:00Z' })];
    const bytes = 100 * 1024 * 1024 * 1000; // 100Mi in milli-bytes: 100 % of the request
    expect(given(pods, metrics({ a: bytes, n: bytes })).when(2, cpu(50), 'memory').replicas).toBe(4);
  });

  it('scales on an AverageValue target: the mean usage over the value', () => {
    const r = given([pod('a'), pod('b')], metrics({ a: 300, b: 100 })).when(2, { type: 'AverageValue', averageValue: 100 });
    expect(r).toEqual({ replicas: 4, average: 200, timestampMs: NOW - 5_000 });
  });

  it('fails in kube\'s words: no metrics, no pods, only unready pods, a missing request', () => {
    expect(() => given([pod('a')], metrics({})).when(1, cpu(50))).toThrow('unable to get metrics for resource cpu: no metrics returned from resource metrics API');
    expect(() => given([], metrics({ a: 1 })).when(1, cpu(50))).toThrow('no pods returned by selector while calculating replica count');
    expect(() => given([pod('a', { phase: 'Pending' })], metrics({ a: 1 })).when(1, cpu(50))).toThrow('did not receive metrics for targeted pods (pods might be unready)');
    expect(() => given([pod('a', { request: null })], metrics({ a: 1 })).when(1, cpu(50))).toThrow('missing request for cpu in container app of Pod a');
  });
});

describe('normalizing the recommendation (kube\'s normalizeDesiredReplicas)', () => {
  it('a scale down waits for the highest recommendation of the last 5 minutes (ScaleDownStabilized), then goes', () => {
    const memory = newMemory();
    expect(normalizeDesiredReplicas(memory, 5, 5, 1, 10, NOW).replicas).toBe(5);
    const held = normalizeDesiredReplicas(memory, 5, 2, 1, 10, NOW + 60_000);
    expect(held.replicas).toBe(5);
    expect(held.conditions[0]).toMatchObject({ reason: 'ScaleDownStabilized' });
    expect(normalizeDesiredReplicas(memory, 5, 2, 1, 10, NOW + 301_000).replicas).toBe(2);
  });

  it('a scale up is at once, at most twice the replicas (at least 4) a step: ScalingLimited ScaleUpLimit; then maxReplicas: TooManyReplicas', () => {
    const limited = normalizeDesiredReplicas(newMemory(), 1, 9, 1, 10, NOW);
    expect(limited.replicas).toBe(4);
    expect(limited.conditions).toEqual([
      { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
      { type: 'ScalingLimited', status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' },
    ]);
    expect(normalizeDesiredReplicas(newMemory(), 4, 9, 1, 6, NOW)).toMatchObject({ replicas: 6, conditions: [{}, { status: 'True', reason: 'TooManyReplicas' }] });
    expect(normalizeDesiredReplicas(newMemory(), 4, 1, 2, 6, NOW)).toMatchObject({ replicas: 2, conditions: [{}, { status: 'True', reason: 'TooFewReplicas' }] });
    expect(normalizeDesiredReplicas(newMemory(), 4, 5, 2, 6, NOW)).toMatchObject({ replicas: 5, conditions: [{}, { status: 'False', reason: 'DesiredWithinRange' }] });
  });

  it('with a behavior: its windows and its rate policies (Pods 1 per minute), from the scale events it remembers', () => {
    const memory = newMemory();
    const behavior = { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }, scaleDown: { stabilizationWindowSeconds: 0 } };
    const first = normalizeWithBehavior(memory, behavior, 2, 6, 1, 10, NOW);
    expect(first).toMatchObject({ replicas: 3, conditions: [{ reason: 'ReadyForNewScale' }, { status: 'True', reason: 'ScaleUpLimit' }] });
    rememberScale(memory, 2, 3, NOW, 60_000);
    // 30 s later the period still holds the +1: no more
    expect(normalizeWithBehavior(memory, behavior, 3, 6, 1, 10, NOW + 30_000).replicas).toBe(3);
    expect(normalizeWithBehavior(memory, behavior, 3, 6, 1, 10, NOW + 61_000).replicas).toBe(4);
    // no down window: a scale down is at once, Percent 100 lets it go all the way
    expect(normalizeWithBehavior(newMemory(), behavior, 6, 1, 1, 10, NOW).replicas).toBe(1);
    // selectPolicy Disabled: never down
    expect(normalizeWithBehavior(newMemory(), { scaleDown: { selectPolicy: 'Disabled', stabilizationWindowSeconds: 0 } }, 6, 1, 1, 10, NOW).replicas).toBe(6);
  });
});
