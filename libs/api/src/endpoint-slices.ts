import { createHash } from 'node:crypto';
import { AGE_COLUMN, humanDuration, NAME_COLUMN, tableOf, type Column, type IncludeObject } from './tables';
import type { ObjectMeta, ObjectReference } from './types/meta.types';
import type { Endpoints } from './types/endpoints.types';
import type { Protocol } from './types/pod.types';
import { KUBERNETES_SERVICE } from './kubernetes-service';

/**
 * discovery.k8s.io/v1 EndpointSlices, as a read-only view of the Endpoints objects: Bosun keeps
 * Endpoints (written by its endpoints controller, or by users for selector-less Services) and
 * answers for the slices Kubernetes' EndpointSlice controllers would have made of them, one per
 * subset (a subset is one set of ports, as a slice is). Newer clients read only slices:
 * `kubectl describe service` lists its Endpoints from them.
 */
export interface EndpointSlice {
  apiVersion: 'discovery.k8s.io/v1';
  kind: 'EndpointSlice';
  metadata: ObjectMeta;
  addressType: 'IPv4';
  /** null in the placeholder slice of a service with no endpoints, as Go writes a nil list. */
  endpoints: SliceEndpoint[] | null;
  ports: { name: string; port: number; protocol: Protocol; appProtocol?: string }[] | null;
}

interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** The endpoints controller's own label on the Endpoints it writes (libs/controllers). */
const BOSUN_MANAGED_LABEL = 'endpoints.bosun.dev/managed-by';
/** An Endpoints so labelled is not mirrored into slices (the mirroring controller's opt-out). */
const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789'; // Kubernetes' name-suffix alphabet (utilrand)

/**
 * The slices of one Endpoints object; stable names and uids, so a list reads the same twice. Owned
 * by their Service when it is given, as the EndpointSlice (and mirroring) controllers write them:
 * controller and blockOwnerDeletion set.
 */
