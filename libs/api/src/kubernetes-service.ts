import type { KubeObject } from './types';
import { numberToIpv4, parseIpv4Cidr, SERVICE_CIDR } from './ipv4';

/**
 * The `kubernetes` Service of the `default` namespace and its Endpoints: how clients in the cluster
 * find the API (KUBERNETES_SERVICE_HOST, kubernetes.default.svc). kube-apiserver keeps both itself
 * (its kubernetes-service controller): a ClusterIP service on the first address of the service
 * range, port 443 named https to the API server's port, no selector, and Endpoints naming the API
 * server's address and port. These functions say what the objects are; a reconciler keeps them so.
 */
export const KUBERNETES_SERVICE = { namespace: 'default', name: 'kubernetes' } as const;

/** The port the `kubernetes` service is reached on, whatever the API server listens on. */
export const KUBERNETES_SERVICE_PORT = 443;

/** Where the API server answers: its Endpoints' address and port. */
export interface ApiServerEndpoint {
  readonly address: string;
  readonly port: number;
}

/** The first address of the service range, which kube-apiserver reserves for the `kubernetes` service. */
export function kubernetesServiceIp(serviceCidr = SERVICE_CIDR): string {
  return numberToIpv4(parseIpv4Cidr(serviceCidr).first + 1);
}

/** The `kubernetes` Service as kube-apiserver creates it (its labels, its one https port). */
export function kubernetesService(api: ApiServerEndpoint, uid: string, serviceCidr = SERVICE_CIDR): KubeObject {
  const ip = kubernetesServiceIp(serviceCidr);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...KUBERNETES_SERVICE, uid, labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: KUBERNETES_SERVICE_PORT, protocol: 'TCP', targetPort: api.port }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  } as unknown as KubeObject;
}

/**
 * The subsets of the `kubernetes` Endpoints: the API server's address, on its port named https.
 * The label tells the EndpointSlice mirroring controller to leave it alone, as kube-apiserver
 * writes its slice itself.
 */
export function kubernetesEndpointsSubsets(api: ApiServerEndpoint): unknown[] {
  return [{ addresses: [{ ip: api.address }], ports: [{ name: 'https', port: api.port, protocol: 'TCP' }] }];
}

export const KUBERNETES_ENDPOINTS_LABELS: Readonly<Record<string, string>> = { 'endpointslice.kubernetes.io/skip-mirror': 'true' };

export function kubernetesEndpoints(api: ApiServerEndpoint, uid: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { ...KUBERNETES_SERVICE, uid, labels: { ...KUBERNETES_ENDPOINTS_LABELS } },
    subsets: kubernetesEndpointsSubsets(api),
  } as unknown as KubeObject;
}
