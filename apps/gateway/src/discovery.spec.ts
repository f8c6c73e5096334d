import { coreResourceList, NAMED_GROUPS, rootPaths } from './discovery';

describe('discovery', () => {
  it('lists the root paths as kube-apiserver’s index does: sorted, every group version and health check', () => {
    const { paths } = rootPaths(['ping', 'event-log']);
    expect(paths).toEqual([...paths].sort());
    for (const p of ['/api', '/api/v1', '/apis', '/apis/', '/apis/coordination.k8s.io', '/apis/coordination.k8s.io/v1', '/apis/discovery.k8s.io/v1', '/healthz', '/healthz/ping', '/livez/event-log', '/readyz/event-log', '/openapi/v2', '/openapi/v3', '/version']) {
      expect(paths).toContain(p);
    }
  });

  it('lists componentstatuses, get and list only, with its short name, after bindings as kube-apiserver orders them', () => {
    const resources = coreResourceList().resources as { name: string; verbs: string[]; shortNames?: string[]; kind: string; namespaced: boolean }[];
    const names = resources.map((r) => r.name);
    expect(names.indexOf('componentstatuses')).toBe(names.indexOf('bindings') + 1);
    expect(resources.find((r) => r.name === 'componentstatuses')).toMatchObject({ kind: 'ComponentStatus', namespaced: false, verbs: ['get', 'list'], shortNames: ['cs'] });
  });

  it('lists leases under coordination.k8s.io/v1 with every verb, as kube-apiserver serves them, and not under core/v1', () => {
    const leases = (NAMED_GROUPS.get('coordination.k8s.io')!.resources.resources as { name: string; verbs: string[]; namespaced: boolean; kind: string }[]).find((r) => r.name === 'leases');
    expect(leases).toMatchObject({ kind: 'Lease', namespaced: true, singularName: 'lease' });
    expect([...leases!.verbs].sort()).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    expect((coreResourceList().resources as { name: string }[]).map((r) => r.name)).not.toContain('leases');
  });
});
