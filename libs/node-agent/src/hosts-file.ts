/** The parts of a pod its hosts file is made from. */
export interface HostsFilePod {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec?: { readonly hostname?: string; readonly subdomain?: string; readonly hostAliases?: readonly unknown[] };
}

/** The pod's hostname, as the kubelet gives it: `spec.hostname`, else the pod's name (at most 63 characters). */
export function podHostname(pod: HostsFilePod): string {
  return pod.spec?.hostname || pod.metadata.name.slice(0, 63).replace(/[-.]+$/, '');
}

/**
 * The pod's /etc/hosts, as the kubelet writes it: localhost, the IPv6 boilerplate, the pod's own
 * address under its hostname (and its fully qualified name when it has a subdomain), then the pod's
 * hostAliases. Programs that look up their own name (`hostname -i`, Python's getfqdn, JVMs) find it
 * here instead of asking a DNS server the pod may not reach.
 */
export function managedHostsFile(pod: HostsFilePod, podIP: string, clusterDomain = 'cluster.local'): string {
  const hostname = podHostname(pod);
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  const subdomain = pod.spec?.subdomain;
  lines.push(subdomain ? `${podIP}\t${hostname}.${subdomain}.${pod.metadata.namespace ?? 'default'}.svc.${clusterDomain}\t${hostname}` : `${podIP}\t${hostname}`);
  const aliases = (pod.spec?.hostAliases ?? []) as ReadonlyArray<{ ip?: string; hostnames?: readonly string[] }>;
  if (aliases.length > 0) {
    lines.push('', '# Entries added by HostAliases.');
    for (const alias of aliases) if (alias?.ip) lines.push([alias.ip, ...(alias.hostnames ?? [])].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}
