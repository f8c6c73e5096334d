export * from './types';
export * from './resources';
export * from './api.errors';
export * from './quantity';
export { applyDefaults, DEFAULT_NAMESPACE, NAMESPACE_NAME_LABEL } from './defaults/defaults';
export { defaultPullPolicy } from './defaults/pod.defaults';
export { validateObject, unknownFields } from './validation/validate';
export { validateUpdate, POD_UPDATE_FORBIDDEN } from './validation/update-rules';
export { dns1035LabelErrors, portNameErrors, envVarNameErrors } from './validation/names';
export { NODE_PORT_RANGE } from './validation/service.dto';
// The class-validator DTOs, for callers that validate a part (e.g. a PodSpec) on its own.
export { PodDto, PodSpecDto, ContainerDto, ContainerPortDto, ProbeDto } from './validation/pod.dto';
export { ServiceDto, ServiceSpecDto, ServicePortDto } from './validation/service.dto';
export { ReplicationControllerDto, ReplicationControllerSpecDto, PodTemplateSpecDto } from './validation/replication-controller.dto';
export { EndpointsDto, NamespaceDto, NodeDto, EventDto } from './validation/cluster.dto';
export { ObjectMetaDto } from './validation/meta.dto';
export { toFieldCauses } from './validation/validate';
export * from './conventions';
export * from './ipv4';
