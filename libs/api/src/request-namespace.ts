import { BadRequestError } from './api.errors';

/**
 * The namespace of an object written through a request, as kube-apiserver's create and update
 * handlers settle it before anything else (rest.EnsureObjectNamespaceMatchesRequestNamespace): a
 * namespaced object takes the request's when it names none, and may not name another (400); a
 * cluster-scoped one (a Node, a Namespace) loses any namespace it names — a manifest whose tooling
 * put a namespace on every object still creates it. Undefined: the object has none.
 */
export function objectNamespaceFor(namespaced: boolean, requestNamespace: string | undefined, objectNamespace: unknown): string | undefined {
  if (!namespaced) return undefined;
  const given = typeof objectNamespace === 'string' && objectNamespace !== '' ? objectNamespace : undefined;
  if (given !== undefined && requestNamespace !== undefined && given !== requestNamespace) {
    throw new BadRequestError('the namespace of the provided object does not match the namespace sent on the request');
  }
  return given ?? requestNamespace;
}

/**
 * What kube-apiserver's patch handler checks of a patched object before its update (checkName): its
 * name is the URL's, and — of a namespaced object — a namespace it names is the URL's (400, in the
 * handler's words, which differ from a create's or a PUT's); a cluster-scoped one's namespace is
 * dropped later, as on any update.
 */
export function checkPatchedName(patched: { metadata?: { name?: unknown; namespace?: unknown } }, name: string, namespace: string | undefined): void {
  const objectName = typeof patched.metadata?.name === 'string' ? patched.metadata.name : '';
  if (objectName !== name) throw new BadRequestError(`the name of the object (${objectName}) does not match the name on the URL (${name})`);
  const objectNamespace = typeof patched.metadata?.namespace === 'string' ? patched.metadata.namespace : '';
  if (namespace !== undefined && namespace !== '' && objectNamespace !== '' && objectNamespace !== namespace) {
    throw new BadRequestError(`the namespace of the object (${objectNamespace}) does not match the namespace on the URL (${namespace})`);
  }
}
