import { Allow } from 'class-validator';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { labelMap, metaDtoFor } from './meta.dto';
import { dns1035LabelErrors, ipErrors, ipFamilyOf, nonSpecialIpErrors } from './names';
import { NODE_PORT_RANGE } from './node-ports';
import { PROTOCOLS, portNumOrName } from './pod.dto';
import { all, intInRange, messages, Nested, oneOf, required, Rule, type Check } from './rules';

export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;
export { NODE_PORT_RANGE };

const nodePortRange: Check = (v) => {
  const bad = intInRange(1, 65535)(v, null);
  if (bad.length) return bad;
  const n = v as number;
  return n >= NODE_PORT_RANGE.min && n <= NODE_PORT_RANGE.max
    ? []
    : [
        fieldErrors.invalid(
          '',
          n,
          `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`,
        ),
      ];
};

export class ServicePortDto {
  @Rule(messages(dns1123LabelErrors)) name?: string;
  @Rule(oneOf(PROTOCOLS)) protocol?: string;
  @Allow() appProtocol?: string;
  @Rule(all(required(), intInRange(1, 65535)), { always: true }) port!: number;
  // 0 means "same as port" (it is defaulted so), anything else must name or number a port.
  @Rule((v) => (v === 0 ? [] : portNumOrName(v, null))) targetPort?: number | string;
  @Rule((v) => (v === 0 ? [] : nodePortRange(v, null))) nodePort?: number;
}

/**
 * Checks across the ports and the service type: names required when there are several and
 * unique, (port, protocol) and nodePort unique, nodePort only for NodePort/LoadBalancer.
 */
const servicePorts: Check<ServicePortDto[]> = (ports, spec: ServiceSpecDto) => {
  if (!Array.isArray(ports)) return [];
  const out: FieldCause[] = [];
  const names = new Set<string>();
  const keys = new Set<string>();
  const nodePorts = new Set<string>();
  const allowsNodePort = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  ports.forEach((p, i) => {
    if (typeof p !== 'object' || p === null) return;
    if (ports.length > 1 && !p.name) out.push(fieldErrors.required(`[${i}].name`));
    if (p.name) {
      if (names.has(p.name)) out.push(fieldErrors.duplicate(`[${i}].name`, p.name));
      names.add(p.name);
    }
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (keys.has(key)) out.push(fieldErrors.duplicate(`[${i}]`, key));
    keys.add(key);
    if (p.nodePort) {
      if (!allowsNodePort) out.push(fieldErrors.forbidden(`[${i}].nodePort`, `may not be used when \`type\` is '${spec.type ?? 'ClusterIP'}'`));
      const np = `${p.nodePort}/${p.protocol ?? 'TCP'}`;
      if (nodePorts.has(np)) out.push(fieldErrors.duplicate(`[${i}].nodePort`, p.nodePort));
      nodePorts.add(np);
    }
  });
  return out;
};

const clusterIP: Check = (v) => {
  if (typeof v !== 'string') return [fieldErrors.typeInvalid('', v, 'must be a string')];
  if (v === '' || v === 'None') return [];
  return ipErrors(v).length ? [fieldErrors.invalid('', v, "must be empty, 'None', or a valid IP address")] : [];
};

