/**
 * Port forwarding over WebSocket — what @kubernetes/client-node's PortForward speaks
 * (v4.channel.k8s.io) — to a pod of the local node agent, beside kubectl's SPDY. Run it under
 * `flock /tmp/bosun-net.lock` as every suite that starts a node agent.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { bosunForSuite } from './support/bosun-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

describe('client-node PortForward against bosun up with the local node agent', () => {
  const bosun = bosunForSuite(['--node-agent', 'local', '--node-name', `pf-${randomUUID().slice(0, 6)}`]);
  const forward = (pod: string, port: number): string =>
    execFileSync(process.execPath, [join(__dirname, 'fixtures', 'port-forward-client.mjs'), bosun.kubeconfig, 'default', pod, String(port)], { encoding: 'utf8', timeout: 30_000 }).trim();

  it('forwards a local connection to the pod\'s port (GET / answers 200), as kubectl port-forward does over SPDY', async () => {
    bosun.ok(['run', 'web', '--image=python:3.11', '--port=8080', '--', 'python3', '-m', 'http.server', '8080']);
    bosun.ok(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s']);
    // The server listens a moment after the process starts.
    await waitFor('the pod\'s server answering through the forward', () => forward('web', 8080) === 'status 200', 30_000, 500);
    bosun.ok(['delete', 'pod', 'web', '--grace-period=1']);
  });
});
