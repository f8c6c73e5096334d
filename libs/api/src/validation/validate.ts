import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { fieldErrors, type FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import type { Kind, KubeObject } from '../types/kube-object.types';
import { EndpointsDto, EventDto, NamespaceDto, NodeDto } from './cluster.dto';
import { ConfigMapDto, SecretDto } from './config.dto';
import { LeaseDto } from './lease.dto';
import { JobDto } from './job.dto';
import { ControllerRevisionDto, StatefulSetDto } from './stateful-set.dto';
import { CronJobDto } from './cron-job.dto';
import { PodDisruptionBudgetDto } from './pod-disruption-budget.dto';
import { HorizontalPodAutoscalerDto } from './horizontal-pod-autoscaler.dto';
import { ClusterRoleBindingDto, ClusterRoleDto, RoleBindingDto, RoleDto } from './rbac.dto';
import { IngressClassDto, IngressDto, ingressStatus, NetworkPolicyDto } from './networking.dto';
import { CLAIM_VOLUME_NAMES, PodDto } from './pod.dto';
import { DeploymentDto } from './deployment.dto';
import { DaemonSetDto } from './daemon-set.dto';
import { ReplicaSetDto } from './replica-set.dto';
import { ReplicationControllerDto } from './replication-controller.dto';
import { cacheValidationMetadata } from './metadata-cache';
import { decodeCauses, under } from './rules';
import { ServiceAccountDto } from './service-account.dto';
import { ServiceDto } from './service.dto';
import { LimitRangeDto, ResourceQuotaDto } from './resource-quota.dto';
import { PersistentVolumeClaimDto, PersistentVolumeDto, StorageClassDto } from './storage.dto';
import { PriorityClassDto } from './priority-class.dto';

cacheValidationMetadata();

const DTO_OF: Record<Kind, new () => object> = {
  Pod: PodDto,
  Node: NodeDto,
  ReplicationController: ReplicationControllerDto,
  Service: ServiceDto,
  Endpoints: EndpointsDto,
  Namespace: NamespaceDto,
  Event: EventDto,
  ConfigMap: ConfigMapDto,
  Secret: SecretDto,
  ServiceAccount: ServiceAccountDto,
  Lease: LeaseDto,
  ReplicaSet: ReplicaSetDto,
  Deployment: DeploymentDto,
  Job: JobDto,
  DaemonSet: DaemonSetDto,
  StatefulSet: StatefulSetDto,
  ControllerRevision: ControllerRevisionDto,
  CronJob: CronJobDto,
  PersistentVolume: PersistentVolumeDto,
  PersistentVolumeClaim: PersistentVolumeClaimDto,
  StorageClass: StorageClassDto,
  ResourceQuota: ResourceQuotaDto,
  LimitRange: LimitRangeDto,
  PriorityClass: PriorityClassDto,
  PodDisruptionBudget: PodDisruptionBudgetDto,
  HorizontalPodAutoscaler: HorizontalPodAutoscalerDto,
  Role: RoleDto,
  RoleBinding: RoleBindingDto,
  ClusterRole: ClusterRoleDto,
  ClusterRoleBinding: ClusterRoleBindingDto,
  Ingress: IngressDto,
  IngressClass: IngressClassDto,
  NetworkPolicy: NetworkPolicyDto,
};

/** class-validator's internal constraint names that carry no encoded cause. */
const WHITELIST = 'whitelistValidation';
const NESTED = 'nestedValidation';

function toDto(obj: KubeObject): object | undefined {
  const cls = DTO_OF[obj?.kind as Kind];
  const dto = cls ? (plainToInstance(cls, obj) as object) : undefined;
  // A StatefulSet's containers may mount its claim templates (kube-apiserver does not hold its template to the pod's volume rule).
  const templateSpec = (dto as { kind?: string; spec?: { template?: { spec?: Record<symbol, unknown> }; volumeClaimTemplates?: unknown } } | undefined);
  if (templateSpec?.kind === 'StatefulSet' && typeof templateSpec.spec?.template?.spec === 'object' && templateSpec.spec.template.spec !== null && Array.isArray(templateSpec.spec.volumeClaimTemplates)) {
    templateSpec.spec.template.spec[CLAIM_VOLUME_NAMES] = (templateSpec.spec.volumeClaimTemplates as { metadata?: { name?: string } }[]).map((t) => t?.metadata?.name).filter((n) => typeof n === 'string');
  }
  return dto;
}

const childPath = (parent: string, property: string, parentIsArray: boolean): string =>
  parentIsArray ? `${parent}[${property}]` : parent ? `${parent}.${property}` : property;

/** Flattens class-validator's error tree into FieldCauses with Kubernetes field paths. */
export function toFieldCauses(errors: ValidationError[], parent = '', parentIsArray = false): FieldCause[] {
  const out: FieldCause[] = [];
  for (const e of errors) {
    const path = childPath(parent, e.property, parentIsArray);
    const constraints = Object.entries(e.constraints ?? {});
    const decoded = constraints.some(([name]) => name !== NESTED && name !== WHITELIST);
    for (const [name, message] of constraints) {
      if (name === WHITELIST) {
        out.push(fieldErrors.unknown(path));
        continue;
      }
      // A shape error ("must be an object") is already reported by our own rule; null is "unset".
      if (name === NESTED && (decoded || e.value === null)) continue;
      const causes = decodeCauses(message);
      if (causes) out.push(...causes.map((c) => ({ ...c, field: path + c.field })));
      else out.push(fieldErrors.invalid(path, e.value, message));
    }
    if (e.children?.length) out.push(...toFieldCauses(e.children, path, Array.isArray(e.value)));
  }
  return out;
}

/** Kubernetes lists field errors in a stable order; duplicates (same field and message) are dropped. */
function dedupe(causes: FieldCause[]): FieldCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const k = `${c.reason}\u0000${c.field}\u0000${c.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * All violations of an object about to be created or updated; [] = valid. Does not mutate.
 * Validates the object as it would be stored, i.e. after applyDefaults (which is idempotent), as
 * Kubernetes validates after defaulting. With `strict`, unknown fields are violations too
 * (reason FieldValueUnknown), as with fieldValidation=Strict.
 */
export function validateObject(obj: KubeObject, options: { strict?: boolean } = {}): FieldCause[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [fieldErrors.typeInvalid('', obj, 'must be an object')];
  if (!(obj.kind in DTO_OF)) return [fieldErrors.notSupported('kind', obj.kind, Object.keys(DTO_OF))];
  const dto = toDto(applyDefaults(obj))!;
  const causes = toFieldCauses(validateSync(dto, { forbidUnknownValues: false }));
  if (options.strict) causes.push(...unknownFields(obj).map((f) => fieldErrors.unknown(f)));
  return dedupe(causes);
}

/** An object as the API server would store it, with what is wrong with it (see checkObject). */
export interface CheckedObject {
  /** The object after applyDefaults, without its unknown fields (kube's decoder drops them). */
  readonly object: KubeObject;
  /** Its violations, as validateObject reports them; [] = valid. */
  readonly causes: FieldCause[];
  /** Fields Kubernetes would not recognise, as unknownFields reports them. */
  readonly unknown: string[];
}

/**
 * Defaults, violations and unknown fields of an object about to be written, in one pass: one
 * deep copy, one conversion to its DTO and one validation with the whitelist, where applyDefaults
 * then unknownFields then validateObject take three copies, two conversions and two validations.
 * Same answers as those, because defaulting only ever adds or rewrites fields the DTOs know
 * (validate.spec.ts checks it), so the defaulted object has the unknown fields of the given one.
 */
export function checkObject(obj: KubeObject): CheckedObject {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return { object: obj, causes: [fieldErrors.typeInvalid('', obj, 'must be an object')], unknown: [] };
  if (!(obj.kind in DTO_OF)) return { object: applyDefaults(obj), causes: [fieldErrors.notSupported('kind', obj.kind, Object.keys(DTO_OF))], unknown: [] };
  const object = applyDefaults(obj);
  const errors = validateSync(toDto(object)!, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  const causes = toFieldCauses(errors).filter((c) => c.reason !== UNKNOWN_REASON);
  const unknown = collectUnknown(errors);
  return { object: unknown.length === 0 ? object : (withoutUnknown(object, errors) as KubeObject), causes: dedupe(causes), unknown };
}

/**
 * The object without the fields the validation found unknown, as kube-apiserver's decoder drops
 * them (into a Go struct): whatever fieldValidation says — Warn and Ignore store the object without
 * them, Strict refuses it. Copies only along the paths it changes.
 */
function withoutUnknown(value: unknown, errors: readonly ValidationError[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const target = out as Record<string, unknown>;
  for (const e of errors) {
    if (e.constraints?.[WHITELIST]) delete target[e.property];
    else if (e.children?.length && e.property in target) target[e.property] = withoutUnknown(target[e.property], e.children);
  }
  return out;
}

const UNKNOWN_REASON = fieldErrors.unknown('').reason;

/**
 * Fields Kubernetes would not recognise, e.g. 'spec.containers[0].imagee'. Map-valued fields
 * (labels, annotations, selectors, resource lists) hold arbitrary keys and are not descended into.
 */
export function unknownFields(obj: KubeObject): string[] {
  const dto = obj && typeof obj === 'object' ? toDto(obj) : undefined;
  if (!dto) return [];
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  return collectUnknown(errors);
}

function collectUnknown(errors: ValidationError[], parent = '', parentIsArray = false): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = childPath(parent, e.property, parentIsArray);
    if (e.constraints?.[WHITELIST]) out.push(path);
    if (e.children?.length) out.push(...collectUnknown(e.children, path, Array.isArray(e.value)));
  }
  return out;
}

/**
 * What a write of the status subresource may not set, as kube-apiserver's status strategies
 * validate it (only the status: the rest of the object is kept as stored). Ingress only for now
 * (ValidateIngressStatusUpdate); other kinds' status writes are taken as given.
 */
export function validateStatus(obj: KubeObject): FieldCause[] {
  if (obj?.kind !== 'Ingress') return [];
  const status = (obj as { status?: unknown }).status;
  return status === undefined || status === null ? [] : under('status', ingressStatus(status, obj));
}
