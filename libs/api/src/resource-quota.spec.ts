import { ForbiddenError } from './api.errors';
import { applyDefaults } from './defaults/defaults';
import { admitClaimLimitRanges, admitPodLimitRanges, admitQuotas, LIMIT_RANGER_ANNOTATION, quotaUsed, type ObjectsOfKind } from './resource-quota';
import { toTable } from './tables';
import type { KubeObject, LimitRange, ResourceQuota } from './types';
import { validateObject } from './validation/validate';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const quota = (hard: Record<string, string>, extra: Anything = {}): ResourceQuota =>
  ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' }, spec: { hard, ...extra } }) as ResourceQuota;
const pod = (name: string, resources: Anything = {}, extra: Anything = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx', resources }], ...extra }, status: { phase: 'Running' } }) as unknown as KubeObject;
const limitRange = (limits: Anything[]): LimitRange => applyDefaults({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'default' }, spec: { limits } } as KubeObject) as LimitRange;
const objects = (...list: KubeObject[]): ObjectsOfKind => (kind) => list.filter((o) => o.kind === kind);
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenError);
    return (error as Error).message;
  }
  throw new Error('admitted');
};

describe('ResourceQuota usage, as kube\'s quota controller computes status.used', () => {
  it('counts pods that have not ended, sums their requests and limits, and counts other kinds by count/ and legacy names', () => {
    const used = quotaUsed(
      quota({ pods: '10', 'requests.cpu': '4', cpu: '4', 'limits.memory': '8Gi', services: '5', 'services.nodeports': '2', 'count/deployments.apps': '2', 'count/configmaps': '9', bogus: '1' }),
      objects(
        pod('a', { requests: { cpu: '250m' }, limits: { memory: '128Mi' } }),
        pod('b', { requests: { cpu: '500m' }, limits: { memory: '1Gi' } }),
        { ...pod('done', { requests: { cpu: '1' } }), status: { phase: 'Succeeded' } } as KubeObject,
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] } } as KubeObject,
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' } } as KubeObject,
      ),
    );
    expect(used).toEqual({ pods: '2', 'requests.cpu': '750m', cpu: '750m', 'limits.memory': '1152Mi', services: '1', 'services.nodeports': '2', 'count/deployments.apps': '1', 'count/configmaps': '0' });
  });

  it('takes in only the pods of its scopes (BestEffort, NotTerminating)', () => {
    const all = objects(pod('be'), pod('burstable', { requests: { cpu: '1' } }), pod('deadline', {}, { activeDeadlineSeconds: 30 }));
    expect(quotaUsed(quota({ pods: '9' }, { scopes: ['BestEffort'] }), all)).toEqual({ pods: '2' });
    expect(quotaUsed(quota({ pods: '9' }, { scopes: ['NotTerminating', 'BestEffort'] }), all)).toEqual({ pods: '1' });
  });
});

describe('ResourceQuota admission, in kube-apiserver\'s words', () => {
  it('refuses a create past a cap: exceeded quota, requested, used, limited', () => {
    expect(refusal(() => admitQuotas(pod('c'), [quota({ pods: '2' })], objects(pod('a'), pod('b')), 'pods', 'c'))).toBe(
      'pods "c" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2',
    );
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } } as KubeObject;
    expect(refusal(() => admitQuotas(cm, [quota({ 'count/configmaps': '0' })], objects(), 'configmaps', 'x'))).toBe(
      'configmaps "x" is forbidden: exceeded quota: q, requested: count/configmaps=1, used: count/configmaps=0, limited: count/configmaps=0',
    );
  });

  it('admits what fits, and what no cap is about', () => {
    expect(() => admitQuotas(pod('b', { requests: { cpu: '500m' } }), [quota({ pods: '2', 'requests.cpu': '1' })], objects(pod('a', { requests: { cpu: '500m' } })), 'pods', 'b')).not.toThrow();
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' } } as KubeObject;
    expect(() => admitQuotas(secret, [quota({ pods: '0' })], objects(), 'secrets', 's')).not.toThrow();
  });

  it('refuses a pod that names no request or limit of a capped compute resource: failed quota, must specify', () => {
    expect(refusal(() => admitQuotas(pod('p'), [quota({ 'requests.cpu': '1', 'limits.memory': '1Gi', pods: '5' })], objects(), 'pods', 'p'))).toBe(
      'pods "p" is forbidden: failed quota: q: must specify limits.memory for: c; requests.cpu for: c',
    );
  });
});

