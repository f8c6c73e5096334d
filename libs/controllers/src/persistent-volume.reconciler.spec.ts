import type { KubeObject } from '@bosun/api';
import { persistentVolumeReconciler } from './persistent-volume.reconciler';
import { cacheOf, meta, plan, summary } from './testing/cache.given';

const reconciler = persistentVolumeReconciler({ volumesDir: '/data/volumes' });
const standard = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', uid: 'sc' }, provisioner: 'bosun.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' } as unknown as KubeObject;
const claim = (spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, status: Record<string, unknown> = { phase: 'Pending' }): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'default', uid: 'c1', finalizers: ['kubernetes.io/pvc-protection'], ...extra },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem', storageClassName: 'standard', ...spec },
    status,
  }) as unknown as KubeObject;
const volume = (name: string, spec: Record<string, unknown> = {}, status: Record<string, unknown> = { phase: 'Available' }, extra: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, uid: `uid-${name}`, finalizers: ['kubernetes.io/pv-protection'], ...extra },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', storageClassName: 'standard', hostPath: { path: `/srv/${name}` }, ...spec },
    status,
  }) as unknown as KubeObject;
const ref = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: 'default', name: 'data', uid: 'c1' };
const CLAIM = 'persistentvolumeclaims/default/data';

describe('the persistent volume controller', () => {
  it('binds a pending claim to the smallest matching volume: claimRef first, then the claim\'s volumeName', () => {
    const commands = plan(reconciler, [standard, claim(), volume('big', { capacity: { storage: '5Gi' } }), volume('small', { capacity: { storage: '2Gi' } }), volume('tiny', { capacity: { storage: '512Mi' } })], CLAIM);
    expect(summary(commands)).toEqual(['Replace PersistentVolume/small', 'Replace PersistentVolumeClaim/data']);
    expect(commands[0]).toMatchObject({ command: { data: { object: { spec: { claimRef: { name: 'data', namespace: 'default', uid: 'c1' } }, metadata: { annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' } } } } } });
    expect(commands[1]).toMatchObject({ command: { data: { object: { spec: { volumeName: 'small' }, metadata: { annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } } } } } });
  });

  it('matches class, access modes and selector', () => {
    const other = volume('other', { storageClassName: 'fast' });
    const rox = volume('rox', { accessModes: ['ReadOnlyMany'] });
    const labelled = volume('labelled', {}, { phase: 'Available' }, { labels: { tier: 'db' } });
    expect(summary(plan(reconciler, [claim({ storageClassName: 'fast-missing' }), other, rox], CLAIM))).toEqual([]);
    expect(summary(plan(reconciler, [claim({ selector: { matchLabels: { tier: 'db' } } }), volume('plain'), labelled], CLAIM))).toEqual(['Replace PersistentVolume/labelled', 'Replace PersistentVolumeClaim/data']);
  });

  it('provisions a hostPath volume pvc-<uid> for a claim of a bosun.io/local-path class that nothing matches', () => {
    const commands = plan(reconciler, [standard, claim()], CLAIM);
    expect(summary(commands)).toEqual(['Create PersistentVolume/pvc-c1']);
    expect(commands[0]).toMatchObject({
      command: {
        data: {
          object: {
            metadata: { annotations: { 'pv.kubernetes.io/provisioned-by': 'bosun.io/local-path' } },
            spec: { capacity: { storage: '1Gi' }, claimRef: ref, persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard', hostPath: { path: '/data/volumes/pvc-c1', type: 'DirectoryOrCreate' } },
          },
        },
      },
    });
    // Then the volume reserved for it binds it.
    const provisioned = volume('pvc-c1', { claimRef: ref, persistentVolumeReclaimPolicy: 'Delete' }, { phase: 'Pending' });
    expect(summary(plan(reconciler, [standard, claim(), provisioned], CLAIM))).toEqual(['Replace PersistentVolumeClaim/data']);
  });

  it('marks both Bound once the claim names the volume and the volume the claim', () => {
    const bound = claim({ volumeName: 'pv-1' });
    const pv = volume('pv-1', { claimRef: ref }, { phase: 'Available' });
    const claimCommands = plan(reconciler, [bound, pv], CLAIM);
    expect(summary(claimCommands)).toEqual(['UpdateStatus PersistentVolumeClaim/data']);
    expect(claimCommands[0]).toMatchObject({ command: { data: { status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } } } });
    expect(plan(reconciler, [bound, pv], 'persistentvolumes/pv-1')).toMatchObject([{ command: { type: 'UpdateStatus', data: { status: { phase: 'Bound' } } } }]);
  });

  it('releases a volume whose claim is gone, and deletes it when its policy is Delete', () => {
    expect(plan(reconciler, [volume('pv-1', { claimRef: ref }, { phase: 'Bound' })], 'persistentvolumes/pv-1')).toMatchObject([{ command: { type: 'UpdateStatus', data: { status: { phase: 'Released' } } } }]);
    expect(plan(reconciler, [volume('pv-1', { claimRef: ref }, { phase: 'Released' })], 'persistentvolumes/pv-1')).toEqual([]);
    expect(summary(plan(reconciler, [volume('pv-1', { claimRef: ref, persistentVolumeReclaimPolicy: 'Delete' }, { phase: 'Released' })], 'persistentvolumes/pv-1'))).toEqual(['Delete PersistentVolume/pv-1']);
    expect(plan(reconciler, [volume('pv-1', {}, { phase: 'Pending' })], 'persistentvolumes/pv-1')).toMatchObject([{ command: { type: 'UpdateStatus', data: { status: { phase: 'Available' } } } }]);
  });

  it('keeps pvc-protection while an unfinished pod mounts the claim, and pv-protection while the volume is Bound', () => {
    const deleting = claim({ volumeName: 'pv-1' }, { deletionTimestamp: '2026-11-28T10:00:00Z' }, { phase: 'Bound' });
    const pod = (phase: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app', namespace: 'default', uid: 'p' }, spec: { containers: [], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] }, status: { phase } }) as unknown as KubeObject;
    expect(plan(reconciler, [deleting, pod('Running')], CLAIM)).toEqual([]);
    const freed = plan(reconciler, [deleting, pod('Succeeded')], CLAIM);
    expect(summary(freed)).toEqual(['Replace PersistentVolumeClaim/data']);
    expect((freed[0]!.command as { data: { object: KubeObject } }).data.object.metadata.finalizers).toEqual([]);
    const going = (phase: string) => volume('pv-1', { claimRef: ref }, { phase }, { deletionTimestamp: '2026-11-28T10:00:00Z' });
    expect(plan(reconciler, [going('Bound'), claim({ volumeName: 'pv-1' })], 'persistentvolumes/pv-1')).toEqual([]);
    expect(summary(plan(reconciler, [going('Released')], 'persistentvolumes/pv-1'))).toEqual(['Replace PersistentVolume/pv-1']);
  });

  it('makes the default class standard at start when the cluster has none', () => {
    const state = cacheOf([]);
    expect(reconciler.initialKeys(state)).toContain('storageclasses/standard');
    const commands = reconciler.plan('storageclasses/standard', state, meta);
    expect(commands).toMatchObject([{ command: { type: 'Create', data: { object: { metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'bosun.io/local-path' } } } }]);
    expect(reconciler.plan('storageclasses/standard', cacheOf([{ ...standard, metadata: { name: 'mine', uid: 'm' } } as KubeObject]), meta)).toEqual([]);
  });
});
