/**
 * The `bosun` command. `bosun up` runs the control plane in one process on the embedded log: the
 * actor host and the Kubernetes API gateway (controllers and the node agent come next).
 */
import { openEventLog } from '@bosun/event-log';
import { Controller, CONTROLLER_NAMES, ControllerManager, controllerSet, simulatedNodesReconciler, type ControllerName } from '@bosun/controllers';
import { durationFlag, runService } from '@bosun/microservice';
import { NodeAgent, readImageMap } from '@bosun/node-agent';
import { ActorHost, ClusterState, CommandClient, ReplyRouter } from '@bosun/runtime';
import { startGateway } from '../../gateway/src/gateway';
import { nodeAgentService } from '../../node-agent/src/node-agent.service';
import { writeKubeconfig } from '../../gateway/src/kubeconfig';
import { readTokenFile } from '../../gateway/src/token-auth';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `usage: bosun up [--data-dir DIR] [--kafka HOST:PORT[,HOST:PORT…]] [--port PORT] [--address ADDR]
                [--token-auth-file FILE] [--tls-cert-file FILE --tls-private-key-file FILE]
                [--simulated-nodes N] [--node-monitor-grace-period 40s] [--pod-eviction-timeout 5m]
                [--controllers all|none|NAME,…] [--topic-prefix bosun]
                [--node-agent local|none] [--node-name NAME] [--image-map FILE]

  up   run the control plane (actor host + Kubernetes API) on the embedded log in DIR
       (default ./.bosun), or on Kafka with --kafka (DIR then only holds the kubeconfig),
       listening on ADDR:PORT (default 127.0.0.1:6443), until Ctrl-C. A non-loopback ADDR needs
       --token-auth-file (Kubernetes' static token file: token,user,uid[,"groups"]).
       --simulated-nodes N registers N simulated nodes (like KWOK): pods bound to them are
       reported Running without running anything — for trying the control plane and for tests.
       A node silent for --node-monitor-grace-period becomes Ready=Unknown; the pods of a node not
       Ready for --pod-eviction-timeout are deleted, so that their controllers recreate them elsewhere.
       --controllers picks the controllers this process runs (${CONTROLLER_NAMES.join(', ')}); each is
       also a process of its own (apps/<name>), and of all the instances of one, one leads.
       --topic-prefix names the log's topics (<prefix>.events, …), so clusters can share a Kafka.
       --node-agent local (the default) also runs this machine as a node, named --node-name (default
       the hostname): pods bound to it run as processes (see docs/node-agent.md for how images map to
       executables; --image-map adds to that map). --node-agent none runs no node.

usage: bosun agent [--kafka HOST:PORT[,…] | --data-dir DIR] [--name NODE] [--address 127.0.0.1]
                   [--port 0] [--root-dir DIR] [--image-map FILE] [--topic-prefix bosun]

  agent  join this machine to a running control plane as node NODE (default the hostname): its
         pods run here as processes. Several agents may share a machine, each with its own name and
         loopback address. bosun agent --help says more.`;

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

