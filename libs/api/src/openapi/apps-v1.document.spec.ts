import type { KubeObject } from '../types';
import { unknownFields } from '../validation/validate';
import { applyDefaults } from '../defaults/defaults';
import { appsV1OpenApi } from './apps-v1.document';
import { danglingRefs } from '../testing/openapi-refs';
import { type Schema } from './schema.builders';

const document = appsV1OpenApi().document as unknown as { components: { schemas: Record<string, Schema> }; paths: Record<string, Record<string, Schema>> };
const schemas = document.components.schemas;

describe('the apps/v1 OpenAPI document', () => {
  it('describes ReplicaSet and its list by their group-version-kind', () => {
    expect(schemas['io.k8s.api.apps.v1.ReplicaSet']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'ReplicaSet' }]);
    expect(schemas['io.k8s.api.apps.v1.ReplicaSetList']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'ReplicaSetList' }]);
  });

  it('stands alone: every $ref names one of its own components (the pod template, the label selector, the Scale)', () => {
    expect(danglingRefs(appsV1OpenApi().document)).toEqual([]);
    expect(schemas['io.k8s.api.core.v1.PodTemplateSpec']).toBeDefined();
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']).toBeDefined();
    expect(schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
  });

  it('has the ReplicaSet operations named as kube-apiserver names them, with status and scale', () => {
    const item = '/apis/apps/v1/namespaces/{namespace}/replicasets/{name}';
    expect(document.paths['/apis/apps/v1/namespaces/{namespace}/replicasets']!.post!.operationId).toBe('createAppsV1NamespacedReplicaSet');
    expect(document.paths[item]!.patch!.operationId).toBe('patchAppsV1NamespacedReplicaSet');
    expect((document.paths[item]!.patch!.parameters as Schema[]).map((p) => p.name)).toContain('fieldValidation');
    expect(document.paths[`${item}/status`]!.get!.operationId).toBe('readAppsV1NamespacedReplicaSetStatus');
    expect(document.paths[`${item}/scale`]!.patch!.operationId).toBe('patchAppsV1NamespacedReplicaSetScale');
    expect(document.paths[`${item}/scale`]!.get!['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
  });

  it('describes every ReplicaSet spec field the validation knows, and no other', () => {
    const spec = schemas['io.k8s.api.apps.v1.ReplicaSetSpec']!.properties as Record<string, Schema>;
    expect(Object.keys(spec).sort()).toEqual(['minReadySeconds', 'replicas', 'selector', 'template']);
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'x', namespace: 'default' }, spec: { replicas: 1, minReadySeconds: 0, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } } } } as unknown as KubeObject;
    expect(unknownFields(rs)).toEqual([]);
  });

  it('describes Deployment, with its strategy and conditions, and has its operations with scale', () => {
    expect(schemas['io.k8s.api.apps.v1.Deployment']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(Object.keys(schemas['io.k8s.api.apps.v1.DeploymentSpec']!.properties as object).sort()).toEqual(['minReadySeconds', 'paused', 'progressDeadlineSeconds', 'replicas', 'revisionHistoryLimit', 'selector', 'strategy', 'template']);
    expect(document.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']!.patch!.operationId).toBe('patchAppsV1NamespacedDeploymentScale');
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'default' }, spec: { replicas: 1, minReadySeconds: 0, paused: false, progressDeadlineSeconds: 600, revisionHistoryLimit: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } } } } as unknown as KubeObject;
    expect(unknownFields(d)).toEqual([]);
  });

  it('describes DaemonSet, with its update strategy, and has its operations with status and no scale', () => {
    expect(schemas['io.k8s.api.apps.v1.DaemonSet']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'DaemonSet' }]);
    const item = '/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}';
    expect(document.paths['/apis/apps/v1/namespaces/{namespace}/daemonsets']!.post!.operationId).toBe('createAppsV1NamespacedDaemonSet');
    expect(document.paths[`${item}/status`]!.get!.operationId).toBe('readAppsV1NamespacedDaemonSetStatus');
    expect(document.paths[`${item}/scale`]).toBeUndefined();
    const ds = applyDefaults({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'x', namespace: 'default' }, spec: { minReadySeconds: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } } } } as unknown as KubeObject);
    expect(Object.keys(schemas['io.k8s.api.apps.v1.DaemonSetSpec']!.properties as object).sort()).toEqual(Object.keys((ds as { spec: object }).spec).sort());
    expect(unknownFields(ds)).toEqual([]);
  });

  it('describes StatefulSet and ControllerRevision by their group-version-kind, with the StatefulSet\'s status and scale operations', () => {
    expect(schemas['io.k8s.api.apps.v1.StatefulSet']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'StatefulSet' }]);
    expect(schemas['io.k8s.api.apps.v1.ControllerRevision']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'ControllerRevision' }]);
    const item = '/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}';
    expect(document.paths[`${item}/scale`]!.patch!.operationId).toBe('patchAppsV1NamespacedStatefulSetScale');
    expect(document.paths[`${item}/status`]!.get!.operationId).toBe('readAppsV1NamespacedStatefulSetStatus');
    expect(document.paths['/apis/apps/v1/namespaces/{namespace}/controllerrevisions/{name}/status']).toBeUndefined();
    expect(Object.keys(schemas['io.k8s.api.apps.v1.StatefulSetSpec']!.properties as object).sort()).toEqual([
      'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy', 'podManagementPolicy', 'replicas', 'revisionHistoryLimit', 'selector', 'serviceName', 'template', 'updateStrategy', 'volumeClaimTemplates',
    ]);
  });
});
