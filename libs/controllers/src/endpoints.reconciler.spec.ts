import type { KubeObject } from '@bosun/api';
import { endpointsReconciler } from './endpoints.reconciler';
import { plan, summary } from './testing/cache.given';
import { pod } from './testing/objects.fixtures';

const service = (selector: Record<string, string> | undefined, ports: unknown[] = [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'svc' }, spec: { ...(selector ? { selector } : {}), ports } }) as unknown as KubeObject;
const withIp = (p: KubeObject, ip: string, port?: { name: string; containerPort: number }): KubeObject => {
  const o = p as any;
  return { ...o, spec: { ...o.spec, containers: [{ ...o.spec.containers[0], ...(port ? { ports: [port] } : {}) }] }, status: { ...o.status, podIP: ip } } as KubeObject;
};
const KEY = 'services/default/web';

describe('endpoints reconciler', () => {
  it('lists ready pods as addresses and others as notReadyAddresses, resolving named ports', () => {
    const commands = plan(endpointsReconciler, [
      service({ app: 'web' }),
      withIp(pod('a', { ready: true, node: 'n1' }), '10.0.0.2', { name: 'http', containerPort: 8080 }),
      withIp(pod('b', { node: 'n1' }), '10.0.0.3', { name: 'http', containerPort: 8080 }),
      withIp(pod('other', { labels: { app: 'db' }, ready: true }), '10.0.0.9'),
      pod('no-ip', { ready: true }),
    ], KEY);
    expect(summary(commands)).toEqual(['Create Endpoints/web']);
    expect((commands[0].command as { data: { object: any } }).data.object.subsets).toEqual([
      {
        addresses: [{ ip: '10.0.0.2', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' } }],
        notReadyAddresses: [{ ip: '10.0.0.3', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' } }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('puts the hostname of a pod whose subdomain is the service on its address (a StatefulSet\'s pod), not of one under another', () => {
    const named = (p: KubeObject, hostname: string, subdomain: string): KubeObject => ({ ...(p as any), spec: { ...(p as any).spec, hostname, subdomain } }) as KubeObject;
    const commands = plan(endpointsReconciler, [service({ app: 'web' }), named(withIp(pod('web-0', { ready: true }), '10.0.0.2'), 'web-0', 'web'), named(withIp(pod('x', { ready: true }), '10.0.0.3'), 'x', 'other')], KEY);
    const addresses = (commands[0]!.command as { data: { object: any } }).data.object.subsets[0].addresses;
    expect(addresses.map((a: { ip: string; hostname?: string }) => `${a.ip} ${a.hostname ?? '-'}`)).toEqual(['10.0.0.2 web-0', '10.0.0.3 -']);
  });

  it('labels the Endpoints as their service, headless ones too, follows the service’s labels, and omits empty subsets', () => {
    const labelled = (labels: Record<string, string>, clusterIP?: string): KubeObject => {
      const s = service({ app: 'web' }) as any;
      return { ...s, metadata: { ...s.metadata, labels }, spec: { ...s.spec, ...(clusterIP ? { clusterIP } : {}) } } as KubeObject;
    };
    const created = plan(endpointsReconciler, [labelled({ tier: 'front' }, '10.96.0.10')], KEY)[0].command as { data: { object: any } };
    expect(created.data.object.metadata.labels).toEqual({ tier: 'front', 'endpoints.bosun.dev/managed-by': 'endpoints-controller' });
    expect('subsets' in created.data.object).toBe(false);
    const headless = plan(endpointsReconciler, [labelled({}, 'None')], KEY)[0].command as { data: { object: any } };
    expect(headless.data.object.metadata.labels).toEqual({ 'service.kubernetes.io/headless': '', 'endpoints.bosun.dev/managed-by': 'endpoints-controller' });
    expect(plan(endpointsReconciler, [labelled({ tier: 'front' }, '10.96.0.10'), created.data.object], KEY)).toEqual([]);
    const relabelled = plan(endpointsReconciler, [labelled({ tier: 'back' }, '10.96.0.10'), created.data.object], KEY);
    expect(summary(relabelled)).toEqual(['Replace Endpoints/web']);
    expect((relabelled[0].command as { data: { object: any } }).data.object.metadata.labels).toEqual({ tier: 'back', 'endpoints.bosun.dev/managed-by': 'endpoints-controller' });
  });

  it('leaves the Endpoints of a service without a selector to its users', () => {
    const manual = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', uid: 'e' }, subsets: [{ addresses: [{ ip: '192.0.2.1' }], ports: [{ port: 5432 }] }] } as unknown as KubeObject;
    expect(plan(endpointsReconciler, [service(undefined), manual], KEY)).toEqual([]);
  });

  it('gives an ExternalName service no Endpoints, though it has a selector, and removes those it made before', () => {
    const external = service({ app: 'web' }) as any;
    external.spec = { ...external.spec, type: 'ExternalName', externalName: 'example.com' };
    const ready = withIp(pod('a', { ready: true, node: 'n1' }), '10.0.0.2');
    expect(plan(endpointsReconciler, [external, ready], KEY)).toEqual([]);
    const made = plan(endpointsReconciler, [service({ app: 'web' }), ready], KEY)[0].command as { data: { object: KubeObject } };
    expect(summary(plan(endpointsReconciler, [external, ready, made.data.object], KEY))).toEqual(['Delete Endpoints/web']);
  });

  it('removes the Endpoints it made once the service is gone', () => {
    const ours = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', uid: 'e', labels: { 'endpoints.bosun.dev/managed-by': 'endpoints-controller' } }, subsets: [] } as unknown as KubeObject;
    expect(summary(plan(endpointsReconciler, [ours], KEY))).toEqual(['Delete Endpoints/web']);
  });
});
