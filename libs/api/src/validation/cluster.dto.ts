import { Allow } from 'class-validator';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelKeyErrors, labelValueErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { quantityError } from '../quantity';
import { metaDtoFor } from './meta.dto';
import { ipErrors, nonSpecialIpErrors } from './names';
import { PROTOCOLS } from './pod.dto';
import { all, intInRange, messages, Nested, oneOf, required, Rule, type Check } from './rules';

// Endpoints, Namespace, Node and Event: the kinds written mostly by the system itself.

export class ObjectReferenceDto {
  @Allow() kind?: string;
  @Allow() namespace?: string;
  @Allow() name?: string;
  @Allow() uid?: string;
  @Allow() apiVersion?: string;
  @Allow() resourceVersion?: string;
  @Allow() fieldPath?: string;
}

export class EndpointAddressDto {
  // A valid address, and then not a special one (validateEndpointAddress, ValidateNonSpecialIP).
  @Rule(all(required(), messages((ip: string) => (ipErrors(ip).length > 0 ? ipErrors(ip) : nonSpecialIpErrors(ip)))), { always: true }) ip!: string;
  @Rule(messages(dns1123LabelErrors)) hostname?: string;
  @Rule(messages(dns1123SubdomainErrors)) nodeName?: string;
  @Nested(() => ObjectReferenceDto) targetRef?: ObjectReferenceDto;
}

export class EndpointPortDto {
  @Rule(messages(dns1123LabelErrors)) name?: string;
  @Rule(all(required(), intInRange(1, 65535)), { always: true }) port!: number;
  @Rule(oneOf(PROTOCOLS)) protocol?: string;
  @Allow() appProtocol?: string;
}

const endpointPorts: Check<EndpointPortDto[]> = (ports) => {
  if (!Array.isArray(ports)) return [];
  const out: FieldCause[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (ports.length > 1 && !p?.name) out.push(fieldErrors.required(`[${i}].name`));
    if (p?.name) {
      if (names.has(p.name)) out.push(fieldErrors.duplicate(`[${i}].name`, p.name));
      names.add(p.name);
    }
  });
  return out;
};

export class EndpointSubsetDto {
  @Nested(() => EndpointAddressDto, { each: true }) addresses?: EndpointAddressDto[];
  @Nested(() => EndpointAddressDto, { each: true }) notReadyAddresses?: EndpointAddressDto[];
  @Rule(endpointPorts) @Nested(() => EndpointPortDto, { each: true }) ports?: EndpointPortDto[];
}

export const EndpointsMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class EndpointsDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['Endpoints'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => EndpointsMetaDto) metadata!: InstanceType<typeof EndpointsMetaDto>;
  // A subset names at least one address (validateEndpointSubsets); a headless service's may have no ports.
  @Rule<EndpointSubsetDto[]>((subsets) =>
    Array.isArray(subsets)
      ? subsets.flatMap((ss, i) => (!ss?.addresses?.length && !ss?.notReadyAddresses?.length ? [fieldErrors.required(`[${i}]`, 'must specify `addresses` or `notReadyAddresses`')] : []))
      : [],
  )
  @Nested(() => EndpointSubsetDto, { each: true })
  subsets?: EndpointSubsetDto[];
}

export const stringList = (each: (s: string) => string[]): Check<unknown[]> => (v) =>
  Array.isArray(v)
    ? v.flatMap((s, i) => (typeof s === 'string' ? each(s).map((m) => fieldErrors.invalid(`[${i}]`, s, m)) : [fieldErrors.typeInvalid(`[${i}]`, s, 'must be a string')]))
    : [fieldErrors.typeInvalid('', v, 'must be an array')];

/** Finalizer names are qualified names; "kubernetes" is the one standard unqualified one. */
const finalizerErrors = (s: string): string[] => labelKeyErrors(s);

export class NamespaceSpecDto {
  @Rule(stringList(finalizerErrors)) finalizers?: string[];
}
export class NamespaceStatusDto {
  @Rule(oneOf(['Active', 'Terminating'])) phase?: string;
  @Allow() conditions?: unknown[];
}

