import { BadRequestError, ServiceUnavailableError } from './api.errors';

/**
 * Where `pods/{name}/proxy` and `services/{name}/proxy` lead, as kube-apiserver resolves them: the
 * name is `[scheme:]name[:port]`; a pod's port is a number or the name of one of its container
 * ports (none: the scheme's default), a service's port is one of its ports by name or number
 * (none: its only port), reached at a ready endpoint of that port.
 */
export interface ProxyName {
  readonly scheme: 'http' | 'https';
  readonly name: string;
  readonly port: string;
}

export interface ProxyAddress {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
}

export function parseProxyName(spec: string): ProxyName {
  const parts = spec.split(':');
  const [scheme, name, port] = parts.length === 3 ? parts : parts.length === 2 ? ['', parts[0], parts[1]] : ['', parts[0], ''];
  if (parts.length > 3 || name === '' || (scheme !== '' && scheme !== 'http' && scheme !== 'https')) throw new BadRequestError(`invalid proxy name "${spec}": expected [scheme:]name[:port]`);
  return { scheme: scheme === 'https' ? 'https' : 'http', name, port };
}

type PodLike = { metadata: { name?: string }; spec?: { containers?: { ports?: { name?: string; containerPort: number }[] }[] }; status?: { podIP?: string } };

export function podProxyAddress(pod: PodLike, target: ProxyName): ProxyAddress {
  const ip = pod.status?.podIP;
  if (!ip) throw new ServiceUnavailableError(`pod ${pod.metadata.name ?? ''} does not have an IP address yet`);
  if (target.port === '') {
    // As kube-apiserver's pod ResourceLocation: no port named, the first port a container declares, else the scheme's.
    const first = (pod.spec?.containers ?? []).find((c) => (c.ports ?? []).length > 0)?.ports?.[0];
    return { scheme: target.scheme, host: ip, port: first?.containerPort ?? (target.scheme === 'https' ? 443 : 80) };
  }
  if (/^\d+$/.test(target.port)) return { scheme: target.scheme, host: ip, port: Number(target.port) };
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === target.port) return { scheme: target.scheme, host: ip, port: p.containerPort };
  throw new ServiceUnavailableError(`pod ${pod.metadata.name ?? ''} has no container port named "${target.port}"`);
}

type ServiceLike = { metadata: { name?: string }; spec?: { ports?: { name?: string; port: number }[] } };
type EndpointsLike = { subsets?: { addresses?: { ip: string }[]; ports?: { name?: string; port: number }[] }[] };

/** A ready endpoint of the service port, picked at random as the API server does. */
export function serviceProxyAddress(service: ServiceLike, endpoints: EndpointsLike | undefined, target: ProxyName, random = Math.random): ProxyAddress {
  const ports = service.spec?.ports ?? [];
  const port = target.port === '' ? (ports.length === 1 ? ports[0] : undefined) : ports.find((p) => (p.name ?? '') === target.port || String(p.port) === target.port);
  if (port === undefined) throw new ServiceUnavailableError(`no service port ${JSON.stringify(target.port)} found for service "${service.metadata.name ?? ''}"`);
  const candidates: { ip: string; port: number }[] = [];
  for (const subset of endpoints?.subsets ?? []) {
    const endpointPort = (subset.ports ?? []).find((p) => (p.name ?? '') === (port.name ?? ''));
    if (endpointPort === undefined) continue;
    for (const address of subset.addresses ?? []) candidates.push({ ip: address.ip, port: endpointPort.port });
  }
  if (candidates.length === 0) throw new ServiceUnavailableError(`no endpoints available for service "${service.metadata.name ?? ''}"`);
  const chosen = candidates[Math.floor(random() * candidates.length)];
  return { scheme: target.scheme, host: chosen.ip, port: chosen.port };
}
