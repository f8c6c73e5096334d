import { danglingRefs } from '../testing/openapi-refs';
import { autoscalingV2OpenApi } from './autoscaling-v2.document';
import { type Schema } from './schema.builders';

const document = autoscalingV2OpenApi().document as unknown as { components: { schemas: Record<string, Schema> }; paths: Record<string, Record<string, Schema>> };

describe('the autoscaling/v2 OpenAPI document', () => {
  it('describes HorizontalPodAutoscaler by its group-version-kind at v2, standing alone', () => {
    expect(document.components.schemas['io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' }]);
    expect(danglingRefs(autoscalingV2OpenApi().document)).toEqual([]);
  });

  it('has the v2 operations named as kube-apiserver names them, with status', () => {
    const item = '/apis/autoscaling/v2/namespaces/{namespace}/horizontalpodautoscalers/{name}';
    expect(document.paths['/apis/autoscaling/v2/namespaces/{namespace}/horizontalpodautoscalers']!.post!.operationId).toBe('createAutoscalingV2NamespacedHorizontalPodAutoscaler');
    expect(document.paths[item]!.get!['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' });
    expect(document.paths[`${item}/status`]!.patch!.operationId).toBe('patchAutoscalingV2NamespacedHorizontalPodAutoscalerStatus');
  });
});