async function up(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: '.bosun' },
      port: { type: 'string', default: '6443' },
      address: { type: 'string', default: '127.0.0.1' },
      kafka: { type: 'string' },
      'token-auth-file': { type: 'string' },
      'tls-cert-file': { type: 'string' },
      'tls-private-key-file': { type: 'string' },
      'simulated-nodes': { type: 'string', default: '0' },
      'node-monitor-grace-period': { type: 'string', default: '40s' },
      'pod-eviction-timeout': { type: 'string', default: '5m' },
      controllers: { type: 'string', default: 'all' },
      'topic-prefix': { type: 'string', default: 'bosun' },
      'node-agent': { type: 'string', default: 'local' },
      'node-name': { type: 'string' },
      'image-map': { type: 'string' },
    },
  });
  const simulated = Number(values['simulated-nodes']);
  if (!Number.isInteger(simulated) || simulated < 0) throw new Error(`--simulated-nodes must be a whole number, got "${values['simulated-nodes']}"`);
  const gracePeriodMs = durationFlag('--node-monitor-grace-period', values['node-monitor-grace-period']!);
  const evictionTimeoutMs = durationFlag('--pod-eviction-timeout', values['pod-eviction-timeout']!);
  const chosen = values.controllers === 'all' ? [...CONTROLLER_NAMES] : values.controllers === 'none' ? [] : (values.controllers ?? '').split(',');
  const unknown = chosen.filter((n) => !(CONTROLLER_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`--controllers: unknown controller "${unknown[0]}" (known: ${CONTROLLER_NAMES.join(', ')}, or all, none)`);
  if (values['node-agent'] !== 'local' && values['node-agent'] !== 'none') throw new Error(`--node-agent must be local or none, got "${values['node-agent']}"`);
  const imageMap = values['image-map'] ? readImageMap(values['image-map']) : undefined;
  const tokens = values['token-auth-file'] ? readTokenFile(values['token-auth-file']) : undefined;
  if (Boolean(values['tls-cert-file']) !== Boolean(values['tls-private-key-file'])) {
    throw new Error('--tls-cert-file and --tls-private-key-file go together');
  }
  const tls = values['tls-cert-file']
    ? { cert: readFileSync(values['tls-cert-file'], 'utf8'), key: readFileSync(values['tls-private-key-file']!, 'utf8') }
    : undefined;
  const dir = resolve(values['data-dir'] ?? '.bosun');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  console.log(`bosun: opening the event log (${values.kafka ? `Kafka at ${values.kafka}` : dir})…`);
  const { log, description: where } = await openEventLog({ dataDir: dir, topicPrefix: values['topic-prefix'] ?? 'bosun', ...(values.kafka ? { kafka: values.kafka } : {}) });
  const replies = new ReplyRouter();
  // 10 s: Kafka refuses sessions under group.min.session.timeout.ms (6 s by default).
  const host = new ActorHost(log, replies, {
    sessionTimeoutMs: 10_000,
    onFailure: (error) => {
      console.error(`bosun: the actor host stopped: ${(error as Error).message}`);
      process.exit(1);
    },
  });
  await host.start();
  console.log('bosun: actor host started; catching up with the log…');
  // One projection for the whole process: the gateway and every controller read the same cache.
  const state = new ClusterState();
  const tail = await log.events.subscribe(0, async (records) => state.applyAll(records));
  await state.reached((await log.events.endOffset()) - 1);
  const gateway = await startGateway({ log, replies, state, host: values.address, port, version: version(), ...(tokens ? { tokens } : {}), ...(tls ? { tls } : {}) });
  const client = new CommandClient(log, replies);
  const say = (m: string): void => console.error(`bosun: ${m}`);
  // Elected like the standalone controllers, so that they and this process can run side by side.
  const managers = (chosen as ControllerName[]).map(
    (name) => new ControllerManager(name, controllerSet(name, { nodeLifecycle: { gracePeriodMs, evictionTimeoutMs } }), { log, state, client }, { sessionTimeoutMs: 10_000, log: say }),
  );
  for (const manager of managers) {
    (await manager.start()).done.catch((error: unknown) => {
      console.error(`bosun: the ${manager.name} election failed: ${(error as Error).message}`);
      process.exit(1);
    });
  }
  // Simulated nodes are kubelets, not controllers: every one of them runs, unelected.
  const nodes = simulated > 0 ? [new Controller(simulatedNodesReconciler(Array.from({ length: simulated }, (_, i) => `sim-node-${i + 1}`)), state, client, say)] : [];
  for (const c of nodes) c.start();
  const agent =
    values['node-agent'] === 'local'
      ? new NodeAgent(state, client, { dir: join(dir, 'node'), ...(values['node-name'] ? { name: values['node-name'] } : {}), ...(imageMap ? { imageMap } : {}), log: say })
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
  await agent?.stop();
  await Promise.all([...managers.map((m) => m.stop()), ...nodes.map((c) => c.stop())]);
  await tail.close();
  await host.stop();
  await log.close();
  console.log('bosun: stopped.');
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'up':
      await up(rest.filter((a) => a !== '--debug'));
      return 0;
    case 'agent':
      // Runs until a signal; the service exits the process itself.
      await runService(nodeAgentService, rest.filter((a) => a !== '--debug'));
      return new Promise<number>(() => undefined);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return verb === undefined ? 2 : 0;
    default:
      console.error(`bosun: unknown command "${verb}"\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const debug = process.argv.includes('--debug');
    console.error(`bosun: ${debug && error instanceof Error ? error.stack : ((error as Error).message ?? String(error))}`);
    process.exit(1);
  },
);
