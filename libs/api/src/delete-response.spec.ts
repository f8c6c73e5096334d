import { deleteResponse } from './delete-response';
import type { KubeObject } from './types';

const object = (kind: string, extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind, metadata: { name: 'x', namespace: 'default', uid: 'u-1', ...extra } }) as unknown as KubeObject;

describe('deleteResponse', () => {
  it('answers a Status naming a deleted replication controller, node, endpoints, event, config map or secret', () => {
    for (const [kind, resource] of [['ReplicationController', 'replicationcontrollers'], ['Node', 'nodes'], ['Endpoints', 'endpoints'], ['Event', 'events'], ['ConfigMap', 'configmaps'], ['Secret', 'secrets']]) {
      expect(deleteResponse(object(kind), true)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'x', kind: resource, uid: 'u-1' } });
    }
  });

  it('answers the deleted pod or service itself', () => {
    expect(deleteResponse(object('Pod'), true)).toEqual(object('Pod'));
    expect(deleteResponse(object('Service'), true)).toEqual(object('Service'));
  });

  it('answers an object that is still there (terminating, finalizers pending) as it is', () => {
    const terminating = object('Namespace', { deletionTimestamp: '2026-01-01T00:00:00Z' });
    expect(deleteResponse(terminating, false)).toBe(terminating);
    const orphaning = object('ReplicationController', { finalizers: ['orphan'] });
    expect(deleteResponse(orphaning, false)).toBe(orphaning);
  });
});
