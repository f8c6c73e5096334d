import type { Kind } from './types/kube-object.types';

/** One row of the API's discovery table (what `kubectl api-resources` shows). */
export interface ResourceInfo {
  kind: Kind;
  /** The API group, e.g. coordination.k8s.io; absent for core/v1 (served under /api/v1). */
  group?: string;
  /**
   * The versions a named group serves the kind at, the stored (and preferred) one first; v1 when
   * unsaid. An older one is a view of the stored objects, converted on the way in and out (the gateway's).
   */
  versions?: readonly string[];
  /** Plural, lower case: the URL segment and the `kind` of Status details. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  /** Verbs served, as discovery lists them. */
  verbs: readonly string[];
  /**
   * A PUT of an absent object creates it (201), as the kind's registry strategy allows
   * (AllowCreateOnUpdate: Services, Endpoints and Events); for the others it is NotFound.
   */
  createOnUpdate?: boolean;
  /** A `scale` subresource (autoscaling/v1 Scale, scale.ts): the kinds with spec.replicas. */
  scale?: boolean;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

export const RESOURCES: readonly ResourceInfo[] = Object.freeze([
  { kind: 'Pod', resource: 'pods', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'], verbs: CRUD },
  { kind: 'Node', resource: 'nodes', singular: 'node', namespaced: false, shortNames: ['no'], categories: [], verbs: CRUD },
  {
    kind: 'ReplicationController',
    resource: 'replicationcontrollers',
    singular: 'replicationcontroller',
    namespaced: true,
    shortNames: ['rc'],
    categories: ['all'],
    verbs: CRUD,
    scale: true,
  },
  { kind: 'Service', resource: 'services', singular: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'], verbs: CRUD, createOnUpdate: true },
  { kind: 'Endpoints', resource: 'endpoints', singular: 'endpoints', namespaced: true, shortNames: ['ep'], categories: [], verbs: CRUD, createOnUpdate: true },
  { kind: 'Namespace', resource: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'], categories: [], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { kind: 'Event', resource: 'events', singular: 'event', namespaced: true, shortNames: ['ev'], categories: [], verbs: CRUD, createOnUpdate: true },
  { kind: 'ConfigMap', resource: 'configmaps', singular: 'configmap', namespaced: true, shortNames: ['cm'], categories: [], verbs: CRUD },
  { kind: 'Secret', resource: 'secrets', singular: 'secret', namespaced: true, shortNames: [], categories: [], verbs: CRUD },
  { kind: 'ServiceAccount', resource: 'serviceaccounts', singular: 'serviceaccount', namespaced: true, shortNames: ['sa'], categories: [], verbs: CRUD },
  { kind: 'PersistentVolume', resource: 'persistentvolumes', singular: 'persistentvolume', namespaced: false, shortNames: ['pv'], categories: [], verbs: CRUD },
  { kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', namespaced: true, shortNames: ['pvc'], categories: [], verbs: CRUD },
  { kind: 'ResourceQuota', resource: 'resourcequotas', singular: 'resourcequota', namespaced: true, shortNames: ['quota'], categories: [], verbs: CRUD },
  { kind: 'LimitRange', resource: 'limitranges', singular: 'limitrange', namespaced: true, shortNames: ['limits'], categories: [], verbs: CRUD },
  { kind: 'Lease', group: 'coordination.k8s.io', resource: 'leases', singular: 'lease', namespaced: true, shortNames: [], categories: [], verbs: CRUD },
  { kind: 'DaemonSet', group: 'apps', resource: 'daemonsets', singular: 'daemonset', namespaced: true, shortNames: ['ds'], categories: ['all'], verbs: CRUD },
  { kind: 'Deployment', group: 'apps', resource: 'deployments', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], verbs: CRUD, scale: true },
  { kind: 'ReplicaSet', group: 'apps', resource: 'replicasets', singular: 'replicaset', namespaced: true, shortNames: ['rs'], categories: ['all'], verbs: CRUD, scale: true },
  { kind: 'StatefulSet', group: 'apps', resource: 'statefulsets', singular: 'statefulset', namespaced: true, shortNames: ['sts'], categories: ['all'], verbs: CRUD, scale: true },
  { kind: 'ControllerRevision', group: 'apps', resource: 'controllerrevisions', singular: 'controllerrevision', namespaced: true, shortNames: [], categories: [], verbs: CRUD },
  { kind: 'Job', group: 'batch', resource: 'jobs', singular: 'job', namespaced: true, shortNames: [], categories: ['all'], verbs: CRUD },
  {
    kind: 'HorizontalPodAutoscaler',
    group: 'autoscaling',
    versions: ['v2', 'v1'],
    resource: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    verbs: CRUD,
  },
  { kind: 'PodDisruptionBudget', group: 'policy', resource: 'poddisruptionbudgets', singular: 'poddisruptionbudget', namespaced: true, shortNames: ['pdb'], categories: [], verbs: CRUD },
  { kind: 'CronJob', group: 'batch', resource: 'cronjobs', singular: 'cronjob', namespaced: true, shortNames: ['cj'], categories: ['all'], verbs: CRUD },
  { kind: 'PriorityClass', group: 'scheduling.k8s.io', resource: 'priorityclasses', singular: 'priorityclass', namespaced: false, shortNames: ['pc'], categories: [], verbs: CRUD },
  { kind: 'StorageClass', group: 'storage.k8s.io', resource: 'storageclasses', singular: 'storageclass', namespaced: false, shortNames: ['sc'], categories: [], verbs: CRUD },
  // kube-apiserver lists a group's resources in name order.
  { kind: 'IngressClass', group: 'networking.k8s.io', resource: 'ingressclasses', singular: 'ingressclass', namespaced: false, shortNames: [], categories: [], verbs: CRUD },
  { kind: 'Ingress', group: 'networking.k8s.io', resource: 'ingresses', singular: 'ingress', namespaced: true, shortNames: ['ing'], categories: [], verbs: CRUD },
  { kind: 'NetworkPolicy', group: 'networking.k8s.io', resource: 'networkpolicies', singular: 'networkpolicy', namespaced: true, shortNames: ['netpol'], categories: [], verbs: CRUD },
  { kind: 'ClusterRoleBinding', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', singular: 'clusterrolebinding', namespaced: false, shortNames: [], categories: [], verbs: CRUD },
  { kind: 'ClusterRole', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', singular: 'clusterrole', namespaced: false, shortNames: [], categories: [], verbs: CRUD },
  { kind: 'RoleBinding', group: 'rbac.authorization.k8s.io', resource: 'rolebindings', singular: 'rolebinding', namespaced: true, shortNames: [], categories: [], verbs: CRUD },
  { kind: 'Role', group: 'rbac.authorization.k8s.io', resource: 'roles', singular: 'role', namespaced: true, shortNames: [], categories: [], verbs: CRUD },
] satisfies ResourceInfo[]);

/** The apiVersion of a resource's objects: `v1` for core, `<group>/v1` for a named group. */
export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'versions'>): string {
  return info.group === undefined ? 'v1' : `${info.group}/${info.versions?.[0] ?? 'v1'}`;
}

/** The resources of one group ('' or undefined: core/v1), in table order. */
export function resourcesOfGroup(group: string | undefined): ResourceInfo[] {
  return RESOURCES.filter((r) => (r.group ?? '') === (group ?? ''));
}

const byName = new Map<string, ResourceInfo>();
const byKind = new Map<string, ResourceInfo>();
for (const r of RESOURCES) {
  byKind.set(r.kind, r);
  for (const n of [r.resource, r.singular, ...r.shortNames]) byName.set(n, r);
}

/** Look a resource up by plural, singular or short name, case-insensitively, as kubectl does. */
export function resourceByName(name: string): ResourceInfo | undefined {
  return byName.get(name.toLowerCase());
}

export function resourceByKind(kind: string): ResourceInfo | undefined {
  return byKind.get(kind);
}

export function isKind(kind: unknown): kind is Kind {
  return typeof kind === 'string' && byKind.has(kind);
}

/**
 * The identity of an object in the event log (its partition key): `pods/default/web-1`, or
 * `nodes/n1` for cluster-scoped kinds. Do not change this format: it is persisted.
 */
export function objectKey(kind: Kind, namespace: string | undefined, name: string): string {
  const r = byKind.get(kind);
  if (!r) throw new Error(`unknown kind ${kind}`);
  if (!r.namespaced) return `${r.resource}/${name}`;
  if (!namespace) throw new Error(`${kind} "${name}" is namespaced: objectKey needs its namespace`);
  return `${r.resource}/${namespace}/${name}`;
}

/** What the key of every object of `kind` starts with (see objectKey): `pods/`, `nodes/`. */
export function kindKeyPrefix(kind: Kind): string {
  const r = byKind.get(kind);
  if (!r) throw new Error(`unknown kind ${kind}`);
  return `${r.resource}/`;
}

/**
 * Kinds with a status subresource: not those that are all data (Events, Endpoints, ConfigMaps,
 * Secrets, ServiceAccounts, Leases, ControllerRevisions, RBAC's kinds, IngressClasses,
 * NetworkPolicies — whose status went in 1.28 —, StorageClasses, LimitRanges, PriorityClasses).
 */
export function hasStatus(kind: string): boolean {
  return !NO_STATUS.has(kind);
}
const NO_STATUS: ReadonlySet<string> = new Set([
  'Event', 'Endpoints', 'ConfigMap', 'Secret', 'ServiceAccount', 'Lease', 'ControllerRevision',
  'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'IngressClass', 'NetworkPolicy',
  'StorageClass', 'LimitRange', 'PriorityClass',
]);
