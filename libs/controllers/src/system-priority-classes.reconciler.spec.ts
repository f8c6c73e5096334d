import type { KubeObject } from '@bosun/api';
import { systemPriorityClassesReconciler } from './system-priority-classes.reconciler';
import { cacheOf, plan, summary } from './testing/cache.given';

const pc = (name: string, value: number): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name, uid: `uid-${name}` }, value }) as KubeObject;

describe('the system PriorityClasses (kube-apiserver\'s scheduling post-start hook)', () => {
  it('creates system-cluster-critical and system-node-critical when missing, with kube\'s values', () => {
    const cluster = plan(systemPriorityClassesReconciler, [], 'system-cluster-critical');
    expect(summary(cluster)).toEqual(['Create PriorityClass/system-cluster-critical']);
    expect(cluster[0]).toMatchObject({ command: { data: { object: { value: 2000000000, preemptionPolicy: 'PreemptLowerPriority', metadata: { name: 'system-cluster-critical' } } } } });
    expect(plan(systemPriorityClassesReconciler, [], 'system-node-critical')[0]).toMatchObject({ command: { data: { object: { value: 2000001000 } } } });
  });

  it('leaves one that exists, and any other name', () => {
    expect(plan(systemPriorityClassesReconciler, [pc('system-node-critical', 2000001000)], 'system-node-critical')).toEqual([]);
    expect(plan(systemPriorityClassesReconciler, [], 'high')).toEqual([]);
  });

  it('looks at both at start and again every minute', () => {
    const state = cacheOf([]);
    expect(systemPriorityClassesReconciler.initialKeys(state)).toEqual(['system-node-critical', 'system-cluster-critical']);
    expect(systemPriorityClassesReconciler.requeueAfterMs?.('system-node-critical', state)).toBe(60_000);
  });
});
