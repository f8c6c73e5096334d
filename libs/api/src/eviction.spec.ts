import { toStatus, type ApiError } from './api.errors';
import { evictionDeleteOptions, readEviction, withDisruptionTarget } from './eviction';

describe('readEviction', () => {
  const pod = { name: 'web', namespace: 'default' };
  const refusal = (body: unknown): string => {
    try {
      readEviction(body, pod);
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };

  it('answers the Eviction’s deleteOptions, or none', () => {
    expect(readEviction({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web', namespace: 'default' }, deleteOptions: { gracePeriodSeconds: 0 } }, pod)).toEqual({ gracePeriodSeconds: 0 });
    expect(readEviction({ apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name: 'web' } }, pod)).toEqual({});
  });

  it('refuses an Eviction that names no pod or another, or another namespace, as kube-apiserver does', () => {
    expect(refusal({ apiVersion: 'policy/v1', kind: 'Eviction' })).toBe('name in URL does not match name in Eviction object');
    expect(refusal({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'db' } })).toBe('name in URL does not match name in Eviction object');
    expect(refusal({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web', namespace: 'other' } })).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
    expect(refusal({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } })).toBe('the kind in the body (Pod) is not Eviction');
    expect(refusal([])).toBe('the body of an eviction must be a JSON or YAML object');
  });
});

describe('withDisruptionTarget', () => {
  it('adds the eviction’s DisruptionTarget condition, and keeps its transition time when it was already True', () => {
    const added = withDisruptionTarget({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }, '2026-11-29T10:00:00Z');
    expect(added).toEqual({
      phase: 'Running',
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-11-29T10:00:00Z', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' },
      ],
    });
    expect(withDisruptionTarget(added, '2026-11-29T11:00:00Z').conditions).toEqual(added.conditions);
    const wasFalse = withDisruptionTarget({ conditions: [{ type: 'DisruptionTarget', status: 'False', lastTransitionTime: '2026-11-29T09:00:00Z' }] }, '2026-11-29T11:00:00Z');
    expect(wasFalse.conditions).toEqual([expect.objectContaining({ status: 'True', lastTransitionTime: '2026-11-29T11:00:00Z' })]);
  });
});

describe('evictionDeleteOptions', () => {
  it('deletes with the deleteOptions’ dryRun, else the request’s, and refuses two that differ as kube-apiserver does', () => {
    expect(evictionDeleteOptions({ gracePeriodSeconds: 5 }, ['All'])).toEqual({ gracePeriodSeconds: 5, dryRun: ['All'] });
    expect(evictionDeleteOptions({ dryRun: ['All'] }, [])).toEqual({ dryRun: ['All'] });
    expect(evictionDeleteOptions({ dryRun: ['All'] }, ['All'])).toEqual({ dryRun: ['All'] });
    expect(evictionDeleteOptions(undefined, [])).toEqual({});
    let status: unknown;
    try {
      evictionDeleteOptions({ dryRun: ['All', 'All'] }, ['All']);
    } catch (error) {
      const { code, reason, message } = toStatus(error as ApiError);
      status = { code, reason, message };
    }
    expect(status).toEqual({ code: 500, reason: undefined, message: 'DryRun in DeleteOptions ([All All]) does not match CreateOptions ([All])' });
  });
});
