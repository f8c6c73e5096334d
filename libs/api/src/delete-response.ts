import { resourceByKind } from './resources';
import type { KubeObject, Status } from './types';

/**
 * Kinds whose registry in kube-apiserver sets `ReturnDeletedObject`: a DELETE that removes one of
 * them answers with the object; the other kinds answer a Status.
 */
const RETURNS_DELETED_OBJECT: ReadonlySet<string> = new Set(['Pod', 'Service']);

/**
 * What a DELETE answers, as kube-apiserver does: the object while it still exists (terminating
 * gracefully, a Namespace emptying, finalizers pending); once it is gone, the object for pods and
 * services and a `Status` of `Success` naming it (with its uid, which `kubectl delete --wait` follows)
 * for the rest. Clients typed on the OpenAPI document, like Kubernetes' Python client, expect that shape.
 */
export function deleteResponse(object: KubeObject, gone: boolean): KubeObject | Status {
  if (!gone || RETURNS_DELETED_OBJECT.has(object.kind)) return object;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: object.metadata.name ?? '',
      kind: resourceByKind(object.kind)?.resource ?? object.kind.toLowerCase(),
      ...(object.metadata.uid ? { uid: object.metadata.uid } : {}),
    },
  };
}
