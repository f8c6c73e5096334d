import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CA and a serving certificate it signed, PEM. */
export interface ServingCertificate {
  /** The CA's certificate: what in-cluster clients trust (kube-root-ca.crt's ca.crt). */
  readonly caCert: string;
  readonly cert: string;
  readonly key: string;
}

/**
 * The names kube-apiserver's serving certificate carries for in-cluster clients: the `kubernetes`
 * Service's DNS names and cluster IP, and the addresses the gateway is reached at.
 */
export function inClusterNames(clusterIp: string, addresses: readonly string[]): { dns: string[]; ips: string[] } {
  return {
    dns: ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost'],
    ips: [...new Set([clusterIp, '127.0.0.1', ...addresses])],
  };
}

/**
 * The cluster's CA in `<dir>` (`ca.crt`, `ca.key`; made once, ten years, as kubeadm makes its own)
 * and a serving certificate it signs for `names` (`apiserver.crt`, `apiserver.key`; made again at
 * every start, a year, so a changed address or service range is in it). Keys are ECDSA P-256.
 * Made with the `openssl` command (OpenSSL 1.1.1 or later): Node can sign, but not write X.509.
 */
export function ensureClusterCa(dir: string, names: { dns: readonly string[]; ips: readonly string[] }): ServingCertificate {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caCert = join(dir, 'ca.crt');
  const caKey = join(dir, 'ca.key');
  const openssl = (args: string[]): void => void execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (!existsSync(caCert) || !existsSync(caKey)) {
    openssl([
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', caKey, '-out', caCert, '-days', '3650', '-subj', '/CN=bosun-ca',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign',
    ]);
  }
  const cert = join(dir, 'apiserver.crt');
  const key = join(dir, 'apiserver.key');
  const csr = join(dir, 'apiserver.csr');
  const ext = join(dir, 'apiserver.ext');
  const alt = [...names.dns.map((n) => `DNS:${n}`), ...names.ips.map((ip) => `IP:${ip}`)].join(',');
  writeFileSync(ext, `subjectAltName=${alt}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=critical,CA:FALSE\n`);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=kube-apiserver']);
  openssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-set_serial', `0x${randomBytes(16).toString('hex')}`, '-days', '365', '-out', cert, '-extfile', ext]);
  rmSync(csr, { force: true });
  rmSync(ext, { force: true });
  const served = { caCert: readFileSync(caCert, 'utf8'), cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  // A certificate the CA did not sign (a CA replaced by hand) would fail every client: say so now.
  if (!new X509Certificate(served.cert).checkIssued(new X509Certificate(served.caCert))) throw new Error(`${cert} is not signed by ${caCert}`);
  return served;
}
