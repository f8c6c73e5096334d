import type { KubeObject } from '@bosun/api';
import type { ObjectChange } from '@bosun/runtime';
import { serviceAccountReconciler } from './service-account.reconciler';
import { cacheOf, plan, summary } from './testing/cache.given';

const namespace = (name: string, extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `uid-${name}`, ...extra }, spec: {}, status: { phase: extra.deletionTimestamp ? 'Terminating' : 'Active' } }) as unknown as KubeObject;
const account = (ns: string, name = 'default'): KubeObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns, uid: `uid-${ns}-${name}` } }) as unknown as KubeObject;

describe('the service-account controller', () => {
  it('creates the default ServiceAccount of a namespace that has none', () => {
    const commands = plan(serviceAccountReconciler, [namespace('team-a'), account('team-a', 'builder')], 'team-a');
    expect(summary(commands)).toEqual(['Create ServiceAccount/default']);
    expect(commands[0]).toMatchObject({ namespace: 'team-a', command: { data: { object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'team-a' } } } } });
  });

  it('leaves a namespace that has it, one being deleted, and one that is gone', () => {
    expect(plan(serviceAccountReconciler, [namespace('team-a'), account('team-a')], 'team-a')).toEqual([]);
    expect(plan(serviceAccountReconciler, [namespace('going', { deletionTimestamp: '2026-11-28T10:00:00Z' })], 'going')).toEqual([]);
    expect(plan(serviceAccountReconciler, [], 'gone')).toEqual([]);
  });

  it('looks at every namespace on start, and at a namespace again when its default ServiceAccount is deleted', () => {
    expect(serviceAccountReconciler.initialKeys(cacheOf([namespace('a'), namespace('b')]))).toEqual(['a', 'b']);
    const change = (type: ObjectChange['type'], object: KubeObject): ObjectChange => ({ type, key: '', object, offset: 1 });
    const state = cacheOf([]);
    expect(serviceAccountReconciler.keysFor(change('ADDED', namespace('a')), state)).toEqual(['a']);
    expect(serviceAccountReconciler.keysFor(change('DELETED', account('a')), state)).toEqual(['a']);
    expect(serviceAccountReconciler.keysFor(change('DELETED', account('a', 'builder')), state)).toEqual([]);
    expect(serviceAccountReconciler.keysFor(change('MODIFIED', account('a')), state)).toEqual([]);
  });
});
