/**
 * The `bosun` command: `up` (the whole control plane and a node in one process), `agent` (join a
 * node), and the debugging verbs over the log (history-verbs.ts).
 */
import { inFoldHeap } from './fold-heap';

// The libraries are loaded by the verb that needs them (below): a debugging verb does not need Nest
// nor the controllers, and a verb that runs itself again in a larger heap (fold-heap.ts) none.
const usage = (controllerNames: readonly string[]): string => `usage: bosun up [--data-dir DIR] [--kafka HOST:PORT[,HOST:PORT…]] [--port PORT] [--address ADDR]
                [--token-auth-file FILE] [--service-account-key-file FILE] [--tls-cert-file FILE --tls-private-key-file FILE] [--root-ca-file FILE] [--in-cluster-port N]
                [--simulated-nodes N] [--node-monitor-grace-period 40s] [--pod-eviction-timeout 5m] [--event-ttl 1h]
                [--terminated-pod-gc-threshold 12500]
                [--controllers all|none|NAME,…] [--topic-prefix bosun]
                [--node-agent local|none] [--node-name NAME] [--image-map FILE] [--proxy-mode nftables|userspace]
                [--pod-dns-upstream none|IP,…] [--snapshot-every 100000]

  up   run the control plane (actor host + Kubernetes API) on the embedded log in DIR
       (default ./.bosun), or on Kafka with --kafka (DIR then only holds the kubeconfig),
       listening on ADDR:PORT (default 127.0.0.1:6443), until Ctrl-C. A non-loopback ADDR needs
       --token-auth-file (Kubernetes' static token file: token,user,uid[,"groups"]).
       Service account tokens (kubectl create token) are signed with the secret in
       --service-account-key-file (default DIR/service-account.key, made on first start); every
       gateway of one cluster needs the same one.
       --simulated-nodes N registers N simulated nodes (like KWOK): pods bound to them are
       reported Running without running anything — for trying the control plane and for tests.
       A node silent for --node-monitor-grace-period becomes Ready=Unknown; the pods of a node not
       Ready for --pod-eviction-timeout are deleted, so that their controllers recreate them elsewhere.
       Pods of a node gone for 40 s are deleted; terminated pods beyond --terminated-pod-gc-threshold
       (0: none) are deleted, oldest first.
       An Event object not written for --event-ttl is deleted.
       --controllers picks the controllers this process runs (${controllerNames.join(', ')}); each is
       also a process of its own (apps/<name>), and of all the instances of one, one leads.
       --topic-prefix names the log's topics (<prefix>.events, …), so clusters can share a Kafka.
       --node-agent local (the default) also runs this machine as a node, named --node-name (default
       the hostname): pods bound to it run as processes (see docs/node-agent.md for how images map to
       executables; --image-map adds to that map). --node-agent none runs no node. Its service
       proxy lets the kernel forward connections to cluster IPs (nftables DNAT rules, as root with
       nft); --proxy-mode userspace relays every connection through the agent instead. Its pods
       find Services by name (cluster DNS, served by the agent on the pod bridge); other names go to
       --pod-dns-upstream (default: the nameservers of /etc/resolv.conf; none: answered SERVFAIL).
       On the embedded log a snapshot of the state is saved in DIR/snapshots every
       --snapshot-every events (0: never), so that bosun replay starts near its point.

usage: bosun agent [--kafka HOST:PORT[,…] | --data-dir DIR] [--name NODE] [--address 127.0.0.1]
                   [--port 0] [--root-dir DIR] [--image-map FILE] [--topic-prefix bosun]
                   [--proxy-mode nftables|userspace] [--pod-dns-upstream none|IP,…]

  agent  join this machine to a running control plane as node NODE (default the hostname): its
         pods run here as processes. Several agents may share a machine, each with its own name and
         loopback address. bosun agent --help says more.

Debugging over the log — each reads bosun.events of --data-dir DIR (default ./.bosun; read-only,
also while bosun up runs), of --kafka HOST:PORT [--topic-prefix bosun], or of --file FILE (an export):
  bosun replay  [--at POINT] [TYPE[,TYPE] [NAME…] | TYPE/NAME…] [-n NS | -A] [-l SELECTOR] [-o table|wide|json|yaml|name]
                the cluster as it was at POINT, printed as kubectl get prints it (default: pods,
                services and replication controllers now)
  bosun history TYPE/NAME [-n NS] [--to POINT] [-o table|json|yaml]
                every event of one object: offset, time, event, who, the command, what changed
  bosun explain TYPE/NAME [-n NS] [--to POINT] [-o table|json|yaml]
                the causal chain behind each event of the object's current life, across objects
  bosun diff    --from POINT [--to POINT] [-o table|json|yaml]
                the objects added (+), deleted (-) and changed (~) between two points
  bosun tail    [TYPE[/NAME]] [-n NS | -A] [-l SELECTOR] [--from POINT] [-o table|json]
                follow new events (from POINT: replay from there first) until Ctrl-C
  bosun what-if [--scheduler least-allocated|most-allocated] [--without-nodes N1,N2] [--to POINT] [-o table|json|yaml]
                re-run every recorded binding with another scoring policy or without some nodes,
                on the cluster as the log had it, and list the bindings that would have differed
  bosun snapshot [--keep 3] [--snapshots DIR]
                fold the log to its end and save the state (beside an embedded log: DIR/snapshots),
                so that replay, diff and tail start from the newest snapshot before their point;
                it reads the log read-only, also while bosun up runs (--no-snapshots ignores them)
  bosun export  FILE [-o json]   write the log's events to FILE (FILE.gz compresses, - is stdout)
  bosun import  FILE [-o json]   append FILE's events to an empty log (--data-dir DIR or --kafka)

  POINT: a resourceVersion (1234: after the event at that offset), an RFC 3339 time
  (2026-11-28T14:02:00Z), a time of day today (14:02), or now. Times are the events' decision
  times (ce_time).
  Exit codes: 0 done, 1 the log could not be read or written, 2 a bad command line (unknown flag,
  bad POINT, bad selector), 3 nothing matched (no such object at that point). --debug prints
  stack traces.`;

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const reexecuted = inFoldHeap(argv);
  if (reexecuted !== undefined) return reexecuted;
  switch (verb) {
    // Nest and the gateway would add most of a second to every debugging verb.
    case 'up':
      await (await import('./up')).up(rest.filter((a) => a !== '--debug'));
      return 0;
    case 'agent': {
      const [{ runService }, { nodeAgentService }] = await Promise.all([import('@bosun/microservice'), import('../../node-agent/src/node-agent.service')]);
      // Runs until a signal; the service exits the process itself.
      await runService(nodeAgentService, rest.filter((a) => a !== '--debug'));
      return new Promise<number>(() => undefined);
    }
    case 'replay':
      return (await import('./history-verbs')).replayVerb(rest);
    case 'history':
      return (await import('./history-verbs')).historyVerb(rest);
    case 'explain':
      return (await import('./history-verbs')).explainVerb(rest);
    case 'diff':
      return (await import('./history-verbs')).diffVerb(rest);
    case 'tail':
      return (await import('./history-verbs')).tailVerb(rest);
    case 'what-if':
      return (await import('./history-verbs')).whatIfVerb(rest);
    case 'snapshot':
      return (await import('./history-verbs')).snapshotVerb(rest);
    case 'export':
      return (await import('./history-verbs')).exportVerb(rest);
    case 'import':
      return (await import('./history-verbs')).importVerb(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage((await import('@bosun/controllers')).CONTROLLER_NAMES));
      return verb === undefined ? 2 : 0;
    default:
      console.error(`bosun: unknown command "${verb}"\n${usage((await import('@bosun/controllers')).CONTROLLER_NAMES)}`);
      return 2;
  }
}

/** Exits once stdout has taken everything: process.exit would cut a large output to a pipe short. */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(
  (code) => exit(code),
  async (error: unknown) => {
    const debug = process.argv.includes('--debug');
    console.error(`bosun: ${debug && error instanceof Error ? error.stack : ((error as Error).message ?? String(error))}`);
    exit(await exitCode(error));
  },
);

/** Documented in the usage: 2 a bad command line, 3 nothing matched, 1 anything else. */
async function exitCode(error: unknown): Promise<number> {
  const [{ UsageError }, { HistoryQueryError }] = await Promise.all([import('./history-verbs'), import('@bosun/history')]);
  if (error instanceof UsageError) return 2;
  if (error instanceof HistoryQueryError) return error.reason === 'not-found' ? 3 : 2;
  return 1;
}
