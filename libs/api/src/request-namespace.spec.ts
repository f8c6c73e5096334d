import { checkPatchedName, objectNamespaceFor } from './request-namespace';

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

describe('checkPatchedName', () => {
  it('refuses a patch that moves an object to another name or namespace, in the patch handler’s words, and lets a cluster-scoped object’s namespace be dropped', () => {
    expect(() => checkPatchedName({ metadata: { name: 'c', namespace: 'kube-system' } }, 'c', 'default')).toThrow('the namespace of the object (kube-system) does not match the namespace on the URL (default)');
    expect(() => checkPatchedName({ metadata: { name: 'd', namespace: 'default' } }, 'c', 'default')).toThrow('the name of the object (d) does not match the name on the URL (c)');
    expect(() => checkPatchedName({ metadata: { name: 'c', namespace: 'default' } }, 'c', 'default')).not.toThrow();
    expect(() => checkPatchedName({ metadata: { name: 'n1', namespace: 'default' } }, 'n1', undefined)).not.toThrow();
  });
});
