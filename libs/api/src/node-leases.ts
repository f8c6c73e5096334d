import { createHash } from 'node:crypto';
import { humanDuration, tableOf, type Column, type IncludeObject } from './tables';
import type { KubeObject } from './types/kube-object.types';
import type { ObjectMeta } from './types/meta.types';

/** Where kubelets keep their node leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/**
 * The kubelet's lease duration (its `nodeLeaseDurationSeconds`), which is also the node lifecycle
 * controller's default grace period (`bosun up --node-monitor-grace-period`).
 */
const NODE_LEASE_DURATION_SECONDS = 40;

/**
 * coordination.k8s.io/v1 Leases of the nodes, as a read-only view of their heartbeats: a kubelet
 * renews `kube-node-lease/<node>` every 10 s, and `kubectl describe node` shows it. Bosun's node
 * agents and simulated nodes beat by writing their Ready condition's lastHeartbeatTime, so each
 * node's Lease is answered from its Node: held by the node, renewed at its last heartbeat, owned by
 * the Node, at the Node's resourceVersion.
 */
export interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: ObjectMeta;
  spec: { holderIdentity: string; leaseDurationSeconds: number; renewTime?: string };
}

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A Node's Lease. */
export function nodeLeaseOf(node: KubeObject): Lease {
  const name = node.metadata.name ?? '';
  const heartbeat = ((node as Anything).status?.conditions ?? []).find((c: Anything) => c.type === 'Ready')?.lastHeartbeatTime as string | undefined;
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace: NODE_LEASE_NAMESPACE,
      uid: uidFor(node.metadata.uid ?? name),
      ...(node.metadata.resourceVersion === undefined ? {} : { resourceVersion: node.metadata.resourceVersion }),
      ...(node.metadata.creationTimestamp === undefined ? {} : { creationTimestamp: node.metadata.creationTimestamp }),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }],
    },
    spec: {
      holderIdentity: name,
      leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
      ...(heartbeat === undefined ? {} : { renewTime: microTime(heartbeat) }),
    },
  };
}

/** A stable uid of the Lease of the Node with `nodeUid`, in the UUID form uids take. */
function uidFor(nodeUid: string): string {
  const h = createHash('sha1').update(`lease/${nodeUid}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Kubernetes' MicroTime (RFC 3339 with microseconds), which a Lease's times are in. */
function microTime(time: string): string {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** `kubectl get leases` as Kubernetes prints them: Name, Holder, Age. */
export function leaseTable(
  leases: readonly Lease[],
  options: { resourceVersion?: string; includeObject?: IncludeObject; withColumns?: boolean; now?: number } = {},
): Record<string, unknown> {
  const columns: Column[] = [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' },
    { name: 'Holder', type: 'string', description: 'holderIdentity contains the identity of the holder of a current lease.' },
    { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
  ];
  return tableOf(
    leases,
    columns,
    (l, now) => [l.metadata.name, l.spec.holderIdentity, l.metadata.creationTimestamp ? humanDuration(now - Date.parse(l.metadata.creationTimestamp)) : '<unknown>'],
    options,
  );
}
