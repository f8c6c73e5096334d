import { fieldErrors, type FieldCause } from '../api.errors';
import { sameJson } from '../conventions';
import type { KubeObject } from '../types/kube-object.types';
import { canonicalResourceList, compareQuantities, quantityError } from '../quantity';
import { PERSISTENT_VOLUME_SOURCES } from './storage.dto';
import { validateSchedulingGatesUpdate } from '../scheduling-gates';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** kube-apiserver's words for a pod update that touches more than it may. */
export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';


const immutable = (field: string, value: unknown): FieldCause => fieldErrors.invalid(field, value, 'field is immutable');

const goStrings = (values: unknown): string =>
  Array.isArray(values) ? `[]string{${values.map((v) => JSON.stringify(String(v))).join(', ')}}` : '[]string(nil)';

/**
 * Go's %#v of a metav1.LabelSelector, which is how field.Invalid prints one (its String() has a
 * pointer receiver): `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
 */
export function goLabelSelector(selector: Anything | null | undefined): string {
  if (!isObjLike(selector)) return 'null';
  const labels = isObjLike(selector.matchLabels)
    ? `map[string]string{${Object.keys(selector.matchLabels).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(selector.matchLabels[k]))}`).join(', ')}}`
    : 'map[string]string(nil)';
  const requirement = (r: Anything): string => `v1.LabelSelectorRequirement{Key:${JSON.stringify(String(r?.key ?? ''))}, Operator:${JSON.stringify(String(r?.operator ?? ''))}, Values:${goStrings(r?.values)}}`;
  const expressions = Array.isArray(selector.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${(selector.matchExpressions as Anything[]).map(requirement).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${expressions}}`;
}

/** A label selector fixed at creation, in ValidateImmutableField's words. */
const immutableSelector = (selector: unknown): FieldCause => ({
  reason: 'FieldValueInvalid',
  field: 'spec.selector',
  message: `Invalid value: ${goLabelSelector(selector as Anything)}: field is immutable`,
});

/** The pod spec with what an update may change blanked out, so the rest can be compared. */
const isObjLike = (v: unknown): v is Anything => typeof v === 'object' && v !== null && !Array.isArray(v);

function podSpecFrozen(spec: Anything | undefined): Anything {
  // Resources compared canonical: a pod stored before quantities were canonicalised keeps its spec.
  const image = (c: Anything): Anything => ({ ...c, image: undefined, ...(isObjLike(c.resources) ? { resources: { ...c.resources, limits: canonicalResourceList(c.resources.limits), requests: canonicalResourceList(c.resources.requests) } } : {}) });
  return {
    ...(spec ?? {}),
    containers: ((spec?.containers ?? []) as Anything[]).map(image),
    initContainers: ((spec?.initContainers ?? []) as Anything[]).map(image),
    activeDeadlineSeconds: undefined,
    tolerations: undefined,
    terminationGracePeriodSeconds: undefined,
    // Written through their own subresource only (validateEphemeralContainers), compared below.
    ephemeralContainers: undefined,
    // Only removed, checked apart (validateSchedulingGatesUpdate).
    schedulingGates: undefined,
  };
}

/**
 * What the `pods/ephemeralcontainers` subresource refuses: an ephemeral container changed or removed.
 * They are only ever added, each once (kube-apiserver's words).
 */
export function validateEphemeralContainers(current: KubeObject, next: KubeObject): FieldCause[] {
  const before = ((current as Anything).spec?.ephemeralContainers ?? []) as Anything[];
  const after = ((next as Anything).spec?.ephemeralContainers ?? []) as Anything[];
  const causes: FieldCause[] = [];
  for (const old of before) {
    const i = after.findIndex((c) => c?.name === old.name);
    if (i === -1) causes.push(fieldErrors.forbidden('spec.ephemeralContainers', `existing ephemeral containers "${String(old.name)}" may not be removed`));
    else if (!sameJson(after[i], old)) causes.push(fieldErrors.forbidden(`spec.ephemeralContainers[${i}]`, `existing ephemeral containers "${String(old.name)}" may not be changed`));
  }
  return causes;
}

/**
 * What Kubernetes forbids an update to change, given the stored object and the new one (both
 * defaulted): identity, a pod's spec beyond images and deadlines, a Service's cluster IP once set,
 * a Node's podCIDR once set. Returns field causes for a 422 Invalid.
 */
