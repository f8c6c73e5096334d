import type { KubeObject } from '@bosun/api';
import { Resolver } from 'node:dns/promises';
import { createSocket } from 'node:dgram';
import * as packet from 'dns-packet';
import { ClusterDns, nameserversOf } from './cluster-dns';
import { parsePodDnsUpstream } from './node-agent';

const objects: Record<string, unknown> = {
  'services/default/web': { kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '10.96.0.20', ports: [{ port: 80 }] } },
  'services/shop/db': { kind: 'Service', metadata: { name: 'db', namespace: 'shop' }, spec: { clusterIP: 'None' } },
  'endpoints/shop/db': { kind: 'Endpoints', metadata: { name: 'db', namespace: 'shop' }, subsets: [{ addresses: [{ ip: '10.244.1.7', hostname: 'db-0' }, { ip: '10.244.1.8', hostname: 'db-1' }], notReadyAddresses: [{ ip: '10.244.1.9' }] }] },
  // A headless Service of 200 pods: its answer is larger than any UDP answer a client takes.
  'services/shop/big': { kind: 'Service', metadata: { name: 'big', namespace: 'shop' }, spec: { clusterIP: 'None' } },
  'endpoints/shop/big': { kind: 'Endpoints', metadata: { name: 'big', namespace: 'shop' }, subsets: [{ addresses: Array.from({ length: 200 }, (_, i) => ({ ip: `10.244.2.${i}` })) }] },
  'services/default/mail': { kind: 'Service', metadata: { name: 'mail', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'mail.example.com' } },
};

describe('the cluster DNS server', () => {
  let dns: ClusterDns;
  let upstream: ReturnType<typeof createSocket>;
  const resolver = new Resolver({ timeout: 2_000, tries: 1 });

  beforeAll(async () => {
    // The node's own server, for names outside the cluster: answers every A question with 192.0.2.1.
    upstream = createSocket('udp4');
    upstream.on('message', (message, from) => {
      const query = packet.decode(message);
      upstream.send(packet.encode({ id: query.id, type: 'response', flags: packet.RECURSION_AVAILABLE, questions: query.questions, answers: [{ type: 'A', name: query.questions![0].name, ttl: 60, data: '192.0.2.1' }] }), from.port, from.address);
    });
    await new Promise<void>((resolve) => upstream.bind(0, '127.0.0.1', resolve));
    dns = new ClusterDns((key) => (objects[key] ?? null) as KubeObject | null, { address: '127.0.0.1', port: 0, upstream: ['127.0.0.1'], upstreamPort: upstream.address().port });
    await dns.start();
    resolver.setServers([`127.0.0.1:${dns.port}`]);
  });

  afterAll(async () => {
    await dns.stop();
    upstream.close();
  });

  it('answers a Service’s name with its cluster IP', async () => {
    expect(await resolver.resolve4('web.default.svc.cluster.local')).toEqual(['10.96.0.20']);
    expect(await resolver.resolve4('WEB.default.svc.cluster.local.')).toEqual(['10.96.0.20']);
  });

  it('answers a headless Service with its ready endpoints, and each by its hostname', async () => {
    expect((await resolver.resolve4('db.shop.svc.cluster.local')).sort()).toEqual(['10.244.1.7', '10.244.1.8']);
    expect(await resolver.resolve4('db-1.db.shop.svc.cluster.local')).toEqual(['10.244.1.8']);
  });

  it('truncates an answer too large for UDP, and gives all of it over TCP', async () => {
    // c-ares (Node's resolver) asks again over TCP when the UDP answer says it was truncated.
    expect((await resolver.resolve4('big.shop.svc.cluster.local')).length).toBe(200);
    // The UDP answer itself: header and question, TC set, no records.
    const client = createSocket('udp4');
    try {
      const answer = await new Promise<packet.Packet>((resolve) => {
        client.on('message', (message) => resolve(packet.decode(message)));
        client.send(packet.encode({ id: 7, type: 'query', flags: packet.RECURSION_DESIRED, questions: [{ type: 'A', name: 'big.shop.svc.cluster.local' }] }), dns.port, '127.0.0.1');
      });
      expect([(answer.flags ?? 0) & packet.TRUNCATED_RESPONSE, answer.answers?.length, answer.questions?.[0]?.name]).toEqual([packet.TRUNCATED_RESPONSE, 0, 'big.shop.svc.cluster.local']);
    } finally {
      client.close();
    }
  });

  it('answers an ExternalName Service with a CNAME, and pod names with their address', async () => {
    expect(await resolver.resolveCname('mail.default.svc.cluster.local')).toEqual(['mail.example.com']);
    expect(await resolver.resolve4('10-244-1-7.shop.pod.cluster.local')).toEqual(['10.244.1.7']);
  });

  it('says a missing cluster name does not exist, and an IPv6 question about a Service has no answer', async () => {
    await expect(resolver.resolve4('nope.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve4('web.nope.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve6('web.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('passes other names on to the node’s server', async () => {
    expect(await resolver.resolve4('example.org')).toEqual(['192.0.2.1']);
  });

  it('reads --pod-dns-upstream: none, or IP addresses', () => {
    expect(parsePodDnsUpstream(undefined)).toBeUndefined();
    expect(parsePodDnsUpstream('none')).toEqual([]);
    expect(parsePodDnsUpstream('10.0.0.2, fd00::53')).toEqual(['10.0.0.2', 'fd00::53']);
    expect(() => parsePodDnsUpstream('dns.example')).toThrow(/must be none or IP addresses/);
  });

  it('reads the nameservers of a resolv.conf', () => {
    expect(nameserversOf('# generated\nsearch lan\nnameserver 10.0.0.2\n  nameserver 1.1.1.1\noptions ndots:1\n')).toEqual(['10.0.0.2', '1.1.1.1']);
  });
});
