import { createServer as httpServer } from 'node:http';
import { createServer as tcpServer, type AddressInfo } from 'node:net';
import { waitFor } from '../../../test/support/wait-for';
import { ProbeLoop, runProbe } from './probes';

const context = { podIP: '127.0.0.1', container: { ports: [{ name: 'web', containerPort: 0 }] }, env: { PATH: process.env.PATH ?? '' } };

describe('probes', () => {
  it('exec: runs the command the way it enters the container', async () => {
    const probe = { exec: { command: ['sh', '-c', 'test "$ENTERED" = yes'] } };
    expect((await runProbe(probe, context)).ok).toBe(false);
    const enter = (argv: readonly string[]) => ({ executable: 'env', argv: ['env', 'ENTERED=yes', ...argv] });
    expect(await runProbe(probe, { ...context, enter })).toEqual({ ok: true });
  });

  it('exec: healthy when the command exits 0', async () => {
    expect(await runProbe({ exec: { command: ['true'] } }, context)).toEqual({ ok: true });
    expect(await runProbe({ exec: { command: ['sh', '-c', 'echo sick; exit 2'] } }, context)).toEqual({ ok: false, message: 'command exited with 2: sick' });
  });

  it('httpGet: healthy on 200–399, by port number or name', async () => {
    const server = httpServer((req, res) => res.writeHead(req.url === '/healthz' ? 200 : 500).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      expect(await runProbe({ httpGet: { path: '/healthz', port } }, context)).toEqual({ ok: true });
      const named = { ...context, container: { ports: [{ name: 'web', containerPort: port }] } };
      expect(await runProbe({ httpGet: { path: '/other', port: 'web' } }, named)).toEqual({ ok: false, message: 'HTTP probe failed with statuscode: 500' });
    } finally {
      server.close();
    }
  });

  it('tcpSocket: healthy when it connects', async () => {
    const server = tcpServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    expect(await runProbe({ tcpSocket: { port } }, context)).toEqual({ ok: true });
    server.close();
    await new Promise((resolve) => server.once('close', resolve));
    expect((await runProbe({ tcpSocket: { port } }, context)).ok).toBe(false);
  });

  it('flips its verdict only after the thresholds', async () => {
    const verdicts: boolean[] = [];
    const every = { periodSeconds: 0.02, failureThreshold: 3, successThreshold: 2 };
    const passing = new ProbeLoop({ ...every, exec: { command: ['true'] } }, context, (h) => verdicts.push(h));
    await waitFor('healthy after two successes', () => verdicts.length === 1);
    passing.stop();
    const failing = new ProbeLoop({ ...every, exec: { command: ['false'] } }, context, (h) => verdicts.push(h));
    await waitFor('unhealthy after three failures', () => verdicts.length === 2);
    failing.stop();
    expect(verdicts).toEqual([true, false]);
  });
});
