import { AlreadyExistsError, ConflictError, IllegalTransitionError, NotFoundError, type KubeObject } from '@bosun/api';
import type { DomainEvent } from './object.event';
import { given, meta } from './testing/decider.given';

const podId = { kind: 'Pod' as const, namespace: 'default', name: 'web-1' };
const pod = (extra: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', uid: 'uid-1', labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'python:3' }], terminationGracePeriodSeconds: 30, ...extra },
  }) as unknown as KubeObject;

const ev = (type: string, data: Record<string, unknown>): DomainEvent => ({
  type,
  data,
  metadata: { machineVersion: 1, commandId: `e-${type}-${Math.random()}`, time: '2026-11-28T09:00:00Z', source: '/bosun/test' },
});
// As the decider records it: creationTimestamp and generation set.
const recorded = (o: KubeObject): KubeObject =>
  ({ ...o, metadata: { ...o.metadata, creationTimestamp: '2026-11-28T09:00:00Z', generation: 1 } }) as KubeObject;
const created = ev('PodCreated', { object: recorded(pod()) });
const scheduled = ev('PodScheduled', { nodeName: 'node-1', time: '2026-11-28T09:00:01Z' });
const running = ev('PodStatusUpdated', { status: { phase: 'Running', podIP: '10.0.0.5' } });

