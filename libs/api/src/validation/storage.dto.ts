import { Allow } from 'class-validator';
import { dns1123SubdomainErrors, labelKeyErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { compareQuantities, quantityError } from '../quantity';
import { metaDtoFor } from './meta.dto';
import { workloadSelector } from './replica-set.dto';
import { isBoolean, isString, isStringMap, Nested, oneOf, required, Rule, type Check } from './rules';

/** The access modes kube-apiserver knows (supportedAccessModes), as it lists them in errors: sorted. */
export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'] as const;
const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];

/**
 * The volume sources a PersistentVolume may carry, one of them (ValidatePersistentVolumeSpec's
 * order). Bosun's node agent mounts hostPath and local; the others are stored as given.
 */
export const PERSISTENT_VOLUME_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
] as const;

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** accessModes: each known; ReadWriteOncePod alone; at least one (`missing` words the Required). */
const accessModes =
  (missing?: string): Check =>
  (v) => {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return [fieldErrors.required('', missing)];
    if (!Array.isArray(v)) return [fieldErrors.typeInvalid('', v, 'must be an array')];
    const out: FieldCause[] = v.filter((m) => !(ACCESS_MODES as readonly string[]).includes(m)).map((m) => fieldErrors.notSupported('', m, ACCESS_MODES));
    const known = v.filter((m) => (ACCESS_MODES as readonly string[]).includes(m));
    if (known.includes('ReadWriteOncePod') && known.some((m) => m !== 'ReadWriteOncePod')) out.push(fieldErrors.forbidden('', 'may not use ReadWriteOncePod with other access modes'));
    return out;
  };

/** ValidatePositiveQuantityValue, after the quantity parses. */
const positiveQuantity = (at: string, q: unknown): FieldCause[] => {
  const why = quantityError(q);
  if (why) return [fieldErrors.invalid(at, q, why)];
  return compareQuantities(q as string, '0') > 0 ? [] : [fieldErrors.invalid(at, q, 'must be greater than zero')];
};

/** ValidateClassName: a DNS subdomain, when set. */
const className: Check = (v) => (typeof v !== 'string' ? [fieldErrors.typeInvalid('', v, 'must be a string')] : v === '' ? [] : dns1123SubdomainErrors(v).map((m) => fieldErrors.invalid('', v, m)));

const claimSelector: Check = (v) => {
  if (!isPlain(v)) return [fieldErrors.typeInvalid('', v, 'must be an object')];
  // A claim's selector may be empty (it selects every volume), unlike a workload's.
  if (Object.keys(v.matchLabels ?? {}).length + ((v.matchExpressions as unknown[]) ?? []).length === 0) return [];
  return workloadSelector('')(v, null);
};

export class HostPathSourceDto {
  @Rule(required(), { always: true }) @Rule(isString) path?: string;
  @Rule(oneOf(['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'])) type?: string;
}

export class LocalSourceDto {
  @Rule(required(), { always: true }) @Rule(isString) path?: string;
  @Rule(isString) fsType?: string;
}

export class PersistentVolumeSpecDto {
  @Rule(accessModes(), { always: true }) accessModes?: string[];
  @Rule(
    (v) => {
      if (v === undefined || v === null || (isPlain(v) && Object.keys(v).length === 0)) return [fieldErrors.required('')];
      if (!isPlain(v)) return [fieldErrors.typeInvalid('', v, 'must be an object')];
      const out: FieldCause[] = [];
      if (v.storage === undefined || Object.keys(v).length > 1) out.push(fieldErrors.notSupported('', v, ['storage']));
      for (const [name, q] of Object.entries(v)) out.push(...positiveQuantity(`[${name}]`, q));
      return out;
    },
    { always: true },
  )
  capacity?: Record<string, string>;
  @Allow() claimRef?: unknown;
  @Rule((v) => (RECLAIM_POLICIES.includes(v) || v === '' ? [] : [fieldErrors.notSupported('', v, RECLAIM_POLICIES)])) persistentVolumeReclaimPolicy?: string;
  @Rule(className) storageClassName?: string;
  @Allow() mountOptions?: string[];
  @Rule(oneOf(VOLUME_MODES)) volumeMode?: string;
  @Allow() nodeAffinity?: unknown;
  @Rule(className) volumeAttributesClassName?: string;
  @Nested(() => HostPathSourceDto) hostPath?: HostPathSourceDto;
  @Nested(() => LocalSourceDto) local?: LocalSourceDto;
  @Allow() gcePersistentDisk?: unknown;
  @Allow() awsElasticBlockStore?: unknown;
  @Allow() glusterfs?: unknown;
  @Allow() flocker?: unknown;
  @Allow() nfs?: unknown;
  @Allow() rbd?: unknown;
  @Allow() quobyte?: unknown;
  @Allow() cephfs?: unknown;
  @Allow() iscsi?: unknown;
  @Allow() cinder?: unknown;
  @Allow() fc?: unknown;
  @Allow() flexVolume?: unknown;
  @Allow() azureFile?: unknown;
  @Allow() vsphereVolume?: unknown;
  @Allow() photonPersistentDisk?: unknown;
  @Allow() portworxVolume?: unknown;
  @Allow() azureDisk?: unknown;
  @Allow() scaleIO?: unknown;
  @Allow() storageos?: unknown;
  @Allow() csi?: unknown;
}

