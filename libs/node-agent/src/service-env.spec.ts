import { serviceEnv } from './service-env';

const service = (name: string, clusterIP: string, ports: Record<string, unknown>[], namespace = 'default') => ({ metadata: { name, namespace }, spec: { clusterIP, ports } });
const api = service('kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]);
const apiEnv = {
  KUBERNETES_SERVICE_HOST: '10.96.0.1',
  KUBERNETES_SERVICE_PORT: '443',
  KUBERNETES_SERVICE_PORT_HTTPS: '443',
  KUBERNETES_PORT: 'tcp://10.96.0.1:443',
  KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
  KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
  KUBERNETES_PORT_443_TCP_PORT: '443',
  KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
};

describe('service environment variables', () => {
  it('gives Kubernetes’ variables for each service with a cluster IP', () => {
    expect(serviceEnv([service("redis-master", "10.96.0.11", [{ port: 6379, protocol: "TCP" }])], { metadata: { namespace: "default" }, spec: {} })).toEqual({
      REDIS_MASTER_SERVICE_HOST: '10.96.0.11',
      REDIS_MASTER_SERVICE_PORT: '6379',
      REDIS_MASTER_PORT: 'tcp://10.96.0.11:6379',
      REDIS_MASTER_PORT_6379_TCP: 'tcp://10.96.0.11:6379',
      REDIS_MASTER_PORT_6379_TCP_PROTO: 'tcp',
      REDIS_MASTER_PORT_6379_TCP_PORT: '6379',
      REDIS_MASTER_PORT_6379_TCP_ADDR: '10.96.0.11',
    });
  });

  it('names ports and skips headless services', () => {
    const env = serviceEnv([service('web', '10.96.0.20', [{ name: 'http', port: 80 }, { name: 'dns-udp', port: 53, protocol: 'UDP' }]), service('headless', 'None', [{ port: 1 }])], { metadata: { namespace: 'default' }, spec: {} });
    expect(env).toMatchObject({ WEB_SERVICE_HOST: '10.96.0.20', WEB_SERVICE_PORT: '80', WEB_SERVICE_PORT_HTTP: '80', WEB_SERVICE_PORT_DNS_UDP: '53', WEB_PORT_53_UDP: 'udp://10.96.0.20:53' });
    expect(Object.keys(env).some((k) => k.startsWith('HEADLESS_'))).toBe(false);
  });

  it('gives every pod the kubernetes Service’s variables, in any namespace, but other namespaces’ services none', () => {
    const other = service('db', '10.96.0.30', [{ port: 5432 }], 'team-b');
    expect(serviceEnv([api, other], { metadata: { namespace: 'team-a' }, spec: {} })).toEqual(apiEnv);
  });

  it('gives none of its namespace’s services, but still the kubernetes Service’s, when enableServiceLinks is false, as the kubelet', () => {
    const own = service('web', '10.96.0.20', [{ port: 80 }], 'team-a');
    expect(serviceEnv([own, api], { metadata: { namespace: 'team-a' }, spec: { enableServiceLinks: false } })).toEqual(apiEnv);
    expect(serviceEnv([own, api], { metadata: { namespace: 'team-a' }, spec: {} })).toMatchObject({ ...apiEnv, WEB_SERVICE_HOST: '10.96.0.20' });
  });

  it('lets a namespace’s own Service named kubernetes stand for it', () => {
    const own = service('kubernetes', '10.96.0.40', [{ port: 8080 }], 'team-a');
    expect(serviceEnv([api, own], { metadata: { namespace: 'team-a' }, spec: {} }).KUBERNETES_SERVICE_HOST).toBe('10.96.0.40');
  });
});
