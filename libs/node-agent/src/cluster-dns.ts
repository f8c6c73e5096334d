import { objectKey, type KubeObject } from '@bosun/api';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import * as packet from 'dns-packet';

/** The cluster's DNS domain, as Kubernetes' default. */
export const CLUSTER_DOMAIN = 'cluster.local';

/** What the DNS answers are read from: the projection's objects by key. */
export type ObjectLookup = (key: string) => KubeObject | null;

/** The answer to one question: records, or that the name does not exist; undefined when the name is not the cluster's. */
export type ClusterAnswer = { readonly rcode: 'NOERROR'; readonly answers: packet.Answer[] } | { readonly rcode: 'NXDOMAIN' } | undefined;

type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN';
const RCODES: Record<Rcode, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3 };

/** Seconds a cluster answer may be cached, as CoreDNS's kubernetes plugin answers by default. */
const TTL = 5;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Anything = any;

/**
 * Kubernetes' DNS for Services and Pods (what CoreDNS's kubernetes plugin answers), for one
 * question:
 * - `<service>.<namespace>.svc.<domain>`: A, the Service's cluster IP; for a headless Service
 *   (clusterIP None) its ready endpoints' addresses; an ExternalName Service is a CNAME;
 * - `<hostname>.<service>.<namespace>.svc.<domain>`: A, the address of the headless Service's
 *   endpoint with that hostname (a pod with `spec.hostname` and `spec.subdomain`);
 * - `<a-b-c-d>.<namespace>.pod.<domain>`: A, the address a.b.c.d;
 * - any other name in the domain: NXDOMAIN. A name that exists but has no record of the type asked
 *   (AAAA: the cluster is IPv4) answers NOERROR and nothing, so a resolver moves on at once.
 */
export function answerClusterQuestion(question: packet.Question, lookup: ObjectLookup, domain = CLUSTER_DOMAIN): ClusterAnswer {
  const name = question.name.toLowerCase().replace(/\.$/, '');
  if (name !== domain && !name.endsWith(`.${domain}`)) return undefined;
  const labels = name === domain ? [] : name.slice(0, -(domain.length + 1)).split('.');
  const a = (address: string): packet.Answer => ({ type: 'A', name: question.name, ttl: TTL, class: 'IN', data: address });
  const found = (records: packet.Answer[]): ClusterAnswer => ({ rcode: 'NOERROR', answers: records.filter((r) => r.type === question.type) });
  // The zone's own names (cluster.local, svc.cluster.local, <ns>.svc.cluster.local, likewise pod): they exist, without records.
  const last = labels[labels.length - 1];
  if (labels.length === 0 || (labels.length <= 2 && (last === 'svc' || last === 'pod'))) return { rcode: 'NOERROR', answers: [] };
  const [first, ...rest] = labels;
  if (rest.length === 2 && rest[1] === 'pod') {
    const address = first.split('-').join('.');
    return /^(\d{1,3}\.){3}\d{1,3}$/.test(address) ? found([a(address)]) : { rcode: 'NXDOMAIN' };
  }
  if (rest.length === 2 && rest[1] === 'svc') {
    const service = lookup(objectKey('Service', rest[0], first)) as Anything;
    if (service === null) return { rcode: 'NXDOMAIN' };
    const spec = service.spec ?? {};
    if (spec.type === 'ExternalName' && spec.externalName) {
      return { rcode: 'NOERROR', answers: question.type === 'CNAME' || question.type === 'A' ? [{ type: 'CNAME', name: question.name, ttl: TTL, class: 'IN', data: String(spec.externalName) }] : [] };
    }
    if (spec.clusterIP && spec.clusterIP !== 'None') return found([a(spec.clusterIP)]);
    return found(readyAddresses(lookup, rest[0], first).map((e) => a(e.ip)));
  }
  if (rest.length === 3 && rest[2] === 'svc') {
    const endpoint = readyAddresses(lookup, rest[1], rest[0]).find((e) => e.hostname === first);
    return endpoint === undefined ? { rcode: 'NXDOMAIN' } : found([a(endpoint.ip)]);
  }
  return { rcode: 'NXDOMAIN' };
}

