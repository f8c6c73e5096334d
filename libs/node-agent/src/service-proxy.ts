import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { SERVICE_CIDR } from '@bosun/api';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { runHost } from './host-command';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ProxyTarget {
  readonly host: string;
  readonly port: number;
}

export interface ServiceProxyOptions {
  /** The node's address: nodePorts listen there. */
  readonly nodeAddress: string;
  /** Give cluster IPs to the loopback interface (needs root); otherwise only nodePorts are served. */
  readonly manageAddresses: boolean;
  /** The service range, black-holed on the host while the proxy runs (default 10.96.0.0/12). */
  readonly serviceCidr?: string;
  readonly log: (message: string) => void;
}

/** The ready endpoints behind one service port: addresses × the Endpoints port of the same name. */
export function targetsOf(endpoints: Anything | null, servicePort: Anything): ProxyTarget[] {
  const targets: ProxyTarget[] = [];
  for (const subset of (endpoints?.subsets ?? []) as Anything[]) {
    const ports = (subset.ports ?? []) as Anything[];
    const port = ports.find((p) => (p.name ?? '') === (servicePort.name ?? '')) ?? (ports.length === 1 && !servicePort.name ? ports[0] : undefined);
    if (port === undefined || (port.protocol ?? 'TCP') !== (servicePort.protocol ?? 'TCP')) continue;
    for (const address of (subset.addresses ?? []) as Anything[]) targets.push({ host: address.ip, port: port.port });
  }
  return targets;
}

/** One listening address:port relaying TCP connections round robin to the current targets. */
class TcpRelay {
  targets: ProxyTarget[] = [];
  private next = 0;
  private readonly sockets = new Set<Socket>();

  constructor(readonly server: Server) {
    server.on('connection', (client) => this.relay(client, 0));
  }

  private relay(client: Socket, attempt: number): void {
    if (this.targets.length === 0 || attempt >= this.targets.length) {
      client.destroy(); // no ready endpoint: refuse, as kube-proxy's REJECT rule does
      return;
    }
    const target = this.targets[this.next++ % this.targets.length];
    const upstream = connect(target.port, target.host);
    this.sockets.add(client).add(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.once('error', () => {
      upstream.destroy();
      this.sockets.delete(upstream);
      if (!connected) this.relay(client, attempt + 1); // that endpoint is gone: try the next one
      else client.destroy();
    });
    client.once('error', () => upstream.destroy());
    client.once('close', () => {
      upstream.end();
      this.sockets.delete(client);
    });
    upstream.once('close', () => {
      client.end();
      this.sockets.delete(upstream);
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const ip = (args: string[]): { ok: boolean; error: string } => runHost('ip', args);

/**
 * The service proxy (kube-proxy's userspace mode): for every Service, a listener on clusterIP:port
 * (the IP given to `lo`, as root) and on the node's address at its nodePort, relaying TCP to the
 * ready endpoints round robin and following Service and Endpoints changes live. While it runs the
 * service range is black-holed on the host, so a packet for a service that does not exist is dropped
 * here instead of leaving the machine. UDP is not relayed yet.
 */
export class ServiceProxy {
  private readonly relays = new Map<string, TcpRelay>();
  /** Listen addresses that failed, reported once each. */
  private readonly refused = new Set<string>();
  private readonly addresses = new Set<string>();
  private routed = false;
  private stopChanges: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly state: ClusterState,
    private readonly options: ServiceProxyOptions,
  ) {}

  async start(): Promise<void> {
    if (this.options.manageAddresses) {
      const cidr = this.options.serviceCidr ?? SERVICE_CIDR;
      const r = ip(['route', 'replace', 'blackhole', cidr]);
      if (r.ok) this.routed = true;
      else this.options.log(`service proxy: could not black-hole ${cidr}: ${r.error}`);
    } else {
      this.options.log('service proxy: not root, so cluster IPs are not served on this node; nodePorts are');
    }
    this.stopChanges = this.state.onChange((change: ObjectChange) => {
      const kind = (change.object as Anything).kind;
      if (kind === 'Service' || kind === 'Endpoints') this.schedule();
    });
    await this.sync();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopChanges?.();
    await this.syncing;
    await Promise.all([...this.relays.values()].map((r) => r.close()));
    this.relays.clear();
    for (const address of this.addresses) ip(['addr', 'del', `${address}/32`, 'dev', 'lo']);
    this.addresses.clear();
    if (this.routed) ip(['route', 'del', 'blackhole', this.options.serviceCidr ?? SERVICE_CIDR]);
  }

  /** Listen keys (`address|port`) this proxy serves now. */
  listening(): string[] {
    return [...this.relays.keys()];
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sync();
    }, 20);
  }

  private sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.apply()).catch((error: unknown) => this.options.log(`service proxy: ${(error as Error).message}`));
    return this.syncing;
  }

  private async apply(): Promise<void> {
    if (this.stopped) return;
    const desired = new Map<string, ProxyTarget[]>();
    for (const service of this.state.list('Service') as Anything[]) {
      const endpoints = this.state.getObject(`endpoints/${service.metadata.namespace}/${service.metadata.name}`) as Anything | null;
      const clusterIP = service.spec?.clusterIP;
      for (const port of (service.spec?.ports ?? []) as Anything[]) {
        if ((port.protocol ?? 'TCP') !== 'TCP') continue;
        const targets = targetsOf(endpoints, port);
        if (clusterIP && clusterIP !== 'None') desired.set(`${clusterIP}|${port.port}`, targets);
        if (port.nodePort && (service.spec?.type === 'NodePort' || service.spec?.type === 'LoadBalancer')) desired.set(`${this.options.nodeAddress}|${port.nodePort}`, targets);
      }
    }
    for (const [key, relay] of this.relays) {
      if (desired.has(key)) continue;
      this.relays.delete(key);
      await relay.close();
    }
    for (const key of this.refused) if (!desired.has(key)) this.refused.delete(key);
    for (const [key, targets] of desired) {
      const relay = this.relays.get(key);
      if (relay !== undefined) relay.targets = targets;
      else if (!this.refused.has(key)) await this.open(key, targets);
    }
    // Addresses no listener uses any more go.
    const used = new Set([...this.relays.keys()].map((k) => k.split('|')[0]));
    for (const address of this.addresses) {
      if (used.has(address)) continue;
      ip(['addr', 'del', `${address}/32`, 'dev', 'lo']);
      this.addresses.delete(address);
    }
  }

  private async open(key: string, targets: ProxyTarget[]): Promise<void> {
    const [address, port] = key.split('|');
    if (address !== this.options.nodeAddress && this.options.manageAddresses && !this.addresses.has(address)) {
      const r = ip(['addr', 'add', `${address}/32`, 'dev', 'lo']);
      if (r.ok || r.error.includes('File exists')) this.addresses.add(address);
    }
    const server = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(Number(port), address, () => resolve());
      });
    } catch (error) {
      this.refused.add(key);
      this.options.log(`service proxy: cannot listen on ${address}:${port}: ${(error as Error).message}`);
      return;
    }
    const relay = new TcpRelay(server);
    relay.targets = targets;
    this.relays.set(key, relay);
  }
}
