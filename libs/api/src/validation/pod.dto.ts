import { Allow } from 'class-validator';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { compareQuantities, formatQuantity, quantityError } from '../quantity';
import { labelMap, metaDtoFor } from './meta.dto';
import { envVarNameErrors, ipErrors, portNameErrors } from './names';
import { preemptionPolicy } from './priority-class.dto';
import { all, intInRange, isAbsent, isString, messages, Nested, nonNegative, oneOf, required, Rule, type Check } from './rules';

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const; // sorted, as Kubernetes lists supported values
export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
export const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'] as const;

const portNumber = intInRange(1, 65535);

/** A port given as a number (1–65535) or an IANA_SVC_NAME naming a container port. */
export const portNumOrName: Check = (v) => {
  if (typeof v === 'number') return portNumber(v, null);
  if (typeof v === 'string') return messages(portNameErrors)(v, null);
  return [fieldErrors.typeInvalid('', v, 'must be an integer or a string')];
};

export class ContainerPortDto {
  @Rule(all(required(), portNumber), { always: true }) containerPort!: number;
  @Rule((v) => (v === 0 ? [] : portNumber(v, null))) hostPort?: number;
  @Rule(all(isString, messages(ipErrors))) hostIP?: string;
  @Rule(oneOf(PROTOCOLS)) protocol?: string;
  @Rule(messages(portNameErrors)) name?: string;
}

export class KeySelectorDto {
  @Allow() name?: string;
  @Rule(required(), { always: true }) key!: string;
  @Allow() optional?: boolean;
}
export class ObjectFieldSelectorDto {
  @Allow() apiVersion?: string;
  @Rule(required(), { always: true }) fieldPath!: string;
}
export class ResourceFieldSelectorDto {
  @Allow() containerName?: string;
  @Rule(required(), { always: true }) resource!: string;
  @Rule((v) => (quantityError(v) ? [fieldErrors.invalid('', v, quantityError(v))] : [])) divisor?: string;
}
export class EnvVarSourceDto {
  @Nested(() => ObjectFieldSelectorDto) fieldRef?: ObjectFieldSelectorDto;
  @Nested(() => ResourceFieldSelectorDto) resourceFieldRef?: ResourceFieldSelectorDto;
  @Nested(() => KeySelectorDto) configMapKeyRef?: KeySelectorDto;
  @Nested(() => KeySelectorDto) secretKeyRef?: KeySelectorDto;
}
const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const;

export class EnvVarDto {
  @Rule(all(required(), messages(envVarNameErrors)), { always: true }) name!: string;
  @Rule(isString) value?: string;
  @Rule((src: Record<string, unknown>, env: EnvVarDto) => {
    const set = ENV_SOURCES.filter((k) => !isAbsent(src?.[k]));
    if (set.length === 0) return [fieldErrors.invalid('', '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`')];
    if (set.length > 1) return [fieldErrors.invalid('', '', 'may not have more than one field specified at a time')];
    return env.value ? [fieldErrors.invalid('', '', 'may not be specified when `value` is not empty')] : [];
  })
  @Nested(() => EnvVarSourceDto)
  valueFrom?: EnvVarSourceDto;
}

const quantityMap: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [fieldErrors.typeInvalid('', v, 'must be an object')];
  const out: FieldCause[] = [];
  for (const [name, q] of Object.entries(v as Record<string, unknown>)) {
    const err = quantityError(q);
    if (err) out.push(fieldErrors.invalid(`[${name}]`, q, err));
    else if (compareQuantities(q as string, '0') < 0) out.push(fieldErrors.invalid(`[${name}]`, q, 'must be greater than or equal to 0'));
  }
  return out;
};

