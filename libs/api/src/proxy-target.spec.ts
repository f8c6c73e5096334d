import { parseProxyName, podProxyAddress, serviceProxyAddress } from './proxy-target';

describe('proxy targets', () => {
  it('reads [scheme:]name[:port]', () => {
    expect(parseProxyName('web')).toEqual({ scheme: 'http', name: 'web', port: '' });
    expect(parseProxyName('web:8080')).toEqual({ scheme: 'http', name: 'web', port: '8080' });
    expect(parseProxyName('https:web:api')).toEqual({ scheme: 'https', name: 'web', port: 'api' });
    expect(() => parseProxyName('ftp:web:21')).toThrow(expect.objectContaining({ httpStatus: 400 }));
  });

  const pod = { metadata: { name: 'web' }, spec: { containers: [{ ports: [{ name: 'http', containerPort: 8080 }] }] }, status: { podIP: '10.244.1.2' } };
  it('leads to a pod’s IP at a port by number or container port name', () => {
    expect(podProxyAddress(pod, parseProxyName('web:8080'))).toEqual({ scheme: 'http', host: '10.244.1.2', port: 8080 });
    expect(podProxyAddress(pod, parseProxyName('web:http'))).toEqual({ scheme: 'http', host: '10.244.1.2', port: 8080 });
    // No port named: the first a container declares, as kube-apiserver picks it; none declared, the scheme's.
    expect(podProxyAddress(pod, parseProxyName('web'))).toEqual({ scheme: 'http', host: '10.244.1.2', port: 8080 });
    expect(podProxyAddress({ ...pod, spec: { containers: [{ ports: [] }, { ports: [{ name: 'b', containerPort: 9090 }] }] } }, parseProxyName('web'))).toEqual({ scheme: 'http', host: '10.244.1.2', port: 9090 });
    expect(podProxyAddress({ ...pod, spec: { containers: [{}] } }, parseProxyName('https:web:'))).toEqual({ scheme: 'https', host: '10.244.1.2', port: 443 });
    expect(() => podProxyAddress({ ...pod, status: {} }, parseProxyName('web:8080'))).toThrow(expect.objectContaining({ httpStatus: 503 }));
  });

  const service = { metadata: { name: 'web' }, spec: { ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] } };
  const endpoints = { subsets: [{ addresses: [{ ip: '10.244.1.2' }, { ip: '10.244.1.3' }], ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9100 }] }] };
  it('leads to a ready endpoint of a service port, by name or number', () => {
    expect(serviceProxyAddress(service, endpoints, parseProxyName('web:http'), () => 0)).toEqual({ scheme: 'http', host: '10.244.1.2', port: 8080 });
    expect(serviceProxyAddress(service, endpoints, parseProxyName('web:9090'), () => 0.99)).toEqual({ scheme: 'http', host: '10.244.1.3', port: 9100 });
    // Two ports and none named: which one is ambiguous.
    expect(() => serviceProxyAddress(service, endpoints, parseProxyName('web'))).toThrow(expect.objectContaining({ httpStatus: 503 }));
    expect(() => serviceProxyAddress(service, { subsets: [] }, parseProxyName('web:http'))).toThrow('no endpoints available for service "web"');
  });
});
