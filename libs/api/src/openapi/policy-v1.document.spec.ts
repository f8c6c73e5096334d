import { danglingRefs } from '../testing/openapi-refs';
import { policyV1OpenApi } from './policy-v1.document';
import { type Schema } from './schema.builders';

const document = policyV1OpenApi().document as unknown as { components: { schemas: Record<string, Schema> }; paths: Record<string, Record<string, Schema>> };

describe('the policy/v1 OpenAPI document', () => {
  it('describes PodDisruptionBudget by its group-version-kind, standing alone', () => {
    expect(document.components.schemas['io.k8s.api.policy.v1.PodDisruptionBudget']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' }]);
    expect(danglingRefs(policyV1OpenApi().document)).toEqual([]);
  });

  it('has the operations named as kube-apiserver names them, with status', () => {
    const item = '/apis/policy/v1/namespaces/{namespace}/poddisruptionbudgets/{name}';
    expect(document.paths['/apis/policy/v1/namespaces/{namespace}/poddisruptionbudgets']!.post!.operationId).toBe('createPolicyV1NamespacedPodDisruptionBudget');
    expect(document.paths[`${item}/status`]!.put!.operationId).toBe('replacePolicyV1NamespacedPodDisruptionBudgetStatus');
  });
});
