import { isPodReady as isReady, objectKey, type KubeObject } from '@bosun/api';
import { selectorFromMap } from '@bosun/labels';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Plan, Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Label marking Endpoints this controller manages (Kubernetes leaves hand-written ones alone). */
const MANAGED = 'endpoints.bosun.dev/managed-by';
/** Kubernetes' label on the Endpoints of a headless service (v1.IsHeadlessService). */
const HEADLESS = 'service.kubernetes.io/headless';

/**
 * The labels of a service's Endpoints, as Kubernetes' endpoints controller keeps them: the
 * service's own, the headless label when it has no cluster IP, and Bosun's mark of ownership.
 */
function endpointsLabels(service: Anything): Record<string, string> {
  const clusterIP = service.spec?.clusterIP;
  const headless = clusterIP === 'None' || clusterIP === undefined || clusterIP === '';
  const { [HEADLESS]: _, ...own } = (service.metadata.labels ?? {}) as Record<string, string>;
  return { ...own, ...(headless ? { [HEADLESS]: '' } : {}), [MANAGED]: 'endpoints-controller' };
}

/** The pod port a service port targets: a number, or a container port found by name. */
function targetPort(pod: Anything, servicePort: Anything): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  for (const c of (pod.spec?.containers ?? []) as Anything[]) {
    const found = ((c.ports ?? []) as Anything[]).find((p) => p.name === target && (p.protocol ?? 'TCP') === (servicePort.protocol ?? 'TCP'));
    if (found) return found.containerPort;
  }
  return undefined;
}

/**
 * The endpoints controller: for each Service with a selector, an Endpoints object of the same name
 * listing the matching pods' IPs — ready ones in `addresses`, others in `notReadyAddresses` — with
 * ports resolved by number or by name (pods resolving differently land in different subsets), and
 * the hostname of a pod whose subdomain is the Service (a StatefulSet's pods under its serviceName).
 * Services without a selector keep the Endpoints users write; ExternalName services get none.
 */
export const endpointsReconciler: Reconciler = {
  name: 'endpoints',

  initialKeys: (state) => [
    ...state.list('Service').map((s) => objectKey('Service', s.metadata.namespace, s.metadata.name ?? '')),
    ...(state.list('Endpoints') as Anything[]).filter((e) => e.metadata.labels?.[MANAGED]).map((e) => objectKey('Service', e.metadata.namespace, e.metadata.name)),
  ],

  keysFor(change: ObjectChange, state: ClusterState): string[] {
    const o = change.object as Anything;
    if (o.kind === 'Service') return [change.key];
    if (o.kind === 'Endpoints') return [objectKey('Service', o.metadata.namespace, o.metadata.name)];
    if (o.kind !== 'Pod') return [];
    return (state.list('Service', o.metadata.namespace) as Anything[])
      .filter((s) => s.spec?.selector && Object.keys(s.spec.selector).length > 0 && selectorFromMap(s.spec.selector).matches(o.metadata?.labels))
      .map((s) => objectKey('Service', s.metadata.namespace, s.metadata.name));
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const [, namespace, name] = key.split('/');
    const service = state.getObject(key) as Anything | null;
    const current = state.getObject(objectKey('Endpoints', namespace, name)) as Anything | null;
    const target = { kind: 'Endpoints' as const, namespace, name };
    const selector = service?.spec?.selector;
    // An ExternalName service gets no Endpoints from this controller, selector or not, as in
    // Kubernetes (kubectl create service externalname gives it one).
    if (service === null || !selector || Object.keys(selector).length === 0 || service.spec?.type === 'ExternalName') {
      // Ours and orphaned (service gone, no longer selecting, or ExternalName): remove. Hand-written: keep.
      return current?.metadata.labels?.[MANAGED] ? [{ ...target, command: { type: 'Delete', data: {}, metadata: meta() } }] : [];
    }
    const match = selectorFromMap(selector);
    const subsets = new Map<string, Anything>();
    for (const pod of state.list('Pod', namespace) as Anything[]) {
      if (!match.matches(pod.metadata?.labels) || !pod.status?.podIP || pod.metadata.deletionTimestamp) continue;
      const ports = ((service.spec.ports ?? []) as Anything[])
        .map((p) => ({ ...(p.name ? { name: p.name } : {}), port: targetPort(pod, p), protocol: p.protocol ?? 'TCP' }))
        .filter((p) => p.port !== undefined);
      const signature = JSON.stringify(ports);
      const subset = subsets.get(signature) ?? { addresses: [], notReadyAddresses: [], ports };
      // A pod whose subdomain is this Service has its hostname on its address (ShouldSetHostname): `<hostname>.<service>` resolves to it.
      const hostname = pod.spec?.hostname && pod.spec?.subdomain === name ? { hostname: pod.spec.hostname } : {};
      const address = { ip: pod.status.podIP, ...hostname, ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}), targetRef: { kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid } };
      (isReady(pod) ? subset.addresses : subset.notReadyAddresses).push(address);
      subsets.set(signature, subset);
    }
    const byIp = (a: Anything, b: Anything): number => String(a.ip).localeCompare(String(b.ip));
    const desired = [...subsets.values()].map((s) => ({
      ...(s.addresses.length > 0 ? { addresses: s.addresses.sort(byIp) } : {}),
      ...(s.notReadyAddresses.length > 0 ? { notReadyAddresses: s.notReadyAddresses.sort(byIp) } : {}),
      ports: s.ports,
    }));
    const labels = endpointsLabels(service);
    // Go omits an empty subsets list: an Endpoints with no address has none.
    const listed = desired.length > 0 ? { subsets: desired } : {};
    if (current === null) {
      const object = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, uid: randomUUID(), labels }, ...listed } as unknown as KubeObject;
      return [{ ...target, command: { type: 'Create', data: { object }, metadata: meta() } }];
    }
    // The labels follow the service's, as in Kubernetes (kubectl label svc relabels its Endpoints).
    if (JSON.stringify(current.subsets ?? []) === JSON.stringify(desired) && isDeepStrictEqual(current.metadata.labels ?? {}, labels)) return [];
    const { subsets: _, ...rest } = current;
    const object = { ...rest, metadata: { ...current.metadata, labels }, ...listed } as KubeObject;
    return [{ ...target, command: { type: 'Replace', data: { object }, metadata: meta() } }];
  },
};
