import type { KubeObject } from '../types';
import { applyDefaults } from '../defaults/defaults';
import { unknownFields } from '../validation/validate';
import { batchV1OpenApi } from './batch-v1.document';
import { danglingRefs } from '../testing/openapi-refs';
import { type Schema } from './schema.builders';

const document = batchV1OpenApi().document as unknown as { components: { schemas: Record<string, Schema> }; paths: Record<string, Record<string, Schema>> };
const schemas = document.components.schemas;

describe('the batch/v1 OpenAPI document', () => {
  it('describes Job and its list by their group-version-kind, standing alone', () => {
    expect(schemas['io.k8s.api.batch.v1.Job']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'batch', version: 'v1', kind: 'Job' }]);
    expect(schemas['io.k8s.api.batch.v1.JobList']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'batch', version: 'v1', kind: 'JobList' }]);
    expect(danglingRefs(batchV1OpenApi().document)).toEqual([]);
  });

  it('has the Job operations named as kube-apiserver names them, with status and no scale', () => {
    const item = '/apis/batch/v1/namespaces/{namespace}/jobs/{name}';
    expect(document.paths['/apis/batch/v1/namespaces/{namespace}/jobs']!.post!.operationId).toBe('createBatchV1NamespacedJob');
    expect(document.paths[item]!.patch!.operationId).toBe('patchBatchV1NamespacedJob');
    expect(document.paths[`${item}/status`]!.get!.operationId).toBe('readBatchV1NamespacedJobStatus');
    expect(document.paths[`${item}/scale`]).toBeUndefined();
  });

  it('describes every Job spec field the validation knows, and no other', () => {
    const spec = schemas['io.k8s.api.batch.v1.JobSpec']!.properties as Record<string, Schema>;
    const job = applyDefaults({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', uid: 'u' }, spec: { activeDeadlineSeconds: 60, ttlSecondsAfterFinished: 10, template: { spec: { restartPolicy: 'Never', containers: [] } } } } as unknown as KubeObject);
    expect(Object.keys(spec).sort()).toEqual(Object.keys((job as { spec: object }).spec).sort());
    expect(unknownFields(job)).toEqual([]);
  });

  it('describes CronJob and its list, with the CronJob operations and status', () => {
    expect(schemas['io.k8s.api.batch.v1.CronJob']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'batch', version: 'v1', kind: 'CronJob' }]);
    expect(schemas['io.k8s.api.batch.v1.CronJobList']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'batch', version: 'v1', kind: 'CronJobList' }]);
    expect(document.paths['/apis/batch/v1/namespaces/{namespace}/cronjobs']!.post!.operationId).toBe('createBatchV1NamespacedCronJob');
    expect(document.paths['/apis/batch/v1/namespaces/{namespace}/cronjobs/{name}/status']!.get!.operationId).toBe('readBatchV1NamespacedCronJobStatus');
  });

  it('describes every CronJob spec field the defaults give', () => {
    const spec = schemas['io.k8s.api.batch.v1.CronJobSpec']!.properties as Record<string, Schema>;
    const cj = applyDefaults({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'default' }, spec: { schedule: '@hourly', timeZone: 'UTC', startingDeadlineSeconds: 10, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [] } } } } } } as unknown as KubeObject);
    expect(Object.keys(spec).sort()).toEqual(Object.keys((cj as { spec: object }).spec).sort());
    expect(unknownFields(cj)).toEqual([]);
  });
});
