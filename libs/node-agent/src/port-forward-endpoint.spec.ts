import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { WebSocket } from 'ws';
import type { PodWorker } from './pod-worker';
import { portForwardUpgrade, portsOf } from './port-forward-endpoint';

/** The kubelet's endpoint on a loopback HTTP server, its one pod at 127.0.0.1 with an echo server on a port. */
describe('port forwarding over WebSocket (the kubelet\'s handleWebSocketStreams)', () => {
  let agent: Server;
  let echo: NetServer;
  let agentPort: number;
  let echoPort: number;
  beforeAll(async () => {
    echo = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoPort = (echo.address() as AddressInfo).port;
    const upgrade = portForwardUpgrade((key) => (key === 'pods/default/web' ? ({ podIP: '127.0.0.1' } as PodWorker) : undefined));
    agent = createHttpServer();
    agent.on('upgrade', (req, socket, head) => upgrade(req, socket, head, new URL(req.url ?? '/', 'http://agent')));
    await new Promise<void>((r) => agent.listen(0, '127.0.0.1', r));
    agentPort = (agent.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => agent.close(r));
    await new Promise((r) => echo.close(r));
  });

  const open = (path: string, protocols: string[]): Promise<{ ws: WebSocket; messages: Buffer[] }> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${agentPort}${path}`, protocols);
      const messages: Buffer[] = [];
      ws.on('message', (m: Buffer) => messages.push(Buffer.from(m)));
      ws.on('open', () => resolve({ ws, messages }));
      ws.on('error', reject);
    });
  const until = async (check: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(check()).toBe(true);
  };

  it('opens each channel with the port, then relays the data channel both ways (v4.channel.k8s.io, as client-node offers it)', async () => {
    const { ws, messages } = await open(`/portforward/default/web?port=${echoPort}`, ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    const port = Buffer.alloc(2);
    port.writeUInt16LE(echoPort);
    await until(() => messages.length >= 2);
    expect(messages.slice(0, 2)).toEqual([Buffer.concat([Buffer.from([0]), port]), Buffer.concat([Buffer.from([1]), port])]);
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello')]));
    await until(() => messages.length >= 3);
    expect(messages[2]).toEqual(Buffer.concat([Buffer.from([0]), Buffer.from('hello')]));
    ws.close();
  });

  it('writes a refused connection on the error channel in the kubelet\'s words', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const dead = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const { messages } = await open(`/portforward/default/web?port=${dead}`, ['v4.channel.k8s.io']);
    await until(() => messages.some((m) => m[0] === 1 && m.length > 3));
    expect(messages.find((m) => m[0] === 1 && m.length > 3)!.subarray(1).toString()).toMatch(new RegExp(`^error forwarding port ${dead} to pod web, uid : connect ECONNREFUSED`));
  });

  it('reads the ports as NewV4Options does', () => {
    expect(portsOf(new URL('http://a/p?port=80,443&port=8080'))).toEqual([80, 443, 8080]);
    expect(portsOf(new URL('http://a/p'))).toBe('query parameter "port" is required');
    expect(portsOf(new URL('http://a/p?port=http'))).toBe('unable to parse "http" as a port');
    expect(portsOf(new URL('http://a/p?port=0'))).toBe('port "0" must be > 0');
  });
});
