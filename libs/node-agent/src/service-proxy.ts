import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { ipv4ToNumber, isIpv4, parseIpv4Cidr, SERVICE_CIDR } from '@bosun/api';
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { runHost } from './host-command';
import { inPodRange, ServiceRules, type RulesNetwork, type ServiceRule } from './service-rules';

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
  /** How often listen addresses that were taken are tried again (default 2 s). */
  readonly retryIntervalMs?: number;
  /**
   * Whether other node agents run on this machine: the service range's black-hole route is theirs
   * too then, and stays when this proxy stops. None by default.
   */
  readonly othersOnHost?: () => boolean;
  /**
   * The node's pod network, for the kernel path: when given (and root, with nft), connections to
   * cluster IPs whose endpoints are pods are forwarded by nftables DNAT rules instead of the relays.
   */
  readonly kernel?: Omit<RulesNetwork, 'serviceCidr'>;
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

/** A listener for one service address:port and protocol, relaying to the current ready targets. */
interface Relay {
  targets: ProxyTarget[];
  close(): Promise<void>;
}

/** One listening address:port relaying TCP connections round robin to the current targets. */
class TcpRelay implements Relay {
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
    // Half-open both ways, as a connection through kube-proxy's rules is: a client that shuts down
    // its sending side still gets the answer.
    const upstream = connect({ port: target.port, host: target.host, allowHalfOpen: true });
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

/** How long a UDP flow with no datagram either way keeps its endpoint (conntrack's UDP timeout). */
const UDP_IDLE_MS = 30_000;

/**
 * One listening address:port relaying UDP datagrams. Each client (address:port) is a flow: its
 * first datagram picks a target round robin, and an upstream socket connected to that target
 * carries the flow both ways until it is idle for UDP_IDLE_MS — as conntrack pins a flow to the
 * endpoint kube-proxy's rules chose.
 */
class UdpRelay implements Relay {
  targets: ProxyTarget[] = [];
  private next = 0;
  private readonly flows = new Map<string, { upstream: UdpSocket; timer: NodeJS.Timeout }>();

  constructor(private readonly socket: UdpSocket) {
    socket.on('message', (message, client) => this.forward(message, client));
    socket.on('error', () => undefined); // an ICMP error for one client is not the listener's end
  }

  private forward(message: Buffer, client: RemoteInfo): void {
    const id = `${client.address}|${client.port}`;
    let flow = this.flows.get(id);
    if (flow === undefined) {
      if (this.targets.length === 0) return; // no ready endpoint: dropped
      const target = this.targets[this.next++ % this.targets.length];
      const upstream = createSocket('udp4');
      upstream.on('message', (reply) => {
        this.socket.send(reply, client.port, client.address);
        this.touch(id);
      });
      upstream.on('error', () => this.end(id));
      upstream.connect(target.port, target.host);
      flow = { upstream, timer: setTimeout(() => this.end(id), UDP_IDLE_MS) };
      this.flows.set(id, flow);
      // Sent once connected: a connected socket needs no address per datagram.
      upstream.once('connect', () => upstream.send(message));
      return;
    }
    this.touch(id);
    flow.upstream.send(message, (error) => error && this.end(id));
  }

  private touch(id: string): void {
    this.flows.get(id)?.timer.refresh();
  }

  private end(id: string): void {
    const flow = this.flows.get(id);
    if (flow === undefined) return;
    this.flows.delete(id);
    clearTimeout(flow.timer);
    flow.upstream.close();
  }

