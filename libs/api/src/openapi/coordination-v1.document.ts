import { resourceByKind } from '../resources';
import { resourcePaths } from './openapi.document';
import { groupDocument, servedOnce } from './group.document';
import { $ref, int32, list, META, MICRO_TIME, object, ref, str, typeMeta, type Schema } from './schema.builders';

/**
 * The OpenAPI v3 document of coordination.k8s.io/v1 (`/openapi/v3/apis/coordination.k8s.io/v1`):
 * the Lease schemas, for `kubectl explain lease`, and the operations the gateway routes for a stored
 * kind (create, read, list, watch, replace, patch with fieldValidation — so kubectl validates on the
 * server and computes client-side apply's patch from these schemas —, delete). The nodes' Leases in
 * kube-node-lease are read-only (node-leases.ts).
 */

const COORDINATION = 'io.k8s.api.coordination.v1.';
const gvk = { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' };

const LEASE_SCHEMAS: Record<string, Schema> = {
  [`${COORDINATION}Lease`]: object(
    'Lease defines a lease concept: a lock with a holder and a term, as client-go\'s leader election writes it. Stored as any object, but in kube-node-lease: there Bosun answers one Lease per Node, derived from the Node\'s heartbeats (read-only: a write is refused with 405).',
    {
      ...typeMeta(),
      metadata: ref(`${META}ObjectMeta`, "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
      spec: ref(`${COORDINATION}LeaseSpec`, 'spec contains the specification of the Lease.'),
    },
    { gvk: [gvk] },
  ),
  [`${COORDINATION}LeaseList`]: object(
    'LeaseList is a list of Lease objects.',
    {
      ...typeMeta(),
      metadata: ref(`${META}ListMeta`, 'Standard list metadata.'),
      items: list($ref(`${COORDINATION}Lease`), 'items is a list of schema objects.'),
    },
    { required: ['items'], gvk: [{ ...gvk, kind: 'LeaseList' }] },
  ),
  [`${COORDINATION}LeaseSpec`]: object('LeaseSpec is a specification of a Lease.', {
    acquireTime: ref(MICRO_TIME, 'acquireTime is a time when the current lease was acquired. Stored in UTC with microseconds. Not set on a node\'s Lease (never handed over).'),
    holderIdentity: str('holderIdentity contains the identity of the holder of a current lease; a node\'s Lease: the node\'s name.'),
    leaseDurationSeconds: int32('leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it; greater than 0 when set. A node\'s Lease: 40, the kubelet\'s node lease duration.'),
    leaseTransitions: int32('leaseTransitions is the number of transitions of a lease between holders; not negative.'),
    preferredHolder: str('PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up. Only with a strategy. Stored; Bosun elects no leaders with it.'),
    renewTime: ref(MICRO_TIME, 'renewTime is a time when the current holder of a lease has last updated the lease. Stored in UTC with microseconds; a node\'s Lease: the node\'s last heartbeat (its Ready condition\'s lastHeartbeatTime).'),
    strategy: str('Strategy indicates the strategy for picking the leader for coordinated leader election: OldestEmulationVersion, if set. Stored; Bosun elects no leaders with it.'),
  }),
};

/** The document, its JSON and its hash, computed once. */
export const coordinationV1OpenApi = servedOnce(() =>
  groupDocument({
    group: 'coordination.k8s.io',
    tag: 'coordination_v1',
    operationStem: 'CoordinationV1',
    kind: 'Lease',
    plural: 'leases',
    prefix: 'io.k8s.api.coordination.v1',
    schemas: LEASE_SCHEMAS,
    description: 'Leases: stored, as client-go\'s leader election writes them; in kube-node-lease, the nodes\' heartbeats, a read-only view of the Nodes.',
    paths: resourcePaths(resourceByKind('Lease')!),
    selects: { label: 'Leases whose labels match', field: 'Leases whose metadata.name or metadata.namespace match' },
    nouns: 'Leases',
  }),
);