export function validateUpdate(current: KubeObject, next: KubeObject, through?: 'ephemeralcontainers'): FieldCause[] {
  const causes: FieldCause[] = [];
  const before = current as Anything;
  const after = next as Anything;
  if (after.metadata?.uid && before.metadata?.uid && after.metadata.uid !== before.metadata.uid) causes.push(immutable('metadata.uid', after.metadata.uid));
  // A creationTimestamp sent back is not checked: the stored one is kept, as kube-apiserver does — a
  // client may well write the same time another way (the Python client writes `+00:00`, not `Z`).
  switch (current.kind) {
    case 'ConfigMap':
    case 'Secret': {
      if (current.kind === 'Secret' && (after.type ?? 'Opaque') !== (before.type ?? 'Opaque')) causes.push(immutable('type', after.type));
      if (before.immutable !== true) break;
      const frozen = 'field is immutable when `immutable` is set';
      if (after.immutable !== true) causes.push(fieldErrors.forbidden('immutable', frozen));
      for (const field of current.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data']) {
        if (!sameJson(before[field] ?? {}, after[field] ?? {})) causes.push(fieldErrors.forbidden(field, frozen));
      }
      break;
    }
    case 'Pod': {
      if (!sameJson(podSpecFrozen(before.spec), podSpecFrozen(after.spec))) causes.push(fieldErrors.forbidden('spec', POD_UPDATE_FORBIDDEN));
      else if (through !== 'ephemeralcontainers' && !sameJson(before.spec?.ephemeralContainers ?? [], after.spec?.ephemeralContainers ?? [])) causes.push(fieldErrors.forbidden('spec', POD_UPDATE_FORBIDDEN));
      if (through === 'ephemeralcontainers') causes.push(...validateEphemeralContainers(current, next));
      causes.push(...validateSchedulingGatesUpdate(before, after));
      const tolerations = (before.spec?.tolerations ?? []) as unknown[];
      const kept = (after.spec?.tolerations ?? []) as unknown[];
      if (tolerations.some((t) => !kept.some((k) => sameJson(k, t)))) {
        causes.push(fieldErrors.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      }
      break;
    }
    case 'Service': {
      // The primary cluster IP, as kube-apiserver compares it: clusterIPs[0] (normalizeServiceUpdate
      // has made it follow clusterIP). "None" (headless) and a real address may not turn into each other either.
      const ips = (spec: { clusterIP?: string; clusterIPs?: string[] } | undefined): string[] | undefined =>
        spec?.clusterIPs?.length ? spec.clusterIPs : spec?.clusterIP ? [spec.clusterIP] : undefined;
      const was = ips(before.spec);
      const now = ips(after.spec);
      if (was && now && now[0] !== was[0] && before.spec?.type !== 'ExternalName' && after.spec?.type !== 'ExternalName') {
        causes.push(fieldErrors.invalid('spec.clusterIPs[0]', now, 'may not change once set'));
      }
      break;
    }
    case 'ReplicaSet':
    case 'Deployment':
    case 'DaemonSet': {
      // As kube-apiserver's strategy for every group version but extensions/v1beta1: the selector is fixed at creation.
      if (!sameJson(before.spec?.selector ?? null, after.spec?.selector ?? null)) causes.push(immutableSelector(after.spec?.selector));
      break;
    }
    case 'StatefulSet': {
      // ValidateStatefulSetUpdate: only these may change; the rest (selector, serviceName, claim templates, policy) is fixed.
      const mutable = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
      const frozen = (spec: Anything | undefined): Anything => Object.fromEntries(Object.entries(spec ?? {}).filter(([k, v]) => !mutable.includes(k) && v !== undefined && v !== null));
      if (!sameJson(frozen(before.spec), frozen(after.spec))) {
        causes.push(fieldErrors.forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
      }
      break;
    }
    case 'ControllerRevision':
      // ValidateControllerRevisionUpdate: what a revision recorded never changes.
      if (!sameJson(before.data ?? null, after.data ?? null)) causes.push(immutable('data', after.data));
      break;
    case 'Job': {
      // As kube-apiserver's job strategy: what the pods are made from and which are the Job's is fixed at creation.
      if (!sameJson(before.spec?.selector ?? null, after.spec?.selector ?? null)) causes.push(immutableSelector(after.spec?.selector));
      for (const field of ['template', 'completionMode'] as const) {
        if (!sameJson(before.spec?.[field] ?? null, after.spec?.[field] ?? null)) causes.push(immutable(`spec.${field}`, after.spec?.[field]));
      }
      break;
    }
    case 'PersistentVolumeClaim': {
      // ValidatePersistentVolumeClaimUpdate: the claim is fixed once made (quota is checked on it),
      // but for the volume name set once by the binder and, once bound, a larger storage request.
      // kube-apiserver appends a diff of the two specs to the message; Bosun names the fields instead.
      const frozen = (spec: Anything | undefined): Anything => {
        const { resources, volumeName, ...rest } = spec ?? {};
        const requests = { ...(resources?.requests ?? {}) };
        if (before.status?.phase === 'Bound') delete requests.storage;
        return { ...rest, volumeName: before.spec?.volumeName ? volumeName : undefined, resources: { ...resources, requests } };
      };
      const [was, now] = [frozen(before.spec), frozen(after.spec)];
      const changed = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((k) => !sameJson(was[k] ?? null, now[k] ?? null));
      if (changed.length > 0) causes.push(fieldErrors.forbidden('spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims: ${changed.map((k) => `spec.${k}`).join(', ')} changed`));
      const [oldSize, newSize] = [before.spec?.resources?.requests?.storage, after.spec?.resources?.requests?.storage];
      if (oldSize !== undefined && newSize !== undefined && quantityError(oldSize) === undefined && quantityError(newSize) === undefined && compareQuantities(newSize, oldSize) < 0) {
        causes.push(fieldErrors.forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
      }
      if ((after.spec?.volumeMode ?? null) !== (before.spec?.volumeMode ?? null)) causes.push(immutable('volumeMode', after.spec?.volumeMode));
      break;
    }
    case 'PersistentVolume': {
      // ValidatePersistentVolumeUpdate: what the volume is (its source) and its mode are fixed.
      const source = (spec: Anything | undefined): Anything => Object.fromEntries(PERSISTENT_VOLUME_SOURCES.map((k) => [k, spec?.[k] ?? null]));
      if (!sameJson(source(before.spec), source(after.spec))) causes.push(fieldErrors.forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
      if ((after.spec?.volumeMode ?? null) !== (before.spec?.volumeMode ?? null)) causes.push(immutable('volumeMode', after.spec?.volumeMode));
      break;
    }
    case 'StorageClass': {
      // ValidateStorageClassUpdate: how a class provisions never changes.
      if (!sameJson(before.parameters ?? {}, after.parameters ?? {})) causes.push(fieldErrors.forbidden('parameters', 'updates to parameters are forbidden.'));
      if (before.provisioner !== after.provisioner) causes.push(fieldErrors.forbidden('provisioner', 'updates to provisioner are forbidden.'));
      if (before.reclaimPolicy !== after.reclaimPolicy) causes.push(fieldErrors.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
      if (before.volumeBindingMode !== after.volumeBindingMode) causes.push(immutable('volumeBindingMode', after.volumeBindingMode));
      break;
    }
    case 'PriorityClass':
      // ValidatePriorityClassUpdate: a class's value and preemption policy are what pods were given.
      if (before.value !== after.value) causes.push(fieldErrors.forbidden('value', 'may not be changed in an update.'));
      if ((before.preemptionPolicy ?? null) !== (after.preemptionPolicy ?? null)) causes.push(immutable('preemptionPolicy', after.preemptionPolicy));
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      // ValidateRoleBindingUpdate: a binding grants one role for life (delete and recreate it to change).
      if (!sameJson(before.roleRef ?? null, after.roleRef ?? null)) causes.push(fieldErrors.invalid('roleRef', after.roleRef, 'cannot change roleRef'));
      break;
    case 'IngressClass':
      if ((before.spec?.controller ?? '') !== (after.spec?.controller ?? '')) causes.push(immutable('spec.controller', after.spec?.controller));
      break;
    case 'Node': {
      const was = before.spec?.podCIDR;
      if (was && after.spec?.podCIDR !== was) causes.push(fieldErrors.forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
      if (before.spec?.providerID && after.spec?.providerID !== before.spec.providerID) {
        causes.push(fieldErrors.forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
      }
      break;
    }
    default:
      break;
  }
  return causes;
}

/**
 * Kinds whose strategy validates the object before what an update may not change: a Pod
 * (ValidatePodUpdate's spec rule comes after its object checks), and the workloads whose selector
 * is fixed at creation — kube-apiserver appends that check after ValidateDeploymentUpdate /
 * ValidateReplicaSetUpdate / ValidateDaemonSetUpdate, and ValidateJobUpdate after ValidateJob.
 */
const OBJECT_CAUSES_FIRST: ReadonlySet<string> = new Set(['Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job']);

/** An update's causes in the order kube-apiserver reports them: the object's and the update's. */
export function updateCausesInOrder(kind: string, objectCauses: readonly FieldCause[], updateCauses: readonly FieldCause[]): FieldCause[] {
  return OBJECT_CAUSES_FIRST.has(kind) ? [...objectCauses, ...updateCauses] : [...updateCauses, ...objectCauses];
}
