import { ApplyConflictError, checkApplyPatch, fieldsOf, fromFieldsV1, recordUpdate, serverSideApply, toFieldsV1, type ManagedFieldsEntry } from './managed-fields';

const T1 = '2026-01-01T00:00:00Z';
const T2 = '2026-01-01T00:01:00Z';
const cm = (data: Record<string, string>, managedFields?: ManagedFieldsEntry[]) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'default', ...(managedFields ? { managedFields } : {}) },
  data,
});
const managers = (o: object) => (((o as { metadata: { managedFields?: ManagedFieldsEntry[] } }).metadata.managedFields) ?? []).map((e) => `${e.manager}/${e.operation}`);

describe('managed fields', () => {
  it('names a pod’s fields as Kubernetes does: keyed lists by their keys, the server’s own fields not at all', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', uid: 'u', labels: { app: 'a' }, finalizers: ['x/y'] },
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], command: ['a', 'b'] }] },
      status: { phase: 'Running' },
    };
    expect(toFieldsV1(fieldsOf(pod).keys())).toEqual({
      'f:metadata': { 'f:finalizers': { '.': {}, 'v:"x/y"': {} }, 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"web"}': {
            '.': {},
            'f:command': {},
            'f:image': {},
            'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
      },
    });
  });

  it('round-trips a FieldsV1 tree', () => {
    const fields = fieldsOf(cm({ a: '1', b: '2' }));
    expect(fromFieldsV1(toFieldsV1(fields.keys()))).toEqual(new Set(fields.keys()));
  });

  it('gives a creator every field it set, and an updater the fields it changed, taken from their previous owner', () => {
    const created = cm({ a: '1', b: '2' });
    const afterCreate = recordUpdate(undefined, null, created, 'kubectl-create', T1);
    expect(afterCreate).toEqual([{ manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} } } }]);
    const afterPatch = recordUpdate(afterCreate, created, cm({ a: '9', b: '2' }), 'kubectl-patch', T2);
    expect(afterPatch.map((e) => [e.manager, e.fieldsV1])).toEqual([
      ['kubectl-create', { 'f:data': { '.': {}, 'f:b': {} } }],
      ['kubectl-patch', { 'f:data': { 'f:a': {} } }],
    ]);
  });

  it('divides the fields as kube-apiserver’s reset fields do: a status write owns the status it changed, other writes never the status', () => {
    const live = { ...cm({ a: '1' }), status: { phase: 'Old' } };
    const created = recordUpdate(undefined, null, live, 'kubectl-create', T1);
    expect(managers({ metadata: { managedFields: created } })).toEqual(['kubectl-create/Update']);
    const statusWritten = recordUpdate(created, live, { ...live, status: { phase: 'New', reason: 'x' } }, 'operator', T2, 'v1', 'status');
    expect(statusWritten).toEqual([
      created[0],
      { manager: 'operator', operation: 'Update', apiVersion: 'v1', time: T2, fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:phase': {}, 'f:reason': {} } }, subresource: 'status' },
    ]);
    // A later update of the data keeps the status writer's fields.
    const after = { ...live, data: { a: '2' }, status: { phase: 'New', reason: 'x' } };
    expect(recordUpdate(statusWritten, { ...live, status: after.status }, after, 'editor', T2).map((e) => `${e.manager}:${JSON.stringify(e.fieldsV1)}`)).toEqual([
      'kubectl-create:{"f:data":{".":{}}}',
      'operator:{"f:status":{"f:phase":{},"f:reason":{}}}',
      'editor:{"f:data":{"f:a":{}}}',
    ]);
  });

  it('keeps an updater’s time when its write changed nothing', () => {
    const created = cm({ a: '1' });
    const entries = recordUpdate(undefined, null, created, 'm', T1);
    expect(recordUpdate(entries, created, created, 'm', T2)[0].time).toBe(T1);
  });

  it('applies a config as its manager’s, then removes what the manager stops applying', () => {
    const first = serverSideApply({}, cm({ a: '1', b: '2' }), 'kubectl', { force: false, time: T1 });
    expect(first.data).toEqual({ a: '1', b: '2' });
    expect(managers(first)).toEqual(['kubectl/Apply']);
    const second = serverSideApply(first, cm({ a: '1' }), 'kubectl', { force: false, time: T2 });
    expect(second.data).toEqual({ a: '1' });
  });

  it('refuses to change a field another manager owns, names it, and takes it over when forced', () => {
    const applied = serverSideApply({}, cm({ a: '1', b: '2' }), 'kubectl', { force: false, time: T1 });
    const patched = { ...applied, data: { a: '9', b: '2' } };
    const live = { ...patched, metadata: { ...applied.metadata, managedFields: recordUpdate(applied.metadata.managedFields, applied, patched, 'other', T2) } };
    expect(() => serverSideApply(live, cm({ a: '3', b: '2' }), 'kubectl', { force: false, time: T2 })).toThrow(
      new ApplyConflictError([{ manager: `"other" using v1 at ${T2}`, field: '.data.a' }]),
    );
    try {
      serverSideApply(live, cm({ a: '3', b: '2' }), 'kubectl', { force: false, time: T2 });
    } catch (error) {
      expect((error as ApplyConflictError).message).toBe(`Apply failed with 1 conflict: conflict with "other" using v1 at ${T2}: .data.a`);
      expect((error as ApplyConflictError).details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: `conflict with "other" using v1 at ${T2}`, field: '.data.a' }]);
    }
    const forced = serverSideApply(live, cm({ a: '3', b: '2' }), 'kubectl', { force: true, time: T2 });
    expect(forced.data).toEqual({ a: '3', b: '2' });
    expect(managers(forced)).toEqual(['kubectl/Apply']); // "other" owned nothing else
  });

  it('does not conflict where the config agrees with the other manager, and keeps a field it co-owns', () => {
    const applied = serverSideApply({}, cm({ a: '1', b: '2' }), 'kubectl', { force: false, time: T1 });
    const patched = { ...applied, data: { a: '9', b: '2' } };
    const live = { ...patched, metadata: { ...applied.metadata, managedFields: recordUpdate(applied.metadata.managedFields, applied, patched, 'other', T2) } };
    const agreed = serverSideApply(live, cm({ a: '9', b: '2' }), 'kubectl', { force: false, time: T2 });
    expect(managers(agreed)).toEqual(['kubectl/Apply', 'other/Update']);
    // kubectl stops applying a, which "other" still owns: it stays.
    expect(serverSideApply(agreed, cm({ b: '2' }), 'kubectl', { force: false, time: T2 }).data).toEqual({ a: '9', b: '2' });
  });

  it('lets kubectl move from client-side to server-side apply: it takes the fields its last-applied configuration still holds, and only those', () => {
    const config = { ...cm({ k: 'v', other: 'x' }), metadata: { name: 'c', namespace: 'default', annotations: {} as Record<string, string> } };
    const lastApplied = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { k: 'v', other: 'x' } });
    const created = { ...config, metadata: { ...config.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } } };
    const live = { ...created, metadata: { ...created.metadata, managedFields: recordUpdate(undefined, null, created, 'kubectl-client-side-apply', T1) } };
    const next = cm({ k: 'w', other: 'x' });
    const upgraded = serverSideApply(live, next, 'kubectl', { force: false, time: T2 });
    expect(upgraded.data).toEqual({ k: 'w', other: 'x' });
    // Another field manager name is no kubectl upgrade: the conflict stands.
    expect(() => serverSideApply(live, next, 'my-tool', { force: false, time: T2 })).toThrow(ApplyConflictError);
    // A field changed since the last client-side apply is no longer the annotation's: it conflicts.
    const drifted = { ...live, data: { k: 'changed', other: 'x' }, metadata: { ...live.metadata, managedFields: recordUpdate(live.metadata.managedFields, live, { ...live, data: { k: 'changed', other: 'x' } }, 'editor', T2) } };
    expect(() => serverSideApply(drifted, next, 'kubectl', { force: false, time: T2 })).toThrow(new ApplyConflictError([{ manager: `"editor" using v1 at ${T2}`, field: '.data.k' }]));
  });

  it('keeps a client-side apply annotation in step with what kubectl applies server-side, as Go writes it (lastAppliedUpdater)', () => {
    const LAST = 'kubectl.kubernetes.io/last-applied-configuration';
    const annotated = { ...cm({ k: 'v' }), metadata: { name: 'c', namespace: 'default', annotations: { [LAST]: '{"old":true}\n', note: 'kept' } } };
    const live = { ...annotated, metadata: { ...annotated.metadata, managedFields: recordUpdate(undefined, null, annotated, 'kubectl-client-side-apply', T1) } };
    const config = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { namespace: 'default', name: 'c', labels: { b: '1', a: '<&>' } }, data: { k: 'w' } };
    const applied = serverSideApply(live, config, 'kubectl', { force: true, time: T2 }) as unknown as { metadata: { annotations: Record<string, string>; managedFields: ManagedFieldsEntry[] } };
    expect(applied.metadata.annotations).toEqual({
      note: 'kept',
      [LAST]: '{"apiVersion":"v1","data":{"k":"w"},"kind":"ConfigMap","metadata":{"labels":{"a":"\\u003c\\u0026\\u003e","b":"1"},"name":"c","namespace":"default"}}\n',
    });
    // Nobody's field: the Apply entry owns what was applied, not the annotation.
    expect(fromFieldsV1(applied.metadata.managedFields.find((e) => e.operation === 'Apply')!.fieldsV1)).not.toContain(JSON.stringify(['metadata', 'annotations', LAST]));
    // Another manager, or an object without the annotation, leaves it as it is.
    expect((serverSideApply(live, config, 'my-tool', { force: true, time: T2 }) as unknown as typeof annotated).metadata.annotations[LAST]).toBe('{"old":true}\n');
    expect((serverSideApply(cm({ k: 'v' }), config, 'kubectl', { force: false, time: T2 }) as { metadata: { annotations?: unknown } }).metadata.annotations).toBeUndefined();
  });

  it('merges containers and their ports by key, and removes a container or port the applier drops', () => {
    const rc = (containers: unknown[]) => ({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'r' }, spec: { template: { spec: { containers } } } });
    const first = serverSideApply({}, rc([{ name: 'web', image: 'a', ports: [{ containerPort: 80 }, { containerPort: 81 }] }, { name: 'side', image: 'b' }]), 'kubectl', { force: false, time: T1 });
    // Something the server or another writer added to the container stays.
    const live = JSON.parse(JSON.stringify(first));
    live.spec.template.spec.containers[0].imagePullPolicy = 'Always';
    const second = serverSideApply(live, rc([{ name: 'web', image: 'a2', ports: [{ containerPort: 80 }] }]), 'kubectl', { force: false, time: T2 }) as { spec: { template: { spec: { containers: unknown[] } } } };
    expect(second.spec.template.spec.containers).toEqual([{ name: 'web', image: 'a2', ports: [{ containerPort: 80 }], imagePullPolicy: 'Always' }]);
    // The last port dropped: no `ports: []` left behind.
    const third = serverSideApply(second, rc([{ name: 'web', image: 'a2' }]), 'kubectl', { force: false, time: T2 }) as { spec: { template: { spec: { containers: unknown[] } } } };
    expect(third.spec.template.spec.containers).toEqual([{ name: 'web', image: 'a2', imagePullPolicy: 'Always' }]);
  });
});

