import { podResolvConf } from './pod-dns';

const node = 'nameserver 10.0.0.2\nsearch lan\noptions edns0\n';

describe('the pod resolv.conf', () => {
  it('is the cluster DNS first, with the namespace’s search path and ndots:5 (ClusterFirst, the default)', () => {
    expect(podResolvConf({ metadata: { namespace: 'shop' } }, '10.244.1.1', node)).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local lan\nnameserver 10.244.1.1\noptions ndots:5\n');
  });

  it('is the node’s for dnsPolicy Default, and for ClusterFirst when the node has no cluster DNS', () => {
    const expected = 'search lan\nnameserver 10.0.0.2\noptions edns0\n';
    expect(podResolvConf({ metadata: {}, spec: { dnsPolicy: 'Default' } }, '10.244.1.1', node)).toBe(expected);
    expect(podResolvConf({ metadata: {} }, undefined, node)).toBe(expected);
  });

  it('is only dnsConfig for dnsPolicy None, and dnsConfig adds to the others', () => {
    const dnsConfig = { nameservers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] };
    expect(podResolvConf({ metadata: {}, spec: { dnsPolicy: 'None', dnsConfig } }, '10.244.1.1', node)).toBe('search ns1.svc.cluster-domain.example\nnameserver 1.2.3.4\noptions ndots:2 edns0\n');
    expect(podResolvConf({ metadata: {}, spec: { dnsConfig: { options: [{ name: 'ndots', value: '1' }] } } }, '10.244.1.1', '')).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.244.1.1\noptions ndots:1\n',
    );
  });

  it('gives a pod on the host’s network the node’s resolv.conf, unless it asks for ClusterFirstWithHostNet', () => {
    const onHost = (dnsPolicy?: string) => podResolvConf({ metadata: { namespace: 'shop' }, spec: { hostNetwork: true, ...(dnsPolicy ? { dnsPolicy } : {}) } }, '10.244.1.1', node);
    expect(onHost()).toBe(podResolvConf({ metadata: {}, spec: { dnsPolicy: 'Default' } }, '10.244.1.1', node));
    expect(onHost('ClusterFirstWithHostNet')).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local lan\nnameserver 10.244.1.1\noptions ndots:5\n');
  });
});
