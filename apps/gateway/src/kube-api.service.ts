import {
  admitDefaultTolerations,
  authenticateServiceAccountToken,
  requestServiceAccountToken,
  resourceByKind,
  budgetToSpend,
  decrementForEviction,
  type PodDisruptionBudget,
  validateStatus,
  type ServiceAccountUser,
  type ManagedFieldsEntry,
  checkWriteOptions,
  admitServiceAccount,
  type AdmittedAccount,
  ApplyConflictError,
  BadRequestError,
  checkObject,
  admitStorageObject,
  admitPodLimitRanges,
  admitClaimLimitRanges,
  admitQuotas,
  type LimitRange,
  type ResourceQuota,
  defaultStorageClass,
  type StorageClass,
  admitPodPriority,
  admitPriorityClass,
  checkPriorityClassDeletion,
  type PriorityClass,
  ConflictError,
  ExpiredError,
  ForbiddenError,
  IMMORTAL_NAMESPACES,
  INCONSISTENT_CONTINUE,
  InvalidError,
  StrictDecodingError,
  DecodeError,
  undecodable,
  kubeTime,
  objectKey,
  podQosClass,
  randomNameSuffix,
  recordUpdate,
  ResourceVersionTooLargeError,
  serverSideApply,
  normalizeServiceUpdate,
  NotFoundError,
  validateBinding,
  validateUpdate,
  updateCausesInOrder,
  resourceByName,
  endpointSlicesOf,
  nodeLeaseOf,
  NODE_LEASE_NAMESPACE,
  checkLeaseWritable,
  apiVersionOf,
  type NodeLease,
  parseProxyName,
  podProxyAddress,
  serviceProxyAddress,
  type ProxyAddress,
  type Binding,
  type EndpointSlice,
  METRICS_GROUP,
  type NodeMetrics,
  type PodMetrics,
  type Endpoints,
  type KubeObject,
  type Pod,
  type PodSpec,
  withDisruptionTarget,
  isSchedulingGated,
  schedulingGatedConditions,
  checkApplyPatch,
  objectNamespaceFor,
  checkPatchedName,
  type ResourceInfo,
} from '@bosun/api';
import { parseFieldSelector, parseLabelSelector, SelectorParseError, type FieldSelector, type LabelSelector } from '@bosun/labels';
import { decide, evolve, initialState, materialize, type ObjectCommand } from '@bosun/objects';
import { ClusterState, CommandClient, type ObjectChange } from '@bosun/runtime';
import { ResourceMetrics } from '@bosun/controllers';

/** A metrics.k8s.io request scrapes the nodes again when the last scrape is older than this. */
const METRICS_MAX_AGE_MS = 1_000;
import { randomUUID } from 'node:crypto';
import { fieldValue, FIELD_SELECTORS } from './object-fields';
import { applyPatchOfType } from './patch';
import { ServiceAllocator } from './service-allocator';

/** Which object(s) a request is about, from its path. */
export interface Target {
  readonly info: ResourceInfo;
  readonly namespace?: string;
  readonly name?: string;
  /** Who asks, as recorded on the commands and events (`user:<name>`); the service's default otherwise. */
  readonly actor?: string;
}

export interface ListQuery {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** At most this many items per page (none or ≤ 0: all). */
  readonly limit?: string;
  /** The token of the previous page. */
  readonly continue?: string;
  readonly resourceVersion?: string;
  /** The list as it was at `resourceVersion`: watchStart's `exact` (which checked the query). */
  readonly exact?: boolean;
}

/** One page of a list, with Kubernetes' ListMeta. */
export interface ListPage {
  readonly items: KubeObject[];
  readonly resourceVersion: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

export interface WriteOptions {
  /** fieldValidation: Strict rejects unknown fields (400 for a body, 422 for a patch), Warn reports them, Ignore drops them. */
  readonly fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  readonly dryRun?: boolean;
  /** Who sets the fields (managedFields); `fieldManagerGiven` says whether the client named it (apply must). */
  readonly fieldManager?: string;
  readonly fieldManagerGiven?: boolean;
  /** Server-side apply: take over the fields other managers own instead of refusing (409). */
  readonly force?: boolean;
  /** The subresource written through (`scale`), recorded with the manager. */
  readonly subresource?: string;
}

/**
 * A write whose managedFields are already decided (server-side apply), not recorded as an update;
 * `fromPatch`: the object is a patch (or an apply) merged into the current one, whose unknown fields
 * kube-apiserver refuses under Strict as an invalid patch (422), not as an undecodable body (400).
 */
type InternalWriteOptions = WriteOptions & { readonly managedFieldsDecided?: boolean; readonly fromPatch?: boolean };

export interface WriteResult {
  readonly object: KubeObject;
  readonly warnings: readonly string[];
  /** A PUT that created the object (createOnUpdate kinds): answered 201. */
  readonly created?: boolean;
}

export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { uid?: string; resourceVersion?: string };
  readonly propagationPolicy?: string;
  readonly dryRun?: boolean;
}

const SOURCE = '/bosun/gateway';
/**
 * How long a read-modify-write the API server does itself (a patch, an apply, a finalizer added by a
 * delete, an eviction's condition) is tried again on the fresh object while concurrent writers win:
 * kube-apiserver's GuaranteedUpdate retries a write that pins no resourceVersion until it lands,
 * bounded by the request's timeout (60 s).
 */
const CONFLICT_RETRY_MS = 60_000;

/**
 * The Kubernetes API over Bosun: reads from the projection (the gateway's informer), writes as
 * commands to the actor host. Every write is answered with the committed object, after the
 * projection has caught up with it (read-your-writes for the next GET or LIST).
 */
export class KubeApiService {
  private readonly allocator: ServiceAllocator;

  /** The nodes' resource metrics (metrics.k8s.io): scraped when asked, at most once a second, or shared with the autoscaler (bosun up). */
  readonly metrics: ResourceMetrics;

  constructor(
    private readonly state: ClusterState,
    private readonly client: CommandClient,
    private readonly actor = 'user:admin',
    metrics?: ResourceMetrics,
  ) {
    this.allocator = new ServiceAllocator(state);
    this.metrics = metrics ?? new ResourceMetrics(state);
  }

  /**
   * metrics.k8s.io/v1beta1 NodeMetrics, as metrics-server answers them: every node with a reading
   * (labels and metadata.name selectors), or the one named — `nodemetrics.metrics.k8s.io "x" not
   * found` when it has none. The nodes are scraped first when the last scrape is over a second old.
   */
  async nodeMetrics(name: string | undefined, query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>): Promise<NodeMetrics[]> {
    const matches = this.viewMatcher(name === undefined ? query : {});
    await this.metrics.refresh(METRICS_MAX_AGE_MS);
    const items = this.metrics.nodeMetrics().filter((m) => (name === undefined ? matches(m) : m.metadata.name === name));
    if (name !== undefined && items.length === 0) throw new NotFoundError('nodemetrics', name, METRICS_GROUP);
    return items;
  }

  /** metrics.k8s.io/v1beta1 PodMetrics of a namespace (or all), with selectors, or of the pod named (`podmetrics.metrics.k8s.io "ns/x" not found`). */
  async podMetrics(namespace: string | undefined, name: string | undefined, query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>): Promise<PodMetrics[]> {
    const matches = this.viewMatcher(name === undefined ? query : {});
    await this.metrics.refresh(METRICS_MAX_AGE_MS);
    const items = this.metrics.podMetrics(namespace).filter((m) => (name === undefined ? matches(m) : m.metadata.name === name));
    if (name !== undefined && items.length === 0) throw new NotFoundError('podmetrics', `${namespace ?? 'default'}/${name}`, METRICS_GROUP);
    return items;
  }

