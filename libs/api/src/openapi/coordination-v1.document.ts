import { documentHash } from './openapi.document';
import { readOnlyGroupDocument } from './read-only-group.document';
import { $ref, int32, list, META, MICRO_TIME, object, ref, str, typeMeta, type Schema } from './schema.builders';

/**
 * The OpenAPI v3 document of coordination.k8s.io/v1 (`/openapi/v3/apis/coordination.k8s.io/v1`):
 * the Lease schemas, for `kubectl explain lease`, and the read-only operations the gateway answers
 * (get, list, watch) for the nodes' Leases (node-leases.ts).
 */

const COORDINATION = 'io.k8s.api.coordination.v1.';
const gvk = { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' };

const LEASE_SCHEMAS: Record<string, Schema> = {
  [`${COORDINATION}Lease`]: object(
    'Lease defines a lease concept. Bosun answers one Lease per Node in kube-node-lease, derived from the Node\'s heartbeats (read-only: written by nobody, changing when the Node does).',
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
    acquireTime: ref(MICRO_TIME, 'acquireTime is a time when the current lease was acquired. Not set by Bosun (a node\'s Lease is never handed over).'),
    holderIdentity: str('holderIdentity contains the identity of the holder of a current lease: the node\'s name.'),
    leaseDurationSeconds: int32('leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it: 40, the kubelet\'s node lease duration.'),
    leaseTransitions: int32('leaseTransitions is the number of transitions of a lease between holders. Not set by Bosun.'),
    preferredHolder: str('PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up. Not set by Bosun.'),
    renewTime: ref(MICRO_TIME, 'renewTime is a time when the current holder of a lease has last updated the lease: the node\'s last heartbeat (its Ready condition\'s lastHeartbeatTime).'),
    strategy: str('Strategy indicates the strategy for picking the leader for coordinated leader election. Not set by Bosun.'),
  }),
};

let cached: { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly hash: string } | undefined;

/** The document, its JSON and its hash, computed once. */
export function coordinationV1OpenApi(): { readonly document: Readonly<Record<string, unknown>>; readonly json: string; readonly hash: string } {
  if (cached === undefined) {
    const document = readOnlyGroupDocument({
      group: 'coordination.k8s.io',
      tag: 'coordination_v1',
      operationStem: 'CoordinationV1',
      kind: 'Lease',
      plural: 'leases',
      prefix: 'io.k8s.api.coordination.v1',
      schemas: LEASE_SCHEMAS,
      description: 'Leases: the nodes\' heartbeats, a read-only view of the Nodes.',
      selects: { label: 'Leases whose labels match', field: 'Leases whose metadata.name or metadata.namespace match' },
      nouns: 'Leases',
    });
    cached = { document, json: JSON.stringify(document), hash: documentHash(document) };
  }
  return cached;
}