  close(): Promise<void> {
    for (const id of [...this.flows.keys()]) this.end(id);
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

const ip = (args: string[]): { ok: boolean; error: string } => runHost('ip', args);

/**
 * The service proxy. Its userspace half (kube-proxy's userspace mode): for every Service, a listener
 * on clusterIP:port (the IP given to `lo`, as root) and on the node's address at its nodePort,
 * relaying TCP connections and UDP flows to the ready endpoints round robin and following Service and
 * Endpoints changes live. Its kernel half, as root with a pod network and nft (kube-proxy's nftables
 * mode, ServiceRules): DNAT rules in front of the cluster-IP listeners, for the host's and pods'
 * connections, so that only what the rules leave (no ready endpoint, endpoints that are not pods,
 * nodePorts) is relayed. While it runs the service range is black-holed on the host, so a packet for
 * a service that does not exist is dropped here instead of leaving the machine. SCTP is not relayed.
 */
export class ServiceProxy {
  private readonly relays = new Map<string, Relay>();
  /** Listen keys that failed since the last retry. */
  private readonly refused = new Set<string>();
  /** Listen keys whose failure was reported (once each, until they succeed). */
  private readonly reported = new Set<string>();
  /**
   * The cluster IPs on `lo` this proxy answers for: those it listens on. Only these it removes —
   * never an address another agent on this machine listens on.
   */
  private readonly addresses = new Set<string>();
  /** The cluster IPs of all services, as of the last sync. */
  private readonly clusterIPs = new Set<string>();
  private retry: NodeJS.Timeout | undefined;
  private rules: ServiceRules | undefined;
  private routed = false;
  private stopChanges: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();
  /** The last sync failed (an nft run, a listener): the next retry tick syncs again. */
  private failed = false;
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
    if (this.options.kernel !== undefined && this.options.manageAddresses && ServiceRules.available()) {
      const rules = new ServiceRules({ ...this.options.kernel, serviceCidr: this.options.serviceCidr ?? SERVICE_CIDR }, this.options.log);
      try {
        await rules.start();
        this.rules = rules;
      } catch (error) {
        this.options.log(`service proxy: no kernel forwarding, every connection is relayed: ${(error as Error).message}`);
      }
    }
    this.stopChanges = this.state.onChange((change: ObjectChange) => {
      const kind = (change.object as Anything).kind;
      if (kind === 'Service' || kind === 'Endpoints') this.schedule();
    });
    // A listen address another agent on this machine holds is tried again: when that agent dies
    // (kill -9 leaves its addresses on lo, without a listener), this one takes its cluster IPs over.
    // And the cluster IPs this proxy listens on are put back on lo if they went: another agent that
    // served other ports of the same IP removes the IP when it stops. Cluster IPs of services that no
    // longer exist go: an agent killed before it could remove them leaves them behind.
    this.retry = setInterval(() => {
      this.tidyAddresses();
      void this.rules?.reapDead();
      if (this.refused.size === 0 && !this.failed) return;
      this.refused.clear();
      this.failed = false;
      this.schedule();
    }, this.options.retryIntervalMs ?? 2_000);
    await this.sync();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.retry);
    this.stopChanges?.();
    await this.syncing;
    await Promise.all([...this.relays.values()].map((r) => r.close()));
    this.relays.clear();
    this.rules?.stop();
    for (const address of this.addresses) ip(['addr', 'del', `${address}/32`, 'dev', 'lo']);
    this.addresses.clear();
    if (this.routed && !(this.options.othersOnHost?.() ?? false)) ip(['route', 'del', 'blackhole', this.options.serviceCidr ?? SERVICE_CIDR]);
  }

  private tidyAddresses(): void {
    if (this.stopped || !this.options.manageAddresses) return;
    const present = new Set((networkInterfaces().lo ?? []).map((a) => a.address));
    for (const address of this.addresses) {
      if (present.has(address)) continue;
      const r = ip(['addr', 'add', `${address}/32`, 'dev', 'lo']);
      this.options.log(r.ok ? `service proxy: gave ${address} back to lo` : `service proxy: cannot give ${address} back to lo: ${r.error}`);
    }
    const range = parseIpv4Cidr(this.options.serviceCidr ?? SERVICE_CIDR);
    for (const address of present) {
      if (!isIpv4(address) || this.clusterIPs.has(address)) continue;
      const n = ipv4ToNumber(address);
      if (n < range.first || n > range.last) continue;
      if (ip(['addr', 'del', `${address}/32`, 'dev', 'lo']).ok) this.options.log(`service proxy: removed ${address} from lo: no service has it`);
    }
  }

  /** Whether the kernel forwards cluster IPs (nftables rules), not only the relays. */
  get forwardsInKernel(): boolean {
    return this.rules !== undefined;
  }