describe('Pod decider', () => {
  it('creates a pod: pending, generation 1, creationTimestamp from the command', () => {
    const scenario = given(podId).when({ type: 'Create', data: { object: pod() }, metadata: meta('2026-11-28T10:00:00Z') });
    scenario.then([{ type: 'PodCreated' }]);
    const { name, object } = scenario.thenState();
    expect(name).toBe('live.pending');
    expect(object?.metadata).toMatchObject({ generation: 1, creationTimestamp: '2026-11-28T10:00:00Z', resourceVersion: '0', uid: 'uid-1' });
  });

  it('creates a pod already bound to a node as scheduled', () => {
    expect(given(podId).when({ type: 'Create', data: { object: pod({ nodeName: 'n1' }) }, metadata: meta() }).thenState().name).toBe('live.scheduled');
  });

  it('refuses to create a pod that exists', () => {
    given(podId, [created]).when({ type: 'Create', data: { object: pod() }, metadata: meta() }).thenThrows(AlreadyExistsError, 'pods "web-1" already exists');
  });

  it('allows a name to be reused once the pod is gone', () => {
    given(podId, [created, ev('PodDeleted', {})]).when({ type: 'Create', data: { object: pod() }, metadata: meta() }).then([{ type: 'PodCreated' }]);
  });

  it('binds a pending pod to a node with condition PodScheduled=True', () => {
    const s = given(podId, [created]).when({ type: 'Bind', data: { nodeName: 'node-1' }, metadata: meta('2026-11-28T10:00:05Z') });
    s.then([{ type: 'PodScheduled', data: { nodeName: 'node-1' } }]);
    const { name, object } = s.thenState();
    expect(name).toBe('live.scheduled');
    expect(object).toMatchObject({
      spec: { nodeName: 'node-1' },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-11-28T10:00:05Z' }] },
    });
  });

  it('refuses to bind a pod twice', () => {
    given(podId, [created, scheduled])
      .when({ type: 'Bind', data: { nodeName: 'node-2' }, metadata: meta() })
      .thenThrows(ConflictError, 'Operation cannot be fulfilled on pods/binding "web-1": pod web-1 is already assigned to node "node-1"');
  });

  it('binds with the Binding’s annotations and preconditions, as kube-apiserver’s binding registry', () => {
    const s = given(podId, [created]).when({ type: 'Bind', data: { nodeName: 'node-1', annotations: { 'example.com/by': 'mine' } }, metadata: meta() });
    s.then([{ type: 'PodScheduled', data: { nodeName: 'node-1', annotations: { 'example.com/by': 'mine' } } }]);
    expect(s.thenState().object?.metadata.annotations).toEqual({ 'example.com/by': 'mine' });
    given(podId, [created])
      .when({ type: 'Bind', data: { nodeName: 'node-1', preconditions: { uid: 'other' } }, metadata: meta() })
      .thenThrows(ConflictError, 'Operation cannot be fulfilled on pods "web-1": Precondition failed: UID in precondition: other, UID in object meta: uid-1');
    given(podId, [created])
      .when({ type: 'Bind', data: { nodeName: 'node-1', preconditions: { resourceVersion: '999' } }, metadata: meta() })
      .thenThrows(ConflictError, /^Operation cannot be fulfilled on pods "web-1": Precondition failed: ResourceVersion in precondition: 999, ResourceVersion in object meta: \d+$/);
    const held = recorded({ ...pod(), metadata: { ...pod().metadata, finalizers: ['example.com/hold'] } } as KubeObject);
    given(podId, [ev('PodCreated', { object: held }), ev('PodDeletionRequested', { deletionTimestamp: '2026-11-28T10:00:00Z', gracePeriodSeconds: 0 })])
      .when({ type: 'Bind', data: { nodeName: 'node-1' }, metadata: meta() })
      .thenThrows(ConflictError, 'Operation cannot be fulfilled on pods/binding "web-1": pod web-1 is being deleted, cannot be assigned to a host');
  });

  it('refuses to bind a pod its scheduling gates hold, until they are removed', () => {
    const gated = ev('PodCreated', { object: recorded(pod({ schedulingGates: [{ name: 'example.com/wait' }] })) });
    given(podId, [gated])
      .when({ type: 'Bind', data: { nodeName: 'node-1' }, metadata: meta() })
      .thenThrows(ConflictError, 'Operation cannot be fulfilled on pods/binding "web-1": pod web-1 has non-empty .spec.schedulingGates');
    const opened = ev('PodUpdated', { object: recorded(pod({ schedulingGates: [] })) });
    given(podId, [gated, opened]).when({ type: 'Bind', data: { nodeName: 'node-1' }, metadata: meta() }).then([{ type: 'PodScheduled' }]);
  });

  it('refuses to bind a pod that does not exist', () => {
    given(podId).when({ type: 'Bind', data: { nodeName: 'n' }, metadata: meta() }).thenThrows(NotFoundError, 'pods "web-1" not found');
  });

  it('moves to running, then succeeded, on status reports', () => {
    expect(given(podId, [created, scheduled]).when({ type: 'UpdateStatus', data: { status: { phase: 'Running' } }, metadata: meta() }).thenState().name).toBe('live.running');
    expect(given(podId, [created, scheduled, running]).when({ type: 'UpdateStatus', data: { status: { phase: 'Succeeded' } }, metadata: meta() }).thenState().name).toBe('live.succeeded');
    expect(given(podId, [created, scheduled, running]).when({ type: 'UpdateStatus', data: { status: { phase: 'Failed' } }, metadata: meta() }).thenState().name).toBe('live.failed');
  });

  it('records the manager of a status write through the API as kube-apiserver does (subresource status, the status fields it changed); others’ writes record none', () => {
    const write = given(podId, [created, scheduled, running]).when({
      type: 'UpdateStatus',
      data: { status: { phase: 'Running', podIP: '10.0.0.5', message: 'hi' }, manager: { name: 'my-operator', apiVersion: 'v1' } },
      metadata: meta('2026-11-28T10:00:00.250Z'),
    });
    write.then([{ type: 'PodStatusUpdated' }]);
    expect(write.thenState().object?.metadata.managedFields).toEqual([
      { manager: 'my-operator', operation: 'Update', apiVersion: 'v1', time: '2026-11-28T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:message': {} } }, subresource: 'status' },
    ]);
    expect(given(podId, [created, scheduled]).when({ type: 'UpdateStatus', data: { status: { phase: 'Running' } }, metadata: meta() }).thenState().object?.metadata.managedFields).toBeUndefined();
  });

  it('records nothing for a status that did not change', () => {
    given(podId, [created, scheduled, running]).when({ type: 'UpdateStatus', data: { status: { phase: 'Running', podIP: '10.0.0.5' } }, metadata: meta() }).thenNothingHappened();
  });

  it('changes labels in any live state without bumping generation; spec changes bump it', () => {
    const bound = pod({ nodeName: 'node-1' });
    const relabelled = { ...bound, metadata: { ...bound.metadata, labels: { app: 'web', tier: 'front' } } } as KubeObject;
    const s = given(podId, [created, scheduled, running]).when({ type: 'Replace', data: { object: relabelled }, metadata: meta() });
    expect(s.thenState()).toMatchObject({ name: 'live.running', object: { metadata: { labels: { tier: 'front' }, generation: 1 }, status: { phase: 'Running' } } });
    const respecced = pod({ activeDeadlineSeconds: 60 });
    expect(given(podId, [created]).when({ type: 'Replace', data: { object: respecced }, metadata: meta() }).thenState().object?.metadata.generation).toBe(2);
  });

  it('refuses a replace with a stale resourceVersion', () => {
    const stale = { ...pod(), metadata: { ...pod().metadata, resourceVersion: '0' } } as KubeObject;
    given(podId, [created, scheduled]).when({ type: 'Replace', data: { object: stale }, metadata: meta() }).thenThrows(ConflictError, /the object has been modified/);
  });

  it('keeps the stored creationTimestamp on a replace, however the client wrote it', () => {
    const rewritten = { ...pod(), metadata: { ...pod().metadata, creationTimestamp: '2026-11-28T09:00:00+00:00', labels: { tier: 'x' } } } as KubeObject;
    const object = given(podId, [created]).when({ type: 'Replace', data: { object: rewritten }, metadata: meta() }).thenState().object;
    expect(object?.metadata).toMatchObject({ creationTimestamp: '2026-11-28T09:00:00Z', labels: { tier: 'x' } });
  });

  it('records nothing for a replace that changes nothing', () => {
    given(podId, [created]).when({ type: 'Replace', data: { object: pod() }, metadata: meta() }).thenNothingHappened();
  });

  it('deletes an unscheduled pod at once', () => {
    given(podId, [created]).when({ type: 'Delete', data: {}, metadata: meta() }).then([{ type: 'PodDeleted' }]);
  });

  it('terminates a pod on a node gracefully, with deletionTimestamp = now + grace', () => {
    const s = given(podId, [created, scheduled, running]).when({ type: 'Delete', data: {}, metadata: meta('2026-11-28T10:00:00Z') });
    s.then([{ type: 'PodDeletionRequested', data: { deletionTimestamp: '2026-11-28T10:00:30Z', gracePeriodSeconds: 30 } }]);
    expect(s.thenState()).toMatchObject({ name: 'live.terminating', object: { metadata: { deletionTimestamp: '2026-11-28T10:00:30Z', deletionGracePeriodSeconds: 30 } } });
  });

  it('deletes a pod on a node at once with grace 0', () => {
    given(podId, [created, scheduled]).when({ type: 'Delete', data: { gracePeriodSeconds: 0 }, metadata: meta() }).then([{ type: 'PodDeleted' }]);
  });

  it('deletes a pod whose containers have all ended at once, as the pod strategy gives it 0 s', () => {
    for (const phase of ['Succeeded', 'Failed']) {
      const ended = ev('PodStatusUpdated', { status: { phase } });
      given(podId, [created, scheduled, running, ended]).when({ type: 'Delete', data: {}, metadata: meta() }).then([{ type: 'PodDeleted' }]);
      given(podId, [created, scheduled, running, ended]).when({ type: 'Delete', data: { gracePeriodSeconds: 30 }, metadata: meta() }).then([{ type: 'PodDeleted' }]);
    }
    // With a finalizer it waits for it, its grace period 0.
    const held = recorded({ ...pod(), metadata: { ...pod().metadata, finalizers: ['example.com/hold'] } } as KubeObject);
    const done = ev('PodStatusUpdated', { status: { phase: 'Succeeded' } });
    given(podId, [ev('PodCreated', { object: held }), scheduled, done])
      .when({ type: 'Delete', data: {}, metadata: meta() })
      .then([{ type: 'PodDeletionRequested', data: { gracePeriodSeconds: 0 } }]);
  });

  it('lets a second delete shorten the grace period but not lengthen it', () => {
    const terminating = ev('PodDeletionRequested', { deletionTimestamp: '2026-11-28T10:00:30Z', gracePeriodSeconds: 30 });
    given(podId, [created, scheduled, terminating]).when({ type: 'Delete', data: { gracePeriodSeconds: 5 }, metadata: meta() }).then([{ type: 'PodDeletionRequested', data: { gracePeriodSeconds: 5 } }]);
    given(podId, [created, scheduled, terminating]).when({ type: 'Delete', data: { gracePeriodSeconds: 60 }, metadata: meta() }).thenNothingHappened();
  });

  it('is gone once the node confirms termination', () => {
    const terminating = ev('PodDeletionRequested', { deletionTimestamp: '2026-11-28T10:00:30Z', gracePeriodSeconds: 30 });
    const s = given(podId, [created, scheduled, terminating]).when({ type: 'ConfirmDeletion', data: {}, metadata: meta() });
    s.then([{ type: 'PodDeleted' }]);
    expect(s.thenState()).toEqual({ name: 'gone', object: null });
  });

  it('keeps a pod with finalizers once its node confirms termination, until the last finalizer goes', () => {
    const held = recorded({ ...pod(), metadata: { ...pod().metadata, finalizers: ['example.com/hold'] } } as KubeObject);
    const createdHeld = ev('PodCreated', { object: held });
    const terminating = ev('PodDeletionRequested', { deletionTimestamp: '2026-11-28T10:00:30Z', gracePeriodSeconds: 30 });
    given(podId, [createdHeld, scheduled, terminating]).when({ type: 'ConfirmDeletion', data: {}, metadata: meta() }).then([{ type: 'PodDeletionRequested', data: { gracePeriodSeconds: 0 } }]);
    const confirmed = ev('PodDeletionRequested', { deletionTimestamp: '2026-11-28T10:00:05Z', gracePeriodSeconds: 0 });
    given(podId, [createdHeld, scheduled, terminating, confirmed]).when({ type: 'ConfirmDeletion', data: {}, metadata: meta() }).thenNothingHappened();
    const cleared = { ...held, metadata: { ...held.metadata, finalizers: [] } } as KubeObject;
    given(podId, [createdHeld, scheduled, terminating, confirmed]).when({ type: 'Replace', data: { object: cleared }, metadata: meta() }).then([{ type: 'PodUpdated' }, { type: 'PodDeleted' }]);
    // Cleared while its containers still stop: the node's confirmation deletes it.
    given(podId, [createdHeld, scheduled, terminating]).when({ type: 'Replace', data: { object: cleared }, metadata: meta() }).then([{ type: 'PodUpdated' }]);
  });

  it('refuses to confirm the deletion of a pod nobody deleted', () => {
    given(podId, [created, scheduled]).when({ type: 'ConfirmDeletion', data: {}, metadata: meta() }).thenThrows(IllegalTransitionError);
  });

  it('refuses a delete with a wrong uid or resourceVersion precondition, naming the Kind as rest.BeforeDelete does', () => {
    given(podId, [created])
      .when({ type: 'Delete', data: { preconditions: { uid: 'other' } }, metadata: meta() })
      .thenThrows(ConflictError, /^Operation cannot be fulfilled on Pod "web-1": the UID in the precondition \(other\) does not match the UID in record \(.+\)\. The object might have been deleted and then recreated$/);
    given(podId, [created])
      .when({ type: 'Delete', data: { preconditions: { resourceVersion: '999' } }, metadata: meta() })
      .thenThrows(ConflictError, /^Operation cannot be fulfilled on Pod "web-1": the ResourceVersion in the precondition \(999\) does not match the ResourceVersion in record \(\d+\)\. The object might have been modified$/);
  });

  it('refuses every command but create on a pod that does not exist', () => {
    for (const command of [
      { type: 'Replace' as const, data: { object: pod() } },
      { type: 'UpdateStatus' as const, data: { status: { phase: 'Running' } } },
      { type: 'Delete' as const, data: {} },
      { type: 'ConfirmDeletion' as const, data: {} },
    ]) {
      given(podId).when({ ...command, metadata: meta() } as never).thenThrows(NotFoundError);
    }
  });
});

