import { InvalidError, ipv4ToNumber, numberToIpv4, parseIpv4Cidr, SERVICE_CIDR, type KubeObject } from '@bosun/api';
import type { ClusterState } from '@bosun/runtime';
import { randomInt } from 'node:crypto';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const NODE_PORTS = { first: 30000, last: 32767 };

/**
 * Allocates Service cluster IPs and node ports when a Service is created or updated, as the API
 * server does, so the answer already carries them (and checks those asked for by value). Allocations are derived from the live Services
 * in the projection (a deleted Service frees its addresses) plus those handed out and not yet seen;
 * `allocate` calls are serialised, so two concurrent creates never get the same address. One
 * gateway process allocates; several gateways would need a single allocator (docs/architecture.md).
 */
export class ServiceAllocator {
  private readonly range: { first: number; last: number; prefix: number };
  private readonly pendingIps = new Set<string>();
  private readonly pendingPorts = new Set<number>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: ClusterState,
    serviceCidr = SERVICE_CIDR,
  ) {
    this.range = parseIpv4Cidr(serviceCidr);
  }

  /**
   * Runs `create` with the Service's addresses allocated; they are released if it fails. For an
   * update (`replacing` the stored Service) its own addresses are not taken by another: a Service
   * that becomes a NodePort gets its node ports, as kube-apiserver allocates them on update.
   */
  allocate<T>(service: KubeObject, create: (allocated: KubeObject) => Promise<T>, replacing?: KubeObject): Promise<T> {
    const run = this.queue.then(async () => {
      const { object, ips, ports } = this.assign(service as Anything, replacing);
      for (const ip of ips) this.pendingIps.add(ip);
      for (const p of ports) this.pendingPorts.add(p);
      try {
        return await create(object as KubeObject);
      } finally {
        for (const ip of ips) this.pendingIps.delete(ip);
        for (const p of ports) this.pendingPorts.delete(p);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The Service as a create would leave it — addresses that are free now, or the refusal of taken
   * or invalid ones — with nothing reserved: a dry run (`dryRun=All`) answers what it would get, as
   * kube-apiserver's dry-run allocators do. A later create may get other addresses.
   */
  dryRun(service: KubeObject, replacing?: KubeObject): KubeObject {
    return this.assign(service as Anything, replacing).object as KubeObject;
  }

  /** Whether a Service's type gives it addresses to allocate, or to check against the others' (all but ExternalName). */
  hasAddresses(service: KubeObject): boolean {
    return (service as Anything).spec?.type !== 'ExternalName';
  }

  private assign(svc: Anything, replacing?: KubeObject): { object: Anything; ips: string[]; ports: number[] } {
    const spec = { ...(svc.spec ?? {}) };
    const name = svc.metadata?.name ?? '';
    const used = this.used(replacing);
    const ips: string[] = [];
    const ports: number[] = [];
    if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
      if (spec.clusterIP) {
        const n = ipv4ToNumber(spec.clusterIP);
        if (!(n >= this.range.first && n <= this.range.last)) {
          refuseClusterIp(name, spec.clusterIP, `the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${numberToIpv4(this.range.first)}/${this.range.prefix}`);
        }
        if (used.ips.has(spec.clusterIP)) refuseClusterIp(name, spec.clusterIP, 'provided IP is already allocated');
      } else {
        // Not the network or broadcast address; .1 is the `kubernetes` service's by convention.
        const n = pickFree(this.range.first + 2, this.range.last - 1, staticBand(this.range.last - this.range.first - 1, 16), (n) => used.ips.has(numberToIpv4(n)));
        if (n === undefined) invalid(name, 'spec.clusterIP', '', 'range is full');
        spec.clusterIP = numberToIpv4(n);
      }
      spec.clusterIPs = [spec.clusterIP];
      ips.push(spec.clusterIP);
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      spec.ports = ((spec.ports ?? []) as Anything[]).map((p, i) => {
        if (p.nodePort) {
          if (used.ports.has(p.nodePort) || ports.includes(p.nodePort)) invalid(name, `spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated');
          ports.push(p.nodePort);
          return p;
        }
        const port = pickFree(NODE_PORTS.first, NODE_PORTS.last, staticBand(NODE_PORTS.last - NODE_PORTS.first + 1, 32, 128), (n) => used.ports.has(n) || ports.includes(n));
        if (port === undefined) invalid(name, `spec.ports[${i}].nodePort`, '', 'range is full');
        ports.push(port);
        return { ...p, nodePort: port };
      });
    }
    return { object: { ...svc, spec }, ips, ports };
  }

  private used(except?: KubeObject): { ips: Set<string>; ports: Set<number> } {
    const ips = new Set(this.pendingIps);
    const ports = new Set(this.pendingPorts);
    for (const s of this.state.list('Service') as Anything[]) {
      if (except !== undefined && s.metadata?.uid === except.metadata.uid) continue;
      if (s.spec?.clusterIP && s.spec.clusterIP !== 'None') ips.add(s.spec.clusterIP);
      for (const p of (s.spec?.ports ?? []) as Anything[]) if (p.nodePort) ports.add(p.nodePort);
    }
    return { ips, ports };
  }
}

/**
 * The size of the lower part of a range that Kubernetes' allocators leave to values asked for by
 * name (KEP-3070, KEP-3668): a sixteenth of a service range (a thirty-second of the node ports), at
 * least 16, at most `max`.
 */
function staticBand(size: number, fraction: number, max = 256): number {
  return Math.min(Math.max(16, Math.floor(size / fraction)), max, size);
}

/**
 * A free member of [first, last], as Kubernetes' bitmap allocators pick one: from a random point of
 * the upper part, scanning round; the lower `band` only when the upper part is full. Addresses and
 * ports thus come back into use at random, not the moment they are freed (a cluster IP handed out
 * again at once could still be in a client's cache or a connection's conntrack entry).
 */
function pickFree(first: number, last: number, band: number, taken: (n: number) => boolean): number | undefined {
  const scan = (from: number, to: number): number | undefined => {
    const size = to - from + 1;
    if (size <= 0) return undefined;
    const start = randomInt(size);
    for (let i = 0; i < size; i++) {
      const n = from + ((start + i) % size);
      if (!taken(n)) return n;
    }
    return undefined;
  };
  return scan(first + band, last) ?? scan(first, first + band - 1);
}

function invalid(name: string, field: string, value: unknown, detail: string): never {
  throw new InvalidError('Service', name, [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${detail}`, field }]);
}

/**
 * kube-apiserver's refusal of a requested cluster IP: on spec.clusterIPs, the list as Go prints it,
 * 'failed to allocate IP <ip>: <why>' (tools find the service range by parsing 'valid IPs is <cidr>').
 */
function refuseClusterIp(name: string, ip: string, why: string): never {
  throw new InvalidError('Service', name, [{ reason: 'FieldValueInvalid', message: `Invalid value: []string{${JSON.stringify(ip)}}: failed to allocate IP ${ip}: ${why}`, field: 'spec.clusterIPs' }]);
}
