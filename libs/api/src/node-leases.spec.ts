import type { KubeObject } from './types/kube-object.types';
import { checkLeaseWritable, leaseTable, nodeLeaseOf, NodeLeaseWriteError } from './node-leases';

const node = (heartbeat?: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1', uid: 'node-uid', resourceVersion: '42', creationTimestamp: '2026-11-28T10:00:00Z' },
    status: { conditions: heartbeat === undefined ? [] : [{ type: 'Ready', status: 'True', lastHeartbeatTime: heartbeat }] },
  }) as unknown as KubeObject;

describe('node leases', () => {
  it('are held by their node, renewed at its last heartbeat (in MicroTime), owned by it, at its resourceVersion', () => {
    const lease = nodeLeaseOf(node('2026-11-28T10:05:00Z'));
    expect(lease).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: 'n1',
        namespace: 'kube-node-lease',
        uid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/),
        resourceVersion: '42',
        creationTimestamp: '2026-11-28T10:00:00Z',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'node-uid' }],
      },
      spec: { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: '2026-11-28T10:05:00.000000Z' },
    });
    // The same Lease (uid) whatever the heartbeat; none renewed before the first.
    expect(nodeLeaseOf(node('2026-11-28T10:06:00Z')).metadata.uid).toBe(lease.metadata.uid);
    expect(nodeLeaseOf(node()).spec).toEqual({ holderIdentity: 'n1', leaseDurationSeconds: 40 });
  });

  it('print as kubectl get leases does: Name, Holder, Age', () => {
    const table = leaseTable([nodeLeaseOf(node('2026-11-28T10:05:00Z'))], { now: Date.parse('2026-11-28T10:10:00Z'), includeObject: 'None' }) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Holder', 'Age']);
    expect(table.rows).toEqual([{ cells: ['n1', 'n1', '10m'] }]);
  });

  it('are not written: a write of a Lease in kube-node-lease is a 405 that says why; Leases elsewhere are written', () => {
    expect(() => checkLeaseWritable('Lease', 'kube-node-lease', 'n1', 'update')).toThrow(NodeLeaseWriteError);
    expect(() => checkLeaseWritable('Lease', 'kube-node-lease', 'n1', 'update')).toThrow(/^update is not supported on leases.coordination.k8s.io in namespace kube-node-lease: .*derives those Leases from the Nodes/);
    try {
      checkLeaseWritable('Lease', 'kube-node-lease', 'n1', 'delete');
    } catch (error) {
      expect((error as NodeLeaseWriteError).httpStatus).toBe(405);
    }
    expect(() => checkLeaseWritable('Lease', 'default', 'n1', 'update')).not.toThrow();
    expect(() => checkLeaseWritable('ConfigMap', 'kube-node-lease', 'n1', 'update')).not.toThrow();
  });
});
