import { kubernetesEndpoints, kubernetesService, type KubeObject } from '@bosun/api';
import type { ObjectChange } from '@bosun/runtime';
import { kubernetesServiceReconciler } from './kubernetes-service.reconciler';
import { cacheOf, plan, summary } from './testing/cache.given';

const api = { address: '127.0.0.1', port: 16443 };
const reconciler = kubernetesServiceReconciler(api);
const defaultNs = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'uid-default' }, spec: {}, status: { phase: 'Active' } } as unknown as KubeObject;
const other = (name: string, clusterIP: string): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'team', uid: `uid-${name}` }, spec: { type: 'ClusterIP', clusterIP, clusterIPs: [clusterIP], ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] } }) as unknown as KubeObject;

describe('the kubernetes-service controller', () => {
  it('creates the kubernetes Service on the first address of the range, port 443 to the API, and its Endpoints', () => {
    const commands = plan(reconciler, [defaultNs], 'default/kubernetes');
    expect(summary(commands)).toEqual(['Create Service/kubernetes', 'Create Endpoints/kubernetes']);
    expect(commands[0]).toMatchObject({
      namespace: 'default',
      command: {
        data: {
          object: {
            metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
            spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 16443 }], sessionAffinity: 'None' },
          },
        },
      },
    });
    expect((commands[0].command.data as { object: { spec: object } }).object.spec).not.toHaveProperty('selector');
    expect(commands[1]).toMatchObject({
      command: { data: { object: { metadata: { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: 16443, protocol: 'TCP' }] }] } } },
    });
  });

  it('does nothing when both are as they should be, or when there is no default namespace', () => {
    expect(plan(reconciler, [defaultNs, kubernetesService(api, 's'), kubernetesEndpoints(api, 'e')], 'default/kubernetes')).toEqual([]);
    expect(plan(reconciler, [], 'default/kubernetes')).toEqual([]);
  });

  it('points the Endpoints and the target port at the gateway that runs it', () => {
    const moved = kubernetesServiceReconciler({ address: '127.0.0.1', port: 6443 });
    const commands = plan(moved, [defaultNs, kubernetesService(api, 's'), kubernetesEndpoints(api, 'e')], 'default/kubernetes');
    expect(summary(commands)).toEqual(['Replace Service/kubernetes', 'Replace Endpoints/kubernetes']);
    expect(commands[0]).toMatchObject({ command: { data: { object: { metadata: { uid: 's' }, spec: { clusterIP: '10.96.0.1', ports: [{ targetPort: 6443 }] } } } } });
    expect(commands[1]).toMatchObject({ command: { data: { object: { metadata: { uid: 'e' }, subsets: [{ ports: [{ port: 6443 }] }] } } } });
  });

  it('does not take the address from another Service that holds it', () => {
    expect(summary(plan(reconciler, [defaultNs, other('squatter', '10.96.0.1')], 'default/kubernetes'))).toEqual(['Create Endpoints/kubernetes']);
  });

  it('looks again when the service, its Endpoints or the default namespace change', () => {
    const change = (object: KubeObject): ObjectChange => ({ type: 'DELETED', key: '', object, offset: 1 });
    const state = cacheOf([]);
    expect(reconciler.initialKeys(state)).toEqual(['default/kubernetes']);
    expect(reconciler.keysFor(change(kubernetesService(api, 's')), state)).toEqual(['default/kubernetes']);
    expect(reconciler.keysFor(change(kubernetesEndpoints(api, 'e')), state)).toEqual(['default/kubernetes']);
    expect(reconciler.keysFor(change(defaultNs), state)).toEqual(['default/kubernetes']);
    expect(reconciler.keysFor(change(other('web', '10.96.0.9')), state)).toEqual([]);
  });
});
