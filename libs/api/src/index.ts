export * from './types';
export * from './resources';
export { deleteResponse } from './delete-response';
export * from './api.errors';
export * from './quantity';
export { applyDefaults, DEFAULT_NAMESPACE, NAMESPACE_NAME_LABEL } from './defaults/defaults';
export { admitServiceAccount, serviceAccountTokenVolume, SERVICE_ACCOUNT_MOUNT_PATH, SERVICE_ACCOUNT_VOLUME_PREFIX, ROOT_CA_CONFIG_MAP, SERVICE_ACCOUNT_TOKEN_EXPIRATION_SECONDS, type AdmittedAccount, admitDefaultTolerations, defaultPullPolicy, DEFAULT_TOLERATION_SECONDS } from './defaults/pod.defaults';
// Validation and the OpenAPI document are loaded at their first use (loaded-on-first-use.ts).
export { checkObject, validateObject, validateStatus, unknownFields, toFieldCauses, coreV1OpenApi, coreV1SwaggerV2, discoveryV1OpenApi, coordinationV1OpenApi, appsV1OpenApi, batchV1OpenApi, policyV1OpenApi, autoscalingV2OpenApi, networkingV1OpenApi, rbacV1OpenApi, storageV1OpenApi, schedulingV1OpenApi, documentHash, type CheckedObject } from './loaded-on-first-use';
export { validateUpdate, updateCausesInOrder, POD_UPDATE_FORBIDDEN } from './validation/update-rules';
export { validateBinding, type Binding } from './validation/binding';
export { dns1035LabelErrors, portNameErrors, envVarNameErrors } from './validation/names';
export { NODE_PORT_RANGE } from './validation/node-ports';
export * from './conventions';
export * from './ipv4';
export { toTable, humanDuration, type IncludeObject } from './tables';
export { normalizeServiceUpdate } from './service-update';
export { undecodable, base64ErrorOffset } from './decode-errors';
export { scaleOf, scaleReplicas, scaleTable, type Scale, type Scalable } from './scale';
export { podSelectorOf, formatLabelSelector } from './pod-selector';
export { endpointSlicesOf, endpointSliceTable, SERVICE_NAME_LABEL, type EndpointSlice } from './endpoint-slices';
export { checkLeaseWritable, leaseTable, nodeLeaseOf, NodeLeaseWriteError, NODE_LEASE_NAMESPACE, type NodeLease } from './node-leases';
export { checkApplyPatch, serverSideApply, recordUpdate, fieldsOf, toFieldsV1, fromFieldsV1, fieldPathString, ApplyConflictError, type ManagedFieldsEntry } from './managed-fields';
export { decodeKubeProtobuf, PROTOBUF_CONTENT_TYPE } from './protobuf/kube-protobuf';
export { watchStart, parseResourceVersion, nextBookmarkIn, INITIAL_EVENTS_END_ANNOTATION, type WatchStart } from './watch-options';
export { acceptable, answerEncoding, toKubeYaml, WATCH_MEDIA_TYPES, type AnswerEncoding, responseShape, partialObjectMetadata, partialObjectMetadataList, SERVED_MEDIA_TYPES, type ResponseShape } from './media-types';
export { parseProxyName, podProxyAddress, serviceProxyAddress, type ProxyAddress, type ProxyName } from './proxy-target';
export * from './health';
export * from './pod-qos';
export { applyJsonPatch, decodeJsonPatch, JsonPatchApplyError, MAX_JSON_PATCH_OPERATIONS } from './json-patch';
export { checkDeleteOptions, checkWriteOptions, readDeleteOptions, type DeleteRequest, type WriteVerb } from './write-options';
export { checkPodLogOptions } from './pod-log-options';
export { DISRUPTION_TARGET, evictionDeleteOptions, readEviction, withDisruptionTarget } from './eviction';
export { budgetsOfPod, budgetToSpend, conditionsAreUpToDate, decrementForEviction, withCondition, withDisruptionAllowedCondition, DISRUPTED_POD_TIMEOUT_MS, DISRUPTION_ALLOWED } from './disruption-budget';
export { KUBELET_POD_CONDITIONS, readinessGateMessages, READINESS_GATES_NOT_READY, withKubeletConditions } from './pod-conditions';
export { checkPatchedName, objectNamespaceFor } from './request-namespace';
export { isSchedulingGated, SCHEDULING_GATED, schedulingGatedConditions, validateSchedulingGatesUpdate } from './scheduling-gates';
export {
  kubernetesService,
  kubernetesEndpoints,
  kubernetesEndpointsSubsets,
  kubernetesServiceIp,
  KUBERNETES_SERVICE,
  KUBERNETES_SERVICE_PORT,
  KUBERNETES_ENDPOINTS_LABELS,
  type ApiServerEndpoint,
} from './kubernetes-service';
export { componentStatusOf, componentStatusTable, COMPONENT_STATUS_DEPRECATION, type ComponentStatus } from './component-status';
export * from './service-account-tokens';
export { toEventsV1, fromEventsV1, checkEventsV1Create, inEventsGroup, EVENTS_GROUP, EVENTS_V1 } from './events-v1';
export { scaledValue } from './int-or-percent';
export * from './daemon-set-labels';
export { nodeMatcherOf, type SelectableNode } from './node-affinity';
export * from './controller-revision';
export { parseCronSchedule, rfc3339In, isKnownTimeZone, type CronSchedule } from './cron-schedule';
export { JOB_COMPLETION_INDEX } from './job-labels';
export * from './storage-admission';
export { accessModesString } from './tables';
export { toAutoscalingV1, fromAutoscalingV1, AUTOSCALING_V1 } from './autoscaling-v1';
export * from './resource-quota';
export * from './resource-metrics';
export * from './priority-classes';
export * from './rbac-bootstrap';
