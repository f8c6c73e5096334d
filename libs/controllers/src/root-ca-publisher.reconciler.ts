import { objectKey, ROOT_CA_CONFIG_MAP, type KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import type { Plan, Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The annotation kube-controller-manager writes on the ConfigMap, in its words. */
export const ROOT_CA_DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/**
 * kube-controller-manager's root-ca-cert-publisher: every Active namespace has the ConfigMap
 * `kube-root-ca.crt` whose `ca.crt` is the bundle that verifies the API's in-cluster endpoint
 * (`caBundle`, PEM), with kube's description annotation. Made with the namespace, made again when
 * deleted, put back when its data or that annotation is changed (other labels and annotations are
 * kept, as there). Keys are namespace names; a namespace being deleted is left alone.
 */
export function rootCaPublisherReconciler(caBundle: string): Reconciler {
  return {
    name: 'root-ca-cert-publisher',

    initialKeys: (state) => (state.list('Namespace') as Anything[]).map((ns) => String(ns.metadata.name)),

    keysFor: (change: ObjectChange) => {
      const o = change.object as Anything;
      if (o.kind === 'Namespace' && change.type !== 'DELETED') return [String(o.metadata.name)];
      if (o.kind === 'ConfigMap' && o.metadata.name === ROOT_CA_CONFIG_MAP) return [String(o.metadata.namespace)];
      return [];
    },

    plan(namespace: string, state: ClusterState, meta: () => CommandMetadata): Plan {
      const ns = state.getObject(objectKey('Namespace', undefined, namespace)) as Anything | null;
      if (ns === null || ns.metadata.deletionTimestamp || (ns.status?.phase ?? 'Active') !== 'Active') return [];
      const data = { 'ca.crt': caBundle };
      const existing = state.getObject(objectKey('ConfigMap', namespace, ROOT_CA_CONFIG_MAP)) as Anything | null;
      const address = { kind: 'ConfigMap' as const, namespace, name: ROOT_CA_CONFIG_MAP };
      if (existing === null) {
        const object = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: ROOT_CA_CONFIG_MAP, namespace, uid: randomUUID(), annotations: { [ROOT_CA_DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION } },
          data,
        } as unknown as KubeObject;
        return [{ ...address, command: { type: 'Create', data: { object }, metadata: meta() } }];
      }
      // Being deleted: it goes, and is made again then.
      if (existing.metadata.deletionTimestamp) return [];
      const annotations = (existing.metadata.annotations ?? {}) as Record<string, string>;
      const dataEqual = Object.keys(existing.data ?? {}).length === 1 && existing.data?.['ca.crt'] === caBundle && existing.binaryData === undefined;
      if (dataEqual && annotations[ROOT_CA_DESCRIPTION_ANNOTATION] === ROOT_CA_DESCRIPTION) return [];
      const { binaryData: _, ...rest } = existing;
      const object = { ...rest, metadata: { ...existing.metadata, annotations: { ...annotations, [ROOT_CA_DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION } }, data } as unknown as KubeObject;
      return [{ ...address, command: { type: 'Replace', data: { object }, metadata: meta() } }];
    },
  };
}
