import { CLUSTER_DOMAIN } from './cluster-dns';

/** The parts of a pod its resolv.conf is made from. */
export interface DnsPod {
  readonly metadata: { readonly namespace?: string };
  readonly spec?: {
    readonly dnsPolicy?: string;
    readonly hostNetwork?: boolean;
    readonly dnsConfig?: { readonly nameservers?: readonly string[]; readonly searches?: readonly string[]; readonly options?: ReadonlyArray<{ name?: string; value?: string }> };
  };
}

interface ResolvConf {
  nameservers: string[];
  searches: string[];
  options: Map<string, string | undefined>;
}

function parse(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], searches: [], options: new Map() };
  for (const line of text.split('\n')) {
    const [keyword, ...values] = line.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (keyword === 'nameserver' && values[0]) conf.nameservers.push(values[0]);
    else if (keyword === 'search' || keyword === 'domain') conf.searches = values.filter(Boolean);
    else if (keyword === 'options') for (const o of values) conf.options.set(o.split(':')[0], o.includes(':') ? o.slice(o.indexOf(':') + 1) : undefined);
  }
  return conf;
}

/**
 * The pod's /etc/resolv.conf, by its dnsPolicy, as the kubelet writes it:
 * - `ClusterFirst` (the default): the node's cluster DNS server, the search path
 *   `<namespace>.svc.<domain> svc.<domain> <domain>` then the node's own, `options ndots:5`; without a
 *   cluster DNS server (`clusterDns` undefined), or for a pod on the host's network, the kubelet
 *   falls back to `Default`;
 * - `ClusterFirstWithHostNet`: the cluster DNS server also for a pod on the host's network;
 * - `Default`: the node's own resolv.conf (`nodeResolvConf`);
 * - `None`: only what `dnsConfig` gives.
 * `dnsConfig` then adds its nameservers and searches, and its options replace those of the same name.
 */
export function podResolvConf(pod: DnsPod, clusterDns: string | undefined, nodeResolvConf: string, domain = CLUSTER_DOMAIN): string {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const node = parse(nodeResolvConf);
  let conf: ResolvConf;
  if (policy === 'None') conf = { nameservers: [], searches: [], options: new Map() };
  else if ((policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && pod.spec?.hostNetwork !== true)) && clusterDns !== undefined) {
    const namespace = pod.metadata.namespace ?? 'default';
    conf = { nameservers: [clusterDns], searches: [`${namespace}.svc.${domain}`, `svc.${domain}`, domain, ...node.searches], options: new Map([['ndots', '5']]) };
  } else conf = node;
  const extra = pod.spec?.dnsConfig;
  conf.nameservers.push(...(extra?.nameservers ?? []));
  conf.searches.push(...(extra?.searches ?? []));
  for (const o of extra?.options ?? []) if (o?.name) conf.options.set(o.name, o.value);
  const lines: string[] = [];
  // As the kubelet: at most 32 search domains, 3 nameservers (what glibc reads).
  const searches = [...new Set(conf.searches)].slice(0, 32);
  if (searches.length > 0) lines.push(`search ${searches.join(' ')}`);
  for (const server of conf.nameservers.slice(0, 3)) lines.push(`nameserver ${server}`);
  if (conf.options.size > 0) lines.push(`options ${[...conf.options].map(([name, value]) => (value === undefined ? name : `${name}:${value}`)).join(' ')}`);
  return `${lines.join('\n')}\n`;
}