describe('serverSideApply to the status subresource', () => {
  const podWith = (status: object, managedFields?: ManagedFieldsEntry[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ...(managedFields ? { managedFields } : {}) }, spec: { containers: [{ name: 'c', image: 'i' }] }, status });
  const live = podWith({
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'example.com/lb', status: 'False', reason: 'Waiting' },
    ],
    podIPs: [{ ip: '10.0.0.1' }],
  });

  it('merges the config’s status alone into the live one, conditions by type, and records an Apply entry of its status fields', () => {
    const config = { ...podWith({ conditions: [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/db', status: 'True' }] }), spec: { containers: [] } };
    const applied = serverSideApply(live, config, 'lb-controller', { force: false, time: T1, subresource: 'status' });
    expect(applied.status).toEqual({
      phase: 'Running',
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'example.com/lb', status: 'True', reason: 'Waiting' },
        { type: 'example.com/db', status: 'True' },
      ],
      podIPs: [{ ip: '10.0.0.1' }],
    });
    expect(applied.spec).toEqual(live.spec); // the rest of the config is ignored
    expect(applied.metadata.managedFields).toEqual([
      {
        manager: 'lb-controller',
        operation: 'Apply',
        apiVersion: 'v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"example.com/db"}': { '.': {}, 'f:status': {}, 'f:type': {} }, 'k:{"type":"example.com/lb"}': { '.': {}, 'f:status': {}, 'f:type': {} } } } },
        subresource: 'status',
      },
    ]);
  });

  it('refuses to change a status field another status writer owns unless forced, and removes what the applier stops applying', () => {
    const first = serverSideApply(live, podWith({ conditions: [{ type: 'example.com/lb', status: 'True' }] }), 'lb-controller', { force: false, time: T1, subresource: 'status' });
    expect(() => serverSideApply(first, podWith({ conditions: [{ type: 'example.com/lb', status: 'False' }] }), 'other', { force: false, time: T2, subresource: 'status' })).toThrow(ApplyConflictError);
    expect(serverSideApply(first, podWith({ conditions: [{ type: 'example.com/lb', status: 'False' }] }), 'other', { force: true, time: T2, subresource: 'status' }).status).toMatchObject({ conditions: expect.arrayContaining([{ type: 'example.com/lb', status: 'False', reason: 'Waiting' }]) });
    const withdrawn = serverSideApply(first, podWith({ conditions: [{ type: 'example.com/db', status: 'True' }] }), 'lb-controller', { force: false, time: T2, subresource: 'status' });
    expect((withdrawn.status as { conditions: { type: string }[] }).conditions.map((c) => c.type)).toEqual(['Ready', 'example.com/db']);
  });
});

describe('checkApplyPatch', () => {
  it('refuses an apply patch of another apiVersion, or none, and one carrying managedFields, in the field manager’s words', () => {
    expect(() => checkApplyPatch({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).not.toThrow();
    expect(() => checkApplyPatch({ kind: 'ConfigMap', metadata: { name: 'c' } })).toThrow('Incorrect version specified in apply patch. Specified patch version: , expected: v1');
    expect(() => checkApplyPatch({ apiVersion: 'apps/v1', kind: 'ConfigMap' })).toThrow('Incorrect version specified in apply patch. Specified patch version: apps/v1, expected: v1');
    expect(() => checkApplyPatch({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', managedFields: [] } })).toThrow('metadata.managedFields must be nil');
  });
});
