import { objectNamespaceFor } from './request-namespace';

describe('objectNamespaceFor', () => {
  it('gives a namespaced object the request’s namespace, and refuses another', () => {
    expect(objectNamespaceFor(true, 'default', undefined)).toBe('default');
    expect(objectNamespaceFor(true, 'default', '')).toBe('default');
    expect(objectNamespaceFor(true, 'default', 'default')).toBe('default');
    expect(() => objectNamespaceFor(true, 'default', 'other')).toThrow('the namespace of the provided object does not match the namespace sent on the request');
  });

  it('clears the namespace a cluster-scoped object names, as kube-apiserver does', () => {
    expect(objectNamespaceFor(false, undefined, 'default')).toBeUndefined();
    expect(objectNamespaceFor(false, undefined, undefined)).toBeUndefined();
  });
});
