import { RequestEntityTooLargeError, SYSTEM_NAMESPACES, toStatus } from '@bosun/api';
import { ControllerManager, kubernetesServiceReconciler, rbacBootstrapReconciler, systemNamespacesReconciler, systemPriorityClassesReconciler, type ResourceMetrics } from '@bosun/controllers';
import type { Server } from 'node:http';
import { proxyExec } from './exec-proxy';
import type { EventLog, Subscription } from '@bosun/event-log';
import { ClusterState, CommandClient, followEvents, type ReplyRouter } from '@bosun/runtime';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { raw } from 'express';
import type { AddressInfo } from 'node:net';
import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { GatewayModule } from './gateway.module';
import { KubeApiService } from './kube-api.service';
import { KubeHttpController } from './kube-http.controller';
import { bearerAuth, optionalBearerAuth, tokenAuthenticator, type TokenUser } from './token-auth';
import { randomBytes } from 'node:crypto';
import { impersonation } from './impersonation';

export interface GatewayConfig {
  /** Bearer tokens (Kubernetes' static token file, parsed): without them only loopback is allowed. */
  readonly tokens?: ReadonlyMap<string, TokenUser>;
  /**
   * The secret service account tokens are signed with and checked against (kube-apiserver's
   * service account key); gateways of one cluster share it. Without it, one made for this process:
   * its tokens die with it.
   */
  readonly serviceAccountKey?: Buffer;
  /** PEM certificate and key: serve HTTPS. */
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly log: EventLog;
  /** Replies from the actor host; in one process, the host's own router. */
  readonly replies: ReplyRouter;
  /** A projection shared with other parts of the process (all-in-one); else the gateway keeps its own. */
  readonly state?: ClusterState;
  readonly host?: string;
  readonly port?: number;
  readonly version: string;
  /** Largest request body; Kubernetes' API server allows 3 MiB. */
  readonly maxBodyBytes?: number;
  /** The nodes' resource metrics, shared with the autoscaler in one process (bosun up); else the gateway scrapes the nodes itself when asked. */
  readonly metrics?: ResourceMetrics;
  /** Where the gateway's own control loops (the `kubernetes` Service) report; stderr by default. */
  readonly say?: (message: string) => void;
}

export interface RunningGateway {
  readonly url: string;
  readonly state: ClusterState;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Starts the Kubernetes API gateway: an informer over bosun.events (caught up before the port
 * opens), the command client, and the Nest HTTP app on 127.0.0.1 by default.
 */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const address = config.host ?? '127.0.0.1';
  if (!LOOPBACK.has(address) && (config.tokens === undefined || config.tokens.size === 0)) {
    throw new Error(`refusing to listen on ${address}: without authentication (--token-auth-file) the gateway only listens on loopback`);
  }
  const state = config.state ?? new ClusterState();
  const followed = config.state ? undefined : await followEvents(config.log, state);
  const tail: Subscription | undefined = followed?.tail;
  await state.reached((followed?.end ?? (await config.log.events.endOffset())) - 1);
  const client = new CommandClient(config.log, config.replies);
  const api = new KubeApiService(state, client, undefined, config.metrics);
  await ensureNamespaces(api, state);

  // kube-apiserver's health endpoints check that it is up (ping) and that its store answers (etcd);
  // the gateway's store is the event log, asked for its end as kube-apiserver asks etcd, within 2 s.
  const healthChecks = [
    { name: 'ping', check: async () => undefined },
    { name: 'event-log', check: () => withinSeconds(2, 'the event log did not answer', config.log.events.endOffset()).then(() => undefined) },
  ];
  const serviceAccountKey = config.serviceAccountKey ?? randomBytes(32);
  const app: INestApplication = await NestFactory.create(GatewayModule.register(api, { version: config.version, healthChecks, serviceAccountKey }), {
    bodyParser: false,
    logger: ['error', 'warn'],
    ...(config.tls ? { httpsOptions: { cert: config.tls.cert, key: config.tls.key } } : {}),
  });
  // kube-apiserver sends neither: Express would hash every response body for the ETag.
  const http = app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void };
  http.set('etag', false);
  http.set('x-powered-by', false);
  const authenticate = tokenAuthenticator(config.tokens, (token) => api.serviceAccountUser(token, serviceAccountKey));
  const required = config.tokens !== undefined && config.tokens.size > 0;
  app.use(required ? bearerAuth(authenticate) : optionalBearerAuth(authenticate));
  app.use(impersonation());
  app.use(raw({ type: () => true, limit: config.maxBodyBytes ?? 3 * 1024 * 1024 }));
  app.use((error: { type?: string; status?: number; message?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (error?.type === 'entity.too.large') {
      const status = toStatus(new RequestEntityTooLargeError(`the request body is larger than ${config.maxBodyBytes ?? 3 * 1024 * 1024} bytes`));
      res.status(413).type('application/json').send(JSON.stringify(status));
      return;
    }
    next(error);
  });
  const sessions = proxyExec(app.getHttpServer() as Server, api, required ? authenticate : undefined);
  await app.listen(config.port ?? 6443, address);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const controller = app.get(KubeHttpController);
  // kube-apiserver's own control loops: the `kubernetes` Service and its Endpoints (its address),
  // the system namespaces, the system PriorityClasses, the default RBAC roles and bindings; of several
  // gateways following one cluster, the elected one runs them.
  const apiService = new ControllerManager('kube-apiserver', () => [kubernetesServiceReconciler({ address: advertiseAddress(address), port }), systemNamespacesReconciler, systemPriorityClassesReconciler, rbacBootstrapReconciler], { log: config.log, state, client }, {
    sessionTimeoutMs: 10_000,
    ...(config.say ? { log: config.say } : {}),
  });
  const election = await apiService.start();
  election.done.catch((error: unknown) => (config.say ?? ((m: string) => process.stderr.write(`${m}\n`)))(`kube-apiserver: the election failed: ${(error as Error).message}`));
  return {
    url: `${config.tls ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}`,
    state,
    async close() {
      await apiService.stop();
      for (const end of [...controller.openWatches]) end();
      sessions.closeAll();
      await app.close();
      await tail?.close();
    },
  };
}

async function ensureNamespaces(api: KubeApiService, state: ClusterState): Promise<void> {
  const info = { kind: 'Namespace' as const, resource: 'namespaces', singular: 'namespace', namespaced: false, shortNames: [], categories: [], verbs: [] };
  for (const name of SYSTEM_NAMESPACES) {
    if (state.getObject(`namespaces/${name}`) !== null) continue;
    await api.create({ info }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, status: { phase: 'Active' } }, { fieldManager: 'kube-apiserver' });
  }
}

/**
 * The address the `kubernetes` Endpoints name: the one listened on, or — listening on every
 * address — the first non-internal IPv4 address of the host, as kube-apiserver picks its advertise
 * address. Unlike kube-apiserver, which never advertises loopback, a gateway on loopback names
 * 127.0.0.1: that is where it answers (the node agent's service proxy relays to it).
 */
function advertiseAddress(listening: string): string {
  if (isIPv4(listening) && listening !== '0.0.0.0') return listening;
  if (listening === '0.0.0.0' || listening === '::') {
    for (const addresses of Object.values(networkInterfaces())) {
      const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
      if (found) return found.address;
    }
  }
  return '127.0.0.1';
}

function withinSeconds<T>(seconds: number, message: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${seconds}s`)), seconds * 1000);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
