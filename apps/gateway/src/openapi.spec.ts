import { batchV1OpenApi, coordinationV1OpenApi, coreV1OpenApi, networkingV1OpenApi, rbacV1OpenApi } from '@bosun/api';
import { parseApiPath } from './kube-request';
import { OPENAPI_ROOT, OPENAPI_V1_HASH, OPENAPI_V1_JSON, openApiV2Encoding } from './openapi';

type Operation = { 'x-kubernetes-group-version-kind': { group: string; kind: string } };
const paths = (coreV1OpenApi().document as unknown as { paths: Record<string, Record<string, unknown>> }).paths;

describe('the OpenAPI v3 the gateway serves', () => {
  it('serves the networking.k8s.io/v1 and rbac.authorization.k8s.io/v1 documents, each path routed to a kind of its group', () => {
    for (const [group, doc] of [['networking.k8s.io', networkingV1OpenApi()], ['rbac.authorization.k8s.io', rbacV1OpenApi()]] as const) {
      expect(OPENAPI_ROOT.paths[`apis/${group}/v1`].serverRelativeURL).toBe(`/openapi/v3/apis/${group}/v1?hash=${doc.hash}`);
      for (const [path, item] of Object.entries((doc.document as unknown as { paths: Record<string, Record<string, unknown>> }).paths)) {
        const parsed = parseApiPath(path.replace('{namespace}', 'team').replace('{name}', 'x'));
        const { kind } = (Object.entries(item).find(([m]) => m !== 'parameters')![1] as Operation)['x-kubernetes-group-version-kind'];
        expect({ path, kind: parsed?.target.info.kind, group: parsed?.target.info.group }).toEqual({ path, kind, group });
      }
    }
  });

  it('lists only paths the gateway routes, each to the resource of its kind', () => {
    for (const [path, item] of Object.entries(paths)) {
      if (path === '/api/v1/' || path.startsWith('/api/v1/componentstatuses')) continue; // discovery and componentstatuses, answered before routing
      const parsed = parseApiPath(path.replace('{namespace}', 'team').replace('{name}', 'web'));
      expect({ path, routed: parsed !== undefined }).toEqual({ path, routed: true });
      expect([undefined, 'status', 'scale', 'log', 'exec']).toContain(parsed!.subresource);
      const { kind, group } = (Object.entries(item).find(([m]) => m !== 'parameters')![1] as Operation)['x-kubernetes-group-version-kind'];
      if (parsed!.subresource === 'scale') expect({ group, kind }).toEqual({ group: 'autoscaling', kind: 'Scale' });
      else if (parsed!.subresource === 'exec') expect(kind).toBe('PodExecOptions');
      else expect(kind).toBe(parsed!.target.info.kind);
    }
  });

  it('routes every path of the coordination.k8s.io/v1 document to leases of that group, and core paths never to leases', () => {
    const leasePaths = (coordinationV1OpenApi().document as unknown as { paths: Record<string, unknown> }).paths;
    for (const path of Object.keys(leasePaths)) {
      const parsed = parseApiPath(path.replace('{namespace}', 'team').replace('{name}', 'lock'));
      expect({ path, kind: parsed?.target.info.kind, group: parsed?.target.info.group, subresource: parsed?.subresource }).toEqual({ path, kind: 'Lease', group: 'coordination.k8s.io', subresource: undefined });
    }
    expect(parseApiPath('/api/v1/namespaces/team/leases')).toBeUndefined();
    expect(parseApiPath('/apis/coordination.k8s.io/v1/namespaces/team/pods')).toBeUndefined();
    expect(parseApiPath('/apis/discovery.k8s.io/v1/namespaces/team/leases')).toBeUndefined();
  });

  it('serves the batch/v1 document, and routes each of its paths to jobs or cronjobs of that group (status too)', () => {
    expect(OPENAPI_ROOT.paths['apis/batch/v1'].serverRelativeURL).toBe(`/openapi/v3/apis/batch/v1?hash=${batchV1OpenApi().hash}`);
    const jobPaths = (batchV1OpenApi().document as unknown as { paths: Record<string, unknown> }).paths;
    expect(Object.keys(jobPaths).length).toBeGreaterThan(0);
    for (const path of Object.keys(jobPaths)) {
      const parsed = parseApiPath(path.replace('{namespace}', 'team').replace('{name}', 'pi'));
      expect({ path, kind: parsed?.target.info.kind, group: parsed?.target.info.group }).toEqual({ path, kind: path.includes('/cronjobs') ? 'CronJob' : 'Job', group: 'batch' });
      expect([undefined, 'status']).toContain(parsed!.subresource);
    }
  });

  it('names the document by its hash, so kubectl’s cache follows changes', () => {
    expect(OPENAPI_V1_HASH).toBe(coreV1OpenApi().hash);
    expect(OPENAPI_ROOT.paths['api/v1'].serverRelativeURL).toBe(`/openapi/v3/api/v1?hash=${OPENAPI_V1_HASH}`);
    expect(OPENAPI_V1_JSON).toBe(coreV1OpenApi().json);
  });
});

describe('the OpenAPI v2 the gateway serves', () => {
  it('answers in protobuf only when asked for it first, as kube-apiserver negotiates', () => {
    expect(openApiV2Encoding('application/com.github.proto-openapi.spec.v2@v1.0+protobuf')).toBe('protobuf');
    expect(openApiV2Encoding('application/com.github.proto-openapi.spec.v2.v1.0+protobuf, application/json')).toBe('protobuf');
    expect(openApiV2Encoding('application/json, application/com.github.proto-openapi.spec.v2@v1.0+protobuf')).toBe('json');
    expect(openApiV2Encoding('application/com.github.proto-openapi.spec.v2@v1.0+protobuf; q=0.5, application/json')).toBe('json');
    expect(openApiV2Encoding(undefined)).toBe('json');
    expect(openApiV2Encoding('*/*')).toBe('json');
    expect(openApiV2Encoding('application/yaml')).toBeUndefined();
  });
});
