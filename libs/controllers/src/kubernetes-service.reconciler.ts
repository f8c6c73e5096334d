import {
  KUBERNETES_ENDPOINTS_LABELS,
  KUBERNETES_SERVICE,
  kubernetesEndpoints,
  kubernetesEndpointsSubsets,
  kubernetesService,
  objectKey,
  SERVICE_CIDR,
  type ApiServerEndpoint,
  type KubeObject,
} from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Plan, Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = `${KUBERNETES_SERVICE.namespace}/${KUBERNETES_SERVICE.name}`;

/**
 * kube-apiserver's kubernetes-service controller, run by the API gateway that answers at `api`:
 * the `default` namespace has the Service `kubernetes` (first address of the service range, port
 * 443 → the API's port) and its Endpoints name the API's address and port. A deleted one comes
 * back; a changed port or type is put back (Kubernetes corrects them when the API server starts;
 * a level-triggered loop corrects them whenever they differ); the Endpoints always follow the
 * gateway. The service's cluster IP is never taken from another Service that holds it.
 */
export function kubernetesServiceReconciler(api: ApiServerEndpoint, serviceCidr = SERVICE_CIDR): Reconciler {
  return {
    name: 'kubernetes-service',

    initialKeys: () => [KEY],

    keysFor: (change: ObjectChange) => {
      const o = change.object as Anything;
      const ours = o.metadata?.namespace === KUBERNETES_SERVICE.namespace && o.metadata?.name === KUBERNETES_SERVICE.name;
      if ((o.kind === 'Service' || o.kind === 'Endpoints') && ours) return [KEY];
      if (o.kind === 'Namespace' && o.metadata?.name === KUBERNETES_SERVICE.namespace) return [KEY];
      return [];
    },

    plan(_key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
      const { namespace, name } = KUBERNETES_SERVICE;
      const ns = state.getObject(objectKey('Namespace', undefined, namespace)) as Anything | null;
      if (ns === null || ns.metadata.deletionTimestamp || (ns.status?.phase ?? 'Active') !== 'Active') return [];
      const commands: Plan[number][] = [];

      const service = state.getObject(objectKey('Service', namespace, name)) as Anything | null;
      const desired = kubernetesService(api, randomUUID(), serviceCidr) as Anything;
      if (service === null) {
        const holder = (state.list('Service') as Anything[]).find((s) => s.spec?.clusterIP === desired.spec.clusterIP);
        if (holder === undefined) commands.push({ kind: 'Service', namespace, name, command: { type: 'Create', data: { object: desired as KubeObject }, metadata: meta() } });
      } else if (!service.metadata.deletionTimestamp && (service.spec?.type !== 'ClusterIP' || !isDeepStrictEqual(service.spec?.ports, desired.spec.ports))) {
        const object = { ...service, spec: { ...service.spec, type: 'ClusterIP', ports: desired.spec.ports } } as KubeObject;
        commands.push({ kind: 'Service', namespace, name, command: { type: 'Replace', data: { object }, metadata: meta() } });
      }

      const endpoints = state.getObject(objectKey('Endpoints', namespace, name)) as Anything | null;
      if (endpoints === null) {
        commands.push({ kind: 'Endpoints', namespace, name, command: { type: 'Create', data: { object: kubernetesEndpoints(api, randomUUID()) }, metadata: meta() } });
      } else if (!endpoints.metadata.deletionTimestamp) {
        const subsets = kubernetesEndpointsSubsets(api);
        const labels = { ...(endpoints.metadata.labels ?? {}), ...KUBERNETES_ENDPOINTS_LABELS };
        if (!isDeepStrictEqual(endpoints.subsets, subsets) || !isDeepStrictEqual(endpoints.metadata.labels ?? {}, labels)) {
          const object = { ...endpoints, metadata: { ...endpoints.metadata, labels }, subsets } as KubeObject;
          commands.push({ kind: 'Endpoints', namespace, name, command: { type: 'Replace', data: { object }, metadata: meta() } });
        }
      }
      return commands;
    },
  };
}
