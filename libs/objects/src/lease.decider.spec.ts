import { AlreadyExistsError, ConflictError, NotFoundError, type KubeObject } from '@bosun/api';
import type { DomainEvent } from './object.event';
import { given, meta } from './testing/decider.given';

// A Lease is a data kind like ConfigMap or ServiceAccount: the object machine, events Lease<Verb>.
const leaseId = { kind: 'Lease' as const, namespace: 'default', name: 'operator-lock' };
const lease = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'operator-lock', namespace: 'default', uid: 'uid-l', ...metadata }, spec }) as unknown as KubeObject;
const ev = (type: string, data: Record<string, unknown>): DomainEvent => ({
  type,
  data,
  metadata: { machineVersion: 1, commandId: `e-${type}`, time: '2026-11-29T09:00:00Z', source: '/bosun/test' },
});
const held = { holderIdentity: 'pod-a', leaseDurationSeconds: 15, acquireTime: '2026-11-29T09:00:00.000000Z', renewTime: '2026-11-29T09:00:00.000000Z', leaseTransitions: 0 };
// Recorded at offset 0: its resourceVersion is "0".
const created = ev('LeaseCreated', { object: { ...lease(held), metadata: { ...lease(held).metadata, creationTimestamp: '2026-11-29T09:00:00Z' } } });

describe('Lease decider', () => {
  it('creates a lease: LeaseCreated, no generation (Kubernetes counts none for leases), creationTimestamp from the command', () => {
    const scenario = given(leaseId).when({ type: 'Create', data: { object: lease(held) }, metadata: meta('2026-11-29T10:00:00Z') });
    scenario.then([{ type: 'LeaseCreated' }]);
    const { name, object } = scenario.thenState();
    expect(name).toBe('live.unknown');
    expect(object?.metadata).toMatchObject({ creationTimestamp: '2026-11-29T10:00:00Z', resourceVersion: '0', uid: 'uid-l' });
    expect(object?.metadata.generation).toBeUndefined();
  });

  it('refuses to create a lease that exists, naming it with its group', () => {
    given(leaseId, [created]).when({ type: 'Create', data: { object: lease(held) }, metadata: meta() }).thenThrows(AlreadyExistsError, 'leases.coordination.k8s.io "operator-lock" already exists');
  });

  it('renews a lease: LeaseUpdated with the new renewTime, when the update names the current resourceVersion', () => {
    const renewed = { ...held, renewTime: '2026-11-29T09:00:10.000000Z' };
    given(leaseId, [created])
      .when({ type: 'Replace', data: { object: lease(renewed, { resourceVersion: '0' }) }, metadata: meta() })
      .then([{ type: 'LeaseUpdated', data: { object: { spec: renewed } } }]);
  });

  it('refuses an update from a stale resourceVersion: two candidates of a leader election, the second loses (409)', () => {
    const taken = ev('LeaseUpdated', { object: { ...lease({ ...held, holderIdentity: 'pod-b', leaseTransitions: 1 }), metadata: { ...lease(held).metadata, creationTimestamp: '2026-11-29T09:00:00Z' } } });
    given(leaseId, [created, taken])
      .when({ type: 'Replace', data: { object: lease({ ...held, holderIdentity: 'pod-c', leaseTransitions: 1 }, { resourceVersion: '0' }) }, metadata: meta() })
      .thenThrows(ConflictError, 'Operation cannot be fulfilled on leases.coordination.k8s.io "operator-lock": the object has been modified');
  });

  it('records nothing for an update that changes nothing', () => {
    given(leaseId, [created]).when({ type: 'Replace', data: { object: lease(held, { resourceVersion: '0' }) }, metadata: meta() }).thenNothingHappened();
  });

  it('deletes a lease at once (no finalizers): LeaseDeleted, and its name is free again', () => {
    given(leaseId, [created]).when({ type: 'Delete', data: {}, metadata: meta() }).then([{ type: 'LeaseDeleted' }]);
    given(leaseId, [created, ev('LeaseDeleted', {})]).when({ type: 'Create', data: { object: lease(held) }, metadata: meta() }).then([{ type: 'LeaseCreated' }]);
  });

  it('answers NotFound, with its group, for a lease that does not exist', () => {
    given(leaseId).when({ type: 'Delete', data: {}, metadata: meta() }).thenThrows(NotFoundError, 'leases.coordination.k8s.io "operator-lock" not found');
  });
});
