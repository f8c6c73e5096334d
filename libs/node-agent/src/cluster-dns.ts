import { objectKey, type KubeObject } from '@bosun/api';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as NetSocket } from 'node:net';
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

/** The largest UDP answer a client takes without EDNS (RFC 1035); a larger one is truncated (TC) and asked again over TCP. */
const UDP_LIMIT = 512;

/**
 * The node's DNS server for its pods (ClusterFirst): cluster names from the projection, other names
 * passed on to the node's own servers, as CoreDNS forwards to the node's resolv.conf. A UDP socket
 * and a TCP listener on the pod bridge's address, so only this node's pods reach it: an answer too
 * large for the client's UDP size (512 bytes, or what its EDNS record says) goes out truncated, and
 * the client asks again over TCP, where it gets the whole of it.
 */
export class ClusterDns {
  private socket: Socket | undefined;
  private tcp: Server | undefined;
  private readonly connections = new Set<NetSocket>();
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
    socket.on('message', (message, from) =>
      this.handle(message, (response) => socket.send(fittingUdp(response, message), from.port, from.address)),
    );
    this.socket = socket;
    // TCP on the same port as UDP (the one the system chose, for a server started on port 0).
    const tcp = createServer((connection) => this.serveTcp(connection));
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(socket.address().port, this.options.address, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.tcp = tcp;
  }

  /** The port it listens on (for a server started on port 0). */
  get port(): number {
    return this.socket?.address().port ?? 0;
  }

  async stop(): Promise<void> {
    for (const s of this.pending) s.close();
    this.pending.clear();
    for (const c of this.connections) c.destroy();
    const socket = this.socket;
    const tcp = this.tcp;
    this.socket = undefined;
    this.tcp = undefined;
    if (socket !== undefined) await new Promise<void>((resolve) => socket.close(() => resolve()));
    if (tcp !== undefined) await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }

  /** DNS over TCP: each message and each answer preceded by its length in two bytes (RFC 1035 4.2.2). */
  private serveTcp(connection: NetSocket): void {
    this.connections.add(connection);
    connection.on('close', () => this.connections.delete(connection));
    connection.on('error', () => connection.destroy());
    connection.setTimeout(10_000, () => connection.destroy());
    let buffered = Buffer.alloc(0);
    connection.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + message.length);
        this.handle(message, (response) => {
          const length = Buffer.alloc(2);
          length.writeUInt16BE(response.length);
          if (!connection.destroyed) connection.write(Buffer.concat([length, response]));
        });
      }
    });
  }

  /** Answers one query, whichever transport it came by, through `respond`. */
  private handle(message: Buffer, respond: (response: Buffer) => void): void {
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
      respond(packet.encode({ id: query.id, type: 'response', flags, questions: query.questions, answers }));
    };
    const question = query.questions?.[0];
    if (query.type !== 'query' || question === undefined) return reply('FORMERR');
    const answer = answerClusterQuestion(question, this.lookup, this.options.domain ?? CLUSTER_DOMAIN);
    if (answer !== undefined) return reply(answer.rcode, answer.rcode === 'NOERROR' ? answer.answers : [], true);
    this.forward(message, (response) => (response === undefined ? reply('SERVFAIL') : respond(response)));
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

/**
 * The answer to `query` as UDP may carry it: whole when it fits the sender's size (512 bytes, or its
 * EDNS payload size), else its header and question only, with the TC flag set. The query is read
 * again only for an answer over 512 bytes.
 */
function fittingUdp(response: Buffer, query: Buffer): Buffer {
  if (response.length <= UDP_LIMIT || response.length <= udpLimit(query)) return response;
  const answer = packet.decode(response);
  return packet.encode({ ...answer, flags: (answer.flags ?? 0) | packet.TRUNCATED_RESPONSE, answers: [], authorities: [], additionals: [] });
}

/** The largest UDP answer the query's sender takes: its EDNS payload size, else 512 bytes. */
function udpLimit(message: Buffer): number {
  try {
    const opt = (packet.decode(message).additionals ?? []).find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
    return Math.max(UDP_LIMIT, opt?.udpPayloadSize ?? UDP_LIMIT);
  } catch {
    return UDP_LIMIT;
  }
}

/** The nameservers of a resolv.conf's text. */
export function nameserversOf(resolvConf: string): string[] {
  return resolvConf
    .split('\n')
    .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1])
    .filter((s): s is string => s !== undefined);
}
