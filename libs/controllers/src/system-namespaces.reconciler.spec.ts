import type { KubeObject } from '@bosun/api';
import type { ObjectChange } from '@bosun/runtime';
import { systemNamespacesReconciler } from './system-namespaces.reconciler';
import { cacheOf, plan, summary } from './testing/cache.given';

const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `uid-${name}` }, spec: {}, status: { phase: 'Active' } }) as unknown as KubeObject;

describe('the system-namespaces controller', () => {
  it('creates a system namespace that is gone, labelled with its name, as kube-apiserver does', () => {
    const commands = plan(systemNamespacesReconciler, [namespace('default')], 'kube-node-lease');
    expect(summary(commands)).toEqual(['Create Namespace/kube-node-lease']);
    expect(commands[0]).toMatchObject({ command: { data: { object: { metadata: { name: 'kube-node-lease', labels: { 'kubernetes.io/metadata.name': 'kube-node-lease' } }, spec: { finalizers: ['kubernetes'] } } } } });
  });

  it('leaves one that exists, and any other namespace', () => {
    expect(plan(systemNamespacesReconciler, [namespace('kube-node-lease')], 'kube-node-lease')).toEqual([]);
    expect(plan(systemNamespacesReconciler, [], 'team-a')).toEqual([]);
  });

  it('looks at every system namespace on start and again once a minute, not at a deletion (kubectl delete waits until the name is gone)', () => {
    const state = cacheOf([]);
    expect(systemNamespacesReconciler.initialKeys(state)).toEqual(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
    const change = (type: ObjectChange['type'], name: string): ObjectChange => ({ type, key: '', object: namespace(name), offset: 1 });
    expect(systemNamespacesReconciler.keysFor(change('DELETED', 'kube-node-lease'), state)).toEqual([]);
    expect(systemNamespacesReconciler.requeueAfterMs?.('kube-node-lease', state)).toBe(60_000);
    expect(systemNamespacesReconciler.requeueAfterMs?.('team-a', state)).toBeUndefined();
  });
});
