import { isSchedulingGated, schedulingGatedConditions, validateSchedulingGatesUpdate } from './scheduling-gates';
import { validateUpdate } from './validation/update-rules';
import type { KubeObject } from './types';

const pod = (gates?: string[], extra: Record<string, unknown> = {}) =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...(gates ? { schedulingGates: gates.map((name) => ({ name })) } : {}) }, ...extra }) as unknown as KubeObject;

describe('scheduling gates', () => {
  it('holds a pod while it has gates', () => {
    expect([isSchedulingGated(pod()), isSchedulingGated(pod([])), isSchedulingGated(pod(['a']))]).toEqual([false, false, true]);
  });

  it('gives a new gated pod PodScheduled=False, SchedulingGated, as kube-apiserver creates it', () => {
    expect(schedulingGatedConditions(pod(['a']))).toEqual([
      { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: null, reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' },
    ]);
    expect(schedulingGatedConditions(pod())).toBeUndefined();
    expect(schedulingGatedConditions(pod(['a'], { status: { conditions: [{ type: 'PodScheduled', status: 'True' }] } }))).toBeUndefined();
  });

  it('lets an update remove gates, never add one, in ValidatePodUpdate’s words', () => {
    expect(validateSchedulingGatesUpdate(pod(['a', 'b']), pod(['b']))).toEqual([]);
    expect(validateSchedulingGatesUpdate(pod(['a']), pod())).toEqual([]);
    expect(validateSchedulingGatesUpdate(pod(['a']), pod(['a', 'b']))).toEqual([
      { reason: 'FieldValueForbidden', field: 'spec.schedulingGates[1].name', message: "Forbidden: only deletion is allowed, but found new scheduling gate 'b'" },
    ]);
    // Through validateUpdate: removing is no forbidden change of the pod's spec.
    expect(validateUpdate(pod(['a']), pod())).toEqual([]);
    expect(validateUpdate(pod(), pod(['a'])).map((c) => c.field)).toEqual(['spec.schedulingGates[0].name']);
  });
});
