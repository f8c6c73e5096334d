import { $ref, bool, condition, CORE, kind, list, listKind, META, object, opaque, QUANTITY, quantities, ref, str, strings, time, type GroupVersionKind, type Schema } from './schema.builders';

const ACCESS_MODES = 'The ways the volume can be mounted: ReadWriteOnce (read-write by one node), ReadOnlyMany, ReadWriteMany, ReadWriteOncePod (read-write by one pod).';
const VOLUME_MODE = 'Filesystem (the default) or Block. Bosun mounts Filesystem volumes only.';
const STORED = 'Stored as given; Bosun\'s node agent does not mount it.';

/** PersistentVolume and PersistentVolumeClaim (core/v1): storage and the claims that bind it. */
export const STORAGE_SCHEMAS: Record<string, Schema> = {
  [`${CORE}PersistentVolume`]: kind(
    'PersistentVolume',
    'A PersistentVolume (PV) is a piece of storage of the cluster, made by hand or by a provisioner for a claim of a StorageClass (Bosun\'s bosun.io/local-path: a directory under the data directory). The binder binds it to one PersistentVolumeClaim; a pod mounts it through that claim.',
    {
      spec: ref(`${CORE}PersistentVolumeSpec`, 'What the volume is and offers.'),
      status: ref(`${CORE}PersistentVolumeStatus`, 'Where the volume is in its life, written by the binder.'),
    },
  ),
  [`${CORE}PersistentVolumeList`]: listKind('PersistentVolume', 'A list of PersistentVolumes.'),
  [`${CORE}PersistentVolumeSpec`]: object('What a PersistentVolume is and offers. Exactly one volume source.', {
    capacity: quantities('Its size: storage only, above zero.'),
    accessModes: strings(ACCESS_MODES),
    claimRef: ref(`${CORE}ObjectReference`, 'The claim the volume is bound to, set by the binder; set by hand to reserve the volume for that claim.'),
    persistentVolumeReclaimPolicy: str('What happens to the volume when its claim is deleted: Retain (the default: it is Released, kept for an administrator), Delete (it is deleted, and a provisioned directory with it), Recycle (deprecated).'),
    storageClassName: str('The class the volume belongs to; only claims of that class bind it. Empty: no class.'),
    mountOptions: strings('Mount options. Stored as given.'),
    volumeMode: str(VOLUME_MODE),
    nodeAffinity: opaque('The nodes the volume can be reached from (required for local volumes).'),
    volumeAttributesClassName: str('A VolumeAttributesClass. Stored as given.'),
    hostPath: ref(`${CORE}HostPathVolumeSource`, 'A directory of the node, mounted into pods like a hostPath volume.'),
    local: opaque('A local disk or directory of a node (path, fsType); needs nodeAffinity. Mounted like hostPath.'),
    nfs: opaque(`An NFS export. ${STORED}`),
    csi: opaque(`A CSI driver's volume. ${STORED}`),
    iscsi: opaque(`An iSCSI disk. ${STORED}`),
    fc: opaque(`A Fibre Channel disk. ${STORED}`),
  }),
  [`${CORE}PersistentVolumeStatus`]: object('Where a PersistentVolume is in its life.', {
    phase: str('Pending (just made), Available (free for a claim), Bound, Released (its claim is gone; kept by Retain), Failed (reclaiming failed).'),
    message: str('Why it is in this phase, for people.'),
    reason: str('Why it is in this phase, in CamelCase.'),
    lastPhaseTransitionTime: time('When the phase last changed.'),
  }),
  [`${CORE}PersistentVolumeClaim`]: kind(
    'PersistentVolumeClaim',
    'A PersistentVolumeClaim (PVC) asks for storage: a size, access modes and a StorageClass (the default class when none is named). The binder binds it to a matching PersistentVolume, or the class\'s provisioner makes one; pods mount it by name.',
    {
      spec: ref(`${CORE}PersistentVolumeClaimSpec`, 'What the claim asks for. Fixed once made, but for the volume name set once and, once bound, a larger storage request.'),
      status: ref(`${CORE}PersistentVolumeClaimStatus`, 'Whether and how the claim is bound, written by the binder.'),
    },
  ),
  [`${CORE}PersistentVolumeClaimList`]: listKind('PersistentVolumeClaim', 'A list of PersistentVolumeClaims.'),
  [`${CORE}PersistentVolumeClaimSpec`]: object('What a PersistentVolumeClaim asks for.', {
    accessModes: strings(ACCESS_MODES),
    selector: ref(`${META}LabelSelector`, 'Only volumes with matching labels are bound to the claim.'),
    resources: ref(`${CORE}VolumeResourceRequirements`, 'The storage asked for (requests.storage, required).'),
    volumeName: str('The volume the claim is bound to: set by the binder, or by hand to ask for that volume.'),
    storageClassName: str('The class of volume asked for. Unset: the default StorageClass\'s; "": only volumes without a class.'),
    volumeMode: str(VOLUME_MODE),
    dataSource: opaque(`A source to fill the volume from. ${STORED}`),
    dataSourceRef: opaque(`A source to fill the volume from. ${STORED}`),
    volumeAttributesClassName: str('A VolumeAttributesClass. Stored as given.'),
  }),
  [`${CORE}VolumeResourceRequirements`]: object('The storage a claim asks for.', {
    requests: quantities('The least storage the claim needs (storage).'),
    limits: quantities('The most storage the claim may take.'),
  }),
  [`${CORE}PersistentVolumeClaimStatus`]: object('Whether and how a claim is bound.', {
    phase: str('Pending (not bound yet), Bound, Lost (its volume is gone).'),
    accessModes: strings('The access modes of the bound volume.'),
    capacity: quantities('The size of the bound volume.'),
    conditions: list($ref(`${CORE}PersistentVolumeClaimCondition`), 'The claim\'s conditions (resizing).'),
    allocatedResources: { type: 'object', additionalProperties: $ref(QUANTITY), description: 'Storage allocated while resizing.' },
  }),
  [`${CORE}PersistentVolumeClaimCondition`]: condition('A condition of a claim.', 'Resizing, FileSystemResizePending, …', { lastProbeTime: time('When the condition was last probed.') }),
};

/** storage.k8s.io/v1 StorageClass. */
export const STORAGE_CLASS_SCHEMA = (gvk: GroupVersionKind[]): Schema =>
  object(
    'A StorageClass describes a class of storage and how volumes of it are provisioned for claims. The one annotated storageclass.kubernetes.io/is-default-class: "true" is given to claims that name none. Bosun creates "standard" (provisioner bosun.io/local-path: a directory per claim under the data directory) at start.',
    {
      apiVersion: str('The schema version ("storage.k8s.io/v1").'),
      kind: str('"StorageClass".'),
      metadata: ref(`${META}ObjectMeta`, "Standard object's metadata."),
      provisioner: str('The provisioner of the class\'s volumes. Required, fixed.'),
      parameters: { type: 'object', additionalProperties: { type: 'string' }, description: 'Parameters for the provisioner. Fixed.' },
      reclaimPolicy: str('The reclaim policy of the volumes it provisions: Delete (the default) or Retain. Fixed.'),
      mountOptions: strings('Mount options of the volumes it provisions.'),
      allowVolumeExpansion: bool('Whether claims may grow.'),
      volumeBindingMode: str('Immediate (the default: bind and provision at once) or WaitForFirstConsumer. Fixed.'),
      allowedTopologies: opaque('Where volumes may be provisioned. Stored as given.'),
    },
    { required: ['provisioner'], gvk },
  );
