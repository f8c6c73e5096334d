import { METRICS_API_VERSION, resourceMetricsTable, toAutoscalingV1, fromAutoscalingV1, AUTOSCALING_V1, toEventsV1, fromEventsV1, checkEventsV1Create, inEventsGroup, EVENTS_V1, type Event, acceptable, answerEncoding, evictionDeleteOptions, toKubeYaml, WATCH_MEDIA_TYPES, ApiError, MethodNotRoutedError, PathNotFoundError, componentStatusOf, componentStatusTable, COMPONENT_STATUS_DEPRECATION, BadRequestError, checkPodLogOptions, SERVED_MEDIA_TYPES, readDeleteOptions, readEviction, checkWriteOptions, nextBookmarkIn, healthCheckReport, healthReport, type HealthResult, deleteResponse, partialObjectMetadata, partialObjectMetadataList, responseShape, INITIAL_EVENTS_END_ANNOTATION, watchStart, parseResourceVersion, ExpiredError, hasStatus, InternalError, MethodNotAllowedError, NotAcceptableError, NotFoundError, endpointSliceTable, toStatus, apiVersionOf, type EndpointSlice, toTable, type IncludeObject, type KubeObject, scaleOf, scaleReplicas, scaleTable, type Scale, type Scalable } from '@bosun/api';
import { LogError } from '@bosun/event-log';
import { All, Controller, Inject, Logger, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { apiVersions, API_GROUP_LIST, coreResourceList, NAMED_GROUPS, rootPaths, versionInfo } from './discovery';
import { GATEWAY_OPTIONS, type GatewayOptions, type HealthCheck } from './gateway.options';
import { proxyHttp } from './http-proxy';
import { KubeApiService, type DeleteOptions, type Target, type WriteOptions } from './kube-api.service';
import { decodeBody, parseApiPath } from './kube-request';
import { OPENAPI_ROOT, OPENAPI_V2, OPENAPI_V3_DOCUMENTS, OPENAPI_V2_PROTOBUF_TYPE, openApiV2Encoding } from './openapi';
import { applyPatchOfType } from './patch';
import type { TokenUser } from './token-auth';

type Query = Record<string, string | undefined>;

/**
 * The HTTP edge of the Kubernetes API: parses the request, calls KubeApiService, and maps every
 * error to a Kubernetes Status — the one place where domain errors become HTTP.
 */
@Controller()
export class KubeHttpController {
  private readonly logger = new Logger('gateway');

  constructor(
    @Inject(KubeApiService) private readonly api: KubeApiService,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
  ) {}

  // {*path}: every path, the root included (Express 5's path-to-regexp: *path needs a segment).
  @All('{*path}')
  async handle(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      await this.route(req, res);
    } catch (error) {
      this.fail(res, error);
    }
  }

  private async route(req: Request, res: Response): Promise<void> {
    const path = req.path.replace(/\/+$/, '') || '/';
    const query = flatQuery(req.query);
    if (req.method === 'GET') {
      // Raw JSON whatever the Accept header, as kube-apiserver writes these two.
      if (path === '/') return this.json(res, 200, rootPaths((this.options.healthChecks ?? []).map((c) => c.name)));
      if (path === '/version') return this.json(res, 200, versionInfo(this.options.version));
    }
    // YAML when asked for it first (answers and errors alike, as kube-apiserver negotiates them); a watch does not stream YAML.
    res.locals.encoding = answerEncoding(req.headers.accept);
    if (req.method === 'GET') {
      if (path === '/api') return this.json(res, 200, apiVersions(`${req.socket.localAddress}:${req.socket.localPort}`));
      if (path === '/apis') return this.json(res, 200, API_GROUP_LIST);
      const group = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
      const named = group === null ? undefined : NAMED_GROUPS.get(group[1]!);
      const listed = group?.[2] === undefined ? named?.group : named?.byVersion.get(group[2]);
      if (listed !== undefined) return this.json(res, 200, listed);
      if (path === '/api/v1') return this.json(res, 200, coreResourceList());
      if (path === '/openapi/v3') return this.json(res, 200, OPENAPI_ROOT);
      const document = path.startsWith('/openapi/v3/') ? OPENAPI_V3_DOCUMENTS.get(path.slice('/openapi/v3/'.length)) : undefined;
      if (document !== undefined) {
        // As kube-apiserver: the URL with the current hash names content that never changes.
        res.setHeader('Cache-Control', query.hash === document.hash ? 'public, immutable' : 'no-cache, private');
        res.status(200).type('application/json').send(document.json);
        return;
      }
      if (path === '/openapi/v2') return this.swaggerV2(req, res);
      const health = /^\/(healthz|livez|readyz)(?:\/(.+))?$/.exec(path);
      if (health !== null) return this.health(req, res, health[1] as 'healthz' | 'livez' | 'readyz', health[2]);
    }
    if (req.method === 'POST' && path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') return this.accessReview(req, res);
    if (req.method === 'POST' && path === '/apis/authentication.k8s.io/v1/selfsubjectreviews') return this.whoAmI(res);
    if (req.method === 'POST' && path === '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews') return this.rulesReview(req, res);
    const slices = /^\/apis\/discovery\.k8s\.io\/v1(?:\/namespaces\/([^/]+))?\/endpointslices(?:\/([^/]+))?$/.exec(path);
    if (slices !== null) return this.view(req, res, this.slices, slices[1], slices[2], query);
    const metrics = /^\/apis\/metrics\.k8s\.io\/v1beta1(?:\/namespaces\/([^/]+))?\/(nodes|pods)(?:\/([^/]+))?$/.exec(path);
    if (metrics !== null) return this.resourceMetrics(req, res, metrics[2] as 'nodes' | 'pods', metrics[1] === undefined ? undefined : decodeURIComponent(metrics[1]), metrics[3] === undefined ? undefined : decodeURIComponent(metrics[3]), query);
    const components = /^\/api\/v1\/componentstatuses(?:\/([^/]+))?$/.exec(path);
    if (components !== null) return this.componentStatuses(req, res, components[1] === undefined ? undefined : decodeURIComponent(components[1]));
    // The older `bindings` resource, still what Python's create_namespaced_binding posts to.
    const bindings = /^\/api\/v1\/namespaces\/([^/]+)\/bindings$/.exec(path);
    if (bindings !== null && req.method === 'POST') {
      const pods = parseApiPath(`/api/v1/namespaces/${bindings[1]}/pods`)!;
      return this.bind(req, res, pods.target, query);
    }
    // pods/{name}/proxy and services/{name}/proxy, with whatever path follows.
    const proxy = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|services)\/([^/]+)\/proxy(\/.*)?$/.exec(req.path);
    if (proxy !== null) {
      const [, namespace, resource, spec, rest] = proxy.map((p) => (p === undefined ? p : decodeURIComponent(p)));
      const to = this.api.proxyAddress(resource as 'pods' | 'services', namespace, spec);
      return proxyHttp(req, res, to, rest ?? '/');
    }
    // events.k8s.io/v1 Events are the stored core/v1 Events in another version (events-v1.ts): routed
    // as those, converted on the way in and out, as kube-apiserver serves both from one storage.
    const eventsV1 = /^\/apis\/events\.k8s\.io\/v1((?:\/namespaces\/[^/]+)?\/events(?:\/[^/]+)?)$/.exec(path);
    const parsed = parseApiPath(eventsV1 === null ? path : `/api/v1${eventsV1[1]}`);
    if (parsed === undefined) throw new PathNotFoundError();
    const { subresource } = parsed;
    const view: View = eventsV1 !== null ? EVENTS_V1_VIEW : parsed.olderVersion !== undefined ? (OLDER_VERSION_VIEWS.get(`${parsed.target.info.kind}/${parsed.olderVersion}`) ?? IDENTITY_VIEW) : IDENTITY_VIEW;
    if (view.requalify) res.locals.requalify = view.requalify;
    // As kube-apiserver, the answer's media type is negotiated first: nothing is done for a client that could not read it.
    if (subresource !== 'log' && !acceptable(req.headers.accept)) throw new NotAcceptableError(SERVED_MEDIA_TYPES);
    const user = (res.locals as { user?: TokenUser }).user;
    const target: Target = user === undefined ? parsed.target : { ...parsed.target, actor: `user:${user.name}` };
    const method = req.method;
    const watch = parsed.legacyWatch || query.watch === 'true' || query.watch === '1';
    const writeOptions: WriteOptions = {
      fieldValidation: (query.fieldValidation as WriteOptions['fieldValidation']) ?? 'Warn',
      dryRun: query.dryRun === 'All',
      // The manager of the fields a write sets: as the API server names it, from the user agent when the client does not say.
      fieldManager: typeof query.fieldManager === 'string' && query.fieldManager !== '' ? query.fieldManager : managerFromUserAgent(req.headers['user-agent']),
      fieldManagerGiven: typeof query.fieldManager === 'string' && query.fieldManager !== '',
      force: query.force === 'true',
    };
    // The options of a write are checked before anything else, as kube-apiserver decodes and validates them first.
    const verb = method === 'POST' ? 'create' : method === 'PUT' ? 'update' : method === 'PATCH' ? 'patch' : undefined;
    if (verb !== undefined) checkWriteOptions(verb, query, verb === 'patch' ? (req.headers['content-type'] ?? '').split(';')[0].trim() : undefined);

    if (subresource === 'log' && target.info.kind === 'Pod' && method === 'GET') return this.logs(res, target, query);
    if (subresource === 'scale') return this.scale(req, res, target, method, writeOptions, query);
    if (subresource === 'exec' && target.info.kind === 'Pod') throw new BadRequestError('Upgrade request required');
    if (subresource === 'eviction' && target.info.kind === 'Pod' && target.name !== undefined) {
      if (method !== 'POST') throw new MethodNotRoutedError();
      return this.evict(req, res, target);
    }
    // serviceaccounts/token (authentication.k8s.io/v1 TokenRequest, `kubectl create token`): answered 201 with the token.
    if (subresource === 'token' && target.info.kind === 'ServiceAccount' && target.name !== undefined) {
      if (method !== 'POST') throw new MethodNotRoutedError();
      const { body } = decodeBody(req.headers['content-type'], req.body as Buffer, false);
      return this.json(res, 201, this.api.createToken(target, body, this.options.serviceAccountKey));
    }
    if (subresource === 'binding' && target.info.kind === 'Pod' && target.name !== undefined) {
      if (method !== 'POST') throw new MethodNotRoutedError();
      return this.bind(req, res, target, query);
    }
    if (subresource === 'finalize' && target.info.kind === 'Namespace' && target.name !== undefined) {
      if (method !== 'PUT') throw new MethodNotRoutedError();
      const { body } = decodeBody(req.headers['content-type'], req.body as Buffer, false);
      const { object, warnings } = await this.api.finalizeNamespace(target, body, writeOptions);
      return this.json(res, 200, object, warnings);
    }
    const ephemeral = subresource === 'ephemeralcontainers' && target.info.kind === 'Pod' && target.name !== undefined;
    if (ephemeral && method !== 'GET' && method !== 'PUT' && method !== 'PATCH') throw new MethodNotRoutedError();
    if (subresource !== undefined && !ephemeral && (subresource !== 'status' || !hasStatus(target.info.kind))) throw new PathNotFoundError();

    if (target.name === undefined) {
      if (method === 'GET' && watch) return this.watch(req, res, target, query, view);
      if (method === 'GET') return this.list(req, res, target, query, view);
      // A namespaced kind is created in a namespace's path: across all namespaces it is only listed and watched.
      if (method === 'POST' && (target.namespace !== undefined || !target.info.namespaced)) {
        const { body } = decodeBody(req.headers['content-type'], req.body as Buffer, false);
        view.checkCreate(body);
        const { object, warnings } = await this.api.create(target, view.stored(body), writeOptions);
        return this.json(res, 201, view.served(object), warnings);
      }
      // deletecollection: each object the selectors match, as the API server does; the list of them back.
      // Only where discovery lists it (not Namespaces, as in Kubernetes: no route, a 405).
      if (method === 'DELETE' && subresource === undefined && target.info.verbs.includes('deletecollection') && (target.namespace !== undefined || !target.info.namespaced)) {
        const { items, resourceVersion } = this.api.list(target, { ...query, exact: watchStart(query, false).exact });
        const options = this.deleteOptions(req, query);
        const deleted: KubeObject[] = [];
        for (const item of items) {
          const one = { ...target, ...(item.metadata.namespace === undefined ? {} : { namespace: item.metadata.namespace }), name: item.metadata.name };
          try {
            deleted.push(view.served((await this.api.delete(one, options)).object) as KubeObject);
          } catch (error) {
            if ((error as { code?: string }).code !== 'NotFound') throw error; // gone meanwhile
          }
        }
        return this.json(res, 200, { kind: `${target.info.kind}List`, apiVersion: view.apiVersion ?? apiVersionOf(target.info), metadata: { resourceVersion }, items: deleted });
      }
      throw new MethodNotRoutedError();
    }
    // The status subresource is read and written, never deleted.
    if (subresource === 'status' && method !== 'GET' && method !== 'PUT' && method !== 'PATCH') throw new MethodNotRoutedError();

    if (method === 'GET' && watch) return this.watch(req, res, target, query, view);
    switch (method) {
      case 'GET': {
        parseResourceVersion(query.resourceVersion, 'cache');
        await this.api.notOlderThan(query.resourceVersion);
        const object = this.api.get(target);
        const shape = responseShape(req.headers.accept);
        if (shape === 'table') return this.json(res, 200, toTable(target.info.kind, [object], { resourceVersion: object.metadata.resourceVersion, includeObject: include(query) }));
        return this.json(res, 200, shape === 'metadata' ? partialObjectMetadata(object) : view.served(object));
      }
      case 'PUT': {
        const { body } = decodeBody(req.headers['content-type'], req.body as Buffer, false);
        if (subresource === 'status') return this.json(res, 200, await this.api.replaceStatus(target, body, writeOptions));
        const { object, warnings, created } = ephemeral ? await this.api.replaceEphemeralContainers(target, body, writeOptions) : await this.api.replace(target, view.stored(body), writeOptions);
        return this.json(res, created ? 201 : 200, view.served(object), warnings);
      }
      case 'PATCH': {
        const { type, body } = decodeBody(req.headers['content-type'], req.body as Buffer, true);
        if (type === 'application/apply-patch+yaml' && subresource === 'status') return this.json(res, 200, await this.api.applyStatus(target, body, writeOptions));
        if (type === 'application/apply-patch+yaml') {
          const { object, warnings } = await this.api.apply(target, view.stored(body), writeOptions);
          return this.json(res, 200, view.served(object), warnings);
        }
        const { object, warnings } = await this.api.patch(target, type, body ?? {}, writeOptions, subresource === 'status' || ephemeral ? (subresource as 'status' | 'ephemeralcontainers') : undefined, view.convert);
        return this.json(res, 200, view.served(object), warnings);
      }
      case 'DELETE': {
        const { object, gone } = await this.api.delete(target, this.deleteOptions(req, query));
        return this.json(res, 200, deleteResponse(view.served(object) as KubeObject, gone));
      }
      default:
        throw new MethodNotRoutedError();
    }
  }

  /** A Binding is answered as kube-apiserver answers it: 201 with a Status of Success, not the Binding. */
  private async bind(req: Request, res: Response, target: Target, query: Query): Promise<void> {
    const { body } = decodeBody(req.headers['content-type'], req.body as Buffer, false);
    await this.api.bind(target, body, { dryRun: query.dryRun === 'All' });
    this.json(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  }

  /** pods/eviction (policy/v1 Eviction), what kubectl drain posts: answered as kube-apiserver does (201, a Status of Success). */
  private async evict(req: Request, res: Response, target: Target): Promise<void> {
    const { body } = decodeBody(req.headers['content-type'], req.body as Buffer, false);
    const deleteOptions = readEviction(body, { name: target.name ?? '', namespace: target.namespace ?? 'default' });
    // The query holds the request's CreateOptions, not DeleteOptions: only its dryRun reaches the delete, as kube-apiserver settles it.
    const requestDryRun = ([] as unknown[]).concat(req.query.dryRun ?? []).map(String);
    await this.api.evict(target, readDeleteOptions(evictionDeleteOptions(deleteOptions, requestDryRun), {}));
    this.json(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  }

  /**
   * A read-only view (EndpointSlices): get, list and watch of objects answered from others,
   * never written (405).
   */
  private view<T extends { metadata: { name?: string; resourceVersion?: string } }>(req: Request, res: Response, view: ReadOnlyView<T>, namespace: string | undefined, name: string | undefined, query: Query): void {
    if (req.method !== 'GET') throw new MethodNotAllowedError(`${view.resource}.${view.group}`, req.method);
    const watch = query.watch === 'true' || query.watch === '1';
    const start = watchStart(query, watch);
    const apiVersion = `${view.group}/v1`;
    if (watch) {
      const selectors = {
        ...(query.labelSelector === undefined ? {} : { labelSelector: query.labelSelector }),
        ...(query.resourceVersion === undefined ? {} : { resourceVersion: query.resourceVersion }),
        ...(name === undefined ? (query.fieldSelector === undefined ? {} : { fieldSelector: query.fieldSelector }) : { fieldSelector: `metadata.name=${name}` }),
        initialEvents: start.initialEvents,
      };
      const kind = { kind: view.kind, apiVersion };
      const begin = (emit: (type: string, object: unknown) => void): (() => void) => {
        const stop = view.watch(namespace, selectors, emit);
        if (start.bookmark) emit('BOOKMARK', this.initialEventsEnd(kind));
        return stop;
      };
      return this.stream(req, res, query, kind, begin, (object, withColumns) =>
        view.table([object as T], { resourceVersion: (object as T).metadata.resourceVersion, includeObject: include(query), withColumns }),
      );
    }
    const { items, resourceVersion } = view.list(namespace, name === undefined ? query : { fieldSelector: `metadata.name=${name}` });
    if (name !== undefined && items.length === 0) throw new NotFoundError(view.resource, name, view.group);
    const shape = responseShape(req.headers.accept);
    if (shape === 'table') return this.json(res, 200, view.table(items, { resourceVersion, includeObject: include(query) }));
    if (name !== undefined) return this.json(res, 200, shape === 'metadata' ? partialObjectMetadata(items[0] as never) : items[0]);
    if (shape === 'metadata') return this.json(res, 200, partialObjectMetadataList(items as never, { resourceVersion }));
    this.json(res, 200, { kind: `${view.kind}List`, apiVersion, metadata: { resourceVersion }, items });
  }

  /**
   * metrics.k8s.io/v1beta1, as metrics-server serves it (what `kubectl top` reads): NodeMetrics and
   * PodMetrics, get and list only — a watch is answered as a list, as an API server whose storage
   * cannot watch does; other methods are the router's 405. Nodes are not namespaced.
   */
  private async resourceMetrics(req: Request, res: Response, resource: 'nodes' | 'pods', namespace: string | undefined, name: string | undefined, query: Query): Promise<void> {
    if (resource === 'nodes' && namespace !== undefined) throw new PathNotFoundError();
    if (req.method !== 'GET') throw new MethodNotRoutedError();
    if (!acceptable(req.headers.accept)) throw new NotAcceptableError(SERVED_MEDIA_TYPES);
    const selectors = { ...(query.labelSelector === undefined ? {} : { labelSelector: String(query.labelSelector) }), ...(query.fieldSelector === undefined ? {} : { fieldSelector: String(query.fieldSelector) }) };
    const items = resource === 'nodes' ? await this.api.nodeMetrics(name, selectors) : await this.api.podMetrics(namespace, name, selectors);
    const shape = responseShape(req.headers.accept);
    if (shape === 'table') return this.json(res, 200, resourceMetricsTable(items, { includeObject: include(query) }));
    if (name !== undefined) return this.json(res, 200, shape === 'metadata' ? partialObjectMetadata(items[0] as never) : items[0]);
    if (shape === 'metadata') return this.json(res, 200, partialObjectMetadataList(items as never, {}));
    this.json(res, 200, { kind: resource === 'nodes' ? 'NodeMetricsList' : 'PodMetricsList', apiVersion: METRICS_API_VERSION, metadata: {}, items });
  }

  private readonly slices: ReadOnlyView<EndpointSlice> = {
    resource: 'endpointslices',
    group: 'discovery.k8s.io',
    kind: 'EndpointSlice',
    list: (namespace, query) => this.api.endpointSlices(namespace, query),
    watch: (namespace, query, emit) => this.api.watchEndpointSlices(namespace, query, emit),
    table: endpointSliceTable,
  };

  /** DeleteOptions from the body and the query (the query wins), as kubectl and clients send them. */
  private deleteOptions(req: Request, query: Query): DeleteOptions {
    const { body } = decodeBody(req.headers['content-type'], req.body as Buffer, false);
    return readDeleteOptions(body ?? {}, query);
  }

  /**
   * `kubectl auth can-i`: Bosun authenticates (bearer tokens) but does not authorise — whoever is
   * let in may do everything — so every review is allowed, and says why.
   */
  private accessReview(req: Request, res: Response): void {
    const { body } = decodeBody(req.headers['content-type'], req.body as Buffer, false);
    const review = body as { apiVersion?: string; kind?: string; spec?: unknown } | null;
    if (review?.kind !== 'SelfSubjectAccessReview' || typeof review.spec !== 'object' || review.spec === null) {
      throw new BadRequestError('expected a SelfSubjectAccessReview with a spec');
    }
    this.json(res, 201, {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: review.spec,
      status: { allowed: true, reason: 'Bosun does not authorise requests: every authenticated user may do everything' },
    });
  }

  /** `kubectl auth can-i --list`: for the same reason, every verb on every resource and URL. */
  private rulesReview(req: Request, res: Response): void {
    const { body } = decodeBody(req.headers['content-type'], req.body as Buffer, false);
    const review = body as { kind?: string; spec?: { namespace?: unknown } } | null;
    if (review?.kind !== 'SelfSubjectRulesReview') throw new BadRequestError('expected a SelfSubjectRulesReview');
    this.json(res, 201, {
      kind: 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: review.spec ?? {},
      status: {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
      },
    });
  }

  /** /healthz, /livez, /readyz (`?verbose`, `?exclude=`), and one check at /<endpoint>/<name>, as kube-apiserver answers them. */
  private async health(req: Request, res: Response, endpoint: 'healthz' | 'livez' | 'readyz', only: string | undefined): Promise<void> {
    const checks = this.options.healthChecks ?? [];
    const run = async (c: HealthCheck): Promise<HealthResult> => {
      try {
        await c.check();
        return { name: c.name };
      } catch (error) {
        return { name: c.name, error: (error as Error).message };
      }
    };
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (only !== undefined) {
      const check = checks.find((c) => c.name === only);
      if (check === undefined) throw new PathNotFoundError();
      const report = healthCheckReport(await run(check));
      res.status(report.status).type('text/plain').send(report.body);
      return;
    }
    const exclude = ([] as unknown[]).concat(req.query.exclude ?? []).map(String);
    const results = await Promise.all(checks.filter((c) => !exclude.includes(c.name)).map(run));
    const report = healthReport(endpoint, checks.map((c) => c.name), results, { verbose: req.query.verbose !== undefined, exclude });
    res.status(report.status).type('text/plain').send(report.body);
  }

  /**
   * `kubectl get componentstatuses`: the gateway's health checks but `ping` (the event log, as
   * kube-apiserver reports etcd), run now; get and list only, with kube-apiserver's deprecation
   * warning.
   */
  private async componentStatuses(req: Request, res: Response, name: string | undefined): Promise<void> {
    if (req.method !== 'GET') throw new MethodNotRoutedError();
    // Not watchable: kube-apiserver refuses a watch of a resource whose storage cannot watch.
    const query = flatQuery(req.query);
    if (query.watch === 'true' || query.watch === '1') throw new MethodNotAllowedError('componentstatuses', 'watch');
    const checks = (this.options.healthChecks ?? []).filter((c) => c.name !== 'ping' && (name === undefined || c.name === name));
    if (name !== undefined && checks.length === 0) throw new NotFoundError('componentstatuses', name);
    const items = await Promise.all(
      checks.map(async (c) => {
        try {
          await c.check();
          return componentStatusOf({ name: c.name });
        } catch (error) {
          return componentStatusOf({ name: c.name, error: (error as Error).message });
        }
      }),
    );
    const warnings = [COMPONENT_STATUS_DEPRECATION];
    const shape = responseShape(req.headers.accept);
    if (shape === 'table') return this.json(res, 200, componentStatusTable(items, { includeObject: include(query) }), warnings);
    if (name !== undefined) return this.json(res, 200, items[0], warnings);
    this.json(res, 200, { kind: 'ComponentStatusList', apiVersion: 'v1', metadata: {}, items }, warnings);
  }

  /** `kubectl auth whoami`: the user of the bearer token, or `admin` when the gateway asks for none. */
  private whoAmI(res: Response): void {
    const user = (res.locals as { user?: TokenUser }).user;
    const userInfo =
      user === undefined
        ? { username: 'admin', groups: ['system:masters', 'system:authenticated'] }
        : {
            username: user.name,
            ...(user.uid === '' ? {} : { uid: user.uid }),
            groups: user.impersonated ? user.groups : [...user.groups, 'system:authenticated'],
            ...(user.extra === undefined ? {} : { extra: user.extra }),
          };
    this.json(res, 201, { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo } });
  }

  /** pods/log: proxied from the pod's node agent, streamed as it arrives (also with follow). */
  private async logs(res: Response, target: Target, query: Query): Promise<void> {
    checkPodLogOptions(target.name ?? '', query);
    const location = this.api.logLocation(target, query.container);
    if (location === undefined) {
      res.status(200).type('text/plain').send('');
      return;
    }
    const { url } = location;
    const params = new URLSearchParams();
    for (const name of ['follow', 'previous', 'tailLines', 'limitBytes', 'timestamps', 'sinceSeconds', 'sinceTime']) if (query[name] !== undefined) params.set(name, String(query[name]));
    const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpGet(`${url}?${params}`, resolve);
      request.once('error', (error) => reject(new BadRequestError(`the node agent did not answer for the logs: ${error.message}`)));
      res.once('close', () => request.destroy());
    });
    if (upstream.statusCode !== 200) {
      const chunks: Buffer[] = [];
      for await (const chunk of upstream) chunks.push(chunk as Buffer);
      throw new BadRequestError(Buffer.concat(chunks).toString('utf8') || `the node agent answered ${upstream.statusCode}`);
    }
    res.status(200).type('text/plain');
    res.flushHeaders();
    upstream.on('data', (chunk: Buffer) => res.write(chunk));
    await new Promise<void>((resolve) => upstream.once('close', () => resolve()));
    res.end();
  }

  private async list(req: Request, res: Response, target: Target, query: Query, view: View = IDENTITY_VIEW): Promise<void> {
    const { exact } = watchStart(query, false);
    await this.api.notOlderThan(query.resourceVersion);
    const { items, ...meta } = this.api.list(target, { ...query, exact });
    const shape = responseShape(req.headers.accept);
    if (shape === 'table') return this.json(res, 200, toTable(target.info.kind, items, { ...meta, includeObject: include(query) }));
    if (shape === 'metadata') return this.json(res, 200, partialObjectMetadataList(items, meta));
    this.json(res, 200, { kind: `${target.info.kind}List`, apiVersion: view.apiVersion ?? apiVersionOf(target.info), metadata: meta, items: items.map(view.served) });
  }

  /** A streaming list's initial events end with this bookmark, at the offset they were read at (everything up to it was sent). */
  private initialEventsEnd(kind: { kind: string; apiVersion: string }): Record<string, unknown> {
    return { ...kind, metadata: { resourceVersion: this.api.resourceVersion, annotations: { [INITIAL_EVENTS_END_ANNOTATION]: 'true' } } };
  }

  /** Streams watch events, one JSON object per line, flushed at once; ends on timeoutSeconds or disconnect. */
  private watch(req: Request, res: Response, target: Target, query: Query, view: View = IDENTITY_VIEW): void {
    const start = watchStart(query, true);
    const kind = { kind: target.info.kind, apiVersion: view.apiVersion ?? apiVersionOf(target.info) };
    this.stream(
      req,
      res,
      query,
      kind,
      (emit) => {
        const stop = this.api.watch(target, { ...query, initialEvents: start.initialEvents }, (change) => emit(change.type, change.object));
        if (start.bookmark) emit('BOOKMARK', this.initialEventsEnd(kind));
        return stop;
      },
      (object, withColumns) => toTable(target.info.kind, [object as KubeObject], { resourceVersion: (object as KubeObject).metadata.resourceVersion, includeObject: include(query), withColumns }),
      (object) => view.served(object as KubeObject),
    );
  }

  /**
   * A watch stream: `start` begins the watch with an emitter and returns its stop; each object is
   * sent as is, as a one-row Table (columns on the first only) when the client asks for tables, or as PartialObjectMetadata.
   */
  private stream(
    req: Request,
    res: Response,
    query: Query,
    bookmark: { kind: string; apiVersion: string },
    start: (emit: (type: string, object: unknown) => void) => () => void,
    asTable: (object: unknown, withColumns: boolean) => unknown,
    /** The object as the request's version shows it (tables are made from the stored one). */
    served: (object: unknown) => unknown = (object) => object,
  ): void {
    if (res.locals.encoding === 'yaml') throw new NotAcceptableError(WATCH_MEDIA_TYPES);
    const shape = responseShape(req.headers.accept);
    const table = shape === 'table';
    let first = true;
    const write = (type: string, object: unknown): void => {
      res.write(`${JSON.stringify({ type, object })}\n`);
    };
    const lines: string[] = [];
    let started = false;
    const emit = (type: string, object: unknown): void => {
      const bookmark = type === 'BOOKMARK';
      const body = shape === 'metadata' ? partialObjectMetadata(object as KubeObject) : bookmark ? object : table ? asTable(object, first) : served(object);
      if (!bookmark) first = false;
      if (started) write(type, body);
      else lines.push(JSON.stringify({ type, object: body }));
    };
    let stop: () => void;
    try {
      stop = start(emit);
    } catch (error) {
      if (!(error instanceof ExpiredError)) throw error;
      // As kube-apiserver's watch cache: the watch is accepted, then ends with an ERROR event
      // carrying the 410 Expired Status; clients relist (Python's Watch retries once, then raises).
      res.status(200).type('application/json');
      res.end(`${JSON.stringify({ type: 'ERROR', object: toStatus(error) })}\n`);
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-cache, private');
    res.flushHeaders();
    started = true;
    for (const line of lines) res.write(`${line}\n`);
    const deadline = query.timeoutSeconds ? Date.now() + Number(query.timeoutSeconds) * 1000 : undefined;
    // Bookmarks every interval, and one 2 s before the deadline, as kube-apiserver's watch cache sends them.
    let bookmarks: NodeJS.Timeout | undefined;
    const scheduleBookmark = (): void => {
      const due = nextBookmarkIn(Date.now(), deadline);
      if (due === undefined) return;
      bookmarks = setTimeout(() => {
        write('BOOKMARK', { ...bookmark, metadata: { resourceVersion: this.api.resourceVersion } });
        scheduleBookmark();
      }, due);
    };
    if (query.allowWatchBookmarks === 'true') scheduleBookmark();
    const timeout = deadline !== undefined ? setTimeout(() => end(), deadline - Date.now()) : undefined;
    const end = (): void => {
      stop();
      if (bookmarks) clearTimeout(bookmarks);
      if (timeout) clearTimeout(timeout);
      if (!res.writableEnded) res.end();
    };
    req.on('close', end);
    this.openWatches.add(end);
    res.on('close', () => this.openWatches.delete(end));
  }

  /** Ends every open watch stream (server shutdown). */
  readonly openWatches = new Set<() => void>();

  private async scale(req: Request, res: Response, target: Target, method: string, options: WriteOptions, query: Query): Promise<void> {
    if (!target.info.scale || target.name === undefined) throw new PathNotFoundError();
    const answer = (scale: Scale): void => {
      // As kube-apiserver's scale storage: a Table asked for is printScale's (kubectl get --subresource=scale).
      if (responseShape(req.headers.accept) === 'table') return this.json(res, 200, scaleTable([scale], { includeObject: include(query) }));
      this.json(res, 200, scale);
    };
    if (method === 'GET') {
      let rc: Scalable;
      try {
        rc = this.api.get(target) as Scalable;
      } catch (error) {
        // As kube-apiserver's scale storage reads it: a missing controller is a missing Scale.
        if (error instanceof NotFoundError) throw new NotFoundError(`${target.info.resource}/scale`, target.name, 'autoscaling');
        throw error;
      }
      return answer(scaleOf(rc));
    }
    if (method !== 'PUT' && method !== 'PATCH') throw new MethodNotRoutedError();
    const { type, body } = decodeBody(req.headers['content-type'], req.body as Buffer, method === 'PATCH');
    // A Scale that names no resourceVersion is retried on a conflict with a concurrent writer (the
    // replication controller updating the status, say), as the API server does.
    for (let attempt = 0; ; attempt++) {
      const rc = this.api.get(target) as Scalable;
      const scale = (method === 'PATCH' ? applyPatchOfType(type, scaleOf(rc) as never, body) : body) as { metadata?: { resourceVersion?: string } };
      const replicas = scaleReplicas(scale, target.name);
      const pinned = method === 'PATCH' ? (body as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion : scale.metadata?.resourceVersion;
      const next = { ...rc, metadata: { ...rc.metadata, resourceVersion: pinned ?? rc.metadata.resourceVersion }, spec: { ...rc.spec, replicas } };
      try {
        const { object } = await this.api.replace(target, next, { ...options, fieldValidation: 'Ignore', subresource: 'scale' });
        return answer(scaleOf(object as Scalable));
      } catch (error) {
        if ((error as { code?: string }).code !== 'Conflict' || pinned !== undefined || attempt >= 4) throw error;
      }
    }
  }

  /** As kube-apiserver: protobuf when the Accept header names it (kubectl's only ask), else JSON; ETag by content. */
  private swaggerV2(req: Request, res: Response): void {
    res.setHeader('ETag', OPENAPI_V2.etag);
    res.setHeader('Vary', 'Accept');
    if (req.headers['if-none-match'] === OPENAPI_V2.etag) {
      res.status(304).end();
      return;
    }
    const encoding = openApiV2Encoding(req.headers.accept);
    if (encoding === undefined) throw new NotAcceptableError(['application/json', OPENAPI_V2_PROTOBUF_TYPE]);
    // Set raw: express's res.type() would rewrite a type it does not know.
    res.status(200).setHeader('Content-Type', encoding === 'protobuf' ? OPENAPI_V2_PROTOBUF_TYPE : 'application/json');
    res.end(encoding === 'protobuf' ? OPENAPI_V2.protobuf : OPENAPI_V2.json);
  }

  private json(res: Response, code: number, body: unknown, warnings: readonly string[] = []): void {
    if (warnings.length > 0) res.setHeader('Warning', warnings.map((w) => `299 - "${w.replace(/"/g, '\\"')}"`));
    // Straight to Node's response: Express's send (type lookup, charset, freshness) costs more than
    // the serialisation of a small object. kube-apiserver's JSON has no charset parameter either.
    res.statusCode = code;
    if ((res.locals as { encoding?: string }).encoding === 'yaml') {
      res.setHeader('Content-Type', 'application/yaml');
      res.end(toKubeYaml(body));
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body));
  }

  private fail(res: Response, error: unknown): void {
    let apiError: ApiError;
    if (error instanceof ApiError) apiError = (res.locals as { requalify?: (e: ApiError) => ApiError }).requalify?.(error) ?? error;
    else if (error instanceof LogError) apiError = new InternalError(`the event log is unavailable: ${error.message}`, error);
    else {
      this.logger.error((error as Error).stack ?? String(error));
      apiError = new InternalError((error as Error).message ?? String(error), error);
    }
    if (res.headersSent) {
      if (!res.writableEnded) res.end();
      return;
    }
    // As kube-apiserver's response writers: a Status that says when to retry says it in Retry-After too.
    const retryAfter = apiError.details?.retryAfterSeconds;
    if (retryAfter !== undefined && retryAfter > 0) res.setHeader('Retry-After', String(retryAfter));
    this.json(res, apiError.httpStatus, toStatus(apiError));
  }
}

