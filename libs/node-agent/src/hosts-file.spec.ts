import { managedHostsFile, podHostname } from './hosts-file';

const BOILERPLATE = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';

describe('the pod hosts file', () => {
  it('is the kubelet’s: localhost, the IPv6 boilerplate, then the pod’s address under its name', () => {
    expect(managedHostsFile({ metadata: { name: 'nginx' } }, '10.200.0.4')).toBe(`${BOILERPLATE}10.200.0.4\tnginx\n`);
  });

  it('names the pod by spec.hostname, fully qualified when it has a subdomain', () => {
    const pod = { metadata: { name: 'web-0', namespace: 'shop' }, spec: { hostname: 'alpha', subdomain: 'db' } };
    expect(podHostname(pod)).toBe('alpha');
    expect(managedHostsFile(pod, '10.244.0.9')).toBe(`${BOILERPLATE}10.244.0.9\talpha.db.shop.svc.cluster.local\talpha\n`);
  });

  it('ends with the pod’s hostAliases, one line per address', () => {
    const pod = { metadata: { name: 'hostaliases-pod' }, spec: { hostAliases: [{ ip: '127.0.0.1', hostnames: ['foo.local', 'bar.local'] }, { ip: '10.1.2.3', hostnames: ['foo.remote', 'bar.remote'] }] } };
    expect(managedHostsFile(pod, '10.200.0.5')).toBe(
      `${BOILERPLATE}10.200.0.5\thostaliases-pod\n\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\tbar.remote\n`,
    );
  });

  it('cuts a long pod name to a valid 63-character hostname, as the kubelet does', () => {
    const name = `${'a'.repeat(62)}-b`;
    expect(podHostname({ metadata: { name } })).toBe('a'.repeat(62));
  });
});