export class ServiceSpecDto {
  @Rule(
    (ports: unknown, spec: ServiceSpecDto) =>
      spec.type === 'ExternalName' || spec.clusterIP === 'None' ? [] : required()(ports, spec),
    { always: true },
  )
  @Rule(servicePorts)
  @Nested(() => ServicePortDto, { each: true })
  ports?: ServicePortDto[];
  @Rule(labelMap) selector?: Record<string, string>;
  @Rule(
    all(clusterIP, (ip: string, spec: ServiceSpecDto) =>
      spec.type === 'ExternalName' && ip !== '' ? [fieldErrors.forbidden('', 'may not be set for ExternalName services')] : [],
    ),
  )
  clusterIP?: string;
  @Rule<string[]>((ips, spec: ServiceSpecDto) => {
    if (!Array.isArray(ips)) return [fieldErrors.typeInvalid('', ips, 'must be an array')];
    const out = ips.flatMap((ip, i) => clusterIP(ip, spec).map((c) => ({ ...c, field: `[${i}]` })));
    if (ips.length > 2) out.push(fieldErrors.invalid('', ips, 'may only hold up to 2 values'));
    if (!out.length && spec.clusterIP && ips.length && ips[0] !== spec.clusterIP)
      out.push(fieldErrors.invalid('', ips, 'must match `clusterIP` when both are specified'));
    return out;
  })
  clusterIPs?: string[];
  @Rule(all(required(), oneOf(SERVICE_TYPES)), { always: true }) type?: string;
  @Rule<string[]>((ips) =>
    Array.isArray(ips)
      ? ips.flatMap((ip, i) => (ipErrors(String(ip)).length > 0 ? ipErrors(String(ip)) : nonSpecialIpErrors(String(ip))).map((m) => fieldErrors.invalid(`[${i}]`, ip, m)))
      : [fieldErrors.typeInvalid('', ips, 'must be an array')],
  )
  externalIPs?: string[];
  @Rule(all(required(), oneOf(['ClientIP', 'None'])), { always: true }) sessionAffinity?: string;
  @Rule(
    (name: unknown, spec: ServiceSpecDto) => {
      if (spec.type !== 'ExternalName') return [];
      if (!name) return [fieldErrors.required('')];
      // A trailing dot (absolute FQDN) is allowed.
      return messages((s) => dns1123SubdomainErrors(s.replace(/\.$/, '')))(name, spec);
    },
    { always: true },
  )
  externalName?: string;
  @Rule(
    all(oneOf(['Cluster', 'Local']), (p: string, spec: ServiceSpecDto) =>
      spec.type === 'NodePort' || spec.type === 'LoadBalancer'
        ? []
        : [fieldErrors.invalid('', p, "may only be set when `type` is 'NodePort' or 'LoadBalancer'")],
    ),
  )
  externalTrafficPolicy?: string;
  @Rule<string[]>((fams, spec: ServiceSpecDto) => {
    if (!Array.isArray(fams)) return [fieldErrors.typeInvalid('', fams, 'must be an array')];
    const out: FieldCause[] = [];
    const seen = new Set<string>();
    fams.forEach((f, i) => {
      out.push(...oneOf(['IPv4', 'IPv6'])(f, spec).map((c) => ({ ...c, field: `[${i}]` })));
      if (seen.has(f)) out.push(fieldErrors.duplicate(`[${i}]`, f));
      seen.add(f);
    });
    if (fams.length > 2) out.push(fieldErrors.invalid('', fams, 'may specify no more than one IP for each IP family'));
    if (spec.clusterIP && ipFamilyOf(spec.clusterIP) && fams[0] && ipFamilyOf(spec.clusterIP) !== fams[0])
      out.push(fieldErrors.invalid('[0]', fams[0], `expected ${ipFamilyOf(spec.clusterIP)} to match ${'`clusterIPs[0]`'}`));
    return out;
  })
  ipFamilies?: string[];
  @Rule(
    all(oneOf(['SingleStack', 'PreferDualStack', 'RequireDualStack']), (p: string, spec: ServiceSpecDto) =>
      p === 'SingleStack' && (spec.ipFamilies?.length ?? 0) > 1
        ? [fieldErrors.invalid('', p, 'must be RequireDualStack or PreferDualStack when multiple ipFamilies are specified')]
        : [],
    ),
  )
  ipFamilyPolicy?: string;
  @Rule(oneOf(['Cluster', 'Local'])) internalTrafficPolicy?: string;
  // Kept as given, not validated here.
  @Allow() loadBalancerIP?: string;
  @Allow() loadBalancerSourceRanges?: string[];
  @Allow() loadBalancerClass?: string;
  @Allow() healthCheckNodePort?: number;
  @Allow() publishNotReadyAddresses?: boolean;
  @Allow() sessionAffinityConfig?: unknown;
  @Allow() allocateLoadBalancerNodePorts?: boolean;
  @Allow() trafficDistribution?: string;
}

/** Service names become DNS labels of the cluster domain, hence RFC 1035. */
export const ServiceMetaDto = metaDtoFor(dns1035LabelErrors, true);

export class ServiceDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['Service'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => ServiceMetaDto) metadata!: InstanceType<typeof ServiceMetaDto>;
  // A Service may be created with no spec at all only if it is fully defaulted; Kubernetes requires ports then.
  @Rule(required(), { always: true }) @Nested(() => ServiceSpecDto) spec!: ServiceSpecDto;
  @Allow() status?: unknown;
}