/** Exactly one volume source: none is "must specify a volume type" at spec, each extra one Forbidden at itself. */
const oneVolumeSource: Check = (spec) => {
  if (!isPlain(spec)) return [];
  const given = PERSISTENT_VOLUME_SOURCES.filter((s) => spec[s] !== undefined && spec[s] !== null);
  if (given.length === 0) return [fieldErrors.required('', 'must specify a volume type')];
  const out = given.slice(1).map((s) => fieldErrors.forbidden(`.${s}`, 'may not specify more than 1 volume type'));
  const affinity = spec.nodeAffinity;
  if (given[0] === 'local' && !(isPlain(affinity) && isPlain(affinity.required))) out.push(fieldErrors.required('.nodeAffinity', 'Local volume requires node affinity'));
  return out;
};

export class PersistentVolumeStatusDto {
  @Rule(oneOf(['Pending', 'Available', 'Bound', 'Released', 'Failed'])) phase?: string;
  @Rule(isString) message?: string;
  @Rule(isString) reason?: string;
  @Allow() lastPhaseTransitionTime?: string;
}

const ClusterScopedMetaDto = metaDtoFor(dns1123SubdomainErrors, false);
const NamespacedMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

/** ValidatePersistentVolume: a DNS-subdomain name, no namespace, a spec as ValidatePersistentVolumeSpec wants it. */
export class PersistentVolumeDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['PersistentVolume'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => ClusterScopedMetaDto) metadata!: InstanceType<typeof ClusterScopedMetaDto>;
  @Rule(required('must specify a volume type'), { always: true }) @Rule(oneVolumeSource) @Nested(() => PersistentVolumeSpecDto) spec?: PersistentVolumeSpecDto;
  @Nested(() => PersistentVolumeStatusDto) status?: PersistentVolumeStatusDto;
}

export class ClaimResourcesDto {
  @Rule(isStringMap) requests?: Record<string, string>;
  @Rule(isStringMap) limits?: Record<string, string>;
}

export class PersistentVolumeClaimSpecDto {
  @Rule(accessModes('at least 1 access mode is required'), { always: true }) accessModes?: string[];
  @Rule(claimSelector) @Allow() selector?: unknown;
  // The storage request, reported at resources[storage] as ValidatePersistentVolumeClaimSpec keys it.
  @Rule(
    (v) => {
      const requests = isPlain(v) && isPlain(v.requests) ? v.requests : {};
      return requests.storage === undefined ? [fieldErrors.required('[storage]')] : positiveQuantity('[storage]', requests.storage);
    },
    { always: true },
  )
  @Nested(() => ClaimResourcesDto)
  resources?: ClaimResourcesDto;
  @Rule(isString) volumeName?: string;
  @Rule(className) storageClassName?: string;
  @Rule(oneOf(VOLUME_MODES)) volumeMode?: string;
  @Allow() dataSource?: unknown;
  @Allow() dataSourceRef?: unknown;
  @Rule(className) volumeAttributesClassName?: string;
}

export class PersistentVolumeClaimStatusDto {
  @Rule(oneOf(['Pending', 'Bound', 'Lost'])) phase?: string;
  @Allow() accessModes?: string[];
  @Allow() capacity?: Record<string, string>;
  @Allow() conditions?: unknown[];
  @Allow() allocatedResources?: Record<string, string>;
  @Allow() allocatedResourceStatuses?: Record<string, string>;
  @Allow() currentVolumeAttributesClassName?: string;
  @Allow() modifyVolumeStatus?: unknown;
}

/** ValidatePersistentVolumeClaim: a DNS-subdomain name in a namespace, a spec as ValidatePersistentVolumeClaimSpec wants it. */
export class PersistentVolumeClaimDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['PersistentVolumeClaim'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => NamespacedMetaDto) metadata!: InstanceType<typeof NamespacedMetaDto>;
  @Rule(required(), { always: true }) @Nested(() => PersistentVolumeClaimSpecDto) spec?: PersistentVolumeClaimSpecDto;
  @Nested(() => PersistentVolumeClaimStatusDto) status?: PersistentVolumeClaimStatusDto;
}

/** ValidateStorageClass: a provisioner (a qualified name), known reclaim policy and binding mode. */
export class StorageClassDto {
  @Rule(oneOf(['storage.k8s.io/v1'])) apiVersion!: string;
  @Rule(oneOf(['StorageClass'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => ClusterScopedMetaDto) metadata!: InstanceType<typeof ClusterScopedMetaDto>;
  @Rule((v) => (typeof v !== 'string' || v === '' ? [fieldErrors.required('')] : labelKeyErrors(v).map((m) => fieldErrors.invalid('', v, m))), { always: true }) provisioner?: string;
  @Rule(isStringMap) parameters?: Record<string, string>;
  @Rule((v) => (v === 'Delete' || v === 'Retain' ? [] : [fieldErrors.notSupported('', v, ['Delete', 'Retain'])])) reclaimPolicy?: string;
  @Allow() mountOptions?: string[];
  @Rule(isBoolean) allowVolumeExpansion?: boolean;
  @Rule((v) => (v === 'Immediate' || v === 'WaitForFirstConsumer' ? [] : [fieldErrors.notSupported('', v, ['Immediate', 'WaitForFirstConsumer'])]), { always: true }) volumeBindingMode?: string;
  @Allow() allowedTopologies?: unknown[];
}
