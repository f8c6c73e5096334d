import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import { admitStorageObject, defaultStorageClass } from '../storage-admission';
import { toTable } from '../tables';
import type { KubeObject, PersistentVolume, PersistentVolumeClaim, StorageClass } from '../types';
import { validateUpdate } from './update-rules';
import { unknownFields, validateObject } from './validate';

const pv = (spec: Record<string, unknown> | undefined, name = 'pv-1'): PersistentVolume => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, ...(spec === undefined ? {} : { spec }) });
const pvc = (spec: Record<string, unknown> | undefined, status?: Record<string, unknown>): PersistentVolumeClaim => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'default' },
  ...(spec === undefined ? {} : { spec }),
  ...(status === undefined ? {} : { status }),
});
const sc = (name: string, fields: Record<string, unknown> = {}, annotations?: Record<string, string>, creationTimestamp?: string): StorageClass => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name, ...(annotations ? { annotations } : {}), ...(creationTimestamp ? { creationTimestamp } : {}) },
  provisioner: 'bosun.io/local-path',
  ...fields,
});
const causes = (o: KubeObject): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> => validateObject(o).map(({ reason, field, message }) => ({ reason, field, message }));
const hostPathPv = { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/srv/data' } };

describe('PersistentVolume validation and defaults, as ValidatePersistentVolume and SetDefaults_PersistentVolume', () => {
  it('accepts a hostPath volume and defaults Retain, Filesystem and phase Pending', () => {
    expect(causes(pv(hostPathPv))).toEqual([]);
    expect(unknownFields(pv(hostPathPv))).toEqual([]);
    const d = applyDefaults(pv(hostPathPv));
    expect(d.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', hostPath: { path: '/srv/data', type: '' } });
    expect(d.status).toEqual({ phase: 'Pending' });
  });

  it('wants access modes, a storage capacity above zero and exactly one volume source', () => {
    // kube-apiserver lists the spec's own error last; Bosun reports a field before what is under it.
    expect(causes(pv({}))).toEqual([
      { reason: 'FieldValueRequired', field: 'spec', message: 'Required value: must specify a volume type' },
      { reason: 'FieldValueRequired', field: 'spec.accessModes', message: 'Required value' },
      { reason: 'FieldValueRequired', field: 'spec.capacity', message: 'Required value' },
    ]);
    expect(causes(pv({ ...hostPathPv, capacity: { storage: '0' } }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.capacity[storage]', message: 'Invalid value: "0": must be greater than zero' }]);
    expect(causes(pv({ ...hostPathPv, nfs: { server: 'nfs', path: '/x' } }))).toEqual([{ reason: 'FieldValueForbidden', field: 'spec.nfs', message: 'Forbidden: may not specify more than 1 volume type' }]);
  });

  it('knows the access modes, reclaim policies and volume modes, and wants node affinity for a local volume', () => {
    expect(causes(pv({ ...hostPathPv, accessModes: ['ReadWriteOncePod', 'ReadWriteOnce', 'Sometimes'], persistentVolumeReclaimPolicy: 'Keep', volumeMode: 'Raw' }))).toEqual([
      { reason: 'FieldValueNotSupported', field: 'spec.accessModes', message: 'Unsupported value: "Sometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"' },
      { reason: 'FieldValueForbidden', field: 'spec.accessModes', message: 'Forbidden: may not use ReadWriteOncePod with other access modes' },
      { reason: 'FieldValueNotSupported', field: 'spec.persistentVolumeReclaimPolicy', message: 'Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"' },
      { reason: 'FieldValueNotSupported', field: 'spec.volumeMode', message: 'Unsupported value: "Raw": supported values: "Block", "Filesystem"' },
    ]);
    expect(causes(pv({ capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], local: { path: '/mnt/disk' } }))).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.nodeAffinity', message: 'Required value: Local volume requires node affinity' },
    ]);
  });

  it('keeps the volume source and mode fixed on update', () => {
    const before = applyDefaults(pv(hostPathPv));
    expect(validateUpdate(before, applyDefaults(pv({ ...hostPathPv, hostPath: { path: '/elsewhere' } })))).toEqual([
      expect.objectContaining({ reason: 'FieldValueForbidden', field: 'spec.persistentvolumesource' }),
    ]);
    expect(validateUpdate(before, applyDefaults(pv({ ...hostPathPv, persistentVolumeReclaimPolicy: 'Delete' })))).toEqual([]);
  });
});

describe('PersistentVolumeClaim validation and update rules, as ValidatePersistentVolumeClaim(Update)', () => {
  const claim = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

  it('accepts a claim, defaults Filesystem and Pending; wants access modes and a storage request', () => {
    expect(causes(pvc(claim))).toEqual([]);
    expect(applyDefaults(pvc(claim))).toMatchObject({ spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
    expect(causes(pvc({}))).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.accessModes', message: 'Required value: at least 1 access mode is required' },
      { reason: 'FieldValueRequired', field: 'spec.resources[storage]', message: 'Required value' },
    ]);
  });

  it('lets a pending claim get its volume name once, and a bound one only grow', () => {
    const pending = applyDefaults(pvc(claim, { phase: 'Pending' }));
    expect(validateUpdate(pending, applyDefaults(pvc({ ...claim, volumeName: 'pv-1' })))).toEqual([]);
    expect(validateUpdate(pending, applyDefaults(pvc({ ...claim, resources: { requests: { storage: '2Gi' } } })))).toEqual([expect.objectContaining({ reason: 'FieldValueForbidden', field: 'spec' })]);
    const bound = applyDefaults(pvc({ ...claim, volumeName: 'pv-1' }, { phase: 'Bound' }));
    expect(validateUpdate(bound, applyDefaults(pvc({ ...claim, volumeName: 'pv-1', resources: { requests: { storage: '2Gi' } } })))).toEqual([]);
    expect(validateUpdate(bound, applyDefaults(pvc({ ...claim, volumeName: 'pv-1', resources: { requests: { storage: '512Mi' } } })))).toEqual([
      { reason: 'FieldValueForbidden', field: 'spec.resources.requests.storage', message: 'Forbidden: field can not be less than previous value' },
    ]);
    expect(validateUpdate(bound, applyDefaults(pvc({ ...claim, volumeName: 'pv-2' })))).toEqual([expect.objectContaining({ reason: 'FieldValueForbidden', field: 'spec' })]);
  });
});

describe('StorageClass validation, defaults and admission', () => {
  it('defaults Delete and Immediate, wants a provisioner, and keeps how it provisions fixed', () => {
    expect(applyDefaults(sc('fast'))).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    expect(causes(sc('fast'))).toEqual([]);
    expect(causes({ ...sc('fast'), provisioner: undefined } as KubeObject)).toEqual([{ reason: 'FieldValueRequired', field: 'provisioner', message: 'Required value' }]);
    expect(validateUpdate(applyDefaults(sc('fast')), applyDefaults(sc('fast', { reclaimPolicy: 'Retain' })))).toEqual([
      { reason: 'FieldValueForbidden', field: 'reclaimPolicy', message: 'Forbidden: updates to reclaimPolicy are forbidden.' },
    ]);
  });

  it('gives a claim that names no class the newest default class, and claims and volumes their protection finalizers', () => {
    const classes = [sc('old', {}, { 'storageclass.kubernetes.io/is-default-class': 'true' }, '2024-01-01T00:00:00Z'), sc('new', {}, { 'storageclass.kubernetes.io/is-default-class': 'true' }, '2024-02-01T00:00:00Z'), sc('other')];
    expect(defaultStorageClass(classes)?.metadata.name).toBe('new');
    const admitted = admitStorageObject(pvc({ accessModes: ['ReadWriteOnce'] }), defaultStorageClass(classes));
    expect(admitted.spec?.storageClassName).toBe('new');
    expect(admitted.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(admitStorageObject(pvc({ storageClassName: '' }), defaultStorageClass(classes)).spec?.storageClassName).toBe('');
    expect(admitStorageObject(pv(hostPathPv), undefined).metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
  });
});

describe('the storage Tables, as printPersistentVolume, printPersistentVolumeClaim and printStorageClass print them', () => {
  const now = Date.parse('2024-01-01T00:01:00Z');
  const table = (o: KubeObject) => toTable(o.kind, [o as never], { now }) as { columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[] }[] };
  const meta = { creationTimestamp: '2024-01-01T00:00:00Z' };

  it('prints a volume\'s capacity, modes, policy, phase, claim and class', () => {
    const volume = applyDefaults({ ...pv({ ...hostPathPv, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], storageClassName: 'standard', claimRef: { namespace: 'default', name: 'data' } }), metadata: { name: 'pv-1', ...meta } } as PersistentVolume);
    const t = table({ ...volume, status: { phase: 'Bound' } });
    expect(t.columnDefinitions.map((c) => `${c.name}${c.priority ? '†' : ''}`)).toEqual(['Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', 'VolumeMode†']);
    expect(t.rows[0]!.cells).toEqual(['pv-1', '1Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/data', 'standard', '<unset>', '', '60s', 'Filesystem']);
  });

  it('prints a claim\'s capacity and modes only once bound', () => {
    const claim = { ...pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard' }), metadata: { name: 'data', namespace: 'default', ...meta } } as PersistentVolumeClaim;
    expect(table({ ...claim, status: { phase: 'Pending' } }).rows[0]!.cells).toEqual(['data', 'Pending', '', '', '', 'standard', '<unset>', '60s', '<unset>']);
    const bound = { ...claim, spec: { ...claim.spec, volumeName: 'pv-1' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } } as PersistentVolumeClaim;
    expect(table(bound).columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode']);
    expect(table(bound).rows[0]!.cells.slice(0, 5)).toEqual(['data', 'Bound', 'pv-1', '1Gi', 'RWO']);
  });

  it('marks the default class', () => {
    const t = table(applyDefaults({ ...sc('standard', {}, { 'storageclass.kubernetes.io/is-default-class': 'true' }), metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' }, ...meta } } as StorageClass));
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age']);
    expect(t.rows[0]!.cells).toEqual(['standard (default)', 'bosun.io/local-path', 'Delete', 'Immediate', 'false', '60s']);
  });
});