describe('LimitRanger admission of a new pod', () => {
  const ranges = [limitRange([{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1' } }])];

  it('stores a Container item with its defaults: default from max, defaultRequest from default', () => {
    expect(limitRange([{ type: 'Container', max: { cpu: '2' }, min: { memory: '1Mi' } }]).spec!.limits![0]).toEqual({ type: 'Container', max: { cpu: '2' }, min: { memory: '1Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '1Mi' } });
  });

  it('gives containers the defaults they lack and says so in kubernetes.io/limit-ranger', () => {
    const admitted = admitPodLimitRanges(pod('p'), ranges, 'p') as Anything;
    expect(admitted.spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(admitted.metadata.annotations[LIMIT_RANGER_ANNOTATION]).toBe('LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c');
    const given = pod('q', { requests: { cpu: '200m', memory: '64Mi' }, limits: { cpu: '300m', memory: '64Mi' } });
    expect(admitPodLimitRanges(given, ranges, 'q')).toBe(given);
  });

  it('refuses a pod beyond max or below min in kube\'s words', () => {
    expect(refusal(() => admitPodLimitRanges(pod('p', { limits: { cpu: '2' }, requests: { cpu: '2' } }), ranges, 'p'))).toBe('pods "p" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
    const floors = [limitRange([{ type: 'Pod', min: { memory: '64Mi' } }])];
    expect(refusal(() => admitPodLimitRanges(pod('p', { requests: { memory: '32Mi' } }), floors, 'p'))).toBe('pods "p" is forbidden: minimum memory usage per Pod is 64Mi, but request is 32Mi');
  });

  it('refuses a claim whose storage request is beyond a PersistentVolumeClaim max', () => {
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { resources: { requests: { storage: '2Gi' } } } } as KubeObject;
    expect(refusal(() => admitClaimLimitRanges(claim, [limitRange([{ type: 'PersistentVolumeClaim', max: { storage: '1Gi' } }])], 'data'))).toBe(
      'persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 1Gi, but request is 2Gi',
    );
  });
});

describe('ResourceQuota and LimitRange validation and Tables', () => {
  it('refuses negative or malformed quantities, unknown scopes, a LimitRange item without type or with min above max', () => {
    const fields = (o: KubeObject): string[] => validateObject(o).map((c) => `${c.field}: ${c.message}`);
    expect(fields(quota({ pods: '-1', cpu: 'lots' }, { scopes: ['Sometimes'] }) as unknown as KubeObject)).toEqual([
      'spec.hard[pods]: Invalid value: "-1": must be greater than or equal to 0',
      expect.stringMatching(/^spec\.hard\[cpu\]: Invalid value: "lots"/),
      expect.stringMatching(/^spec\.scopes\[0\]: Unsupported value: "Sometimes"/),
    ]);
    expect(fields(quota({ foo: '1', 'count/widgets.example.com': '1', 'requests.nvidia.com/gpu': '1' }) as unknown as KubeObject)).toEqual(['spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota']);
    const lr = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'default' }, spec: { limits: [{ min: { cpu: '2' }, max: { cpu: '1' } }] } } as unknown as KubeObject;
    expect(fields(lr)).toEqual(expect.arrayContaining(['spec.limits[0].type: Required value', 'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1']));
  });

  it('prints a quota as printResourceQuota does: used/hard by name, limits.* under Limit', () => {
    const q = { ...quota({}), status: { hard: { pods: '2', 'requests.cpu': '1', 'limits.memory': '1Gi' }, used: { pods: '1', 'requests.cpu': '250m' } } };
    const table = toTable('ResourceQuota', [q] as never[], { now: Date.parse('2024-01-01T00:10:00Z') }) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age', 'Request', 'Limit']);
    expect(table.rows[0]!.cells).toEqual(['q', '10m', 'pods: 1/2, requests.cpu: 250m/1', 'limits.memory: 0/1Gi']);
  });
});
