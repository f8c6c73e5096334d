import type { ObjectMeta } from './meta.types';

/**
 * An identity for processes in pods (`spec.serviceAccountName`). Every namespace has one named
 * `default` (the service-account controller keeps it there), which pods get unless they name
 * another. Bosun issues no tokens for them: they name an identity and hold pull-secret references.
 */
export interface ServiceAccount {
  apiVersion: 'v1';
  kind: 'ServiceAccount';
  metadata: ObjectMeta;
  secrets?: Array<{ kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string }>;
  imagePullSecrets?: Array<{ name?: string }>;
  automountServiceAccountToken?: boolean;
}