  /** Listen keys (`protocol|address|port`) this proxy serves now. */
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
    // A failed sync is tried again: until then the rules may still send a cluster IP to an old endpoint.
    this.syncing = this.syncing
      .then(() => this.apply())
      .catch((error: unknown) => {
        this.failed = true;
        this.options.log(`service proxy: ${(error as Error).message} (tried again in a few seconds)`);
      });
    return this.syncing;
  }

  private async apply(): Promise<void> {
    if (this.stopped) return;
    const desired = new Map<string, ProxyTarget[]>();
    const kernel: ServiceRule[] = [];
    this.clusterIPs.clear();
    for (const service of this.state.list('Service') as Anything[]) {
      const endpoints = this.state.getObject(`endpoints/${service.metadata.namespace}/${service.metadata.name}`) as Anything | null;
      const clusterIP = service.spec?.clusterIP;
      for (const port of (service.spec?.ports ?? []) as Anything[]) {
        const protocol = port.protocol ?? 'TCP';
        if (protocol !== 'TCP' && protocol !== 'UDP') continue;
        const targets = targetsOf(endpoints, port);
        if (clusterIP && clusterIP !== 'None') {
          desired.set(`${protocol}|${clusterIP}|${port.port}`, targets);
          this.clusterIPs.add(clusterIP);
          if (this.options.kernel !== undefined && inPodRange(targets, this.options.kernel.podRange)) kernel.push({ protocol: protocol as ServiceRule['protocol'], clusterIP, port: port.port, targets });
        }
        if (port.nodePort && (service.spec?.type === 'NodePort' || service.spec?.type === 'LoadBalancer')) desired.set(`${protocol}|${this.options.nodeAddress}|${port.nodePort}`, targets);
      }
    }
    // The rules first: a connection the relays still take meanwhile is served all the same.
    await this.rules?.apply(kernel);
    for (const [key, relay] of this.relays) {
      if (desired.has(key)) continue;
      this.relays.delete(key);
      await relay.close();
    }
    for (const key of this.refused) if (!desired.has(key)) this.refused.delete(key);
    for (const key of this.reported) if (!desired.has(key)) this.reported.delete(key);
    for (const [key, targets] of desired) {
      const relay = this.relays.get(key);
      if (relay !== undefined) relay.targets = targets;
      else if (!this.refused.has(key)) await this.open(key, targets);
    }
    // Addresses no listener uses any more go.
    const used = new Set([...this.relays.keys()].map((k) => k.split('|')[1]));
    for (const address of this.addresses) {
      if (used.has(address)) continue;
      ip(['addr', 'del', `${address}/32`, 'dev', 'lo']);
      this.addresses.delete(address);
    }
  }

  private async open(key: string, targets: ProxyTarget[]): Promise<void> {
    const [protocol, address, port] = key.split('|');
    const clusterIP = address !== this.options.nodeAddress && this.options.manageAddresses;
    // 'File exists': another agent on this machine gave it to lo (or one killed before it could
    // clean up); it is ours only once we listen on it.
    const added = clusterIP && !this.addresses.has(address) && ip(['addr', 'add', `${address}/32`, 'dev', 'lo']).ok;
    let relay: Relay;
    try {
      relay = protocol === 'UDP' ? await listenUdp(address, Number(port)) : await listenTcp(address, Number(port));
    } catch (error) {
      // In use: another agent listens there — perhaps one that found the address we had just added
      // and bound first. The address is its now; taking it away would leave it serving nothing.
      if (added && (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') ip(['addr', 'del', `${address}/32`, 'dev', 'lo']);
      this.refused.add(key);
      if (!this.reported.has(key)) this.options.log(`service proxy: cannot listen on ${address}:${port}/${protocol} (tried again every few seconds): ${(error as Error).message}`);
      this.reported.add(key);
      return;
    }
    if (clusterIP) this.addresses.add(address);
    if (this.reported.delete(key)) this.options.log(`service proxy: now listening on ${address}:${port}/${protocol}`);
    relay.targets = targets;
    this.relays.set(key, relay);
  }
}

async function listenTcp(address: string, port: number): Promise<Relay> {
  const server = createServer({ allowHalfOpen: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve());
  });
  return new TcpRelay(server);
}

async function listenUdp(address: string, port: number): Promise<Relay> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(port, address, () => resolve());
  });
  return new UdpRelay(socket);
}
