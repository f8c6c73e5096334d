import type { ObjectMeta } from './meta.types';

/**
 * coordination.k8s.io/v1 Lease: a lock with a holder and a term, what client-go's leader election
 * and the kubelets' heartbeats write. Stored like any object (a user's, an operator's); the nodes'
 * own Leases in kube-node-lease are not stored but answered from their Nodes (node-leases.ts).
 * Times are MicroTime: RFC 3339 with microseconds.
 */
export interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: ObjectMeta;
  spec?: LeaseSpec;
}

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
  /** Coordinated leader election (Kubernetes 1.31+): how a leader is picked; OldestEmulationVersion only. */
  strategy?: string;
  preferredHolder?: string;
}
