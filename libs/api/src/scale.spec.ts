import { toStatus } from './api.errors';
import { scaleOf, scaleReplicas, scaleTable } from './scale';
import type { ReplicationController } from './types';

const rc: ReplicationController = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', creationTimestamp: '2024-01-01T00:00:00Z' },
  spec: { replicas: 3, selector: { tier: 'front', app: 'web' } },
  status: { replicas: 2 },
};

describe('the Scale of a replication controller', () => {
  it('carries the desired and current replicas and the selector with its keys sorted, as scaleFromRC does', () => {
    expect(scaleOf(rc)).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: { replicas: 3 },
      status: { replicas: 2, selector: 'app=web,tier=front' },
    });
  });

  it('prints as kubectl get --subresource=scale shows it: Name, Desired, Available, Age', () => {
    const table = scaleTable([scaleOf(rc)], { now: Date.parse('2024-01-01T00:01:00Z') }) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: unknown }[] };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Desired', 'Available', 'Age']);
    expect(table.rows[0].cells).toEqual(['web', 3, 2, '60s']);
    expect(table.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'web' } });
  });

  it('refuses a negative count as ValidateScale does (422), and a count that is not a number as undecodable (400)', () => {
    expect(scaleReplicas({ spec: { replicas: 0 } }, 'web')).toBe(0);
    let invalid: unknown;
    try {
      scaleReplicas({ spec: { replicas: -1 } }, 'web');
    } catch (error) {
      invalid = toStatus(error as never);
    }
    expect(invalid).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      details: { name: 'web', group: 'autoscaling', kind: 'Scale', causes: [{ reason: 'FieldValueInvalid', field: 'spec.replicas' }] },
    });
    expect(() => scaleReplicas({ spec: { replicas: 'two' } }, 'web')).toThrow(expect.objectContaining({ code: 'BadRequest' }));
  });
});
