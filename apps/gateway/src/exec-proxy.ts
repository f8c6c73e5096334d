import { ApiError, BadRequestError, PathNotFoundError, toStatus } from '@bosun/api';
import type { IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { KubeApiService } from './kube-api.service';
import { parseApiPath } from './kube-request';
import { UNAUTHORIZED, type Authenticate } from './token-auth';

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 500: 'Internal Server Error' };

function answer(socket: Duplex, code: number, status: unknown): void {
  const body = JSON.stringify(status);
  socket.end(`HTTP/1.1 ${code} ${REASONS[code] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** A WebSocket port forward in the channel protocol (not kubectl's tunnelled SPDY): it offers v4.channel.k8s.io or its base64 form. */
function webSocketPortForward(offered: string | undefined): boolean {
  return (offered ?? '').split(',').map((p) => p.trim()).some((p) => p === 'v4.channel.k8s.io' || p === 'v4.base64.channel.k8s.io');
}

/**
 * `pods/exec`, `pods/attach` and `pods/portforward` (kubectl exec, attach and run -i, port-forward): an upgrade passed through
 * to the node agent that runs the pod — as the API server passes it to the kubelet. The agent
 * speaks Kubernetes' channel protocol over WebSocket for exec (libs/node-agent exec-endpoint.ts) and
 * SPDY/3.1 or WebSocket (v4.channel.k8s.io: @kubernetes/client-node's PortForward) for port forwarding (port-forward-endpoint.ts). The gateway checks the caller and the
 * pod, then relays bytes.
 */
export function proxyExec(server: Server, api: KubeApiService, required: Authenticate | undefined): { closeAll(): void } {
  const open = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    try {
      if (required !== undefined && required(req.headers.authorization) === undefined) return answer(socket, 401, UNAUTHORIZED);
      const url = new URL(req.url ?? '/', 'http://gateway');
      const path = url.pathname.replace(/\/+$/, '');
      const parsed = parseApiPath(path);
      const sub = parsed?.subresource;
      if (parsed === undefined || parsed.target.info.kind !== 'Pod' || (sub !== 'exec' && sub !== 'attach' && sub !== 'portforward') || parsed.target.name === undefined) throw new PathNotFoundError();
      const pod = `${encodeURIComponent(parsed.target.namespace ?? 'default')}/${encodeURIComponent(parsed.target.name)}`;
      const upgrade = req.headers.upgrade ?? '';
      let at: { host: string; port: number };
      let agentPath: string;
      let passed: string[];
      if (sub === 'exec' || sub === 'attach') {
        // The pod and container first: kubectl tries SPDY when WebSocket is refused, and should hear why.
        const endpoint = api.podEndpoint(parsed.target, url.searchParams.get('container') ?? undefined);
        // Also over SPDY/3.1 (client-go's NewSPDYExecutor, kubectl before 1.30).
        const spdy = /^spdy\/3\.1$/i.test(upgrade);
        if (!spdy && !/websocket/i.test(upgrade)) throw new BadRequestError(`Bosun serves ${sub} over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io) and SPDY/3.1 (v4.channel.k8s.io)`);
        url.searchParams.delete('container');
        at = endpoint;
        agentPath = `/${sub}/${pod}/${encodeURIComponent(endpoint.container)}${url.search}`;
        passed = spdy ? ['upgrade', 'connection', 'x-stream-protocol-version'] : ['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions'];
      } else {
        at = api.podAgent(parsed.target);
        const websocket = /websocket/i.test(upgrade) && webSocketPortForward(req.headers['sec-websocket-protocol']);
        // kubectl 1.31+ first offers SPDY tunnelled in WebSocket (SPDY/3.1+portforward.k8s.io); refused, it falls back to plain SPDY.
        if (!websocket && !/^spdy\/3\.1$/i.test(upgrade)) throw new BadRequestError('Bosun serves port forwarding over SPDY/3.1 (portforward.k8s.io) and WebSocket (v4.channel.k8s.io, v4.base64.channel.k8s.io)');
        if (websocket) {
          // As kube-apiserver's PortForwardLocation: the API's ports become the kubelet's port parameters.
          const ports = new URLSearchParams(url.searchParams.getAll('ports').map((p): [string, string] => ['port', p]));
          agentPath = `/portforward/${pod}?${ports.toString()}`;
          passed = ['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions'];
        } else {
          agentPath = `/portforward/${pod}`;
          passed = ['upgrade', 'connection', 'x-stream-protocol-version'];
        }
      }
      // The upgrade request again, for the agent: its own path, the client's upgrade headers.
      const headers = passed.filter((h) => req.headers[h] !== undefined).map((h) => `${h}: ${String(req.headers[h])}`);
      const upstream = connect(at.port, at.host, () => {
        upstream.write(`GET ${agentPath} HTTP/1.1\r\nhost: ${at.host}:${at.port}\r\n${headers.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', (error) => {
        if (upstream.bytesRead === 0 && socket.writable) answer(socket, 500, toStatus(new BadRequestError(`the node agent did not answer: ${error.message}`)));
        else socket.destroy();
      });
      socket.on('close', () => upstream.destroy());
    } catch (error) {
      const status = toStatus(error instanceof ApiError ? error : new BadRequestError((error as Error).message));
      answer(socket, (status as { code?: number }).code ?? 400, status);
    }
  });
  // Upgraded connections are no longer the HTTP server's: its close would wait for each of them.
  return { closeAll: () => open.forEach((socket) => socket.destroy()) };
}
