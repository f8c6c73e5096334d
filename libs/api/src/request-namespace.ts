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
