import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

/** Writes a kubeconfig whose current context points kubectl at this gateway. */
export function writeKubeconfig(path: string, server: string, token?: string, caCertificate?: string): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    // Plain HTTP on loopback: client libraries (client-node) refuse http:// unless TLS verification
    // is explicitly off for the cluster; kubectl ignores the flag for http.
    clusters: [
      {
        name: 'bosun',
        cluster: {
          server,
          ...(server.startsWith('http://') ? { 'insecure-skip-tls-verify': true } : {}),
          // A self-signed serving certificate is its own CA.
          ...(caCertificate ? { 'certificate-authority-data': Buffer.from(caCertificate).toString('base64') } : {}),
        },
      },
    ],
    users: [{ name: 'bosun-admin', user: token ? { token } : {} }],
    contexts: [{ name: 'bosun', context: { cluster: 'bosun', user: 'bosun-admin', namespace: 'default' } }],
    'current-context': 'bosun',
    preferences: {},
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringify(config), { mode: 0o600 });
}
