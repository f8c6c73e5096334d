import type { KubeObject } from '@bosun/api';
import type { DomainEvent } from './object.event';
import { given, meta } from './testing/decider.given';

// A Deployment is a data kind on the object machine whose generation counts spec and annotation changes.
const id = { kind: 'Deployment' as const, namespace: 'default', name: 'web' };
const deployment = (replicas: number, annotations?: Record<string, string>): KubeObject =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'uid-d', ...(annotations ? { annotations } : {}) }, spec: { replicas } }) as unknown as KubeObject;
const created: DomainEvent = {
  type: 'DeploymentCreated',
  data: { object: { ...deployment(1), metadata: { ...deployment(1).metadata, creationTimestamp: '2026-11-29T09:00:00Z', generation: 1 } } },
  metadata: { machineVersion: 1, commandId: 'e-1', time: '2026-11-29T09:00:00Z', source: '/bosun/test' },
};
const replace = (object: KubeObject) => given(id, [created]).when({ type: 'Replace', data: { object }, metadata: meta() });

describe('Deployment decider', () => {
  it('counts a spec change in the generation', () => {
    const scenario = replace(deployment(3));
    scenario.then([{ type: 'DeploymentUpdated' }]);
    expect(scenario.thenState().object?.metadata.generation).toBe(2);
  });

  it('counts an annotation change in the generation, as kube-apiserver does (they are copied to the ReplicaSets)', () => {
    expect(replace(deployment(1, { 'kubernetes.io/change-cause': 'v2' })).thenState().object?.metadata.generation).toBe(2);
  });

  it('does not count the deployment controller’s own annotations (its revision), which kube-controller-manager writes through status', () => {
    const scenario = replace(deployment(1, { 'deployment.kubernetes.io/revision': '1' }));
    scenario.then([{ type: 'DeploymentUpdated' }]);
    expect(scenario.thenState().object?.metadata.generation).toBe(1);
  });
});
