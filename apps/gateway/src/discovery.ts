import { hasStatus, resourceByKind, resourcesOfGroup, type ResourceInfo } from '@bosun/api';

/** The Kubernetes version Bosun reports: a minor the kubectl dispatcher on this machine knows (1.27–1.33). */
export const KUBE_VERSION = { major: '1', minor: '31' };

export function versionInfo(bosunVersion: string): Record<string, string> {
  return {
    ...KUBE_VERSION,
    gitVersion: `v${KUBE_VERSION.major}.${KUBE_VERSION.minor}.0+bosun.${bosunVersion}`,
    gitCommit: 'bosun',
    gitTreeState: 'clean',
    buildDate: '2026-11-28T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/**
 * A named API group as discovery describes it: the group, its preferred version's resources, and
 * each version's (`byVersion`; most groups are served at v1 alone, the same resources in each).
 */
interface NamedGroup {
  readonly group: Record<string, unknown>;
  readonly resources: Record<string, unknown>;
  readonly byVersion: ReadonlyMap<string, Record<string, unknown>>;
}

function namedGroup(name: string, resources: ReadonlyArray<Record<string, unknown>>, versionNames: readonly string[] = ['v1']): NamedGroup {
  const versions = versionNames.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  const lists = new Map(versions.map((v) => [v.version, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: v.groupVersion, resources }]));
  return {
    group: { kind: 'APIGroup', apiVersion: 'v1', name, versions, preferredVersion: versions[0] },
    resources: lists.get(versionNames[0]!)!,
    byVersion: lists,
  };
}

const READ = ['get', 'list', 'watch'];

/** A stored resource's discovery entry, as /api/v1 and the named groups list it. */
function resourceEntry(r: ResourceInfo): Record<string, unknown> {
  return {
    name: r.resource,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
    ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length > 0 ? { categories: r.categories } : {}),
    storageVersionHash: Buffer.from(r.kind).toString('base64').slice(0, 11),
  };
}

