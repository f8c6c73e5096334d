import { ApiError } from './api.errors';
import { budgetToSpend, decrementForEviction, withDisruptionAllowedCondition } from './disruption-budget';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from './types';

const T0 = '2026-11-28T10:00:00Z';
const T1 = '2026-11-28T10:05:00Z';
const pdb = (status: Partial<PodDisruptionBudgetStatus>, spec: Record<string, unknown> = { minAvailable: 1 }, name = 'web', generation = 1): PodDisruptionBudget =>
  ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'default', generation },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    status: { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, ...status },
  }) as PodDisruptionBudget;
const pod = (o: { phase?: string; ready?: boolean; labels?: Record<string, string>; namespace?: string } = {}) => ({
  metadata: { name: 'web-a', namespace: o.namespace ?? 'default', labels: o.labels ?? { app: 'web' } },
  status: { phase: o.phase ?? 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    const e = error as ApiError;
    return { httpStatus: e.httpStatus, reason: e.reason, message: e.message, details: e.details };
  }
  throw new Error('not refused');
};

describe('the budget an eviction spends, as kube-apiserver\'s eviction REST picks it', () => {
  it('is the one budget of the pod\'s namespace whose selector matches it (an empty selector matches every labelled pod)', () => {
    const budget = pdb({});
    expect(budgetToSpend(pod(), [budget])).toBe(budget);
    expect(budgetToSpend(pod({ labels: { app: 'db' } }), [budget])).toBeUndefined();
    expect(budgetToSpend(pod({ namespace: 'other' }), [budget])).toBeUndefined();
    expect(budgetToSpend(pod(), [pdb({}, { selector: {} })])).toBeDefined();
    expect(budgetToSpend(pod({ labels: {} }), [pdb({}, { selector: {} })])).toBeUndefined();
  });

  it('is none for a pod that is pending, has ended, or is not Ready while its budget is met (IfHealthyBudget) or lets unhealthy pods go (AlwaysAllow)', () => {
    for (const phase of ['Pending', 'Succeeded', 'Failed']) expect(budgetToSpend(pod({ phase }), [pdb({})])).toBeUndefined();
    expect(budgetToSpend(pod({ ready: false }), [pdb({ currentHealthy: 1, desiredHealthy: 1 })])).toBeUndefined();
    expect(budgetToSpend(pod({ ready: false }), [pdb({ currentHealthy: 0, desiredHealthy: 1 })])).toBeDefined();
    expect(budgetToSpend(pod({ ready: false }), [pdb({ currentHealthy: 0, desiredHealthy: 1 }, { minAvailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' })])).toBeUndefined();
  });

  it('refuses a pod with two budgets (500, as kube-apiserver)', () => {
    expect(refusal(() => budgetToSpend(pod(), [pdb({}), pdb({}, {}, 'web2')]))).toMatchObject({ httpStatus: 500, message: 'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' });
  });
});

describe('spending a disruption (checkAndDecrement)', () => {
  it('takes one allowed disruption and names the pod in disruptedPods; the last one turns DisruptionAllowed False', () => {
    const allowed = withDisruptionAllowedCondition(pdb({ disruptionsAllowed: 2 }).status!, T0);
    const once = decrementForEviction({ ...pdb({}), status: allowed }, 'web-a', T1);
    expect(once).toMatchObject({ disruptionsAllowed: 1, disruptedPods: { 'web-a': T1 }, conditions: [{ status: 'True', reason: 'SufficientPods', lastTransitionTime: T0 }] });
    const last = decrementForEviction({ ...pdb({}), status: once }, 'web-b', T1);
    expect(last).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { 'web-a': T1, 'web-b': T1 }, conditions: [{ status: 'False', reason: 'InsufficientPods', lastTransitionTime: T1 }] });
  });

  it('refuses with 429 TooManyRequests and the DisruptionBudget cause when none is allowed', () => {
    expect(refusal(() => decrementForEviction(pdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 }), 'web-a', T1))).toEqual({
      httpStatus: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
    });
  });

  it('refuses, retry after 10 s, while the disruption controller has not observed the budget\'s generation', () => {
    expect(refusal(() => decrementForEviction(pdb({}, { minAvailable: 1 }, 'web', 2), 'web-a', T1))).toMatchObject({
      httpStatus: 429,
      details: { retryAfterSeconds: 10, causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }] },
    });
  });
});