export function endpointSlicesOf(endpoints: Endpoints, service?: { metadata: { name?: string; uid?: string } } | null): EndpointSlice[] {
  const { name = '', namespace, uid = '', resourceVersion, creationTimestamp, labels = {} } = endpoints.metadata;
  const ours = labels[BOSUN_MANAGED_LABEL] !== undefined;
  if (labels[SKIP_MIRROR_LABEL] === 'true') return namespace === KUBERNETES_SERVICE.namespace && name === KUBERNETES_SERVICE.name ? [apiServerSlice(endpoints)] : [];
  const { [BOSUN_MANAGED_LABEL]: _, ...userLabels } = labels;
  // A service's controller-made Endpoints with no subset still has a slice: Kubernetes'
  // EndpointSlice controller keeps a placeholder, without endpoints or ports, for every service with
  // a selector (so kubectl lists it, and kubectl describe service prints its Endpoints empty).
  const subsets = endpoints.subsets?.length ? endpoints.subsets : ours ? [null] : [];
  return subsets.map((subset, i) => {
    const digest = createHash('sha256').update(`${uid}/${i}`).digest();
    const suffix = Array.from(digest.subarray(0, 5), (b) => ALPHANUMS[b % ALPHANUMS.length]).join('');
    const hex = digest.toString('hex');
    const endpoint = (ready: boolean) => (a: { ip: string; hostname?: string; nodeName?: string; targetRef?: ObjectReference }): SliceEndpoint => ({
      addresses: [a.ip],
      conditions: { ready, serving: ready, terminating: false },
      ...(a.hostname === undefined ? {} : { hostname: a.hostname }),
      ...(a.nodeName === undefined ? {} : { nodeName: a.nodeName }),
      ...(a.targetRef === undefined ? {} : { targetRef: a.targetRef }),
    });
    return {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${name}-${suffix}`,
        generateName: `${name}-`,
        ...(namespace === undefined ? {} : { namespace }),
        uid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
        ...(resourceVersion === undefined ? {} : { resourceVersion }),
        ...(creationTimestamp === undefined ? {} : { creationTimestamp }),
        ...(service?.metadata.uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: service.metadata.name ?? name, uid: service.metadata.uid, controller: true, blockOwnerDeletion: true }] } : {}),
        labels: {
          ...userLabels,
          [SERVICE_NAME_LABEL]: name,
          [MANAGED_BY_LABEL]: ours ? 'endpointslice-controller.k8s.io' : 'endpointslicemirroring-controller.k8s.io',
        },
      },
      addressType: 'IPv4',
      endpoints: subset === null ? null : [...(subset.addresses ?? []).map(endpoint(true)), ...(subset.notReadyAddresses ?? []).map(endpoint(false))],
      ports: subset === null ? null : (subset.ports ?? []).map((p) => ({
        // Always named, "" when unnamed, as Kubernetes' controller writes it (kubectl describe
        // dereferences the name).
        name: p.name ?? '',
        port: p.port,
        protocol: p.protocol ?? 'TCP',
        ...(p.appProtocol === undefined ? {} : { appProtocol: p.appProtocol }),
      })),
    };
  });
}

/**
 * The `kubernetes` service's slice, which kube-apiserver writes beside its Endpoints (which it
 * labels not to be mirrored): named as the service, labelled with its name only, owned by nobody,
 * made of the first subset.
 */
function apiServerSlice(endpoints: Endpoints): EndpointSlice {
  const { name = '', namespace, uid = '', resourceVersion, creationTimestamp } = endpoints.metadata;
  const hex = createHash('sha256').update(`${uid}/slice`).digest('hex');
  const subset = endpoints.subsets?.[0];
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name,
      ...(namespace === undefined ? {} : { namespace }),
      uid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
      ...(creationTimestamp === undefined ? {} : { creationTimestamp }),
      labels: { [SERVICE_NAME_LABEL]: name },
    },
    addressType: 'IPv4',
    endpoints:
      subset === undefined
        ? null
        : [
            ...(subset.addresses ?? []).map((a) => ({ addresses: [a.ip], conditions: { ready: true, serving: true, terminating: false } })),
            ...(subset.notReadyAddresses ?? []).map((a) => ({ addresses: [a.ip], conditions: { ready: false, serving: false, terminating: false } })),
          ],
    ports: subset === undefined ? null : (subset.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
  };
}

/** `kubectl get endpointslices` as Kubernetes prints them: Name, AddressType, Ports, Endpoints, Age. */
export function endpointSliceTable(
  slices: readonly EndpointSlice[],
  options: { resourceVersion?: string; includeObject?: IncludeObject; withColumns?: boolean; now?: number } = {},
): Record<string, unknown> {
  const addresses = (s: EndpointSlice): string => {
    const all = (s.endpoints ?? []).flatMap((e) => e.addresses);
    if (all.length === 0) return '<unset>';
    return all.slice(0, 3).join(',') + (all.length > 3 ? ` + ${all.length - 3} more...` : '');
  };
  const columns: Column[] = [
    NAME_COLUMN,
    { name: 'AddressType', type: 'string', description: 'addressType specifies the type of address carried by this EndpointSlice.' },
    { name: 'Ports', type: 'string', description: 'ports specifies the list of network ports exposed by each endpoint in this slice.' },
    { name: 'Endpoints', type: 'string', description: 'endpoints is a list of unique endpoints in this slice.' },
    AGE_COLUMN,
  ];
  return tableOf(
    slices,
    columns,
    (s, now) => [
      s.metadata.name,
      s.addressType,
      !s.ports?.length ? '<unset>' : s.ports.map((p) => String(p.port)).join(','),
      addresses(s),
      s.metadata.creationTimestamp ? humanDuration(now - Date.parse(s.metadata.creationTimestamp)) : '<unknown>',
    ],
    options,
  );
}
