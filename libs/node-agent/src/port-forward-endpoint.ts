import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { connection as spdyConnection } from 'spdy-transport';
import type { PodWorker } from './pod-worker';
import { refuse } from './upgrade-refusal';

/** The stream protocol kubectl asks for in `X-Stream-Protocol-Version`. */
export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

/** How long the second stream of a request may keep the first waiting, as the kubelet's stream creation timeout. */
const PAIR_TIMEOUT_MS = 30_000;

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** The part of spdy-transport's stream used here: a Duplex with the SYN_STREAM headers. */
export type SpdyStream = Duplex & { headers: Record<string, string>; respond(status: number, headers: Record<string, string>): void };

/**
 * spdy-transport carries HTTP over SPDY: it refuses a SYN_STREAM without `:method` and `:path`
 * ("Missing `:method` and/or `:path` header") and drops the connection. Kubernetes' streams carry
 * neither, only their own headers (Go's spdystream frames generic streams). This session's parser
 * fills the two in when absent; nothing else of the library reads them here. The package is pinned
 * to the version this was written against (3.0.0), whose parser sits at `_spdyState.parser`.
 */
export function acceptGenericStreams(session: object): void {
  const parser = (session as { _spdyState?: { parser?: { parseKVs?: KvParser } } })._spdyState?.parser;
  const parseKVs = parser?.parseKVs;
  if (parser === undefined || parseKVs === undefined) throw new Error('spdy-transport changed: no parser to adapt (pinned 3.0.0 expected)');
  parser.parseKVs = function parseGenericKVs(buffer, callback) {
    parseKVs.call(this, buffer, (error, headers) => callback(error, headers === undefined ? headers : { ':method': 'POST', ':path': '/', ...headers }));
  };
}

type KvParser = (this: unknown, buffer: unknown, callback: (error: Error | null, headers?: Record<string, string>) => void) => void;

/**
 * The kubelet's port-forward endpoint, `/portforward/{namespace}/{pod}`, over SPDY/3.1 (the gateway
 * passes `pods/portforward` upgrades through to it, as the API server passes them to the kubelet).
 * For each local connection kubectl opens two streams with one `requestID`: `error`, then `data`,
 * both naming the pod's `port`. The agent connects to that port at the pod's IP, from the host (the
 * pod network is reachable from it), copies bytes both ways, and writes a failure to the error
 * stream as the kubelet words it.
 */
export function portForwardUpgrade(workerOf: (key: string) => PodWorker | undefined) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void => {
    const match = /^\/portforward\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (match === null) return refuse(socket, 404, 'not found');
    const [, namespace, pod] = match.map(decodeURIComponent);
    if (!/^spdy\/3\.1$/i.test(req.headers.upgrade ?? '')) return refuse(socket, 400, 'port forwarding is served over SPDY/3.1 (portforward.k8s.io)');
    const offered = String(req.headers['x-stream-protocol-version'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(PORT_FORWARD_PROTOCOL)) return refuse(socket, 400, `unable to upgrade: no protocol in common (offered ${offered.join(', ') || 'none'}, served ${PORT_FORWARD_PROTOCOL})`);
    const worker = workerOf(`pods/${namespace}/${pod}`);
    if (worker === undefined) return refuse(socket, 404, `pod ${pod} does not run on this node`);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`);
    if (head.length > 0) socket.unshift(head);
    const session = spdyConnection.create(socket, { protocol: 'spdy', isServer: true });
    acceptGenericStreams(session);
    session.start(3.1);
    const pairs = new Map<string, Pair>();
    session.on('error', () => socket.destroy());
    session.on('stream', (stream: SpdyStream) => {
      stream.respond(200, {});
      stream.on('error', () => stream.destroy());
      const { streamtype: type, requestid: id = '', port } = stream.headers;
      if (type !== 'error' && type !== 'data') return void stream.destroy();
      let pair = pairs.get(id);
      if (pair === undefined) {
        const timer = setTimeout(() => {
          pairs.delete(id);
          pair?.error?.destroy();
          pair?.data?.destroy();
        }, PAIR_TIMEOUT_MS);
        pair = { timer };
        pairs.set(id, pair);
      }
      pair[type] = stream;
      if (type === 'error') stream.resume(); // kubectl closes its side of the error stream at once
      if (pair.error === undefined || pair.data === undefined) return;
      clearTimeout(pair.timer);
      pairs.delete(id);
      forward(pod, pair.error, pair.data, port, worker.podIP);
    });
    socket.on('close', () => {
      for (const pair of pairs.values()) clearTimeout(pair.timer);
      pairs.clear();
    });
  };
}

function forward(pod: string, error: SpdyStream, data: SpdyStream, portText: string | undefined, ip: string): void {
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    error.end(`invalid port "${portText ?? ''}"`);
    data.end();
    return;
  }
  const target = connect({ host: ip, port, allowHalfOpen: true });
  target.on('connect', () => {
    data.pipe(target);
    target.pipe(data);
    error.end();
  });
  target.on('error', (e) => {
    // The kubelet's wording; kubectl prints it as "an error occurred forwarding L -> P: …".
    if (error.writable) error.end(`error forwarding port ${port} to pod ${pod}, uid : ${e.message}`);
    data.end();
  });
  data.on('close', () => target.destroy());
}
