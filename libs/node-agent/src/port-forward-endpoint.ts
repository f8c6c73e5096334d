import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { connection as spdyConnection } from 'spdy-transport';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PodWorker } from './pod-worker';
import { refuse } from './upgrade-refusal';

/** The stream protocol kubectl asks for in `X-Stream-Protocol-Version`. */
export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

/**
 * The WebSocket protocols the kubelet serves port forwarding over (handleWebSocketStreams): binary
 * channels, or base64 text ones. A client that offers none is served binary, as there.
 */
export const PORT_FORWARD_WEBSOCKET_PROTOCOLS = ['v4.channel.k8s.io', 'v4.base64.channel.k8s.io'] as const;

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
  const sockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PORT_FORWARD_WEBSOCKET_PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });
  return (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void => {
    const match = /^\/portforward\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (match === null) return refuse(socket, 404, 'not found');
    const [, namespace, pod] = match.map(decodeURIComponent);
    if (/websocket/i.test(req.headers.upgrade ?? '')) {
      const ports = portsOf(url);
      if (typeof ports === 'string') return refuse(socket, 400, ports);
      const worker = workerOf(`pods/${namespace}/${pod}`);
      if (worker === undefined) return refuse(socket, 404, `pod ${pod} does not run on this node`);
      return sockets.handleUpgrade(req, socket, head, (ws) => forwardOverWebSocket(ws, pod, ports, worker.podIP));
    }
    if (!/^spdy\/3\.1$/i.test(req.headers.upgrade ?? '')) return refuse(socket, 400, 'port forwarding is served over SPDY/3.1 (portforward.k8s.io) and WebSocket (v4.channel.k8s.io)');
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

/** The kubelet's NewV4Options: the `port` parameters (each may list several, comma-separated), each 1–65535; or why not, in its words. */
export function portsOf(url: URL): number[] | string {
  const given = url.searchParams.getAll('port');
  if (given.length === 0) return 'query parameter "port" is required';
  const ports: number[] = [];
  for (const text of given) {
    if (text === '') return 'query parameter "port" cannot be empty';
    for (const p of text.split(',')) {
      const port = /^\d+$/.test(p) ? Number(p) : NaN;
      if (!Number.isInteger(port) || port > 65535) return `unable to parse "${text}" as a port`;
      if (port < 1) return `port "${text}" must be > 0`;
      ports.push(port);
    }
  }
  return ports;
}

/**
 * Port forwarding over WebSocket, as the kubelet's handleWebSocketStreams serves it (what
 * @kubernetes/client-node's PortForward speaks): two channels per port — data (2i) and error
 * (2i+1) —, each opened by the port as two little-endian bytes; each message starts with its
 * channel (as a digit in base64 text frames). One connection to the pod per port, for the
 * life of the WebSocket.
 */
function forwardOverWebSocket(ws: WebSocket, pod: string, ports: readonly number[], ip: string): void {
  const base64 = ws.protocol === 'v4.base64.channel.k8s.io';
  const send = (channel: number, data: Buffer): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (base64) ws.send(`${channel}${data.toString('base64')}`);
    else ws.send(Buffer.concat([Buffer.from([channel]), data]));
  };
  const targets = ports.map((port, i) => {
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    send(2 * i, portBytes);
    send(2 * i + 1, portBytes);
    const target = connect({ host: ip, port });
    target.on('data', (chunk: Buffer) => send(2 * i, chunk));
    target.on('error', (e) => {
      // The kubelet's wording, on the port's error channel.
      send(2 * i + 1, Buffer.from(`error forwarding port ${port} to pod ${pod}, uid : ${e.message}`));
      ws.close(1000);
    });
    target.on('close', () => ws.close(1000));
    return target;
  });
  ws.on('message', (raw: Buffer, isBinary: boolean) => {
    const message = !base64 || isBinary ? raw : Buffer.from(raw.toString());
    if (message.length === 0) return;
    const channel = base64 && !isBinary ? Number(String.fromCharCode(message[0]!)) : message[0]!;
    const payload = base64 && !isBinary ? Buffer.from(message.subarray(1).toString(), 'base64') : message.subarray(1);
    // Only data channels carry input; the client's own error channels are ignored.
    if (channel % 2 === 0) targets[channel / 2]?.write(payload);
  });
  ws.on('close', () => targets.forEach((t) => t.destroy()));
  ws.on('error', () => targets.forEach((t) => t.destroy()));
}
