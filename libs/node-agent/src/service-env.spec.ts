import { serviceEnv } from './service-env';

const service = (name: string, clusterIP: string, ports: Record<string, unknown>[]) => ({ metadata: { name, namespace: 'default' }, spec: { clusterIP, ports } });

describe('service environment variables', () => {
  it('gives Kubernetes’ variables for each service with a cluster IP', () => {
    expect(serviceEnv([service('redis-master', '10.96.0.11', [{ port: 6379, protocol: 'TCP' }])], { spec: {} })).toEqual({
      REDIS_MASTER_SERVICE_HOST: '10.96.0.11',
      REDIS_MASTER_SERVICE_PORT: '6379',
      REDIS_MASTER_PORT: 'tcp://10.96.0.11:6379',
      REDIS_MASTER_PORT_6379_TCP: 'tcp://10.96.0.11:6379',
      REDIS_MASTER_PORT_6379_TCP_PROTO: 'tcp',
      REDIS_MASTER_PORT_6379_TCP_PORT: '6379',
      REDIS_MASTER_PORT_6379_TCP_ADDR: '10.96.0.11',
    });
  });

  it('names ports, skips headless services, and leaves the links out when enableServiceLinks is false', () => {
    const env = serviceEnv(
      [service('web', '10.96.0.20', [{ name: 'http', port: 80 }, { name: 'dns-udp', port: 53, protocol: 'UDP' }]), service('headless', 'None', [{ port: 1 }])],
      { spec: { enableServiceLinks: false } },
    );
    expect(env).toEqual({ WEB_SERVICE_HOST: '10.96.0.20', WEB_SERVICE_PORT: '80', WEB_SERVICE_PORT_HTTP: '80', WEB_SERVICE_PORT_DNS_UDP: '53' });
  });
});
