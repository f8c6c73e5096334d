import { createHash } from 'node:crypto';
import { ApiError } from './api.errors';
import { toTable, type IncludeObject } from './tables';
import type { KubeObject } from './types/kube-object.types';
import type { Lease } from './types/lease.types';

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
 * the Node, at the Node's resourceVersion. Every other Lease is stored (types/lease.types.ts).
 */
export type NodeLease = Lease & { spec: { holderIdentity: string; leaseDurationSeconds: number; renewTime?: string } };

/**
 * A write in kube-node-lease: its Leases are the nodes' heartbeats, derived from the Nodes and
 * never stored, so none of them is created, changed or deleted through the API (405, saying why).
 */
export class NodeLeaseWriteError extends ApiError {
  constructor(name: string, verb: string) {
    super(
      'MethodNotAllowed',
      `${verb} is not supported on leases.coordination.k8s.io in namespace ${NODE_LEASE_NAMESPACE}: Bosun derives those Leases from the Nodes' heartbeats (read-only); write Leases in another namespace`,
      { name, group: 'coordination.k8s.io', kind: 'leases' },
    );
  }
}

/** Refuses a write of a Lease in kube-node-lease (NodeLeaseWriteError); any other write passes. */
export function checkLeaseWritable(kind: string, namespace: string | undefined, name: string, verb: string): void {
  if (kind === 'Lease' && namespace === NODE_LEASE_NAMESPACE) throw new NodeLeaseWriteError(name, verb);
}

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A Node's Lease. */
export function nodeLeaseOf(node: KubeObject): NodeLease {
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
  return toTable('Lease', leases, options);
}
