import { isIP } from 'node:net';
import { Allow } from 'class-validator';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { isIpv4, parseIpv4Cidr } from '../ipv4';
import { cidrErrors } from './cluster.dto';
import { metaDtoFor } from './meta.dto';
import { dns1035LabelErrors, ipErrors, pathSegmentNameErrors, portNameErrors } from './names';
import { PROTOCOLS } from './pod.dto';
import { labelSelector } from './replica-set.dto';
import { isObject, Nested, oneOf, required, Rule, under, type Check } from './rules';

/*
 * networking.k8s.io/v1, as kube-apiserver's networking validation checks it. Whole-spec checks
 * (the rules cross fields), DTO classes beneath them for the fields Kubernetes knows (unknown
 * fields, fieldValidation=Strict).
 */
const NETWORKING_V1 = 'networking.k8s.io/v1';
type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const isPlain = (v: unknown): v is Anything => typeof v === 'object' && v !== null && !Array.isArray(v);
const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const invalidEach = (field: string, value: unknown, msgs: string[]): FieldCause[] => msgs.map((m) => fieldErrors.invalid(field, value, m));

const WILDCARD_DNS1123 = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** IsWildcardDNS1123Subdomain: `*.` then a DNS subdomain. */
function wildcardSubdomainErrors(host: string): string[] {
  const out = host.length > 253 ? ['must be no more than 253 characters'] : [];
  if (!WILDCARD_DNS1123.test(host)) {
    out.push(
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return out;
}
const hostErrors = (host: string): string[] => (host.includes('*') ? wildcardSubdomainErrors(host) : dns1123SubdomainErrors(host));
const portNumberErrors = (n: unknown): string[] => (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535 ? [] : ['must be between 1 and 65535, inclusive']);

// --- Ingress ---------------------------------------------------------------------------------

/** validateIngressBackend: a service (name, and a port by name or number) or a resource, not both. */
function backendErrors(b: Anything): FieldCause[] {
  const hasService = isPlain(b.service);
  const hasResource = isPlain(b.resource);
  if (hasService && hasResource) return [fieldErrors.invalid('', '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const r = b.resource as Anything;
    const out: FieldCause[] = [];
    if (typeof r.apiGroup === 'string') out.push(...invalidEach('.resource.apiGroup', r.apiGroup, dns1123SubdomainErrors(r.apiGroup)));
    for (const f of ['kind', 'name']) {
      if (typeof r[f] !== 'string' || r[f] === '') out.push(fieldErrors.required(`.resource.${f}`));
      else out.push(...invalidEach(`.resource.${f}`, r[f], pathSegmentNameErrors(r[f])));
    }
    return out;
  }
  if (!hasService) return [fieldErrors.invalid('', '', 'resource or service backend is required')];
  const svc = b.service as Anything;
  const out: FieldCause[] = [];
  if (typeof svc.name !== 'string' || svc.name === '') out.push(fieldErrors.required('.service.name'));
  else out.push(...invalidEach('.service.name', svc.name, dns1035LabelErrors(svc.name)));
  const port = isPlain(svc.port) ? svc.port : {};
  const hasName = typeof port.name === 'string' && port.name !== '';
  const hasNumber = port.number !== undefined && port.number !== null && port.number !== 0;
  if (hasName && hasNumber) out.push(fieldErrors.invalid('', '', 'cannot set both port name & port number'));
  else if (hasName) out.push(...invalidEach('.service.port.name', port.name, portNameErrors(port.name)));
  else if (hasNumber) out.push(...invalidEach('.service.port.number', port.number, portNumberErrors(port.number)));
  else out.push(fieldErrors.required('', 'port name or number is required'));
  return out;
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

/** validateHTTPIngressPath: a pathType (no default in v1), an absolute path without dot segments for Exact and Prefix, a backend. */
function pathErrors(p: Anything): FieldCause[] {
  if (p.pathType === undefined || p.pathType === null) return [fieldErrors.required('.pathType', 'pathType must be specified')];
  const out: FieldCause[] = [];
  const path = typeof p.path === 'string' ? p.path : '';
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!path.startsWith('/')) out.push(fieldErrors.invalid('.path', path, 'must be an absolute path'));
    for (const seq of ['//', '/./', '/../', '%2f', '%2F']) if (path.includes(seq)) out.push(fieldErrors.invalid('.path', path, `must not contain '${seq}'`));
    for (const end of ['/..', '/.']) if (path.endsWith(end)) out.push(fieldErrors.invalid('.path', path, `cannot end with '${end}'`));
  } else if (p.pathType === 'ImplementationSpecific') {
    if (path !== '' && !path.startsWith('/')) out.push(fieldErrors.invalid('.path', path, 'must be an absolute path'));
  } else out.push(fieldErrors.notSupported('.pathType', p.pathType, PATH_TYPES));
  out.push(...under('.backend', backendErrors(isPlain(p.backend) ? p.backend : {})));
  return out;
}

function ruleErrors(rule: Anything): FieldCause[] {
  const out: FieldCause[] = [];
  if (typeof rule.host === 'string' && rule.host !== '') {
    if (isIP(rule.host) !== 0) out.push(fieldErrors.invalid('.host', rule.host, 'must be a DNS name, not an IP address'));
    out.push(...invalidEach('.host', rule.host, hostErrors(rule.host)));
  }
  if (isPlain(rule.http)) {
    const paths = items(rule.http.paths);
    if (paths.length === 0) out.push(fieldErrors.required('.http.paths'));
    paths.forEach((p, i) => out.push(...under(`.http.paths[${i}]`, pathErrors(isPlain(p) ? p : {}))));
  }
  return out;
}

/** ValidateIngressSpec: rules or a default backend; each rule's host and paths; TLS hosts and secrets; the class name. */
const ingressSpec: Check = (spec: Anything) => {
  if (!isPlain(spec)) return [];
  const out: FieldCause[] = [];
  const rules = items(spec.rules);
  if (rules.length === 0 && !isPlain(spec.defaultBackend)) out.push(fieldErrors.invalid('', spec.rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
  if (isPlain(spec.defaultBackend)) out.push(...under('.defaultBackend', backendErrors(spec.defaultBackend)));
  rules.forEach((r, i) => out.push(...under(`.rules[${i}]`, ruleErrors(isPlain(r) ? r : {}))));
  items(spec.tls).forEach((t, i) => {
    if (!isPlain(t)) return;
    items(t.hosts).forEach((h, j) => typeof h === 'string' && out.push(...invalidEach(`.tls[${i}].hosts[${j}]`, h, hostErrors(h))));
    if (typeof t.secretName === 'string' && t.secretName !== '') out.push(...invalidEach(`.tls[${i}].secretName`, t.secretName, dns1123SubdomainErrors(t.secretName)));
  });
  if (typeof spec.ingressClassName === 'string') out.push(...invalidEach('.ingressClassName', spec.ingressClassName, dns1123SubdomainErrors(spec.ingressClassName)));
  return out;
};

export class ServiceBackendPortDto {
  @Allow() name?: string;
  @Allow() number?: number;
}
export class IngressServiceBackendDto {
  @Allow() name!: string;
  @Nested(() => ServiceBackendPortDto) port?: ServiceBackendPortDto;
}
export class TypedLocalObjectReferenceDto {
  @Allow() apiGroup?: string;
  @Allow() kind!: string;
  @Allow() name!: string;
}
export class IngressBackendDto {
  @Nested(() => IngressServiceBackendDto) service?: IngressServiceBackendDto;
  @Nested(() => TypedLocalObjectReferenceDto) resource?: TypedLocalObjectReferenceDto;
}
export class HTTPIngressPathDto {
  @Allow() path?: string;
  @Allow() pathType?: string;
  @Nested(() => IngressBackendDto) backend!: IngressBackendDto;
}
export class HTTPIngressRuleValueDto {
  @Nested(() => HTTPIngressPathDto, { each: true }) paths!: HTTPIngressPathDto[];
}
export class IngressRuleDto {
  @Allow() host?: string;
  @Nested(() => HTTPIngressRuleValueDto) http?: HTTPIngressRuleValueDto;
}
export class IngressTLSDto {
  @Allow() hosts?: string[];
  @Allow() secretName?: string;
}
export class IngressSpecDto {
  @Allow() ingressClassName?: string;
  @Nested(() => IngressBackendDto) defaultBackend?: IngressBackendDto;
  @Nested(() => IngressTLSDto, { each: true }) tls?: IngressTLSDto[];
  @Nested(() => IngressRuleDto, { each: true }) rules?: IngressRuleDto[];
}

const IngressMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

/** ValidateIngressLoadBalancerStatus: each point an IP address, or a DNS name that is not one. */
export const ingressStatus: Check = (status: Anything) => {
  const points = isPlain(status) && isPlain(status.loadBalancer) ? items(status.loadBalancer.ingress) : [];
  return points.flatMap((p, i) => {
    if (!isPlain(p)) return [];
    const at = `.loadBalancer.ingress[${i}]`;
    const out: FieldCause[] = [];
    if (typeof p.ip === 'string' && p.ip !== '') out.push(...invalidEach(`${at}.ip`, p.ip, ipErrors(p.ip)));
    if (typeof p.hostname === 'string' && p.hostname !== '') {
      out.push(...invalidEach(`${at}.hostname`, p.hostname, dns1123SubdomainErrors(p.hostname)));
      if (isIP(p.hostname) !== 0) out.push(fieldErrors.invalid(`${at}.hostname`, p.hostname, 'must be a DNS name, not an IP address'));
    }
    return out;
  });
};

export class IngressDto {
  @Rule(oneOf([NETWORKING_V1])) apiVersion!: string;
  @Rule(oneOf(['Ingress'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => IngressMetaDto) metadata!: InstanceType<typeof IngressMetaDto>;
  @Rule(ingressSpec) @Nested(() => IngressSpecDto) spec?: IngressSpecDto;
  @Rule(ingressStatus) status?: unknown;
}

// --- IngressClass ----------------------------------------------------------------------------

/** IsDomainPrefixedPath: `<DNS subdomain>/<path>`, as a controller is named (e.g. k8s.io/ingress-nginx). */
function domainPrefixedPathErrors(value: string): FieldCause[] {
  const slash = value.indexOf('/');
  if (slash <= 0) return [fieldErrors.invalid('', value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  return invalidEach('', value.slice(0, slash), dns1123SubdomainErrors(value.slice(0, slash)));
}

/** validateIngressClassSpec: a controller of at most 250 characters, and a well-formed parameters reference. */
const ingressClassSpec: Check = (spec: Anything) => {
  if (!isPlain(spec)) return [];
  const out: FieldCause[] = [];
  const controller = spec.controller;
  if (typeof controller !== 'string' || controller === '') out.push(fieldErrors.required('.controller'));
  else {
    if (controller.length > 250) out.push(fieldErrors.tooLong('.controller', 250));
    out.push(...under('.controller', domainPrefixedPathErrors(controller)));
  }
  const p = spec.parameters;
  if (isPlain(p)) {
    if (typeof p.apiGroup === 'string') out.push(...invalidEach('.parameters.apiGroup', p.apiGroup, dns1123SubdomainErrors(p.apiGroup)));
    for (const f of ['kind', 'name']) {
      if (typeof p[f] !== 'string' || p[f] === '') out.push(fieldErrors.required(`.parameters.${f}`));
      else out.push(...invalidEach(`.parameters.${f}`, p[f], pathSegmentNameErrors(p[f])));
    }
    if (p.scope === undefined || p.scope === null) out.push(fieldErrors.required('.parameters.scope'));
    else if (p.scope !== 'Cluster' && p.scope !== 'Namespace') out.push(fieldErrors.notSupported('.parameters.scope', p.scope, ['Cluster', 'Namespace']));
    else if (p.scope === 'Namespace') {
      if (typeof p.namespace !== 'string') out.push(fieldErrors.required('.parameters.namespace', "`parameters.scope` is set to 'Namespace'"));
      else out.push(...invalidEach('.parameters.namespace', p.namespace, dns1123LabelErrors(p.namespace)));
    } else if (p.namespace !== undefined && p.namespace !== null) out.push(fieldErrors.forbidden('.parameters.namespace', "`parameters.scope` is set to 'Cluster'"));
  }
  return out;
};

export class IngressClassParametersDto {
  @Allow() apiGroup?: string;
  @Allow() kind!: string;
  @Allow() name!: string;
  @Allow() scope?: string;
  @Allow() namespace?: string;
}
export class IngressClassSpecDto {
  @Allow() controller?: string;
  @Nested(() => IngressClassParametersDto) parameters?: IngressClassParametersDto;
}

const IngressClassMetaDto = metaDtoFor(dns1123SubdomainErrors, false);

export class IngressClassDto {
  @Rule(oneOf([NETWORKING_V1])) apiVersion!: string;
  @Rule(oneOf(['IngressClass'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => IngressClassMetaDto) metadata!: InstanceType<typeof IngressClassMetaDto>;
  // The controller is required, so the spec is too.
  @Rule((v) => (isPlain(v) ? ingressClassSpec(v, null) : under('.controller', [fieldErrors.required('')])), { always: true }) @Nested(() => IngressClassSpecDto) spec?: IngressClassSpecDto;
}

// --- NetworkPolicy ---------------------------------------------------------------------------

/** ValidateNetworkPolicyPort: a known protocol, a port by number (with an endPort not below it) or by name (without one). */
function npPortErrors(port: Anything): FieldCause[] {
  const out: FieldCause[] = [];
  if (port.protocol !== undefined && port.protocol !== null && !PROTOCOLS.includes(port.protocol)) out.push(fieldErrors.notSupported('.protocol', port.protocol, ['TCP', 'UDP', 'SCTP']));
  const hasEnd = port.endPort !== undefined && port.endPort !== null;
  if (typeof port.port === 'number') {
    out.push(...invalidEach('.port', port.port, portNumberErrors(port.port)));
    if (hasEnd) {
      if (port.endPort < port.port) out.push(fieldErrors.invalid('.endPort', port.endPort, 'must be greater than or equal to `port`'));
      out.push(...invalidEach('.endPort', port.endPort, portNumberErrors(port.endPort)));
    }
  } else if (typeof port.port === 'string') {
    if (hasEnd) out.push(fieldErrors.invalid('.endPort', port.endPort, 'may not be specified when `port` is non-numeric'));
    out.push(...invalidEach('.port', port.port, portNameErrors(port.port)));
  } else if (hasEnd) out.push(fieldErrors.invalid('.endPort', port.endPort, 'may not be specified when `port` is not specified'));
  return out;
}

/** ValidateIPBlock: a CIDR, and exceptions strictly inside it. */
function ipBlockErrors(b: Anything): FieldCause[] {
  if (typeof b.cidr !== 'string' || b.cidr === '') return [fieldErrors.required('.cidr')];
  const out = invalidEach('.cidr', b.cidr, cidrErrors(b.cidr));
  if (out.length > 0) return out;
  items(b.except).forEach((e, i) => {
    if (typeof e !== 'string') return;
    const errs = cidrErrors(e);
    if (errs.length > 0) return void out.push(...invalidEach(`.except[${i}]`, e, errs));
    if (!isIpv4(b.cidr.split('/')[0]) || !isIpv4(e.split('/')[0])) return;
    const outer = parseIpv4Cidr(b.cidr);
    const inner = parseIpv4Cidr(e);
    if (inner.first < outer.first || inner.first > outer.last || outer.prefix >= inner.prefix) out.push(fieldErrors.invalid(`.except[${i}]`, e, 'must be a strict subset of `cidr`'));
  });
  return out;
}

/** ValidateNetworkPolicyPeer: at least one of podSelector, namespaceSelector and ipBlock; ipBlock alone. */
function peerErrors(peer: Anything): FieldCause[] {
  const out: FieldCause[] = [];
  let peers = 0;
  for (const f of ['podSelector', 'namespaceSelector']) {
    if (peer[f] === undefined || peer[f] === null) continue;
    peers++;
    out.push(...under(`.${f}`, labelSelector(peer[f], peer)));
  }
  if (isPlain(peer.ipBlock)) {
    peers++;
    out.push(...under('.ipBlock', ipBlockErrors(peer.ipBlock)));
  }
  if (peers === 0) out.push(fieldErrors.required('', 'must specify a peer'));
  else if (peers > 1 && isPlain(peer.ipBlock)) out.push(fieldErrors.forbidden('', 'may not specify both ipBlock and another peer'));
  return out;
}

/** ValidateNetworkPolicySpec: the pod selector, each rule's ports and peers, at most Ingress and Egress as policy types. */
const networkPolicySpec: Check = (spec: Anything) => {
  if (!isPlain(spec)) return [];
  const out: FieldCause[] = under('.podSelector', isPlain(spec.podSelector) ? labelSelector(spec.podSelector, spec) : []);
  for (const [list, peersField] of [['ingress', 'from'], ['egress', 'to']] as const) {
    items(spec[list]).forEach((rule, i) => {
      if (!isPlain(rule)) return;
      items(rule.ports).forEach((p, j) => out.push(...under(`.${list}[${i}].ports[${j}]`, npPortErrors(isPlain(p) ? p : {}))));
      items(rule[peersField]).forEach((p, j) => out.push(...under(`.${list}[${i}].${peersField}[${j}]`, peerErrors(isPlain(p) ? p : {}))));
    });
  }
  const types = items(spec.policyTypes);
  if (types.length > 2) return [...out, fieldErrors.invalid('.policyTypes', types, 'may not specify more than two policyTypes')];
  types.forEach((t, i) => t !== 'Ingress' && t !== 'Egress' && out.push(fieldErrors.notSupported(`.policyTypes[${i}]`, t, ['Ingress', 'Egress'])));
  return out;
};

export class NetworkPolicyPortDto {
  @Allow() protocol?: string;
  @Allow() port?: number | string;
  @Allow() endPort?: number;
}
export class IPBlockDto {
  @Allow() cidr!: string;
  @Allow() except?: string[];
}
export class NetworkPolicyPeerDto {
  @Allow() podSelector?: unknown;
  @Allow() namespaceSelector?: unknown;
  @Nested(() => IPBlockDto) ipBlock?: IPBlockDto;
}
export class NetworkPolicyIngressRuleDto {
  @Nested(() => NetworkPolicyPortDto, { each: true }) ports?: NetworkPolicyPortDto[];
  @Nested(() => NetworkPolicyPeerDto, { each: true }) from?: NetworkPolicyPeerDto[];
}
export class NetworkPolicyEgressRuleDto {
  @Nested(() => NetworkPolicyPortDto, { each: true }) ports?: NetworkPolicyPortDto[];
  @Nested(() => NetworkPolicyPeerDto, { each: true }) to?: NetworkPolicyPeerDto[];
}
export class NetworkPolicySpecDto {
  @Rule(isObject) podSelector?: unknown;
  @Nested(() => NetworkPolicyIngressRuleDto, { each: true }) ingress?: NetworkPolicyIngressRuleDto[];
  @Nested(() => NetworkPolicyEgressRuleDto, { each: true }) egress?: NetworkPolicyEgressRuleDto[];
  @Allow() policyTypes?: string[];
}

const NetworkPolicyMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class NetworkPolicyDto {
  @Rule(oneOf([NETWORKING_V1])) apiVersion!: string;
  @Rule(oneOf(['NetworkPolicy'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => NetworkPolicyMetaDto) metadata!: InstanceType<typeof NetworkPolicyMetaDto>;
  @Rule(networkPolicySpec) @Nested(() => NetworkPolicySpecDto) spec?: NetworkPolicySpecDto;
}
