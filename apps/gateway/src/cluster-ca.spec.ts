import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureClusterCa, inClusterNames } from './cluster-ca';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bosun-pki-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the cluster CA', () => {
  it('signs a serving certificate for the kubernetes Service’s names and cluster IP and the gateway’s addresses', () => {
    const served = ensureClusterCa(dir, inClusterNames('10.96.0.1', ['127.0.0.2']));
    const ca = new X509Certificate(served.caCert);
    const cert = new X509Certificate(served.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe(
      'DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, DNS:localhost, IP Address:10.96.0.1, IP Address:127.0.0.1, IP Address:127.0.0.2',
    );
    expect(cert.checkPrivateKey(createPrivateKey(served.key))).toBe(true);
    expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe(served.caCert);
  });

  it('keeps its CA across starts and makes the serving certificate again', () => {
    const first = ensureClusterCa(dir, inClusterNames('10.96.0.1', []));
    const second = ensureClusterCa(dir, inClusterNames('10.100.0.1', []));
    expect(second.caCert).toBe(first.caCert);
    expect(second.cert).not.toBe(first.cert);
    expect(new X509Certificate(second.cert).subjectAltName).toContain('IP Address:10.100.0.1');
  });

  it('is what a TLS client trusting ca.crt accepts, by the kubernetes Service’s name', async () => {
    const served = ensureClusterCa(dir, inClusterNames('10.96.0.1', []));
    const server = createServer({ cert: served.cert, key: served.key }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const body = await new Promise<string>((resolve, reject) =>
        get({ host: '127.0.0.1', port, path: '/', ca: served.caCert, servername: 'kubernetes.default.svc' }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject),
      );
      expect(body).toBe('ok');
    } finally {
      server.close();
    }
  });
});