/** A stored kind's subresources as discovery lists them: its status, and its scale (an autoscaling/v1 Scale). */
function storedSubresources(r: ResourceInfo): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (hasStatus(r.kind)) out.push({ name: `${r.resource}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] });
  if (r.scale) out.push({ name: `${r.resource}/scale`, singularName: '', namespaced: r.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  return out;
}

/** A named group's stored resources, then their subresources (kubectl needs main resources first). */
function storedGroupResources(group: string): Record<string, unknown>[] {
  const resources = resourcesOfGroup(group);
  return [...resources.map(resourceEntry), ...resources.flatMap(storedSubresources)];
}

/**
 * The named groups, by name (`/apis/<name>` and `/apis/<name>/v1`):
 * - the reviews a client posts about itself (`kubectl auth whoami`, `kubectl auth can-i`), create
 *   only, answered at once (kube-http.controller.ts);
 * - apps, whose DaemonSets, Deployments and ReplicaSets are stored like core/v1 objects, with status and (but DaemonSets) scale subresources;
 * - batch, whose Jobs are stored like core/v1 objects, with a status subresource;
 * - coordination.k8s.io, whose Leases are stored like core/v1 objects (every verb: client-go's leader
 *   election writes them), beside the nodes' heartbeats in kube-node-lease, a read-only view of the
 *   Nodes (libs/api node-leases.ts) that `kubectl describe node` shows;
 * - discovery.k8s.io, whose EndpointSlices are a read-only view of the Endpoints (endpoint-slices.ts),
 *   listed because newer clients read only slices;
 * - events.k8s.io, whose Events are the stored core/v1 Events in another version (events-v1.ts),
 *   every verb, as client-go's new event recorder writes them;
 * - networking.k8s.io (Ingresses with status, IngressClasses, NetworkPolicies) and
 *   rbac.authorization.k8s.io (Roles, ClusterRoles, their bindings), stored like core/v1 objects:
 *   what application bundles carry; Bosun routes, enforces and authorizes nothing with them;
 * - policy, whose PodDisruptionBudgets are stored like core/v1 objects, with a status subresource
 *   (the pods' eviction subresource stays under /api/v1, as kube-apiserver lists it);
 * - scheduling.k8s.io, whose PriorityClasses are stored like core/v1 objects (no status), resolved
 *   into pods' priorities by the Priority admission (libs/api priority-admission.ts);
 * - storage.k8s.io, whose StorageClasses are stored like core/v1 objects (no status);
 * - metrics.k8s.io (v1beta1), the nodes' resource metrics as metrics-server serves them (NodeMetrics,
 *   PodMetrics; get and list), scraped from the node agents (libs/controllers resource-metrics.ts).
 */
export const NAMED_GROUPS: ReadonlyMap<string, NamedGroup> = new Map(
  [
    // In kube-apiserver's order: apps before the reviews.
    namedGroup('apps', storedGroupResources('apps')),
    namedGroup('authentication.k8s.io', [{ name: 'selfsubjectreviews', singularName: 'selfsubjectreview', namespaced: false, kind: 'SelfSubjectReview', verbs: ['create'] }]),
    namedGroup('authorization.k8s.io', [
      { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] },
      { name: 'selfsubjectrulesreviews', singularName: 'selfsubjectrulesreview', namespaced: false, kind: 'SelfSubjectRulesReview', verbs: ['create'] },
    ]),
    // autoscaling/v2 HorizontalPodAutoscalers, also at v1 (converted), as kube-apiserver serves both.
    namedGroup('autoscaling', storedGroupResources('autoscaling'), resourcesOfGroup('autoscaling')[0]!.versions),
    namedGroup('batch', storedGroupResources('batch')),
    // kube-apiserver's order: networking and rbac after batch, before coordination.
    namedGroup('networking.k8s.io', storedGroupResources('networking.k8s.io')),
    namedGroup('rbac.authorization.k8s.io', storedGroupResources('rbac.authorization.k8s.io')),
    // kube-apiserver's order: scheduling.k8s.io before coordination.k8s.io.
    namedGroup('scheduling.k8s.io', storedGroupResources('scheduling.k8s.io')),
    namedGroup('coordination.k8s.io', storedGroupResources('coordination.k8s.io')),
    namedGroup('discovery.k8s.io', [{ name: 'endpointslices', singularName: 'endpointslice', namespaced: true, kind: 'EndpointSlice', verbs: READ }]),
    namedGroup('events.k8s.io', [{ ...resourceEntry(resourceByKind('Event')!) }]),
    namedGroup('policy', storedGroupResources('policy')),
    namedGroup('storage.k8s.io', storedGroupResources('storage.k8s.io')),
    // metrics.k8s.io/v1beta1, what metrics-server adds through the aggregation layer (last, as aggregated groups are): the nodes' resource metrics, read-only.
    namedGroup(
      'metrics.k8s.io',
      [
        { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
        { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
      ],
      ['v1beta1'],
    ),
  ].map((g) => [g.group.name as string, g]),
);

export const API_GROUP_LIST = {
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: [...NAMED_GROUPS.values()].map(({ group }) => ({ name: group.name, versions: group.versions, preferredVersion: group.preferredVersion })),
};

/**
 * `GET /`: every path the server answers at its root, sorted, as kube-apiserver's index lists them
 * (metav1.RootPaths): discovery, each group and group version, OpenAPI, version, and the health
 * endpoints with each of their checks.
 */
export function rootPaths(healthChecks: readonly string[]): { paths: string[] } {
  const paths = ['/api', '/api/v1', '/apis', '/apis/', '/openapi/v2', '/openapi/v3', '/openapi/v3/', '/version'];
  for (const [name, group] of NAMED_GROUPS) paths.push(`/apis/${name}`, ...[...group.byVersion.keys()].map((v) => `/apis/${name}/${v}`));
  for (const endpoint of ['/healthz', '/livez', '/readyz']) paths.push(endpoint, ...healthChecks.map((c) => `${endpoint}/${c}`));
  return { paths: paths.sort() };
}

/** /api/v1: every resource, then its subresources (kubectl needs main resources first). */
export function coreResourceList(): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  const core = resourcesOfGroup(undefined);
  for (const r of core) resources.push(resourceEntry(r));
  // Create-only, as in Kubernetes: a Binding assigns the pod it names to a node.
  resources.push({ name: 'bindings', singularName: 'binding', namespaced: true, kind: 'Binding', verbs: ['create'] });
  // Deprecated since 1.19, still listed and served: the gateway's health checks (kube-http.controller.ts).
  resources.push({ name: 'componentstatuses', singularName: 'componentstatus', namespaced: false, kind: 'ComponentStatus', verbs: ['get', 'list'], shortNames: ['cs'] });
  for (const r of core) {
    resources.push(...storedSubresources(r).filter((s) => s.kind !== 'Scale'));
    if (r.kind === 'Service') resources.push({ name: 'services/proxy', singularName: '', namespaced: true, kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] });
    if (r.kind === 'ServiceAccount') resources.push({ name: 'serviceaccounts/token', singularName: '', namespaced: true, group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] });
    if (r.kind === 'Namespace') resources.push({ name: 'namespaces/finalize', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['update'] });
    if (r.scale) resources.push(...storedSubresources(r).filter((s) => s.kind === 'Scale'));
    if (r.kind === 'Pod') {
      resources.push({ name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] });
      // kubectl drain evicts through it when it is listed (with its group and version), else deletes.
      resources.push({ name: 'pods/ephemeralcontainers', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] });
      resources.push({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
      resources.push({ name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] });
      resources.push({ name: 'pods/attach', singularName: '', namespaced: true, kind: 'PodAttachOptions', verbs: ['create', 'get'] });
      resources.push({ name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
      resources.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
      resources.push({ name: 'pods/proxy', singularName: '', namespaced: true, kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] });
    }
  }
  return { kind: 'APIResourceList', groupVersion: 'v1', resources };
}

