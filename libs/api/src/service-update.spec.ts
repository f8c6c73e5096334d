import { normalizeServiceUpdate } from './service-update';
import type { KubeObject } from './types';

const service = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec }) as unknown as KubeObject;
const current = service({ type: 'NodePort', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }] });
const specOf = (o: KubeObject): Record<string, unknown> => (o as unknown as { spec: Record<string, unknown> }).spec;

describe('a Service update, as kube-apiserver normalises it before validation', () => {
  it('keeps the allocated cluster IPs and node ports an update leaves out', () => {
    expect(specOf(normalizeServiceUpdate(current, service({ type: 'NodePort', ports: [{ port: 80 }] })))).toEqual({
      type: 'NodePort',
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ports: [{ port: 80, nodePort: 30080 }],
    });
  });

  it('makes clusterIPs follow a clusterIP changed alone, so the change is refused as a change of the primary IP', () => {
    for (const ip of ['10.96.0.99', 'None']) {
      expect(specOf(normalizeServiceUpdate(current, service({ type: 'NodePort', clusterIP: ip, clusterIPs: ['10.96.0.10'], ports: [] })))).toMatchObject({ clusterIP: ip, clusterIPs: [ip] });
    }
    // Both given and disagreeing: left for validation to refuse.
    expect(specOf(normalizeServiceUpdate(current, service({ type: 'NodePort', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.99'] })))).toMatchObject({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.99'] });
  });

  it('drops what a service’s new type does not need and the update left as it was', () => {
    const external = specOf(normalizeServiceUpdate(current, service({ type: 'ExternalName', externalName: 'example.com' })));
    expect([external.clusterIP, external.clusterIPs]).toEqual([undefined, undefined]);
    const lb = service({ type: 'LoadBalancer', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true, ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }] });
    const asClusterIP = { ...specOf(lb), type: 'ClusterIP' };
    expect(specOf(normalizeServiceUpdate(lb, service(asClusterIP)))).toEqual({
      type: 'ClusterIP',
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80, protocol: 'TCP' }],
    });
    const toExternal = specOf(normalizeServiceUpdate(lb, service({ ...specOf(lb), type: 'ExternalName', externalName: 'example.com' })));
    expect(Object.keys(toExternal).sort()).toEqual(['externalName', 'ports', 'type']);
    // A field the update changed stays, for validation to judge.
    expect(specOf(normalizeServiceUpdate(lb, service({ ...asClusterIP, externalTrafficPolicy: 'Local' }))).externalTrafficPolicy).toBe('Local');
  });
});