  get resourceVersion(): string {
    return String(Math.max(this.state.offset, 0));
  }

  get(t: Target): KubeObject {
    const object = t.info.kind === 'Lease' && t.namespace === NODE_LEASE_NAMESPACE ? this.nodeLease(t.name ?? '') : this.state.getObject(this.key(t));
    if (object === null) throw new NotFoundError(t.info.resource, t.name ?? '', t.info.group);
    return object;
  }

  /** The Lease of a Node, answered from it (node-leases.ts); null when there is no such Node. */
  private nodeLease(name: string): NodeLease | null {
    const node = this.state.getObject(objectKey('Node', undefined, name));
    return node === null ? null : nodeLeaseOf(node);
  }

  /**
   * serviceaccounts/{name}/token (`kubectl create token`): a TokenRequest answered with a token
   * signed with `key` (libs/api service-account-tokens.ts), after kube-apiserver's checks — the
   * service account exists, the bound object exists, runs as it (a Pod) and has the uid named.
   * Nothing is written: a token is checked against the objects each time it is used.
   */
  createToken(t: Target, body: unknown, key: Buffer): Record<string, unknown> {
    const namespace = t.namespace ?? 'default';
    const name = t.name ?? '';
    const { spec, status } = requestServiceAccountToken((kind, ns, n) => this.state.getObject(objectKey(kind, ns, n)), namespace, name, body, key, new Date(), randomUUID());
    const ref = spec.boundObjectRef;
    return {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: null },
      spec: { audiences: spec.audiences, expirationSeconds: spec.expirationSeconds, boundObjectRef: ref ?? null },
      status,
    };
  }

  /** The user a bearer token names if it is a service account token signed with `key` and still valid. */
  serviceAccountUser(token: string, key: Buffer): ServiceAccountUser | undefined {
    return authenticateServiceAccountToken(token, key, new Date(), (kind, namespace, name) => this.state.getObject(objectKey(kind, namespace, name)));
  }

  /**
   * A list, in namespace/name order, paged with `limit` and `continue` as Kubernetes pages: every page
   * is read at the first page's resourceVersion (the current objects with the later changes undone,
   * from the watch cache), so the pages are one snapshot and a client that lists and then watches
   * from that resourceVersion sees every change since. A token whose resourceVersion the watch cache
   * no longer holds is Expired (410), as kube-apiserver answers one whose revision etcd compacted,
   * offering a token that goes on from the same place at the current resourceVersion (its
   * "inconsistent" continuation). An exact list (`resourceVersionMatch=Exact`, or a first page at a
   * resourceVersion: watchStart) is read at its resourceVersion the same way.
   */
  list(t: Target, query: ListQuery, withNodeLeases = true): ListPage {
    const matches = this.matcher(t, query);
    const from = query.continue ? decodeContinue(query.continue) : undefined;
    const limit = parseLimit(query.limit);
    const at = this.listOffset(from, query);
    const resourceVersion = at === undefined ? this.resourceVersion : String(at);
    const read = (kind: KubeObject['kind'], namespace: string | undefined): KubeObject[] => (at === undefined ? this.state.list(kind, namespace) : this.state.listAt(kind, namespace, at));
    let all = read(t.info.kind, t.namespace);
    // The nodes' Leases are answered from the Nodes read at the same resourceVersion, beside the stored ones (none are stored in kube-node-lease).
    if (withNodeLeases && hasNodeLeases(t)) all = [...all, ...read('Node', undefined).map(nodeLeaseOf)];
    all = all.filter(matches).sort(byNamespaceAndName);
    if (from !== undefined) all = all.filter((o) => compareKeys(o.metadata.namespace ?? '', o.metadata.name ?? '', from.ns, from.name) > 0);
    if (limit === undefined || all.length <= limit) return { items: all, resourceVersion };
    const items = all.slice(0, limit);
    const last = items[items.length - 1].metadata;
    const token = encodeContinue({ rv: resourceVersion, ns: last.namespace ?? '', name: last.name ?? '' });
    // As kube-apiserver: how many remain is said only of a list without selectors (its storage
    // counts every key under the prefix, not the matching ones).
    const selected = Boolean(query.labelSelector) || Boolean(query.fieldSelector);
    return { items, resourceVersion, continue: token, ...(selected ? {} : { remainingItemCount: all.length - limit }) };
  }

  /**
   * A read with `resourceVersion=N` must see at least N (NotOlderThan, and Exact): a gateway whose
   * state is behind N — another gateway process took the write — waits for its projection, as
   * kube-apiserver's watch cache waits, up to 3 s, then answers 504 Too large resource version.
   */
  async notOlderThan(resourceVersion: string | undefined): Promise<void> {
    if (resourceVersion === undefined || !/^\d+$/.test(resourceVersion)) return;
    const rv = Number(resourceVersion);
    if (rv <= this.state.offset) return;
    let timer: NodeJS.Timeout | undefined;
    const reached = await Promise.race([
      this.state.reached(rv).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), FRESHNESS_WAIT_MS))),
    ]).finally(() => clearTimeout(timer));
    if (!reached) throw new ResourceVersionTooLargeError(rv, Math.max(this.state.offset, 0));
  }

  /** The offset a list page is read at; undefined: the current state. */
  private listOffset(from: ContinueToken | undefined, query: ListQuery): number | undefined {
    if (from !== undefined) {
      if (from.rv === '') return undefined;
      const rv = Number(from.rv);
      if (!this.state.holdsChangesSince(rv)) throw new ExpiredError(INCONSISTENT_CONTINUE, encodeContinue({ ...from, rv: '' }));
      return Math.min(rv, this.state.offset);
    }
    if (query.exact !== true) return undefined;
    const rv = Number(query.resourceVersion);
    if (!Number.isSafeInteger(rv) || rv < 0) throw new BadRequestError(`invalid resource version: ${JSON.stringify(query.resourceVersion)}`);
    if (rv > this.state.offset) throw new ResourceVersionTooLargeError(rv, Math.max(this.state.offset, 0));
    // etcd's answer for a revision it compacted away.
    if (!this.state.holdsChangesSince(rv)) throw new ExpiredError('The resourceVersion for the provided list is too old.');
    return rv;
  }

  /**
   * discovery.k8s.io/v1 EndpointSlices, derived from the Endpoints in scope (libs/api); read-only,
   * listed whole. Selectors as on any list (fields: metadata.name and metadata.namespace).
   */
  endpointSlices(namespace: string | undefined, query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>): { items: EndpointSlice[]; resourceVersion: string } {
    const matches = this.viewMatcher(query);
    const items = this.state
      .list('Endpoints', namespace)
      .sort(byNamespaceAndName)
      .flatMap((e) => endpointSlicesOf(e as Endpoints, this.serviceOf(e)))
      .filter(matches);
    return { items, resourceVersion: this.resourceVersion };
  }

  /** The Service an Endpoints object belongs to (same namespace and name), which owns its slices. */
  private serviceOf(endpoints: KubeObject): KubeObject | null {
    return this.state.getObject(objectKey('Service', endpoints.metadata.namespace, endpoints.metadata.name ?? ''));
  }

  /**
   * A watch of the EndpointSlices, following their Endpoints: each change of an Endpoints object is
   * ADDED / MODIFIED for the slices it has now and DELETED for those it no longer has (or all of
   * them when it is deleted), at the Endpoints' resourceVersion.
   */
  watchEndpointSlices(
    namespace: string | undefined,
    query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'> & { resourceVersion?: string; initialEvents?: boolean },
    send: (type: string, slice: EndpointSlice) => void,
  ): () => void {
    const matches = this.viewMatcher(query);
    const endpoints: Target = { info: resourceByName('endpoints')!, ...(namespace === undefined ? {} : { namespace }) };
    const sent = new Map<string, Set<string>>();
    return this.watch(endpoints, { ...(query.resourceVersion === undefined ? {} : { resourceVersion: query.resourceVersion }), ...(query.initialEvents === undefined ? {} : { initialEvents: query.initialEvents }) }, (change) => {
      const slices = endpointSlicesOf(change.object as Endpoints, this.serviceOf(change.object));
      const now = change.type === 'DELETED' ? [] : slices.filter(matches);
      const before = sent.get(change.key);
      const names = new Set(now.map((s) => s.metadata.name!));
      // Without an earlier event of the key (a watch from a resourceVersion), what the client holds is unknown: an Endpoints change is a slice change.
      for (const slice of now) send(before?.has(slice.metadata.name!) || (before === undefined && change.type === 'MODIFIED') ? 'MODIFIED' : 'ADDED', slice);
      for (const slice of slices.filter(matches)) if (change.type === 'DELETED' && (before === undefined || before.has(slice.metadata.name!))) send('DELETED', slice);
      for (const name of before ?? []) {
        if (!names.has(name) && change.type !== 'DELETED') {
          const gone = slices.find((s) => s.metadata.name === name);
          if (gone === undefined) send('DELETED', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace: change.object.metadata.namespace, resourceVersion: change.object.metadata.resourceVersion }, addressType: 'IPv4', endpoints: [], ports: [] });
          else send('DELETED', gone);
        }
      }
      if (change.type === 'DELETED') sent.delete(change.key);
      else sent.set(change.key, names);
    });
  }

  /**
   * A watch of the nodes' Leases (kube-node-lease), following their Nodes: each change of a Node is
   * one of its Lease, at the Node's resourceVersion.
   */
  private watchNodeLeases(t: Target, query: ListQuery & { resourceVersion?: string; initialEvents?: boolean }, send: (change: ObjectChange) => void): () => void {
    const matches = this.matcher(t, query);
    const nodes: Target = { info: resourceByName('nodes')!, ...(t.name === undefined ? {} : { name: t.name }) };
    const options = { ...(query.resourceVersion === undefined ? {} : { resourceVersion: query.resourceVersion }), ...(query.initialEvents === undefined ? {} : { initialEvents: query.initialEvents }) };
    return this.watch(nodes, options, (change) => {
      const lease = nodeLeaseOf(change.object);
      if (matches(lease)) send({ ...change, key: objectKey('Lease', NODE_LEASE_NAMESPACE, lease.metadata.name ?? ''), object: lease });
    });
  }

  /** Selectors over the derived views (EndpointSlices, the nodes' Leases): labels, and the name and namespace fields. */
  private viewMatcher(query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>): (s: { metadata: { name?: string; namespace?: string; labels?: Record<string, string> } }) => boolean {
    let labels: LabelSelector | undefined;
    let fields: FieldSelector | undefined;
    try {
      if (query.labelSelector) labels = parseLabelSelector(query.labelSelector);
      if (query.fieldSelector) fields = parseFieldSelector(query.fieldSelector, ['metadata.name', 'metadata.namespace']);
    } catch (error) {
      if (error instanceof SelectorParseError) throw new BadRequestError(error.message);
      throw error;
    }
    return (s) => (labels?.matches(s.metadata.labels) ?? true) && (fields?.matches((f) => (f === 'metadata.name' ? s.metadata.name : s.metadata.namespace) ?? '') ?? true);
  }

  /**
   * Where a container of a pod is served: its node agent's endpoint (the kubelet's, at the node's
   * InternalIP and daemonEndpoints port), and the container — the only one, when none is named.
   * Errors as the API server words them.
   */
  podEndpoint(t: Target, container: string | undefined): { host: string; port: number; container: string } {
    const { nodeName, container: name } = this.podContainer(t, container);
    if (nodeName === undefined) throw new BadRequestError(`pod ${t.name} does not have a host assigned`);
    return { ...this.agentOf(nodeName), container: name };
  }

  /** The container a request names (the only one when it names none) and the pod's node, checked as kube-apiserver's validateContainer does. */
  private podContainer(t: Target, container: string | undefined): { nodeName?: string; container: string } {
    type Named = { name: string }[] | undefined;
    const pod = this.get(t) as KubeObject & { spec?: { nodeName?: string; containers?: Named; initContainers?: Named; ephemeralContainers?: Named } };
    const names = (pod.spec?.containers ?? []).map((c) => c.name);
    const initNames = (pod.spec?.initContainers ?? []).map((c) => c.name);
    const ephemeralNames = (pod.spec?.ephemeralContainers ?? []).map((c) => c.name);
    if (container === undefined || container === '') {
      if (names.length === 0) throw new BadRequestError(`a container name must be specified for pod ${t.name}`);
      if (names.length > 1) {
        const init = initNames.length > 0 ? ` or one of the init containers: [${initNames.join(' ')}]` : '';
        const ephemeral = ephemeralNames.length > 0 ? ` or one of the ephemeral containers: [${ephemeralNames.join(' ')}]` : '';
        throw new BadRequestError(`a container name must be specified for pod ${t.name}, choose one of: [${names.join(' ')}]${init}${ephemeral}`);
      }
      container = names[0];
    }
    const all = [...names, ...initNames, ...ephemeralNames];
    if (!all.includes(container)) throw new BadRequestError(`container ${container} is not valid for pod ${t.name}`);
    return { ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}), container };
  }

  /** The node agent that runs a pod (for port forwarding), as the API server finds the kubelet. */
  podAgent(t: Target): { host: string; port: number } {
    const pod = this.get(t) as KubeObject & { spec?: { nodeName?: string } };
    if (!pod.spec?.nodeName) throw new BadRequestError(`pod ${t.name} does not have a host assigned`);
    return this.agentOf(pod.spec.nodeName);
  }

  private agentOf(nodeName: string): { host: string; port: number } {
    const node = this.state.getObject(`nodes/${nodeName}`) as (KubeObject & { status?: Record<string, any> }) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
    const port = node?.status?.daemonEndpoints?.kubeletEndpoint?.Port as number | undefined;
    const address = ((node?.status?.addresses ?? []) as { type: string; address: string }[]).find((a) => a.type === 'InternalIP')?.address;
    if (!port || !address) throw new BadRequestError(`node "${nodeName}" runs no node agent: its containers cannot be reached`);
    return { host: address, port };
  }

  /** Where `pods|services/{spec}/proxy` leads (libs/api proxy-target.ts). */
  proxyAddress(resource: 'pods' | 'services', namespace: string, spec: string): ProxyAddress {
    const target = parseProxyName(spec);
    const info = resourceByName(resource)!;
    const object = this.get({ info, namespace, name: target.name });
    if (resource === 'pods') return podProxyAddress(object as never, target);
    const endpoints = this.state.getObject(this.key({ info: resourceByName('endpoints')!, namespace, name: target.name }));
    return serviceProxyAddress(object as never, (endpoints ?? undefined) as never, target);
  }

  /**
   * Where a container's log is served; undefined for a pod not yet on a node, whose log
   * kube-apiserver answers empty (its LogLocation gives no location, the stream is empty).
   */
  logLocation(t: Target, container: string | undefined): { url: string } | undefined {
    if (this.podContainer(t, container).nodeName === undefined) return undefined;
    const at = this.podEndpoint(t, container);
    const host = at.host.includes(':') ? `[${at.host}]` : at.host;
    return { url: `http://${host}:${at.port}/containerLogs/${encodeURIComponent(t.namespace ?? 'default')}/${encodeURIComponent(t.name ?? '')}/${encodeURIComponent(at.container)}` };
  }

  async create(t: Target, body: unknown, options: InternalWriteOptions): Promise<WriteResult> {
    const given = this.checkBody(t, body, 'create');
    const namespace = t.info.namespaced ? (given.metadata?.namespace ?? t.namespace ?? 'default') : undefined;
    let name = given.metadata?.name;
    if (!name && given.metadata?.generateName) name = given.metadata.generateName + randomNameSuffix();
    checkLeaseWritable(t.info.kind, namespace, name ?? '', 'create');
    if (namespace !== undefined && t.info.kind !== 'Namespace') this.checkNamespaceWritable(t, namespace, name ?? '');
    if (!name) {
      throw new InvalidError(t.info.kind, '', [{ reason: 'FieldValueRequired', message: 'name or generateName is required', field: 'metadata.name' }], t.info.group);
    }
    const spec = t.info.kind === 'Pod' ? this.admitPodSpec(given, namespace ?? 'default', name) : undefined;
    if (given.kind === 'PriorityClass') admitPriorityClass(given, 'create', this.priorityClasses());
    const admittedGiven = admitStorageObject(given, given.kind === 'PersistentVolumeClaim' ? defaultStorageClass(this.state.list('StorageClass') as StorageClass[]) : undefined);
    const { object: prepared, warnings } = this.prepare(t, {
      ...admittedGiven,
      ...(spec === undefined ? {} : { spec }),
      metadata: { ...admittedGiven.metadata, name, ...(namespace === undefined ? {} : { namespace }), uid: randomUUID(), creationTimestamp: undefined },
      // As the API server's PrepareForCreate: a new pod's status is the server's, starting Pending.
      // A gated pod starts PodScheduled=False, SchedulingGated (the pod strategy's PrepareForCreate).
      // A new claim's or volume's status is the binder's, starting Pending (their strategies' PrepareForCreate).
      ...(t.info.kind === 'PersistentVolumeClaim' ? { status: { phase: 'Pending' } } : {}),
      ...(t.info.kind === 'PersistentVolume' ? { status: { phase: 'Pending', lastPhaseTransitionTime: kubeTime(new Date()) } } : {}),
      ...(t.info.kind === 'Pod' ? { status: { phase: 'Pending', qosClass: podQosClass(given), ...(isSchedulingGated(given) ? { conditions: schedulingGatedConditions({ ...given, status: {} }) } : {}) } } : {}),
    } as KubeObject, options);
    // ResourceQuota comes last, as in kube-apiserver's order: after Priority (admitPodSpec) gave the
    // pod the default class's priorityClassName, which a PriorityClass-scoped quota matches.
    const object = namespace === undefined ? prepared : this.admitLimitsAndQuota(t, prepared, namespace, name);
    if (!options.managedFieldsDecided) {
      setManagedFields(object, recordUpdate(undefined, null, object, options.fieldManager ?? 'unknown', kubeTime(new Date()), apiVersionOf(t.info)));
    }
    const target = { ...t, namespace, name };
    const create = async (o: KubeObject) => this.send(target, { type: 'Create', data: { object: o }, metadata: this.meta(t) });
    // Decided like the real one (AlreadyExists, say); a Service shows the addresses it would get,
    // none of them reserved.
    if (options.dryRun) {
      const dry = t.info.kind === 'Service' ? this.allocator.dryRun(object) : object;
      return { object: this.decideDry(target, { type: 'Create', data: { object: dry }, metadata: this.meta(t) }) ?? dry, warnings };
    }
    if (t.info.kind === 'Service') return { object: await this.allocator.allocate(object, create), warnings };
    return { object: await create(object), warnings };
  }

  async replace(t: Target, body: unknown, options: InternalWriteOptions): Promise<WriteResult> {
    const given = this.checkBody(t, body, 'update');
    checkLeaseWritable(t.info.kind, t.namespace, t.name ?? '', 'update');
    // A kind whose registry allows it is created by a PUT of an absent object, as by a POST.
    if (t.info.createOnUpdate && !options.subresource && !options.fromPatch && this.state.getObject(this.key(t)) === null) {
      return { ...(await this.create({ ...t, name: undefined }, given, options)), created: true };
    }
    const current = this.get(t);
    // A stale resourceVersion is a Conflict before any validation, as the API server checks it
    // first (the actor host checks it again, atomically, when it decides).
    const rv = given.metadata?.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw new ConflictError(t.info.resource, t.name ?? '', undefined, t.info.group);
    const updated = { ...given, metadata: { ...given.metadata, namespace: current.metadata.namespace } } as KubeObject;
    // DefaultTolerationSeconds admits updates of a pod too (not of its subresources): a body
    // without the default tolerations gets them back instead of being refused for removing them.
    const admitted = t.info.kind === 'Pod' && !options.subresource ? this.admitPodUpdate(updated, current) : updated;
    if (admitted.kind === 'PriorityClass') admitPriorityClass(admitted, 'update', this.priorityClasses());
    const { object, warnings } = this.prepare(t, normalizeServiceUpdate(current, admitted), options, current);
    if (!options.managedFieldsDecided) {
      // A body without managedFields keeps the current ones; the update's manager then owns what it changed.
      const base = Array.isArray(object.metadata.managedFields) && object.metadata.managedFields.length > 0 ? object.metadata.managedFields : current.metadata.managedFields;
      setManagedFields(object, recordUpdate(base, current, object, options.fieldManager ?? 'unknown', kubeTime(new Date()), apiVersionOf(t.info), options.subresource));
    }
    const write = async (written: KubeObject): Promise<WriteResult> => {
      const command: ObjectCommand = { type: 'Replace', data: { object: written }, metadata: this.meta(t) };
      if (options.dryRun) return { object: this.decideDry(t, command) ?? written, warnings };
      const reply = await this.sendForReply(t, command);
      // An update that takes the last finalizer off an object being deleted deletes it: the API
      // server answers the object as that update left it (kubectl prints it), never nothing.
      return { object: reply.object ?? { ...written, metadata: { ...written.metadata, resourceVersion: String(reply.offset) } }, warnings };
    };
    // As kube-apiserver allocates on update: a Service whose new type needs addresses it has not got
    // (ClusterIP → NodePort, ExternalName → ClusterIP) gets them now, and a node port it asks for
    // must be free (another Service's is 'provided port is already allocated').
    if (t.info.kind === 'Service' && this.allocator.hasAddresses(object)) {
      return options.dryRun ? write(this.allocator.dryRun(object, current)) : this.allocator.allocate(object, write, current);
    }
    return write(object);
  }

  /**
   * `namespaces/{name}/finalize` (PUT): the Namespace's spec.finalizers from the body, nothing
   * else of it, as kube-apiserver's finalize subresource takes them (tools call it to clear a
   * namespace stuck in Terminating). A Bosun namespace still goes when it is empty.
   */
  async finalizeNamespace(t: Target, body: unknown, options: WriteOptions): Promise<WriteResult> {
    const given = this.checkBody(t, body, 'update') as KubeObject & { spec?: { finalizers?: unknown } };
    const current = this.get(t) as KubeObject & { spec?: Record<string, unknown> };
    const finalizers = given.spec?.finalizers;
    const next = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: given.metadata?.resourceVersion || current.metadata.resourceVersion },
      spec: { ...current.spec, ...(finalizers === undefined || finalizers === null ? { finalizers: undefined } : { finalizers }) },
    } as KubeObject;
    return this.replace(t, next, { ...options, subresource: 'finalize' });
  }

  /**
   * `pods/{name}/ephemeralcontainers` (PUT, and PATCH through `patch`): the pod's
   * spec.ephemeralContainers from the body, nothing else of it, as kube-apiserver's subresource
   * takes them (`kubectl debug`); they are only ever added (validateUpdate).
   */
  async replaceEphemeralContainers(t: Target, body: unknown, options: InternalWriteOptions): Promise<WriteResult> {
    const given = this.checkBody(t, body, 'update') as KubeObject & { spec?: { ephemeralContainers?: unknown } };
    const current = this.get(t) as KubeObject & { spec?: Record<string, unknown> };
    const next = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: given.metadata?.resourceVersion || current.metadata.resourceVersion },
      spec: { ...current.spec, ephemeralContainers: given.spec?.ephemeralContainers ?? [] },
    } as KubeObject;
    return this.replace(t, next, { ...options, subresource: 'ephemeralcontainers' });
  }

  async replaceStatus(t: Target, body: unknown, options: Pick<WriteOptions, 'dryRun' | 'fieldManager'> & { readonly managedFields?: readonly unknown[] } = {}): Promise<KubeObject> {
    const given = this.checkBody(t, body, 'update');
    const invalid = validateStatus(given);
    if (invalid.length > 0) throw new InvalidError(t.info.kind, given.metadata?.name ?? t.name ?? '', invalid, t.info.group);
    const status = (given as { status?: Record<string, unknown> }).status ?? {};
    // As kube-apiserver records a status write: its manager owns the status fields it changed (subresource "status").
    const manager = { name: options.fieldManager ?? 'unknown', apiVersion: apiVersionOf(t.info) };
    const command: ObjectCommand = {
      type: 'UpdateStatus',
      data: { status, ...(given.metadata?.resourceVersion ? { resourceVersion: given.metadata.resourceVersion } : {}), ...(options.managedFields === undefined ? { manager } : { managedFields: options.managedFields }) },
      metadata: this.meta(t),
    };
    return options.dryRun ? (this.decideDry(t, command) ?? this.get(t)) : this.send(t, command);
  }

  /**
   * Applies a patch to the current object and writes the result. A patch that names a
   * resourceVersion is checked against it; otherwise a conflict with a concurrent writer is retried
   * on the fresh object, as the API server does.
   */
  async patch(
    t: Target,
    contentType: string,
    patch: unknown,
    options: WriteOptions,
    subresource?: 'status' | 'ephemeralcontainers',
    /** The version the patch is written against, when not the stored one (events.k8s.io/v1 Events): out, patched, back in. */
    version?: { readonly served: (object: KubeObject) => unknown; readonly stored: (body: unknown) => unknown },
  ): Promise<WriteResult> {
    checkLeaseWritable(t.info.kind, t.namespace, t.name ?? '', 'patch');
    for (const until = Date.now() + CONFLICT_RETRY_MS; ; ) {
      const current = this.get(t);
      const patched = (version === undefined ? applyPatchOfType(contentType, current as never, patch) : version.stored(applyPatchOfType(contentType, version.served(current) as never, patch))) as unknown as KubeObject;
      checkPatchedName(patched, t.name ?? '', t.info.namespaced ? t.namespace : undefined);
      const pinned = (patch as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
      const next = { ...patched, metadata: { ...patched.metadata, resourceVersion: pinned ?? current.metadata.resourceVersion } };
      try {
        if (subresource === 'status') return { object: await this.replaceStatus(t, next, options), warnings: [] };
        if (subresource === 'ephemeralcontainers') return await this.replaceEphemeralContainers(t, next, { ...options, fromPatch: true });
        return await this.replace(t, next, { ...options, fromPatch: true });
      } catch (error) {
        const conflict = (error as { code?: string }).code === 'Conflict';
        if (!conflict || pinned !== undefined || Date.now() >= until) throw error;
      }
    }
  }

  /**
   * pods/binding, and the older `bindings` resource (the pod named by the Binding): assigns a pod
   * to a node as a scheduler does, for schedulers outside Bosun (pods whose schedulerName is theirs).
   */
  async bind(t: Target, body: unknown, options: Pick<WriteOptions, 'dryRun'>): Promise<void> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestError('the body of a binding must be a JSON or YAML object');
    const binding = body as Binding;
    if (binding.kind !== undefined && binding.kind !== 'Binding') throw new BadRequestError(`the kind in the body (${String(binding.kind)}) is not Binding`);
    const name = binding.metadata?.name;
    if (t.name !== undefined && name !== undefined && name !== t.name) throw new BadRequestError('name in URL does not match name in Binding object');
    const pod = { ...t, name: t.name ?? name };
    if (!pod.name) throw new InvalidError('Binding', '', [{ reason: 'FieldValueRequired', message: 'name or generateName is required', field: 'metadata.name' }]);
    const causes = validateBinding(binding);
    if (causes.length > 0) throw new InvalidError('Binding', pod.name, causes);
    this.get(pod); // NotFound names the pod
    // As kube-apiserver's binding registry: the Binding's annotations go onto the pod, its uid and
    // resourceVersion (when given) must be the pod's.
    const meta = binding.metadata ?? {};
    const preconditions = { ...(meta.uid ? { uid: meta.uid } : {}), ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}) };
    const command: ObjectCommand = {
      type: 'Bind',
      data: {
        nodeName: binding.target!.name!,
        ...(meta.annotations && Object.keys(meta.annotations).length > 0 ? { annotations: meta.annotations } : {}),
        ...(Object.keys(preconditions).length > 0 ? { preconditions } : {}),
      },
      metadata: this.meta(t),
    };
    if (options.dryRun) this.decideDry(pod, command);
    else await this.send(pod, command);
  }

  /**
   * Server-side apply: the config merged into the object (created when absent) as its field
   * manager's, refused with a 409 when it changes fields other managers own unless forced
   * (libs/api managed-fields.ts). A concurrent writer is retried on the fresh object, as for patches.
   */
  async apply(t: Target, body: unknown, options: WriteOptions): Promise<WriteResult> {
    if (!options.fieldManagerGiven) checkWriteOptions('patch', {}, 'application/apply-patch+yaml'); // refused: an apply names its manager
    checkApplyPatch(body, apiVersionOf(t.info));
    const config = this.checkBody(t, body, 'update');
    checkLeaseWritable(t.info.kind, t.namespace, t.name ?? '', 'patch');
    const manager = options.fieldManager ?? 'unknown';
    const decided: InternalWriteOptions = { ...options, managedFieldsDecided: true, fromPatch: true };
    for (const until = Date.now() + CONFLICT_RETRY_MS; ; ) {
      const current = this.state.getObject(this.key(t));
      const time = kubeTime(new Date());
      if (current === null) {
        const created = serverSideApply({}, config, manager, { force: options.force ?? false, time, apiVersion: apiVersionOf(t.info) });
        return this.create({ ...t, name: undefined }, created, decided);
      }
      const merged = serverSideApply(current, config, manager, { force: options.force ?? false, time, apiVersion: apiVersionOf(t.info) });
      const pinned = config.metadata?.resourceVersion;
      const next = { ...merged, metadata: { ...merged.metadata, resourceVersion: pinned ?? current.metadata.resourceVersion } };
      try {
        return await this.replace(t, next, decided);
      } catch (error) {
        const conflict = (error as { code?: string }).code === 'Conflict' && !(error instanceof ApplyConflictError);
        if (!conflict || pinned !== undefined || Date.now() >= until) throw error;
      }
    }
  }

  /**
   * Server-side apply to the status subresource (client-go's ApplyStatus, controller-runtime's
   * Status().Patch with Apply): the config's status applied to the object's as kube-apiserver's
   * field manager applies it (serverSideApply with subresource status: an Apply entry of the
   * manager's status fields, a 409 for a field another status writer owns unless forced, what the
   * manager stops applying removed), the rest of the config ignored as the status strategy ignores
   * it; the object must exist. A concurrent writer is retried on the fresh object unless the config
   * pins a resourceVersion.
   */
  async applyStatus(t: Target, body: unknown, options: WriteOptions): Promise<KubeObject> {
    if (!options.fieldManagerGiven) checkWriteOptions('patch', {}, 'application/apply-patch+yaml'); // refused: an apply names its manager
    checkApplyPatch(body, apiVersionOf(t.info));
    const config = this.checkBody(t, body, 'update');
    const pinned = config.metadata?.resourceVersion;
    for (const until = Date.now() + CONFLICT_RETRY_MS; ; ) {
      const current = this.get(t);
      const applied = serverSideApply(current, config, options.fieldManager ?? 'unknown', { force: options.force ?? false, time: kubeTime(new Date()), apiVersion: apiVersionOf(t.info), subresource: 'status' });
      const status = (applied as { status?: unknown }).status;
      // The managed fields were decided on this resourceVersion: the write is pinned to it.
      const next = { ...current, status, metadata: { ...current.metadata, resourceVersion: pinned ?? current.metadata.resourceVersion } } as KubeObject;
      try {
        return await this.replaceStatus(t, next, { ...options, managedFields: applied.metadata.managedFields ?? [] });
      } catch (error) {
        if (error instanceof ApplyConflictError) throw error;
        const conflict = (error as { code?: string }).code === 'Conflict';
        if (!conflict || pinned !== undefined || Date.now() >= until) throw error;
      }
    }
  }

  /**
   * Deletes an object; answers the object as it now is (still there while it terminates or waits
   * for finalizers) or, once it is gone, as it was, with `gone` set. A dry run decides the same
   * and records nothing.
   */
  async delete(t: Target, options: DeleteOptions): Promise<{ object: KubeObject; gone: boolean }> {
    if (t.info.kind === 'Namespace' && t.name !== undefined && IMMORTAL_NAMESPACES.has(t.name)) throw new ForbiddenError('namespaces', t.name, 'this namespace may not be deleted');
    checkLeaseWritable(t.info.kind, t.namespace, t.name ?? '', 'delete');
    if (t.info.kind === 'PriorityClass') checkPriorityClassDeletion(t.name ?? '');
    const before = this.get(t);
    const command = this.deleteCommand(t, options);
    if (options.dryRun) {
      const after = this.decideDry(t, command);
      return { object: after ?? before, gone: after === null };
    }
    // propagationPolicy=Orphan, as Kubernetes does it: the owner gets the `orphan` finalizer, so it
    // waits in deletion while the garbage collector strips its dependents' owner references.
    // Foreground likewise with `foregroundDeletion`: it waits while the collector deletes its dependents.
    const finalizer = options.propagationPolicy === 'Orphan' ? 'orphan' : options.propagationPolicy === 'Foreground' ? 'foregroundDeletion' : undefined;
    // Added as the API server adds it, inside its own read-modify-write: a concurrent writer (the
    // replication controller updating the status, say) makes it read again, not fail the delete.
    for (let attempt = 0, until = Date.now() + CONFLICT_RETRY_MS; finalizer !== undefined; attempt++) {
      const current = attempt === 0 ? before : this.get(t);
      if ((current.metadata.finalizers ?? []).includes(finalizer)) break;
      const object = { ...current, metadata: { ...current.metadata, finalizers: [...(current.metadata.finalizers ?? []), finalizer] } } as KubeObject;
      try {
        await this.send(t, { type: 'Replace', data: { object }, metadata: this.meta(t) });
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'Conflict' || Date.now() >= until) throw error;
      }
    }
    const after = await this.send(t, command);
    return { object: after ?? before, gone: after === null };
  }

  private deleteCommand(t: Target, options: DeleteOptions): ObjectCommand {
    return {
      type: 'Delete',
      data: {
        ...(options.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: options.gracePeriodSeconds }),
        ...(options.preconditions === undefined ? {} : { preconditions: options.preconditions }),
      },
      metadata: this.meta(t),
    };
  }

  /**
   * pods/eviction, as kube-apiserver's eviction REST: the PodDisruptionBudget that covers the pod
   * must allow a disruption (else 429) and spends it first; then the delete's preconditions are
   * checked (in a delete's words), the pod gets the DisruptionTarget condition
   * (EvictionByEvictionAPI) — so its watchers and controllers see why it goes —, and it is deleted
   * with the Eviction's deleteOptions; a resourceVersion precondition follows the pod past the
   * condition's write. A dry run only checks the budget and decides the delete.
   */
  async evict(t: Target, options: DeleteOptions): Promise<void> {
    await this.spendDisruption(t, options.dryRun === true);
    if (options.dryRun) {
      await this.delete(t, options);
      return;
    }
    const pinned = options.preconditions?.resourceVersion;
    for (const until = Date.now() + CONFLICT_RETRY_MS; ; ) {
      const current = this.get(t);
      this.decideDry(t, this.deleteCommand(t, options));
      const status = withDisruptionTarget((current as Pod).status, kubeTime(new Date())) as Record<string, unknown>;
      let updated: KubeObject;
      try {
        updated = await this.send(t, { type: 'UpdateStatus', data: { status, resourceVersion: current.metadata.resourceVersion ?? '' }, metadata: this.meta(t) });
      } catch (error) {
        // A concurrent writer: read again, unless the client pinned the version it evicts.
        if ((error as { code?: string }).code === 'Conflict' && pinned === undefined && Date.now() < until) continue;
        throw error;
      }
      const preconditions = pinned === undefined ? options.preconditions : { ...options.preconditions, resourceVersion: updated.metadata.resourceVersion };
      await this.delete(t, { ...options, ...(preconditions === undefined ? {} : { preconditions }) });
      return;
    }
  }

  /**
   * The eviction's checkAndDecrement: the pod's budget (libs/api budgetToSpend) loses one allowed
   * disruption and names the pod in disruptedPods — written at the version read, read again while
   * concurrent evictions win, as its RetryOnConflict —, or the eviction is refused (429).
   */
  private async spendDisruption(t: Target, dryRun: boolean): Promise<void> {
    for (const until = Date.now() + CONFLICT_RETRY_MS; ; ) {
      const pod = this.get(t);
      const pdb = budgetToSpend(pod, this.state.list('PodDisruptionBudget', pod.metadata.namespace) as PodDisruptionBudget[]);
      if (pdb === undefined) return;
      const status = decrementForEviction(pdb, pod.metadata.name ?? '', kubeTime(new Date()));
      if (dryRun) return;
      const budget: Target = { ...t, info: resourceByKind('PodDisruptionBudget')!, name: pdb.metadata.name };
      try {
        await this.send(budget, { type: 'UpdateStatus', data: { status: status as unknown as Record<string, unknown>, resourceVersion: pdb.metadata.resourceVersion ?? '' }, metadata: this.meta(budget) });
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'Conflict' || Date.now() >= until) throw error;
      }
    }
  }

  /**
   * A watch: from `resourceVersion` unset or "0", synthetic ADDED events for what exists now, then
   * every change; from "N", the changes after N (ExpiredError when N is older than the watch cache).
   * `initialEvents` overrides the first: true (sendInitialEvents, a streaming list) sends the current
   * state whatever the resourceVersion, false starts from now without it.
   * Returns the function that ends it.
   */
  watch(t: Target, query: ListQuery & { resourceVersion?: string; initialEvents?: boolean }, send: (change: ObjectChange) => void): () => void {
    if (!hasNodeLeases(t)) return this.watchStored(t, query, send);
    // Leases where the nodes' are: theirs follow the Nodes, the stored ones their own events. Both
    // replay the changes since a resourceVersion as they start (live changes come later, in log
    // order): those are sent merged in log order, so a client resuming from the last one misses none.
    const replayed: ObjectChange[] = [];
    let starting = true;
    const collect = (change: ObjectChange): void => {
      if (starting) replayed.push(change);
      else send(change);
    };
    const nodes = this.watchNodeLeases(t, query, collect);
    let stored: () => void;
    try {
      stored = this.watchStored(t, query, collect);
    } catch (error) {
      nodes();
      throw error;
    }
    starting = false;
    const rv = query.resourceVersion;
    const listed = query.initialEvents ?? (rv === undefined || rv === '' || rv === '0');
    // (Initial ADDED events stay in list order, as kube-apiserver sends a list's.)
    if (!listed) replayed.sort((a, b) => a.offset - b.offset);
    for (const change of replayed) send(change);
    return () => {
      stored();
      nodes();
    };
  }

  private watchStored(t: Target, query: ListQuery & { resourceVersion?: string; initialEvents?: boolean }, send: (change: ObjectChange) => void): () => void {
    const matches = this.matcher(t, query);
    const inScope = (c: ObjectChange): boolean =>
      c.object.kind === t.info.kind &&
      (t.namespace === undefined || c.object.metadata.namespace === t.namespace) &&
      (t.name === undefined || c.object.metadata.name === t.name);
    // Label or field changes can move an object in or out of a filtered watch: report the move as
    // ADDED / DELETED, as the API server's watch cache does.
    const visible = new Set<string>();
    // One record can change several objects (a pod and its derived Events): dedupe by offset and key.
    let last = -1;
    let keysAtLast = new Set<string>();
    const deliver = (c: ObjectChange): void => {
      if (c.offset < last || (c.offset === last && keysAtLast.has(c.key)) || !inScope(c)) return;
      if (c.offset > last) keysAtLast = new Set();
      last = c.offset;
      keysAtLast.add(c.key);
      const now = c.type !== 'DELETED' && matches(c.object);
      const was = visible.has(c.key);
      if (now) visible.add(c.key);
      else visible.delete(c.key);
      const as = (type: ObjectChange['type']): ObjectChange => ({ type, key: c.key, object: c.object, offset: c.offset });
      if (now && !was) send(as('ADDED'));
      else if (now && was) send(as('MODIFIED'));
      else if (!now && was) send(as('DELETED'));
    };
    const buffered: ObjectChange[] = [];
    let live = false;
    const stop = this.state.onChange((c) => (live ? deliver(c) : buffered.push(c)));
    try {
      const rv = query.resourceVersion;
      const fromNow = rv === undefined || rv === '' || rv === '0';
      if (query.initialEvents ?? fromNow) {
        for (const object of this.list(t, { ...query, limit: undefined, continue: undefined }, false).items) {
          if (t.name !== undefined && object.metadata.name !== t.name) continue;
          const key = this.key({ ...t, namespace: object.metadata.namespace, name: object.metadata.name });
          visible.add(key);
          send({ type: 'ADDED', key, object, offset: Number(object.metadata.resourceVersion) });
        }
        last = this.state.offset + 0.5; // everything up to the current offset was listed
      } else if (fromNow) {
        // sendInitialEvents=false: from the current state, without it.
        for (const object of this.state.list(t.info.kind, t.namespace)) {
          if (matches(object)) visible.add(this.key({ ...t, namespace: object.metadata.namespace, name: object.metadata.name }));
        }
        last = this.state.offset + 0.5;
      } else {
        const from = Number(rv);
        if (!Number.isInteger(from) || from < 0) throw new BadRequestError(`invalid resourceVersion "${rv}"`);
        for (const object of this.state.list(t.info.kind, t.namespace)) {
          if (Number(object.metadata.resourceVersion) <= from && matches(object)) {
            visible.add(this.key({ ...t, namespace: object.metadata.namespace, name: object.metadata.name }));
          }
        }
        // Objects changed after `from` are replayed from the cache, so visibility starts from their
        // state at `from`, which the first change of each tells: ADDED, it was not there; DELETED, it
        // was as the change shows it; MODIFIED, it was (as modified: the names and labels a selector
        // reads rarely change). Only what matched was visible: a watch on one pod's name must not
        // hear of another pod's deletion.
        const changes = this.state.changesSince(from);
        const seen = new Set<string>();
        for (const c of changes) {
          if (seen.has(c.key)) continue;
          seen.add(c.key);
          if (c.type !== 'ADDED' && matches(c.object)) visible.add(c.key);
        }
        for (const c of changes) deliver(c);
      }
    } catch (error) {
      stop();
      throw error;
    }
    for (const c of buffered) deliver(c);
    live = true;
    return stop;
  }

  private async send(t: Target, command: ObjectCommand): Promise<KubeObject> {
    return (await this.sendForReply(t, command)).object as KubeObject;
  }

  /** Sends a command and waits until this gateway's state has its effect: the object after it (null: deleted) and its offset. */
  private async sendForReply(t: Target, command: ObjectCommand): Promise<{ object: KubeObject | null; offset: number }> {
    const reply = await this.client.send({
      kind: t.info.kind,
      name: t.name ?? '',
      ...(t.namespace === undefined ? {} : { namespace: t.namespace }),
      command,
    });
    if (!reply.accepted) throw reply.error;
    await this.state.reached(reply.offset);
    return { object: reply.object, offset: reply.offset };
  }

  /**
   * A dry run (`dryRun=All`): the command decided against the object's current state, as the actor
   * host would decide it, and nothing sent. The object it would leave (null: deleted).
   */
  private decideDry(t: Target, command: ObjectCommand): KubeObject | null {
    const state = this.state.get(this.key(t)) ?? initialState({ kind: t.info.kind, ...(t.namespace === undefined ? {} : { namespace: t.namespace }), name: t.name ?? '' });
    let next = state;
    for (const event of decide(command, state)) next = evolve(next, event, state.offset);
    const object = materialize(next);
    // Nothing was written: an object created dry has no resourceVersion yet (kube-apiserver leaves
    // it empty); a changed one keeps its current one.
    if (object !== null && materialize(state) === null) {
      const { resourceVersion: _, ...metadata } = object.metadata;
      return { ...object, metadata } as KubeObject;
    }
    return object;
  }

  private meta(t: Target): ObjectCommand['metadata'] {
    const id = randomUUID();
    return { commandId: id, correlationId: id, time: kubeTime(new Date()), source: SOURCE, actor: t.actor ?? this.actor };
  }

  private key(t: Target): string {
    return t.info.namespaced ? `${t.info.resource}/${t.namespace}/${t.name}` : `${t.info.resource}/${t.name}`;
  }

  /** Defaults, validation and unknown-field policy, as the API server applies them before storage. */
  private prepare(t: Target, object: KubeObject, options: InternalWriteOptions, updateOf?: KubeObject): { object: KubeObject; warnings: string[] } {
    // What the decoder cannot read is refused before anything else, as kube-apiserver decodes a
    // create or update body first (a patch's result it reports as an invalid patch: validation below).
    const why = options.fromPatch ? undefined : undecodable(object as unknown as Record<string, unknown>);
    if (why !== undefined) throw new DecodeError(t.info.kind, why, apiVersionOf(t.info));
    const { object: defaulted, causes, unknown } = checkObject(object);
    const warnings: string[] = [];
    if (unknown.length > 0 && options.fieldValidation === 'Strict') {
      if (!options.fromPatch) throw new StrictDecodingError(t.info.kind, unknown, apiVersionOf(t.info));
      throw new InvalidError(t.info.kind, object.metadata?.name ?? '', unknown.map((field) => ({ reason: 'FieldValueUnknown', message: `unknown field "${field}"`, field })), t.info.group);
    }
    if (unknown.length > 0 && options.fieldValidation !== 'Ignore') warnings.push(...unknown.map((f) => `unknown field "${f}"`));
    // An update is checked against the stored object and as an object, all its errors at once in
    // the order kube-apiserver's strategy reports them (updateCausesInOrder).
    const updateCauses = updateOf === undefined ? [] : validateUpdate(updateOf, defaulted, options.subresource === 'ephemeralcontainers' ? 'ephemeralcontainers' : undefined);
    const all = updateCausesInOrder(t.info.kind, causes, updateCauses);
    if (all.length > 0) throw new InvalidError(t.info.kind, object.metadata?.name ?? '', all, t.info.group);
    return { object: defaulted, warnings };
  }

  private checkBody(t: Target, body: unknown, verb: 'create' | 'update'): KubeObject {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestError(`the body of a ${verb} must be a JSON or YAML object`);
    }
    const o = body as Partial<KubeObject> & { metadata?: KubeObject['metadata'] };
    if (o.kind !== undefined && o.kind !== t.info.kind) {
      throw new BadRequestError(`the kind in the body (${String(o.kind)}) does not match the resource ${t.info.resource} (${t.info.kind})`);
    }
    const apiVersion = apiVersionOf(t.info);
    if (o.apiVersion !== undefined && o.apiVersion !== apiVersion) {
      throw new BadRequestError(`the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${apiVersion})`);
    }
    if (o.metadata !== undefined && (typeof o.metadata !== 'object' || o.metadata === null)) {
      throw new BadRequestError('metadata must be an object');
    }
    const namespace = objectNamespaceFor(t.info.namespaced, t.namespace, o.metadata?.namespace);
    if (verb === 'update' && o.metadata?.name && t.name && o.metadata.name !== t.name) {
      throw new BadRequestError('the name of the object (' + o.metadata.name + ') does not match the name on the URL (' + t.name + ')');
    }
    const { namespace: _, ...clusterScoped } = o.metadata ?? {};
    const metadata = namespace === undefined ? clusterScoped : { ...o.metadata, namespace };
    return { apiVersion, kind: t.info.kind, ...o, metadata: { ...metadata, ...(verb === 'update' && t.name ? { name: t.name } : {}) } } as KubeObject;
  }

  /**
   * A new pod's spec with its ServiceAccount and, unless it or the account says not to, the
   * projected volume of its API credentials (admitServiceAccount); an account it names must exist,
   * except `default`, which a namespace gets from a controller a moment after it is created.
   */
  private admitPodSpec(given: KubeObject, namespace: string, name: string): unknown {
    const spec = (given as { spec?: unknown }).spec;
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return undefined;
    // kube-apiserver's admission order: ServiceAccount, then Priority, then DefaultTolerationSeconds.
    const named = admitServiceAccount(spec as PodSpec, null, () => '').serviceAccountName;
    const account = this.state.getObject(objectKey('ServiceAccount', namespace, named)) as AdmittedAccount | null;
    if (named !== 'default' && account === null) {
      throw new ForbiddenError('pods', name, `error looking up service account ${namespace}/${named}: serviceaccount "${named}" not found`);
    }
    return admitDefaultTolerations(admitPodPriority({ spec: admitServiceAccount(spec as PodSpec, account) }, name, this.priorityClasses()) as PodSpec);
  }

  /**
   * The LimitRanger and ResourceQuota admission of a new object, after defaulting and validation as
   * in kube-apiserver: a pod gets its namespace's container defaults and must be within its limits
   * (a claim within its storage limits), then every quota of the namespace must have room for it.
   */
  private admitLimitsAndQuota(t: Target, object: KubeObject, namespace: string, name: string): KubeObject {
    const ranges = this.state.list('LimitRange', namespace) as LimitRange[];
    let admitted = object;
    if (object.kind === 'Pod') admitted = admitPodLimitRanges(object, ranges, name);
    if (object.kind === 'PersistentVolumeClaim') admitClaimLimitRanges(object, ranges, name);
    const quotas = this.state.list('ResourceQuota', namespace) as ResourceQuota[];
    if (quotas.length > 0) admitQuotas(admitted, quotas, (kind) => this.state.list(kind, namespace), t.info.resource, name, t.info.group);
    return admitted;
  }

  /**
   * A pod update as admission leaves it: the default tolerations back, and the priority and
   * preemption policy the Priority admission gave it kept when the body leaves them out (its admitPod
   * on update); validation refuses any other change of them.
   */
  private admitPodUpdate(given: KubeObject, current: KubeObject): KubeObject {
    const spec = (given as { spec?: unknown }).spec;
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return given;
    const was = (current as Pod).spec;
    const next = { ...(spec as PodSpec) };
    if ((next.priority === undefined || next.priority === null) && was?.priority !== undefined) next.priority = was.priority;
    if ((next.preemptionPolicy === undefined || next.preemptionPolicy === null) && was?.preemptionPolicy !== undefined) next.preemptionPolicy = was.preemptionPolicy;
    return { ...given, spec: admitDefaultTolerations(next) } as KubeObject;
  }

  private priorityClasses(): PriorityClass[] {
    return this.state.list('PriorityClass') as PriorityClass[];
  }

  private checkNamespaceWritable(t: Target, namespace: string, name: string): void {
    const ns = this.state.getObject(`namespaces/${namespace}`);
    if (ns === null) throw new NotFoundError('namespaces', namespace);
    if (ns.metadata.deletionTimestamp) {
      throw new ForbiddenError(t.info.resource, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  private matcher(t: Target, query: ListQuery): (o: KubeObject) => boolean {
    let labels: LabelSelector | undefined;
    let fields: FieldSelector | undefined;
    try {
      if (query.labelSelector) labels = parseLabelSelector(query.labelSelector);
      if (query.fieldSelector) fields = parseFieldSelector(query.fieldSelector, FIELD_SELECTORS[t.info.kind]);
    } catch (error) {
      if (error instanceof SelectorParseError) throw new BadRequestError(error.message);
      throw error;
    }
    return (o) => (labels?.matches(o.metadata.labels) ?? true) && (fields?.matches((f) => fieldValue(o, f)) ?? true);
  }
}

/** Whether a request's scope takes in kube-node-lease, whose Leases are the Nodes' (answered from them, never stored). */
function hasNodeLeases(t: Target): boolean {
  return t.info.kind === 'Lease' && (t.namespace === undefined || t.namespace === NODE_LEASE_NAMESPACE);
}

function compareKeys(aNamespace: string, aName: string, bNamespace: string, bName: string): number {
  return aNamespace.localeCompare(bNamespace) || aName.localeCompare(bName);
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  return compareKeys(a.metadata.namespace ?? '', a.metadata.name ?? '', b.metadata.namespace ?? '', b.metadata.name ?? '');
}

/** How long a read at a resourceVersion the state has not reached waits for it (kube-apiserver's blockTimeout). */
const FRESHNESS_WAIT_MS = 3_000;

interface ContinueToken {
  /** The first page's resourceVersion; '' for a continuation read at the current one. */
  readonly rv: string;
  readonly ns: string;
  readonly name: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 1, ...token })).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ContinueToken> & { v?: number };
    if (t.v === 1 && typeof t.rv === 'string' && /^\d*$/.test(t.rv) && typeof t.ns === 'string' && typeof t.name === 'string') return { rv: t.rv, ns: t.ns, name: t.name };
  } catch {
    // falls through to the error below
  }
  throw new BadRequestError(`continue key is not valid: ${JSON.stringify(text.slice(0, 64))}`);
}

function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d+$/.test(text)) throw new BadRequestError(`limit: Invalid value: ${JSON.stringify(text)}: must be an integer`);
  const n = Number(text);
  return n > 0 ? n : undefined;
}

/** An object's managedFields, left out when no manager owns anything (Go omits the empty list: an object with only a name has none). */
function setManagedFields(object: KubeObject, entries: ManagedFieldsEntry[]): void {
  if (entries.length > 0) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
}
