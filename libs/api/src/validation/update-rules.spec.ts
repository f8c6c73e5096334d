import type { KubeObject } from '../types';
import { applyDefaults } from '../defaults/defaults';
import { nginxPod, node, nodePortService } from '../testing/manifests.fixtures';
import { fieldErrors } from '../api.errors';
import { POD_UPDATE_FORBIDDEN, goLabelSelector, updateCausesInOrder, validateUpdate } from './update-rules';

type Mutable = any; // tests poke at arbitrary JSON

const stored = (o: KubeObject): Mutable => applyDefaults(structuredClone({ ...o, metadata: { ...o.metadata, uid: 'u1', creationTimestamp: '2026-11-28T10:00:00Z' } } as KubeObject));
const edited = (base: Mutable, edit: (o: Mutable) => void): KubeObject => {
  const o = structuredClone(base);
  edit(o);
  return o;
};
const fields = (current: Mutable, edit: (o: Mutable) => void): string[] => validateUpdate(current, edited(current, edit)).map((c) => `${c.field}: ${c.message}`);

describe('validateUpdate', () => {
  const pod = stored(nginxPod());

  it('lets a pod change its images, labels, deadline and add tolerations', () => {
    expect(fields(pod, (o) => {
      o.spec.containers[0].image = 'nginx:1.27';
      o.metadata.labels = { tier: 'web' };
      o.spec.activeDeadlineSeconds = 60;
      o.spec.tolerations = [{ key: 'k', operator: 'Exists' }];
    })).toEqual([]);
  });

  it('forbids any other change of a pod’s spec, in kube-apiserver’s words', () => {
    expect(fields(pod, (o) => (o.spec.containers[0].command = ['sleep', '1']))).toEqual([`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`]);
    expect(fields(pod, (o) => (o.spec.nodeName = 'elsewhere'))).toEqual([`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`]);
  });

  it('forbids removing a pod’s tolerations', () => {
    const tolerant = stored({ ...nginxPod(), spec: { ...(nginxPod() as Mutable).spec, tolerations: [{ key: 'k', operator: 'Exists' }] } } as KubeObject);
    expect(fields(tolerant, (o) => (o.spec.tolerations = []))).toEqual(['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  });

  it('keeps uid, and lets creationTimestamp through (the stored one is kept, however the client wrote it)', () => {
    expect(fields(pod, (o) => (o.metadata.uid = 'other'))).toEqual(['metadata.uid: Invalid value: "other": field is immutable']);
    expect(fields(pod, (o) => (o.metadata.creationTimestamp = '2026-11-28T10:00:00+00:00'))).toEqual([]);
  });

  it('freezes an immutable ConfigMap’s or Secret’s data, and the flag itself', () => {
    const cm = stored({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1' }, immutable: true } as KubeObject);
    expect(fields(cm, (o) => (o.metadata.labels = { x: 'y' }))).toEqual([]);
    expect(fields(cm, (o) => (o.data.a = '2'))).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
    expect(fields(cm, (o) => delete o.immutable)).toEqual(['immutable: Forbidden: field is immutable when `immutable` is set']);
    const mutable = stored({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { a: 'MQ==' } } as KubeObject);
    expect(fields(mutable, (o) => (o.data.a = 'Mg=='))).toEqual([]);
  });

  it('keeps a Secret’s type', () => {
    const secret = stored({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { a: 'MQ==' } } as KubeObject);
    expect(fields(secret, (o) => (o.type = 'kubernetes.io/tls'))).toEqual(['type: Invalid value: "kubernetes.io/tls": field is immutable']);
    expect(fields(secret, (o) => (o.type = 'Opaque'))).toEqual([]);
  });

  it('lets a pod stored with quantities as given be updated once they are stored canonical', () => {
    const old = stored(nginxPod()) as Mutable;
    old.spec.containers[0].resources = { requests: { cpu: 0.5 } };
    const next = JSON.parse(JSON.stringify(old)) as Mutable;
    next.metadata.labels = { ...next.metadata.labels, tier: 'db' };
    next.spec.containers[0].resources = { requests: { cpu: '500m' } };
    expect(validateUpdate(old as KubeObject, next as KubeObject)).toEqual([]);
  });

  it('keeps a Service’s cluster IP once set, but lets its ports and type change', () => {
    const service = stored({ ...nodePortService(), spec: { ...(nodePortService() as Mutable).spec, clusterIP: '10.96.0.10' } } as KubeObject);
    const moved = (o: Mutable) => {
      o.spec.clusterIP = '10.96.0.11';
      o.spec.clusterIPs = ['10.96.0.11'];
    };
    expect(fields(service, moved)).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set']);
    expect(fields(service, (o) => {
      o.spec.type = 'ClusterIP';
      o.spec.ports[0].port = 8080;
    })).toEqual([]);
  });

  it('keeps a Node’s podCIDR once set, and lets it be set the first time', () => {
    const fresh = stored(node());
    expect(fields(fresh, (o) => (o.spec = { ...o.spec, podCIDR: '10.244.1.0/24' }))).toEqual([]);
    const set = edited(fresh, (o) => (o.spec = { ...o.spec, podCIDR: '10.244.1.0/24' }));
    expect(fields(set, (o) => (o.spec.podCIDR = '10.244.2.0/24'))).toEqual(['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid']);
    expect(fields(set, (o) => (o.spec.unschedulable = true))).toEqual([]);
  });

  it('prints a changed selector as kube-apiserver does: Go’s %#v of the LabelSelector', () => {
    const deployment = stored({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    } as unknown as KubeObject);
    expect(fields(deployment, (o) => (o.spec.selector = { matchLabels: { tier: 'db', app: 'other' } }))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other", "tier":"db"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    expect(goLabelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'Exists' }] })).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string{"a", "b"}}, v1.LabelSelectorRequirement{Key:"x", Operator:"Exists", Values:[]string(nil)}}}',
    );
    expect(goLabelSelector(undefined)).toBe('null');
  });

  it('orders an update’s causes as the kind’s strategy does', () => {
    const object = [fieldErrors.invalid('spec.template.metadata.labels', 'x')];
    const update = [fieldErrors.invalid('spec.selector', 'y')];
    for (const kind of ['Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job']) expect(updateCausesInOrder(kind, object, update)).toEqual([...object, ...update]);
    for (const kind of ['ConfigMap', 'Secret', 'Service', 'Node']) expect(updateCausesInOrder(kind, object, update)).toEqual([...update, ...object]);
  });
});