function flatQuery(q: Request['query']): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries(q)) out[k] = Array.isArray(v) ? String(v[v.length - 1]) : v === undefined ? undefined : String(v);
  return out;
}

function include(query: Query): IncludeObject {
  const v = query.includeObject;
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** kube-apiserver's default field manager: the user agent up to its first '/' (`kubectl/v1.31.9 (…)` → `kubectl`). */
function managerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0].trim();
  return prefix === '' ? 'unknown' : prefix.slice(0, 128);
}

/** The selectors a view's list takes. */
interface ViewQuery {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/** A read-only view served under a named group (KubeHttpController.view). */
interface ReadOnlyView<T> {
  readonly resource: string;
  readonly group: string;
  readonly kind: string;
  list(namespace: string | undefined, query: ViewQuery): { items: T[]; resourceVersion: string };
  watch(namespace: string | undefined, query: ViewQuery & { resourceVersion?: string; initialEvents?: boolean }, emit: (type: string, object: T) => void): () => void;
  table(items: readonly T[], options: { resourceVersion?: string; includeObject?: IncludeObject; withColumns?: boolean }): Record<string, unknown>;
}

/**
 * How a request's version shows a stored kind: as stored (the identity), or — events.k8s.io/v1
 * Events — converted out (`served`), back in (`stored`), and for a patch, the patch applied to the
 * served form (`convert`); a create checks what that version's validation adds (`checkCreate`).
 */
interface View {
  readonly apiVersion?: string;
  served(object: KubeObject): unknown;
  stored(body: unknown): unknown;
  checkCreate(body: unknown): void;
  readonly convert?: { readonly served: (object: KubeObject) => unknown; readonly stored: (body: unknown) => unknown };
  /** Its errors as that version words them. */
  readonly requalify?: (error: ApiError) => ApiError;
}

const IDENTITY_VIEW: View = { served: (o) => o, stored: (b) => b, checkCreate: () => undefined };

const EVENTS_V1_VIEW: View = {
  apiVersion: EVENTS_V1,
  served: (o) => toEventsV1(o as Event),
  stored: fromEventsV1,
  checkCreate: checkEventsV1Create,
  convert: { served: (o) => toEventsV1(o as Event), stored: fromEventsV1 },
  requalify: inEventsGroup,
};

/** The older versions a stored kind is also served at (ResourceInfo.versions), by `<kind>/<version>`. */
const OLDER_VERSION_VIEWS: ReadonlyMap<string, View> = new Map([
  [
    'HorizontalPodAutoscaler/v1',
    { apiVersion: AUTOSCALING_V1, served: toAutoscalingV1, stored: fromAutoscalingV1, checkCreate: () => undefined, convert: { served: toAutoscalingV1, stored: fromAutoscalingV1 } },
  ],
]);
