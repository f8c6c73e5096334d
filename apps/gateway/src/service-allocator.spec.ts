import { ipv4ToNumber, type KubeObject } from '@bosun/api';
import type { ClusterState } from '@bosun/runtime';
import { ServiceAllocator } from './service-allocator';

const service = (name: string, spec: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { ports: [{ port: 80 }], ...spec } }) as unknown as KubeObject;

describe('ServiceAllocator', () => {
  // 10.96.0.0/27: .2 to .30 are handed out (.0, .31 network and broadcast; .1 the kubernetes service's).
  // The services created so far stand for the projection: allocate() reads only their addresses.
  const created: KubeObject[] = [];
  const allocator = () => new ServiceAllocator({ list: () => created } as unknown as ClusterState, '10.96.0.0/27');
  const create = (a: ServiceAllocator, svc: KubeObject): Promise<any> => // eslint-disable-line @typescript-eslint/no-explicit-any
    a.allocate(svc, async (o) => {
      created.push(o);
      return o;
    });
  beforeEach(() => created.splice(0));

  it('hands out the upper part of the range at random before the lower part, never one address twice', async () => {
    const a = allocator();
    const ips: string[] = [];
    for (let i = 0; i < 29; i++) ips.push((await create(a, service(`s${i}`))).spec.clusterIP);
    const last = (ip: string) => ipv4ToNumber(ip) - ipv4ToNumber('10.96.0.0');
    expect(new Set(ips).size).toBe(29);
    expect(ips.slice(0, 13).every((ip) => last(ip) >= 18 && last(ip) <= 30)).toBe(true); // the upper part first (the lower 16 kept)
    expect(ips.slice(13).map(last).sort((x, y) => x - y)).toEqual(Array.from({ length: 16 }, (_, i) => i + 2));
    await expect(create(a, service('full'))).rejects.toThrow('range is full');
    // A freed address can be asked for by name.
    created.splice(0, 1);
    expect((await create(a, service('again', { clusterIP: ips[0] }))).spec.clusterIP).toBe(ips[0]);
  });

  it('does not hand addresses out in order', async () => {
    const a = allocator();
    const firsts = new Set<string>();
    for (let run = 0; run < 20; run++) {
      created.splice(0);
      firsts.add((await create(a, service('s'))).spec.clusterIP);
    }
    expect(firsts.size).toBeGreaterThan(1); // 13 choices, 20 draws: all the same with odds of 13^-19
  });

  it('gives node ports from 30000-32767, the 86 lowest last', async () => {
    const port = (await create(allocator(), service('np', { type: 'NodePort' }))).spec.ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30086);
    expect(port).toBeLessThanOrEqual(32767);
  });

  it('gives an updated service the node ports its new type needs, its own addresses not counted as taken', async () => {
    const a = allocator();
    const stored = await create(a, { ...service('up'), metadata: { name: 'up', namespace: 'default', uid: 'u1' } } as KubeObject);
    const asNodePort = { ...stored, spec: { ...stored.spec, type: 'NodePort' } } as KubeObject;
    expect([a.hasAddresses(stored), a.hasAddresses(service('ext', { type: 'ExternalName' }))]).toEqual([true, false]);
    const updated = await a.allocate(asNodePort, async (o) => o as any, stored); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(updated.spec.clusterIP).toBe(stored.spec.clusterIP);
    expect(updated.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    // Another service may not take its address, nor, on an update, its node port.
    created.splice(0, created.length, updated);
    await expect(create(a, service('other', { clusterIP: stored.spec.clusterIP }))).rejects.toThrow('provided IP is already allocated');
    const other = await create(a, { ...service('other', { type: 'NodePort' }), metadata: { name: 'other', namespace: 'default', uid: 'u2' } } as KubeObject);
    const taking = { ...other, spec: { ...other.spec, ports: [{ port: 80, nodePort: updated.spec.ports[0].nodePort }] } } as KubeObject;
    await expect(a.allocate(taking, async (o) => o, other)).rejects.toThrow('provided port is already allocated');
  });
});
