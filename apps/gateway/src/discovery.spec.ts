import { parseApiPath } from './kube-request';
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

  it('lists replicasets under apps/v1 with short name rs, category all, then their status and scale (an autoscaling/v1 Scale) subresources', () => {
    const resources = NAMED_GROUPS.get('apps')!.resources.resources as { name: string; kind: string; group?: string; version?: string; shortNames?: string[]; categories?: string[] }[];
    const names = resources.map((r) => r.name);
    expect(resources.find((r) => r.name === 'replicasets')).toMatchObject({ kind: 'ReplicaSet', singularName: 'replicaset', namespaced: true, shortNames: ['rs'], categories: ['all'] });
    expect(resources.find((r) => r.name === 'replicasets/scale')).toMatchObject({ kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
    expect(resources.find((r) => r.name === 'replicasets/status')).toMatchObject({ kind: 'ReplicaSet', verbs: ['get', 'patch', 'update'] });
    expect(names.indexOf('replicasets')).toBeLessThan(names.indexOf('replicasets/status'));
    expect(rootPaths([]).paths).toContain('/apis/apps/v1');
  });

  it('lists statefulsets under apps/v1 with short name sts, category all, status and scale; controllerrevisions with neither, nor a short name', () => {
    const resources = NAMED_GROUPS.get('apps')!.resources.resources as { name: string; kind: string; shortNames?: string[]; categories?: string[]; verbs: string[] }[];
    const names = resources.map((r) => r.name);
    expect(resources.find((r) => r.name === 'statefulsets')).toMatchObject({ kind: 'StatefulSet', singularName: 'statefulset', namespaced: true, shortNames: ['sts'], categories: ['all'] });
    expect(resources.find((r) => r.name === 'statefulsets/scale')).toMatchObject({ kind: 'Scale', group: 'autoscaling', version: 'v1' });
    expect(names).toContain('statefulsets/status');
    expect(resources.find((r) => r.name === 'controllerrevisions')).toMatchObject({ kind: 'ControllerRevision', singularName: 'controllerrevision', namespaced: true });
    expect(resources.find((r) => r.name === 'controllerrevisions')!.shortNames).toBeUndefined();
    expect(names.filter((n) => n.startsWith('controllerrevisions/'))).toEqual([]);
  });

  it('lists jobs and cronjobs (cj) under batch/v1, category all, then their status subresources and no scale', () => {
    const resources = NAMED_GROUPS.get('batch')!.resources.resources as { name: string; kind: string; shortNames?: string[]; categories?: string[]; verbs: string[] }[];
    expect(resources.map((r) => r.name)).toEqual(['jobs', 'cronjobs', 'jobs/status', 'cronjobs/status']);
    expect(resources[0]).toMatchObject({ kind: 'Job', singularName: 'job', namespaced: true, categories: ['all'] });
    expect(resources[0]!.shortNames).toBeUndefined();
    expect(resources[1]).toMatchObject({ kind: 'CronJob', singularName: 'cronjob', namespaced: true, categories: ['all'], shortNames: ['cj'] });
    expect(resources[2]).toMatchObject({ kind: 'Job', verbs: ['get', 'patch', 'update'] });
    expect(resources[3]).toMatchObject({ kind: 'CronJob', verbs: ['get', 'patch', 'update'] });
    expect(rootPaths([]).paths).toContain('/apis/batch/v1');
  });

  it('lists poddisruptionbudgets (pdb) under policy/v1, then their status subresource', () => {
    const resources = NAMED_GROUPS.get('policy')!.resources.resources as { name: string; kind: string; shortNames?: string[]; categories?: string[] }[];
    expect(resources.map((r) => r.name)).toEqual(['poddisruptionbudgets', 'poddisruptionbudgets/status']);
    expect(resources[0]).toMatchObject({ kind: 'PodDisruptionBudget', singularName: 'poddisruptionbudget', namespaced: true, shortNames: ['pdb'] });
    expect(resources[0]!.categories).toBeUndefined();
    expect(rootPaths([]).paths).toContain('/apis/policy/v1');
  });

  it('lists priorityclasses (pc) under scheduling.k8s.io/v1, cluster-scoped, no status, before coordination.k8s.io as kube-apiserver orders groups', () => {
    const resources = NAMED_GROUPS.get('scheduling.k8s.io')!.resources.resources as { name: string; kind: string; shortNames?: string[] }[];
    expect(resources.map((r) => r.name)).toEqual(['priorityclasses']);
    expect(resources[0]).toMatchObject({ kind: 'PriorityClass', singularName: 'priorityclass', namespaced: false, shortNames: ['pc'] });
    const groups = [...NAMED_GROUPS.keys()];
    expect(groups.indexOf('scheduling.k8s.io')).toBeLessThan(groups.indexOf('coordination.k8s.io'));
    expect(rootPaths([]).paths).toContain('/apis/scheduling.k8s.io/v1');
  });

  it('lists horizontalpodautoscalers (hpa, category all) under autoscaling at v2, preferred, and v1', () => {
    const autoscaling = NAMED_GROUPS.get('autoscaling')!;
    expect(autoscaling.group).toMatchObject({ versions: [{ groupVersion: 'autoscaling/v2', version: 'v2' }, { groupVersion: 'autoscaling/v1', version: 'v1' }], preferredVersion: { version: 'v2' } });
    for (const version of ['v2', 'v1']) {
      const list = autoscaling.byVersion.get(version)! as { groupVersion: string; resources: { name: string; shortNames?: string[]; categories?: string[] }[] };
      expect(list.groupVersion).toBe(`autoscaling/${version}`);
      expect(list.resources.map((r) => r.name)).toEqual(['horizontalpodautoscalers', 'horizontalpodautoscalers/status']);
      expect(list.resources[0]).toMatchObject({ shortNames: ['hpa'], categories: ['all'] });
    }
    expect(rootPaths([]).paths).toEqual(expect.arrayContaining(['/apis/autoscaling', '/apis/autoscaling/v1', '/apis/autoscaling/v2']));
  });

  it('routes an autoscaler at v2 as stored and at v1 as an older version; no other version', () => {
    expect(parseApiPath('/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web')).toMatchObject({ target: { name: 'web', namespace: 'default' } });
    expect(parseApiPath('/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web')!.olderVersion).toBeUndefined();
    expect(parseApiPath('/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers')!.olderVersion).toBe('v1');
    expect(parseApiPath('/apis/autoscaling/v2beta2/namespaces/default/horizontalpodautoscalers')).toBeUndefined();
    expect(parseApiPath('/apis/apps/v2/namespaces/default/deployments')).toBeUndefined();
  });

  it('lists daemonsets under apps/v1 with short name ds, category all, then their status and no scale', () => {
    const resources = NAMED_GROUPS.get('apps')!.resources.resources as { name: string; kind: string; shortNames?: string[]; categories?: string[] }[];
    const names = resources.map((r) => r.name);
    expect(resources.find((r) => r.name === 'daemonsets')).toMatchObject({ kind: 'DaemonSet', singularName: 'daemonset', namespaced: true, shortNames: ['ds'], categories: ['all'] });
    expect(resources.find((r) => r.name === 'daemonsets/status')).toMatchObject({ kind: 'DaemonSet', verbs: ['get', 'patch', 'update'] });
    expect(names).not.toContain('daemonsets/scale');
  });

  it('lists networking.k8s.io/v1 (ingresses ing with status, cluster-scoped ingressclasses, networkpolicies netpol) and rbac.authorization.k8s.io/v1, in name order', () => {
    const networking = NAMED_GROUPS.get('networking.k8s.io')!.resources.resources as { name: string; kind: string; namespaced: boolean; shortNames?: string[] }[];
    expect(networking.map((r) => r.name)).toEqual(['ingressclasses', 'ingresses', 'networkpolicies', 'ingresses/status']);
    expect(networking[0]).toMatchObject({ kind: 'IngressClass', namespaced: false });
    expect(networking[1]).toMatchObject({ kind: 'Ingress', namespaced: true, shortNames: ['ing'] });
    expect(networking[2]).toMatchObject({ kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'] });
    const rbac = NAMED_GROUPS.get('rbac.authorization.k8s.io')!.resources.resources as { name: string; namespaced: boolean }[];
    expect(rbac.map((r) => `${r.name}${r.namespaced ? '' : ' (cluster)'}`)).toEqual(['clusterrolebindings (cluster)', 'clusterroles (cluster)', 'rolebindings', 'roles']);
    expect(rootPaths([]).paths).toEqual(expect.arrayContaining(['/apis/networking.k8s.io/v1', '/apis/rbac.authorization.k8s.io/v1']));
  });
});