function readyAddresses(lookup: ObjectLookup, namespace: string, service: string): Array<{ ip: string; hostname?: string }> {
  const endpoints = lookup(objectKey('Endpoints', namespace, service)) as Anything;
  return ((endpoints?.subsets ?? []) as Anything[]).flatMap((s) => (s.addresses ?? []) as Array<{ ip: string; hostname?: string }>);
}

export interface ClusterDnsOptions {
  /** The address to listen on (the node's pod bridge) and port (53). */
  readonly address: string;
  readonly port?: number;
  /** Servers asked about names outside the cluster (the node's own, from its /etc/resolv.conf). */
  readonly upstream: readonly string[];
  readonly domain?: string;
  /** How long an upstream server may take. */
  readonly upstreamTimeoutMs?: number;
  /** The port upstream servers answer on (53). */
  readonly upstreamPort?: number;
}

/**
 * The node's DNS server for its pods (ClusterFirst): cluster names from the projection, other names
 * passed on to the node's own servers, as CoreDNS forwards to the node's resolv.conf. One UDP
 * socket on the pod bridge's address, so only this node's pods reach it.
 */
export class ClusterDns {
  private socket: Socket | undefined;
  private readonly pending = new Set<Socket>();

  constructor(
    private readonly lookup: ObjectLookup,
    private readonly options: ClusterDnsOptions,
  ) {}

  /** Listens; rejects if the address and port cannot be had (another DNS server holds them). */
  async start(): Promise<void> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port ?? 53, this.options.address, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => undefined); // a bad datagram's send error must not stop the server
    socket.on('message', (message, from) => this.handle(socket, message, from));
    this.socket = socket;
  }

  /** The port it listens on (for a server started on port 0). */
  get port(): number {
    return this.socket?.address().port ?? 0;
  }

  async stop(): Promise<void> {
    for (const s of this.pending) s.close();
    this.pending.clear();
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  private handle(socket: Socket, message: Buffer, from: RemoteInfo): void {
    let query: packet.Packet;
    try {
      query = packet.decode(message);
    } catch {
      return; // not DNS: nothing to answer
    }
    const reply = (rcode: Rcode, answers: packet.Answer[] = [], authoritative = false): void => {
      // The header's low four bits are the response code; recursion desired is echoed; recursion
      // available, since other names are passed on; authoritative for the cluster's own zone.
      const flags = ((query.flags ?? 0) & packet.RECURSION_DESIRED) | packet.RECURSION_AVAILABLE | (authoritative ? packet.AUTHORITATIVE_ANSWER : 0) | RCODES[rcode];
      socket.send(packet.encode({ id: query.id, type: 'response', flags, questions: query.questions, answers }), from.port, from.address);
    };
    const question = query.questions?.[0];
    if (query.type !== 'query' || question === undefined) return reply('FORMERR');
    const answer = answerClusterQuestion(question, this.lookup, this.options.domain ?? CLUSTER_DOMAIN);
    if (answer !== undefined) return reply(answer.rcode, answer.rcode === 'NOERROR' ? answer.answers : [], true);
    this.forward(message, (response) => (response === undefined ? reply('SERVFAIL') : socket.send(response, from.port, from.address)));
  }

  /** Passes a query to the node's first server and hands back its answer (undefined: none in time). */
  private forward(message: Buffer, answer: (response: Buffer | undefined) => void): void {
    const upstream = this.options.upstream[0];
    if (upstream === undefined) return answer(undefined);
    const relay = createSocket(upstream.includes(':') ? 'udp6' : 'udp4');
    this.pending.add(relay);
    let done = false;
    const finish = (response: Buffer | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.pending.delete(relay);
      relay.close();
      answer(response);
    };
    const timer = setTimeout(() => finish(undefined), this.options.upstreamTimeoutMs ?? 2_000);
    relay.on('error', () => finish(undefined));
    relay.on('message', (response) => finish(response));
    relay.send(message, this.options.upstreamPort ?? 53, upstream, (error) => error && finish(undefined));
  }
}

/** The nameservers of a resolv.conf's text. */
export function nameserversOf(resolvConf: string): string[] {
  return resolvConf
    .split('\n')
    .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1])
    .filter((s): s is string => s !== undefined);
}