export class ResourceRequirementsDto {
  @Rule(quantityMap) limits?: Record<string, string>;
  /** A request above its limit is invalid (Kubernetes reports it at the request). */
  @Rule(
    all(quantityMap, (reqs: Record<string, string>, r: ResourceRequirementsDto) => {
      const out: FieldCause[] = [];
      for (const [name, q] of Object.entries(reqs)) {
        const limit = r.limits?.[name];
        if (limit === undefined || quantityError(limit)) continue;
        if (compareQuantities(q, limit) > 0)
          // Both as Quantity.String() prints them: the request a quoted canonical string (`cpu: 2` is "2").
          out.push(fieldErrors.invalid(`[${name}]`, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
      return out;
    }),
  )
  requests?: Record<string, string>;
  @Allow() claims?: unknown[];
}

export class ExecActionDto {
  @Rule(required(), { always: true }) command!: string[];
}
export class HTTPHeaderDto {
  @Rule(required(), { always: true }) name!: string;
  @Rule(isString) value!: string;
}
export class HTTPGetActionDto {
  @Allow() path?: string;
  @Rule(all(required(), portNumOrName), { always: true }) port!: number | string;
  @Allow() host?: string;
  @Rule(oneOf(['HTTP', 'HTTPS'])) scheme?: string;
  @Nested(() => HTTPHeaderDto, { each: true }) httpHeaders?: HTTPHeaderDto[];
}
export class TCPSocketActionDto {
  @Rule(all(required(), portNumOrName), { always: true }) port!: number | string;
  @Allow() host?: string;
}
export class GRPCActionDto {
  @Rule(all(required(), portNumber), { always: true }) port!: number;
  @Allow() service?: string;
}

export class ProbeDto {
  @Nested(() => ExecActionDto) exec?: ExecActionDto;
  @Nested(() => HTTPGetActionDto) httpGet?: HTTPGetActionDto;
  @Nested(() => TCPSocketActionDto) tcpSocket?: TCPSocketActionDto;
  @Nested(() => GRPCActionDto) grpc?: GRPCActionDto;
  @Rule(nonNegative) initialDelaySeconds?: number;
  @Rule(nonNegative) timeoutSeconds?: number;
  @Rule(nonNegative) periodSeconds?: number;
  @Rule(nonNegative) successThreshold?: number;
  @Rule(nonNegative) failureThreshold?: number;
  @Rule(intInRange(1)) terminationGracePeriodSeconds?: number;
}
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/** Exactly one handler; liveness and startup probes must succeed once to count (successThreshold 1). */
function probe(kind: 'liveness' | 'readiness' | 'startup'): Check<ProbeDto> {
  return (p) => {
    if (typeof p !== 'object' || p === null) return [];
    const out: FieldCause[] = [];
    const set = HANDLERS.filter((h) => !isAbsent(p[h]));
    if (set.length === 0) out.push(fieldErrors.required('', 'must specify a handler type'));
    for (const extra of set.slice(1)) out.push(fieldErrors.forbidden(`.${extra}`, 'may not specify more than 1 handler type'));
    if (kind !== 'readiness' && !isAbsent(p.successThreshold) && p.successThreshold !== 1)
      out.push(fieldErrors.invalid('.successThreshold', p.successThreshold, 'must be 1'));
    return out;
  };
}

export class VolumeMountDto {
  @Rule(required(), { always: true }) name!: string;
  @Rule(required(), { always: true }) mountPath!: string;
  @Allow() readOnly?: boolean;
  @Allow() subPath?: string;
  @Allow() subPathExpr?: string;
  @Allow() mountPropagation?: string;
  @Allow() recursiveReadOnly?: string;
}

/** Container port names are unique within a container, as are (containerPort, protocol) pairs. */
const uniquePorts: Check<ContainerPortDto[]> = (ports) => {
  if (!Array.isArray(ports)) return [];
  const out: FieldCause[] = [];
  const names = new Set<string>();
  const pairs = new Set<string>();
  ports.forEach((p, i) => {
    if (typeof p !== 'object' || p === null) return;
    if (p.name) {
      if (names.has(p.name)) out.push(fieldErrors.duplicate(`[${i}].name`, p.name));
      names.add(p.name);
    }
    // Kubernetes itself only warns here; rejecting is stricter but catches copy-paste errors.
    const pair = `${p.containerPort}/${p.protocol ?? 'TCP'}`;
    if (typeof p.containerPort === 'number' && pairs.has(pair)) out.push(fieldErrors.duplicate(`[${i}].containerPort`, pair));
    pairs.add(pair);
  });
  return out;
};

export class ContainerDto {
  @Rule(all(required(), messages(dns1123LabelErrors)), { always: true }) name!: string;
  @Rule(
    all(required(), isString, (img: unknown) =>
      typeof img === 'string' && img.trim() !== img ? [fieldErrors.invalid('', img, 'must not have leading or trailing whitespace')] : [],
    ),
    { always: true },
  )
  image?: string;
  @Allow() command?: string[];
  @Allow() args?: string[];
  @Allow() workingDir?: string;
  @Rule(uniquePorts) @Nested(() => ContainerPortDto, { each: true }) ports?: ContainerPortDto[];
  @Nested(() => EnvVarDto, { each: true })
  env?: EnvVarDto[];
  @Nested(() => ResourceRequirementsDto) resources?: ResourceRequirementsDto;
  @Rule(probe('readiness')) @Nested(() => ProbeDto) readinessProbe?: ProbeDto;
  @Rule(probe('liveness')) @Nested(() => ProbeDto) livenessProbe?: ProbeDto;
  @Rule(probe('startup')) @Nested(() => ProbeDto) startupProbe?: ProbeDto;
  @Rule(oneOf(PULL_POLICIES)) imagePullPolicy?: string;
  @Nested(() => VolumeMountDto, { each: true }) volumeMounts?: VolumeMountDto[];
  @Allow() terminationMessagePath?: string;
  @Rule(oneOf(TERMINATION_MESSAGE_POLICIES)) terminationMessagePolicy?: string;
  // Kept as given, not validated here.
  @Allow() envFrom?: unknown[];
  @Allow() volumeDevices?: unknown[];
  @Allow() lifecycle?: unknown;
  @Allow() securityContext?: unknown;
  @Allow() resizePolicy?: unknown[];
  @Rule(oneOf(['Always'])) restartPolicy?: string;
  @Allow() stdin?: boolean;
  @Allow() stdinOnce?: boolean;
  @Allow() tty?: boolean;
}

/** Init containers are run to completion; the only restartPolicy they take is Always (sidecars). */
export class InitContainerDto extends ContainerDto {}

/** An ephemeral container (`kubectl debug`): a container for a while, in a running pod; it may name the container whose processes it looks at. */
export class EphemeralContainerDto extends ContainerDto {
  @Allow() targetContainerName?: string;
}

/** What an ephemeral container may not have, as kube-apiserver refuses it: it has no ports, probes, hooks, resources or restarts of its own. */
const EPHEMERAL_FORBIDDEN = ['ports', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'restartPolicy'] as const;

const ephemeralOnly: Check<Record<string, unknown>[]> = (items, parent) => {
  if (!Array.isArray(items)) return [];
  const out: FieldCause[] = [];
  const containers = new Set(((parent?.containers ?? []) as { name?: unknown }[]).map((c) => c?.name));
  items.forEach((c, i) => {
    if (typeof c !== 'object' || c === null) return;
    for (const field of EPHEMERAL_FORBIDDEN) if (c[field] !== undefined) out.push(fieldErrors.forbidden(`[${i}].${field}`, 'cannot be set for an Ephemeral Container'));
    const resources = c.resources as Record<string, unknown> | undefined;
    if (resources !== undefined && Object.values(resources).some((r) => r !== undefined && Object.keys(r as object).length > 0)) {
      out.push(fieldErrors.forbidden(`[${i}].resources`, 'cannot be set for an Ephemeral Container'));
    }
    const target = c.targetContainerName;
    if (typeof target === 'string' && target !== '' && !containers.has(target)) out.push(fieldErrors.notFound(`[${i}].targetContainerName`, target));
  });
  return out;
};

/** Only the name is validated; the volume sources Kubernetes knows pass through as given. */
export class VolumeDto {
  @Rule(all(required(), messages(dns1123LabelErrors)), { always: true }) name!: string;
}
for (const source of [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
]) Allow()(VolumeDto.prototype, source);

export class TolerationDto {
  @Allow() key?: string;
  @Rule(oneOf(['Exists', 'Equal'])) operator?: string;
  @Allow() value?: string;
  @Rule(oneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute'])) effect?: string;
  @Allow() tolerationSeconds?: number;
}

/**
 * The names a StatefulSet's pod template may mount besides its volumes: its volumeClaimTemplates',
 * which the controller adds as volumes of each pod (set on the template's spec DTO, a symbol so it
 * is no field of the object).
 */
export const CLAIM_VOLUME_NAMES = Symbol('claimVolumeNames');

/** Volume mounts must name a volume of the pod. */
const mountsNameVolumes: Check<{ volumeMounts?: unknown }[]> = (containers, spec) => {
  if (!Array.isArray(containers)) return [];
  const vols = new Set([...(Array.isArray(spec?.volumes) ? spec.volumes.map((v: { name?: string }) => v?.name) : []), ...((spec?.[CLAIM_VOLUME_NAMES] as string[] | undefined) ?? [])]);
  const out: FieldCause[] = [];
  containers.forEach((c, i) => {
    if (!Array.isArray(c?.volumeMounts)) return;
    c.volumeMounts.forEach((m: { name?: unknown }, j) => {
      if (typeof m?.name === 'string' && m.name && !vols.has(m.name)) out.push(fieldErrors.notFound(`[${i}].volumeMounts[${j}].name`, m.name));
    });
  });
  return out;
};

/** Names are unique across containers, init containers and ephemeral containers; volume names are unique too. */
function uniqueNames(arrayPath = ''): Check<{ name?: unknown }[]> {
  return (items, parent) => {
    if (!Array.isArray(items)) return [];
    const seen = new Set<unknown>();
    // Init container names are checked first, so a clash is reported on the regular container; an
    // ephemeral container's clash is reported on it.
    const before = arrayPath === 'containers' ? ['initContainers'] : arrayPath === 'ephemeralContainers' ? ['initContainers', 'containers'] : [];
    for (const list of before) if (Array.isArray(parent?.[list])) for (const c of parent[list]) if (c?.name) seen.add(c.name);
    const out: FieldCause[] = [];
    items.forEach((it, i) => {
      const name = it?.name;
      if (!name) return;
      if (seen.has(name)) out.push(fieldErrors.duplicate(`[${i}].name`, name));
      seen.add(name);
    });
    return out;
  };
}

export class PodSpecDto {
  @Rule(all(required(), uniqueNames('containers')), { always: true })
  @Rule(mountsNameVolumes)
  @Nested(() => ContainerDto, { each: true })
  containers!: ContainerDto[];
  @Rule(uniqueNames()) @Rule(mountsNameVolumes) @Nested(() => InitContainerDto, { each: true }) initContainers?: ContainerDto[];
  @Rule(all(required(), oneOf(RESTART_POLICIES)), { always: true }) restartPolicy?: string;
  @Rule(nonNegative) terminationGracePeriodSeconds?: number;
  @Rule((v) =>
    typeof v === 'number' && Number.isInteger(v) && (v < 1 || v > 2147483647)
      ? [fieldErrors.invalid('', v, 'must be between 1 and 2147483647, inclusive')]
      : intInRange(1)(v, null),
  )
  activeDeadlineSeconds?: number;
  @Rule(oneOf(DNS_POLICIES)) dnsPolicy?: string;
  @Rule(labelMap) nodeSelector?: Record<string, string>;
  @Rule(messages(dns1123SubdomainErrors)) nodeName?: string;
  @Rule(messages(dns1123LabelErrors)) hostname?: string;
  @Rule(messages(dns1123LabelErrors)) subdomain?: string;
  @Rule(messages(dns1123SubdomainErrors)) serviceAccountName?: string;
  @Rule(messages(dns1123SubdomainErrors)) serviceAccount?: string;
  @Allow() schedulerName?: string;
  @Rule((v) => (typeof v === 'number' && Number.isInteger(v) ? [] : [fieldErrors.typeInvalid('', v, 'must be an integer')])) priority?: number;
  @Nested(() => TolerationDto, { each: true }) tolerations?: TolerationDto[];
  @Rule(uniqueNames()) @Nested(() => VolumeDto, { each: true }) volumes?: VolumeDto[];
  @Allow() hostNetwork?: boolean;
  @Rule(all(uniqueNames('ephemeralContainers'), ephemeralOnly)) @Nested(() => EphemeralContainerDto, { each: true }) ephemeralContainers?: EphemeralContainerDto[];
  // Kept as given, not validated here.
  @Allow() affinity?: unknown;
  @Allow() securityContext?: unknown;
  @Allow() imagePullSecrets?: unknown[];
  @Allow() automountServiceAccountToken?: boolean;
  @Allow() hostPID?: boolean;
  @Allow() hostIPC?: boolean;
  @Allow() shareProcessNamespace?: boolean;
  // ValidatePriorityClassName when set: a DNS subdomain.
  @Rule((v) => (v === '' ? [] : messages(dns1123SubdomainErrors)(v, undefined))) priorityClassName?: string;
  @Allow() hostAliases?: unknown[];
  @Allow() dnsConfig?: unknown;
  @Allow() readinessGates?: unknown[];
  @Allow() runtimeClassName?: string;
  @Allow() enableServiceLinks?: boolean;
  @Rule(preemptionPolicy) preemptionPolicy?: string;
  @Allow() overhead?: Record<string, string>;
  @Allow() topologySpreadConstraints?: unknown[];
  @Allow() setHostnameAsFQDN?: boolean;
  @Allow() os?: unknown;
  @Allow() hostUsers?: boolean;
  @Allow() schedulingGates?: unknown[];
  @Allow() resourceClaims?: unknown[];
}

export const PodMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class PodDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['Pod'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => PodMetaDto) metadata!: InstanceType<typeof PodMetaDto>;
  @Rule(required(), { always: true }) @Nested(() => PodSpecDto) spec!: PodSpecDto;
  @Allow() status?: unknown;
}