describe('object decider (other kinds)', () => {
  const nsId = { kind: 'Namespace' as const, name: 'team-a' };
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', uid: 'u' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } as unknown as KubeObject;
  const nsCreated = ev('NamespaceCreated', { object: ns });

  it('puts a deleted namespace in terminating, phase Terminating, then gone when confirmed', () => {
    const s = given(nsId, [nsCreated]).when({ type: 'Delete', data: {}, metadata: meta() });
    s.then([{ type: 'NamespaceDeletionRequested' }, { type: 'NamespaceStatusUpdated', data: { status: { phase: 'Terminating' } } }]);
    expect(s.thenState().name).toBe('terminating');
    expect(s.thenState().object).toMatchObject({ metadata: { deletionTimestamp: '2026-11-28T10:00:00Z' }, status: { phase: 'Terminating' } });
    const requested = ev('NamespaceDeletionRequested', { deletionTimestamp: '2026-11-28T10:00:00Z', gracePeriodSeconds: 0 });
    given(nsId, [nsCreated, requested]).when({ type: 'Delete', data: {}, metadata: meta() }).thenNothingHappened();
    given(nsId, [nsCreated, requested]).when({ type: 'ConfirmDeletion', data: {}, metadata: meta() }).then([{ type: 'NamespaceDeleted' }]);
  });

  it('refuses a namespace delete with a wrong precondition in the namespace registry’s words', () => {
    given(nsId, [nsCreated])
      .when({ type: 'Delete', data: { preconditions: { uid: 'other' } }, metadata: meta() })
      .thenThrows(ConflictError, 'Operation cannot be fulfilled on namespaces "team-a": Precondition failed: UID in precondition: other, UID in object meta: u');
    given(nsId, [nsCreated])
      .when({ type: 'Delete', data: { preconditions: { resourceVersion: '999' } }, metadata: meta() })
      .thenThrows(ConflictError, /^Operation cannot be fulfilled on namespaces "team-a": Precondition failed: ResourceVersion in precondition: 999, ResourceVersion in object meta: \d+$/);
  });

  it('follows a node’s Ready condition', () => {
    const nodeId = { kind: 'Node' as const, name: 'n1' };
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'u' }, spec: {} } as unknown as KubeObject;
    const h = [ev('NodeCreated', { object: node })];
    const ready = { conditions: [{ type: 'Ready', status: 'True' }] };
    expect(given(nodeId, h).when({ type: 'UpdateStatus', data: { status: ready }, metadata: meta() }).thenState().name).toBe('live.ready');
    const notReady = { conditions: [{ type: 'Ready', status: 'False' }] };
    expect(given(nodeId, [...h, ev('NodeStatusUpdated', { status: ready })]).when({ type: 'UpdateStatus', data: { status: notReady }, metadata: meta() }).thenState().name).toBe('live.notReady');
  });

  it('deletes a service at once, and refuses to bind it', () => {
    const svcId = { kind: 'Service' as const, namespace: 'default', name: 'web' };
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'u' }, spec: { ports: [{ port: 80 }] } } as unknown as KubeObject;
    const h = [ev('ServiceCreated', { object: svc })];
    given(svcId, h).when({ type: 'Delete', data: {}, metadata: meta() }).then([{ type: 'ServiceDeleted' }]);
    given(svcId, h).when({ type: 'Bind', data: { nodeName: 'n' }, metadata: meta() }).thenThrows(IllegalTransitionError);
  });

  it('counts generations only for the kinds Kubernetes counts them for (pods and replication controllers)', () => {
    const cmId = { kind: 'ConfigMap' as const, namespace: 'default', name: 'c' };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', uid: 'u' }, data: { a: '1' } } as unknown as KubeObject;
    const createdCm = given(cmId, []).when({ type: 'Create', data: { object: cm }, metadata: meta() }).thenState().object;
    expect(createdCm?.metadata.generation).toBeUndefined();
    const changed = { ...cm, data: { a: '2' } } as KubeObject;
    expect(given(cmId, [ev('ConfigMapCreated', { object: cm })]).when({ type: 'Replace', data: { object: changed }, metadata: meta() }).thenState().object?.metadata.generation).toBeUndefined();
    const rcId = { kind: 'ReplicationController' as const, namespace: 'default', name: 'web' };
    const rc = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'web', namespace: 'default', uid: 'u' }, spec: { replicas: 1 } } as unknown as KubeObject;
    expect(given(rcId, []).when({ type: 'Create', data: { object: rc }, metadata: meta() }).thenState().object?.metadata.generation).toBe(1);
  });

  it('waits for finalizers, and completes the deletion when the last is removed', () => {
    const rcId = { kind: 'ReplicationController' as const, namespace: 'default', name: 'web' };
    const rc = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'web', namespace: 'default', uid: 'u', finalizers: ['bosun.dev/test'] }, spec: { replicas: 1 } } as unknown as KubeObject;
    const h = [ev('ReplicationControllerCreated', { object: rc })];
    given(rcId, h).when({ type: 'Delete', data: {}, metadata: meta() }).then([{ type: 'ReplicationControllerDeletionRequested' }]);
    const requested = ev('ReplicationControllerDeletionRequested', { deletionTimestamp: '2026-11-28T10:00:00Z', gracePeriodSeconds: 0 });
    const cleared = { ...rc, metadata: { ...rc.metadata, finalizers: [] } } as KubeObject;
    given(rcId, [...h, requested]).when({ type: 'Replace', data: { object: cleared }, metadata: meta() }).then([
      { type: 'ReplicationControllerUpdated' },
      { type: 'ReplicationControllerDeleted' },
    ]);
  });
});
