import type { KubeObject } from '@bosun/api';
import type { ObjectChange } from '@bosun/runtime';
import { ROOT_CA_DESCRIPTION, rootCaPublisherReconciler } from './root-ca-publisher.reconciler';
import { cacheOf, plan, summary } from './testing/cache.given';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const publisher = rootCaPublisherReconciler(CA);
const namespace = (name: string, extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `uid-${name}`, ...extra }, spec: {}, status: { phase: extra.deletionTimestamp ? 'Terminating' : 'Active' } }) as unknown as KubeObject;
const configMap = (ns: string, data: Record<string, string>, metadata: Record<string, unknown> = {}, name = 'kube-root-ca.crt'): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, uid: `cm-${ns}`, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION }, ...metadata }, data }) as unknown as KubeObject;
const objectOf = (c: { command: unknown }) => (c.command as { data: { object: any } }).data.object; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the root-ca-cert-publisher', () => {
  it('publishes kube-root-ca.crt with the CA bundle in a namespace that has none', () => {
    const commands = plan(publisher, [namespace('team-a')], 'team-a');
    expect(summary(commands)).toEqual(['Create ConfigMap/kube-root-ca.crt']);
    expect(objectOf(commands[0]!)).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt', namespace: 'team-a', annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
      data: { 'ca.crt': CA },
    });
  });

  it('does nothing when the ConfigMap is current, and keeps labels and annotations of its own', () => {
    expect(plan(publisher, [namespace('team-a'), configMap('team-a', { 'ca.crt': CA })], 'team-a')).toEqual([]);
    const labelled = configMap('team-a', { 'ca.crt': CA }, { labels: { owner: 'me' }, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION, note: 'x' } });
    expect(plan(publisher, [namespace('team-a'), labelled], 'team-a')).toEqual([]);
  });

  it('puts the data and the description back when they were changed, keeping the rest', () => {
    const changed = configMap('team-a', { 'ca.crt': 'forged', extra: 'y' }, { labels: { owner: 'me' }, annotations: { note: 'x' } });
    const commands = plan(publisher, [namespace('team-a'), changed], 'team-a');
    expect(summary(commands)).toEqual(['Replace ConfigMap/kube-root-ca.crt']);
    expect(objectOf(commands[0]!)).toMatchObject({
      metadata: { uid: 'cm-team-a', labels: { owner: 'me' }, annotations: { note: 'x', 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
      data: { 'ca.crt': CA },
    });
    expect(Object.keys(objectOf(commands[0]!).data)).toEqual(['ca.crt']);
  });

  it('leaves a namespace being deleted, and one that is gone', () => {
    expect(plan(publisher, [namespace('going', { deletionTimestamp: '2026-11-28T10:00:00Z' })], 'going')).toEqual([]);
    expect(plan(publisher, [], 'gone')).toEqual([]);
  });

  it('looks at every namespace on start, and at a namespace again when its kube-root-ca.crt changes or goes', () => {
    expect(publisher.initialKeys(cacheOf([namespace('a'), namespace('b')]))).toEqual(['a', 'b']);
    const change = (type: ObjectChange['type'], object: KubeObject): ObjectChange => ({ type, key: '', object, offset: 1 });
    const state = cacheOf([]);
    expect(publisher.keysFor(change('ADDED', namespace('a')), state)).toEqual(['a']);
    expect(publisher.keysFor(change('DELETED', configMap('a', {})), state)).toEqual(['a']);
    expect(publisher.keysFor(change('MODIFIED', configMap('a', {})), state)).toEqual(['a']);
    expect(publisher.keysFor(change('MODIFIED', configMap('a', {}, {}, 'other')), state)).toEqual([]);
  });
});
