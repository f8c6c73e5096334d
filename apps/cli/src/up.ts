/** `bosun up`: the control plane, and by default this machine as a node, in one process. */
import { openEventLog } from '@bosun/event-log';
import { Controller, CONTROLLER_NAMES, ControllerManager, controllerSet, removeDeletedLocalPathVolumes, ResourceMetrics, simulatedNodesReconciler, terminatedPodGcThreshold, type ControllerName } from '@bosun/controllers';
import { durationFlag } from '@bosun/microservice';
import { NodeAgent, parsePodDnsUpstream, parseProxyMode, readImageMap } from '@bosun/node-agent';
import { logSource, PeriodicSnapshots, snapshotFor } from '@bosun/history';
import { ActorHost, ClusterState, CommandClient, DEFAULT_HISTORY_LIMIT, followEvents, ReplyRouter } from '@bosun/runtime';
import { startGateway } from '../../gateway/src/gateway';
import { writeKubeconfig } from '../../gateway/src/kubeconfig';
import { readServiceAccountKey, readTokenFile } from '../../gateway/src/token-auth';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function up(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: '.bosun' },
      port: { type: 'string', default: '6443' },
      address: { type: 'string', default: '127.0.0.1' },
      kafka: { type: 'string' },
      'token-auth-file': { type: 'string' },
      'service-account-key-file': { type: 'string' },
      'tls-cert-file': { type: 'string' },
      'tls-private-key-file': { type: 'string' },
      'simulated-nodes': { type: 'string', default: '0' },
      'node-monitor-grace-period': { type: 'string', default: '40s' },
      'pod-eviction-timeout': { type: 'string', default: '5m' },
      'terminated-pod-gc-threshold': { type: 'string', default: '12500' },
      'event-ttl': { type: 'string', default: '1h' },
      controllers: { type: 'string', default: 'all' },
      'topic-prefix': { type: 'string', default: 'bosun' },
      'node-agent': { type: 'string', default: 'local' },
      'node-name': { type: 'string' },
      'image-map': { type: 'string' },
      'proxy-mode': { type: 'string', default: 'nftables' },
      'pod-dns-upstream': { type: 'string' },
      'snapshot-every': { type: 'string', default: '100000' },
      'watch-cache-size': { type: 'string', default: String(DEFAULT_HISTORY_LIMIT) },
      'fold-threads': { type: 'string' },
    },
  });
  const simulated = Number(values['simulated-nodes']);
  if (!Number.isInteger(simulated) || simulated < 0) throw new Error(`--simulated-nodes must be a whole number, got "${values['simulated-nodes']}"`);
  const gracePeriodMs = durationFlag('--node-monitor-grace-period', values['node-monitor-grace-period']!);
  const evictionTimeoutMs = durationFlag('--pod-eviction-timeout', values['pod-eviction-timeout']!);
  const eventTtlMs = durationFlag('--event-ttl', values['event-ttl']!);
  const terminatedPodThreshold = terminatedPodGcThreshold(values['terminated-pod-gc-threshold']!);
  const chosen = values.controllers === 'all' ? [...CONTROLLER_NAMES] : values.controllers === 'none' ? [] : (values.controllers ?? '').split(',');
  const unknown = chosen.filter((n) => !(CONTROLLER_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`--controllers: unknown controller "${unknown[0]}" (known: ${CONTROLLER_NAMES.join(', ')}, or all, none)`);
  if (values['node-agent'] !== 'local' && values['node-agent'] !== 'none') throw new Error(`--node-agent must be local or none, got "${values['node-agent']}"`);
  const snapshotEvery = Number(values['snapshot-every']);
  if (!Number.isInteger(snapshotEvery) || snapshotEvery < 0) throw new Error(`--snapshot-every must be a whole number of events (0: never), got "${values['snapshot-every']}"`);
  const watchCacheSize = Number(values['watch-cache-size']);
  if (!Number.isInteger(watchCacheSize) || watchCacheSize < 1) throw new Error(`--watch-cache-size must be a positive whole number of changes, got "${values['watch-cache-size']}"`);
  const foldThreads = values['fold-threads'] === undefined ? undefined : Number(values['fold-threads']);
  if (foldThreads !== undefined && !(Number.isInteger(foldThreads) && foldThreads >= 1)) throw new Error(`--fold-threads must be a whole number of threads (1 or more), got "${values['fold-threads']}"`);
  const imageMap = values['image-map'] ? readImageMap(values['image-map']) : undefined;
  const proxyMode = parseProxyMode(values['proxy-mode']);
  const podDnsUpstream = parsePodDnsUpstream(values['pod-dns-upstream']);
  const tokens = values['token-auth-file'] ? readTokenFile(values['token-auth-file']) : undefined;
  if (Boolean(values['tls-cert-file']) !== Boolean(values['tls-private-key-file'])) {
    throw new Error('--tls-cert-file and --tls-private-key-file go together');
  }
  const tls = values['tls-cert-file']
    ? { cert: readFileSync(values['tls-cert-file'], 'utf8'), key: readFileSync(values['tls-private-key-file']!, 'utf8') }
    : undefined;
  const dir = resolve(values['data-dir'] ?? '.bosun');
  const serviceAccountKey = readServiceAccountKey(values['service-account-key-file'] ?? join(dir, 'service-account.key'));
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  console.log(`bosun: opening the event log (${values.kafka ? `Kafka at ${values.kafka}` : dir})…`);
  const { log, description: where } = await openEventLog({ dataDir: dir, topicPrefix: values['topic-prefix'] ?? 'bosun', ...(values.kafka ? { kafka: values.kafka } : {}) });
  const replies = new ReplyRouter();
  // One projection for the whole process: the actor host, the gateway and every controller read the
  // same cache, so each event is parsed and folded once.
  // The watch cache: a watch from a resourceVersion older than its last N changes is 410 Expired.
  // On the embedded log the server keeps snapshots beside it, so that it and the replays start near
  // their point rather than from the first event.
  const snapshotDir = join(dir, 'snapshots');
  const snapshots = !values.kafka && snapshotEvery > 0 ? new PeriodicSnapshots(snapshotDir, snapshotEvery, (e) => console.error(`bosun: a snapshot failed: ${e.message}`)) : undefined;
  const restored = snapshots ? await snapshotFor(snapshotDir, logSource(log, where), { end: true }, undefined, { historyLimit: watchCacheSize, derivedLimit: DEFAULT_HISTORY_LIMIT }) : undefined;
  if (restored !== undefined) {
    snapshots?.restoredFrom(restored.header);
    console.log(`bosun: starting from the snapshot at resourceVersion ${restored.header.offset} (${restored.header.objects} objects)`);
  }
  const state = restored?.state ?? new ClusterState(watchCacheSize, DEFAULT_HISTORY_LIMIT);
  snapshots?.catchUp(await log.events.endOffset());
  const { tail, end } = await followEvents(
    log,
    state,
    (records) => snapshots?.observe(state, records),
    {
      ...(foldThreads === undefined ? {} : { shards: { threads: foldThreads } }),
      onShardsFolded: (folded) => {
        snapshots?.decidedUntil(folded.maxTime);
        console.log(`bosun: folded the log's first ${(folded.offset + 1).toLocaleString('en-US')} events in ${folded.shards} threads at once`);
      },
    },
  );
  const failed = (what: string) => (error: unknown) => {
    console.error(`bosun: ${what} stopped: ${(error as Error).message}`);
    process.exit(1);
  };
  tail.done.catch(failed('the projection of the log'));
  // 10 s: Kafka refuses sessions under group.min.session.timeout.ms (6 s by default).
  const host = new ActorHost(log, replies, { sessionTimeoutMs: 10_000, state, onFailure: failed('the actor host') });
  await host.start();
  console.log('bosun: actor host started; catching up with the log…');
  await state.reached(end - 1);
  const say = (m: string): void => console.error(`bosun: ${m}`);
  // The resource metrics pipeline (metrics-server's part): one for the gateway's metrics.k8s.io and the autoscaler.
  const metrics = new ResourceMetrics(state, { log: say }).start();
  const gateway = await startGateway({ log, replies, state, host: values.address, port, version: version(), say, serviceAccountKey, metrics, ...(tokens ? { tokens } : {}), ...(tls ? { tls } : {}) });
  const client = new CommandClient(log, replies);
  // Elected like the standalone controllers, so that they and this process can run side by side.
  const managers = (chosen as ControllerName[]).map(
    (name) => new ControllerManager(name, controllerSet(name, { nodeLifecycle: { gracePeriodMs, evictionTimeoutMs }, eventTtl: { ttlMs: eventTtlMs }, podGc: { terminatedPodThreshold }, storage: { volumesDir: join(dir, 'volumes') }, metrics }), { log, state, client }, { sessionTimeoutMs: 10_000, log: say }),
  );
  for (const manager of managers) {
    (await manager.start()).done.catch((error: unknown) => {
      console.error(`bosun: the ${manager.name} election failed: ${(error as Error).message}`);
      process.exit(1);
    });
  }
  // bosun.io/local-path's volumes are directories of this machine: deleted volumes' go with them.
  removeDeletedLocalPathVolumes(state, join(dir, 'volumes'), say);
  // Simulated nodes are kubelets, not controllers: every one of them runs, unelected.
  const nodes = simulated > 0 ? [new Controller(simulatedNodesReconciler(Array.from({ length: simulated }, (_, i) => `sim-node-${i + 1}`)), state, client, say)] : [];
  for (const c of nodes) c.start();
  const agent =
    values['node-agent'] === 'local'
      ? new NodeAgent(state, client, { dir: join(dir, 'node'), proxyMode, ...(podDnsUpstream ? { podDnsUpstream } : {}), ...(values['node-name'] ? { name: values['node-name'] } : {}), ...(imageMap ? { imageMap } : {}), log: say })
      : undefined;
  await agent?.start();
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, gateway.url, tokens?.keys().next().value, tls?.cert);
  console.log(`bosun: event log ${where} (${await log.events.endOffset()} events)`);
  console.log(`bosun: Kubernetes API at ${gateway.url}`);
  console.log(`bosun: kubeconfig ${kubeconfig}`);
  console.log(`bosun: try  KUBECONFIG=${kubeconfig} kubectl get namespaces`);
  console.log('bosun: running; Ctrl-C stops it.');
  await new Promise<void>((done) => {
    // Signal listeners alone do not keep Node running; this timer does until a signal arrives.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const stop = (): void => {
      clearInterval(keepAlive);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log('bosun: stopping…');
  await gateway.close();
  metrics.stop();
  await agent?.stop();
  await Promise.all([...managers.map((m) => m.stop()), ...nodes.map((c) => c.stop())]);
  // The host before the projection: a batch it is finishing waits for the projection to apply it.
  await host.stop();
  await tail.close();
  await snapshots?.idle();
  await log.close();
  console.log('bosun: stopped.');
}

