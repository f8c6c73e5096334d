import type { ServiceDefinition } from '@bosun/microservice';
import { objectKey, requestServiceAccountToken } from '@bosun/api';
import { NodeAgent, parsePodDnsUpstream, parseProxyMode, readImageMap, type RequestToken } from '@bosun/node-agent';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readServiceAccountKey } from '../../gateway/src/token-auth';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { NodeAgentModule } from './node-agent.module';

/** `bosun agent` / apps/node-agent: one node joining a running control plane. */
export const nodeAgentService: ServiceDefinition = {
  name: 'agent',
  module: NodeAgentModule,
  flags: {
    name: { type: 'string' },
    address: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'root-dir': { type: 'string' },
    'image-map': { type: 'string' },
    'proxy-mode': { type: 'string', default: 'nftables' },
    'pod-dns-upstream': { type: 'string' },
    'service-account-key-file': { type: 'string' },
  },
  help: `       [--name NODE] [--address 127.0.0.1] [--port 0] [--root-dir DIR] [--image-map FILE]
       [--proxy-mode nftables|userspace] [--pod-dns-upstream none|IP,…] [--service-account-key-file FILE]
  Joins this machine as node NODE (default: the hostname) to the control plane on the log: its pods
  run here as processes, its log endpoint listens on ADDRESS:PORT (0: any free port), pod logs and
  records live in DIR (default <data-dir>/nodes/<NODE>). Several agents may run on one machine, each
  with its own name and loopback address (127.0.0.2, …). --proxy-mode nftables (the default) lets
  the kernel forward connections to cluster IPs where it can (root, nft); userspace relays them all.
  Pods ask the node's DNS server (on their bridge) for Services by name; it passes other names to
  --pod-dns-upstream (default: the nameservers of /etc/resolv.conf; none: it answers them SERVFAIL).
  Pods' projected service account tokens are signed with the cluster's service account key, the
  gateway's (--service-account-key-file, default <data-dir>/service-account.key).`,
  prepare: (values) => {
    const name = String(values.name ?? hostname().toLowerCase());
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name)) throw new Error(`--name: "${name}" is not a valid node name (lowercase letters, digits, '-' and '.')`);
    const address = String(values.address);
    if (isIP(address) === 0) throw new Error(`--address: "${address}" is not an IP address`);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: "${String(values.port)}" is not a port number`);
    const imageMap = typeof values['image-map'] === 'string' ? readImageMap(values['image-map']) : undefined;
    const proxyMode = parseProxyMode(values['proxy-mode']);
    const podDnsUpstream = parsePodDnsUpstream(values['pod-dns-upstream'] as string | undefined);
    // The cluster's key, as given or beside the log (one machine); else one of this process's own,
    // which signs tokens the gateways will not take — pods still start, and the agent says so.
    const keyFile = typeof values['service-account-key-file'] === 'string' ? values['service-account-key-file'] : join(String(values['data-dir']), 'service-account.key');
    const ownKey = typeof values['service-account-key-file'] !== 'string' && !existsSync(keyFile);
    const key = ownKey ? randomBytes(32) : readServiceAccountKey(keyFile);
    const dir = resolve(typeof values['root-dir'] === 'string' ? values['root-dir'] : join(String(values['data-dir']), 'nodes', name));
    return async ({ state, client, logger }) => {
      // The kubelet asks kube-apiserver's TokenRequest; this agent runs the same rule (libs/api) over
      // its own cache, with the key every gateway of the cluster signs with.
      const requestToken: RequestToken = (namespace, account, body) =>
        requestServiceAccountToken((kind, ns, n) => state.getObject(objectKey(kind, ns, n)), namespace, account, body, key, new Date(), randomUUID()).status;
      const agent = new NodeAgent(state, client, { name, dir, address, port, proxyMode, requestToken, ...(podDnsUpstream ? { podDnsUpstream } : {}), ...(imageMap ? { imageMap } : {}), log: (m) => logger.log(m) });
      await agent.start();
      if (ownKey) logger.log(`no service account key at ${keyFile}: pods' tokens will not authenticate (give the gateways' file with --service-account-key-file)`);
      return { stop: () => agent.stop() };
    };
  },
};
