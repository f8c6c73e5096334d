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

  it('keeps a node port by its port’s name, as patchAllocatedValues: a renumbered port keeps it, one taken by another port is not given twice', () => {
    const named = service({ type: 'NodePort', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }, { name: 'admin', port: 9000, protocol: 'TCP', nodePort: 30090 }] });
    const portsOf = (ports: unknown[]): unknown => specOf(normalizeServiceUpdate(named, service({ type: 'NodePort', ports }))).ports;
    expect(portsOf([{ name: 'http', port: 81 }, { name: 'admin', port: 9000 }])).toEqual([{ name: 'http', port: 81, nodePort: 30080 }, { name: 'admin', port: 9000, nodePort: 30090 }]);
    // admin's old node port now given to http: admin gets none back (a new one is allocated).
    expect(portsOf([{ name: 'http', port: 80, nodePort: 30090 }, { name: 'admin', port: 9000 }])).toEqual([{ name: 'http', port: 80, nodePort: 30090 }, { name: 'admin', port: 9000 }]);
    // A port of a new name is a new port.
    expect(portsOf([{ name: 'web', port: 80 }])).toEqual([{ name: 'web', port: 80 }]);
    // One unnamed port keeps its node port whatever its number.
    expect(specOf(normalizeServiceUpdate(current, service({ type: 'NodePort', ports: [{ port: 8080 }] }))).ports).toEqual([{ port: 8080, nodePort: 30080 }]);
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