export const NamespaceMetaDto = metaDtoFor(dns1123LabelErrors, false);

export class NamespaceDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['Namespace'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => NamespaceMetaDto) metadata!: InstanceType<typeof NamespaceMetaDto>;
  @Nested(() => NamespaceSpecDto) spec?: NamespaceSpecDto;
  @Nested(() => NamespaceStatusDto) status?: NamespaceStatusDto;
}

export class TaintDto {
  @Rule(all(required(), messages(labelKeyErrors)), { always: true }) key!: string;
  @Rule(messages(labelValueErrors)) value?: string;
  @Rule(all(required(), oneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute'])), { always: true }) effect!: string;
  @Allow() timeAdded?: string | null;
}

const CIDR = /^([0-9.]+|[0-9a-fA-F:.]+)\/(\d{1,3})$/;
export const cidrErrors = (s: string): string[] => {
  const m = CIDR.exec(s);
  const ok = m && ipErrors(m[1]!).length === 0 && Number(m[2]) <= (m[1]!.includes(':') ? 128 : 32);
  return ok ? [] : ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
};

export class NodeSpecDto {
  @Rule(messages(cidrErrors)) podCIDR?: string;
  @Rule(stringList(cidrErrors)) podCIDRs?: string[];
  @Allow() unschedulable?: boolean;
  @Nested(() => TaintDto, { each: true }) taints?: TaintDto[];
  @Allow() providerID?: string;
  @Allow() configSource?: unknown;
  @Allow() externalID?: string;
}

const quantities: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [fieldErrors.typeInvalid('', v, 'must be an object')];
  return Object.entries(v).flatMap(([k, q]) => {
    const err = quantityError(q);
    return err ? [fieldErrors.invalid(`[${k}]`, q, err)] : [];
  });
};

export class NodeStatusDto {
  @Rule(quantities) capacity?: Record<string, string>;
  @Rule(quantities) allocatable?: Record<string, string>;
  @Allow() phase?: string;
  @Allow() conditions?: unknown[];
  @Allow() addresses?: unknown[];
  @Allow() daemonEndpoints?: unknown;
  @Allow() nodeInfo?: unknown;
  @Allow() images?: unknown[];
  @Allow() volumesInUse?: unknown[];
  @Allow() volumesAttached?: unknown[];
  @Allow() config?: unknown;
  @Allow() runtimeHandlers?: unknown[];
  @Allow() features?: unknown;
}

export const NodeMetaDto = metaDtoFor(dns1123SubdomainErrors, false);

export class NodeDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['Node'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => NodeMetaDto) metadata!: InstanceType<typeof NodeMetaDto>;
  @Nested(() => NodeSpecDto) spec?: NodeSpecDto;
  @Nested(() => NodeStatusDto) status?: NodeStatusDto;
}

export class EventSourceDto {
  @Allow() component?: string;
  @Allow() host?: string;
}

export const EventMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class EventDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['Event'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => EventMetaDto) metadata!: InstanceType<typeof EventMetaDto>;
  /** An event about a namespaced object lives in that object's namespace. */
  @Rule(
    (ref: ObjectReferenceDto, ev: EventDto) => {
      const ns = ev.metadata?.namespace;
      if (ref?.namespace && ns && ref.namespace !== ns) return [fieldErrors.invalid('.namespace', ref.namespace, 'does not match event.namespace')];
      return [];
    },
  )
  @Rule(required(), { always: true })
  @Nested(() => ObjectReferenceDto)
  involvedObject!: ObjectReferenceDto;
  @Allow() reason?: string;
  @Allow() message?: string;
  @Nested(() => EventSourceDto) source?: EventSourceDto;
  @Allow() firstTimestamp?: string | null;
  @Allow() lastTimestamp?: string | null;
  @Rule(intInRange(0)) count?: number;
  @Rule(oneOf(['Normal', 'Warning'])) type?: string;
  @Allow() eventTime?: string | null;
  @Allow() series?: unknown;
  @Allow() action?: string;
  @Nested(() => ObjectReferenceDto) related?: ObjectReferenceDto;
  @Allow() reportingComponent?: string;
  @Allow() reportingInstance?: string;
}
