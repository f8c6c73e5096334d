import { endpointSlicesOf, endpointSliceTable } from './endpoint-slices';
import type { Endpoints } from './types/endpoints.types';

const endpoints = (labels: Record<string, string>): Endpoints => ({
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'web', namespace: 'team', uid: 'u-1', resourceVersion: '42', creationTimestamp: '2026-01-01T00:00:00Z', labels },
  subsets: [
    {
      addresses: [{ ip: '10.244.0.5', nodeName: 'n1', targetRef: { kind: 'Pod', name: 'web-a', namespace: 'team' } }],
      notReadyAddresses: [{ ip: '10.244.0.6' }],
      ports: [{ port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090 }],
    },
  ],
});

describe('EndpointSlices derived from Endpoints', () => {
  it('makes one slice per subset, labelled with its service, ready and not-ready endpoints, every port named', () => {
    const [slice, ...rest] = endpointSlicesOf(endpoints({ 'endpoints.bosun.dev/managed-by': 'endpoints-controller', app: 'web' }));
    expect(rest).toEqual([]);
    expect(slice!.metadata).toMatchObject({
      namespace: 'team',
      resourceVersion: '42',
      labels: { app: 'web', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
    });
    expect(slice!.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice!.endpoints).toEqual([
      { addresses: ['10.244.0.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'n1', targetRef: { kind: 'Pod', name: 'web-a', namespace: 'team' } },
      { addresses: ['10.244.0.6'], conditions: { ready: false, serving: false, terminating: false } },
    ]);
    expect(slice!.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }]);
  });

  it('names a slice the same every time, and marks users’ Endpoints as mirrored', () => {
    const users = endpointSlicesOf(endpoints({}));
    expect(users[0]!.metadata.name).toBe(endpointSlicesOf(endpoints({}))[0]!.metadata.name);
    expect(users[0]!.metadata.labels!['endpointslice.kubernetes.io/managed-by']).toBe('endpointslicemirroring-controller.k8s.io');
  });

  it('keeps a placeholder slice, without endpoints or ports, for a service’s Endpoints with no subset, as Kubernetes’ controller does', () => {
    const empty = { ...endpoints({ 'endpoints.bosun.dev/managed-by': 'endpoints-controller' }), subsets: undefined };
    const [placeholder, ...rest] = endpointSlicesOf(empty);
    expect(rest).toEqual([]);
    expect([placeholder!.endpoints, placeholder!.ports]).toEqual([null, null]);
    expect(placeholder!.metadata.name).toBe(endpointSlicesOf(endpoints({ 'endpoints.bosun.dev/managed-by': 'endpoints-controller' }))[0]!.metadata.name);
    const table = endpointSliceTable([placeholder!], { now: Date.parse('2026-01-01T00:01:00Z') }) as { rows: { cells: unknown[] }[] };
    expect(table.rows[0]!.cells.slice(1)).toEqual(['IPv4', '<unset>', '<unset>', '60s']);
    // Users' Endpoints are mirrored only when they list something.
    expect(endpointSlicesOf({ ...endpoints({}), subsets: [] })).toEqual([]);
  });

  it('is owned by its Service, as the EndpointSlice controller writes it, and by nothing without one', () => {
    const [owned] = endpointSlicesOf(endpoints({}), { metadata: { name: 'web', uid: 'svc-uid' } });
    expect(owned!.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }]);
    expect(endpointSlicesOf(endpoints({}), null)[0]!.metadata.ownerReferences).toBeUndefined();
  });

  it('mirrors no Endpoints labelled skip-mirror, but for the kubernetes service’s, whose slice kube-apiserver writes: named as it, no owner', () => {
    expect(endpointSlicesOf(endpoints({ 'endpointslice.kubernetes.io/skip-mirror': 'true' }))).toEqual([]);
    const api = endpoints({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    api.metadata = { ...api.metadata, name: 'kubernetes', namespace: 'default' };
    api.subsets = [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }];
    const slices = endpointSlicesOf(api, { metadata: { name: 'kubernetes', uid: 'svc-uid' } });
    expect(slices).toHaveLength(1);
    expect(slices[0].metadata).not.toHaveProperty('ownerReferences');
    expect(slices[0]).toMatchObject({
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true, serving: true, terminating: false } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    });
    expect(Object.keys(slices[0].metadata.labels ?? {})).toEqual(['kubernetes.io/service-name']);
  });

  it('prints as kubectl does: ports and the first endpoints', () => {
    const table = endpointSliceTable(endpointSlicesOf(endpoints({})), { now: Date.parse('2026-01-01T00:01:00Z') }) as { rows: { cells: unknown[] }[] };
    expect(table.rows[0]!.cells.slice(1)).toEqual(['IPv4', '8080,9090', '10.244.0.5,10.244.0.6', '60s']);
  });
});
