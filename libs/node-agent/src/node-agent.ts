import { conditionOf, formatQuantity, RESOURCE_SAMPLE_PERIOD_MS, kubeletNodeConditions, kubeletNodeLabels, kubeTime, NODE_DELETION_SETTLE_MS, objectKey, sameJson, type KubeObject } from '@bosun/api';
import type { ObjectCommand } from '@bosun/objects';
import { WorkQueue, type ClusterState, type CommandClient, type ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { arch, cpus, hostname, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { adoptProcess } from './container-process';
import { ClusterDns, nameserversOf } from './cluster-dns';
import { Cgroups } from './container-cgroup';
import { managedHostsFile, podHostname, type HostsFilePod } from './hosts-file';
import { podResolvConf, type DnsPod } from './pod-dns';
import { DEFAULT_IMAGE_MAP, type ImageConfig } from './image-map';
import { serveContainerLog } from './log-endpoint';
import { ResourceSampler } from './resource-usage';
import { canSandbox, NodeNetwork, PodSandbox } from './pod-sandbox';
import { attachUpgrade } from './attach-endpoint';
import { execUpgrade } from './exec-endpoint';
import { portForwardUpgrade } from './port-forward-endpoint';
import { refuse } from './upgrade-refusal';
import { podStatus } from './pod-status';
import { serviceEnv } from './service-env';
import { ServiceProxy } from './service-proxy';
import { PodWorker, type SavedPod } from './pod-worker';
import { mountsObject } from './pod-volumes';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface NodeAgentOptions {
  /** The Node's name (default: this machine's hostname). */
  readonly name?: string;
  /** Where pods keep their logs and process records. */
  readonly dir: string;
  /** The node's address: its InternalIP, where its log endpoint listens. Default 127.0.0.1. */
  readonly address?: string;
  /** Port of the log endpoint (the kubelet's 10250); 0 picks a free one. */
  readonly port?: number;
  readonly imageMap?: Readonly<Record<string, ImageConfig>>;
  /** How often the node samples its and its containers' usage (default RESOURCE_SAMPLE_PERIOD_MS, 10 s). */
  readonly samplePeriodMs?: number;
  /** How often the node refreshes its Ready condition. */
  readonly heartbeatIntervalMs?: number;
  /** Run the service proxy (default true). Of several agents on one machine, one serves cluster IPs. */
  readonly proxy?: boolean;
  /**
   * How the proxy forwards connections to cluster IPs: `nftables` (default) with kernel DNAT rules
   * where it can (root, a pod network, the nft tool), else relays; `userspace` relays every one.
   */
  readonly proxyMode?: ProxyMode;
  /**
   * Where the node's DNS server sends its pods' questions about names outside the cluster (default:
   * the nameservers of the node's /etc/resolv.conf; [] answers them SERVFAIL at once).
   */
  readonly podDnsUpstream?: readonly string[];
  /** Give each pod its own namespaces and IP (default: when root with ip, unshare and nsenter). */
  readonly sandbox?: boolean;
  /** This node's pod addresses (default 10.244.<last octet of a loopback address>.0/24, else 10.244.0.0/24). */
  readonly podCidr?: string;
  readonly log?: (message: string) => void;
}

export type ProxyMode = 'nftables' | 'userspace';

/** `--pod-dns-upstream`: `none`, or IP addresses separated by commas; undefined (the node's own) when not given. */
export function parsePodDnsUpstream(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return [];
  const servers = value.split(',').map((v) => v.trim());
  if (servers.some((v) => isIP(v) === 0)) throw new Error(`--pod-dns-upstream must be none or IP addresses separated by commas, got "${value}"`);
  return servers;
}

/** The `--proxy-mode` flag's value, or a readable error. */
export function parseProxyMode(value: unknown): ProxyMode {
  if (value === 'nftables' || value === 'userspace') return value;
  throw new Error(`--proxy-mode must be nftables or userspace, got "${String(value)}"`);
}

const NODE_KEY = '(node)';
/** The kubelet's words for a pod stopped by its activeDeadlineSeconds. */
const DEADLINE_MESSAGE = 'Pod was active on the node longer than the specified deadline';

/**
 * The node agent (the kubelet's part of it that exists so far): registers its Node and heartbeats,
 * runs the pods bound to it as process groups on the host network, reports their status, stops
 * them when they are deleted, serves their logs, and on start adopts or cleans up what an earlier
 * run left behind — never an orphan, never a pod running twice.
 */
export class NodeAgent {
  readonly name: string;
  private readonly address: string;
  private readonly workers = new Map<string, PodWorker>();
  /**
   * Per pod being deleted, the id of the event that asked for it: the cause of the ConfirmDeletion
   * (bosun explain). Status updates have none: they report what the agent saw of its processes.
   */
  private readonly deletionCauses = new Map<string, string>();
  /** When this agent first saw each pod's deletion (its confirmation waits NODE_DELETION_SETTLE_MS from then). */
  private readonly deletionSeen = new Map<string, number>();
  private readonly queue = new WorkQueue(100, 30_000);
  private readonly say: (message: string) => void;
  private server: Server | undefined;
  private port = 0;
  private stopChanges: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private sampling: NodeJS.Timeout | undefined;
  /** Usage of the node and its containers, sampled every samplePeriodMs: what `/stats/summary` answers. */
  private readonly sampler: ResourceSampler;
  private running: Promise<void> | undefined;
  private proxy: ServiceProxy | undefined;
  private network: NodeNetwork | undefined;
  /** The node's cgroups, where containers' resource limits are enforced (root, sandboxed pods). */
  private cgroups: Cgroups | undefined;
  /** The node's DNS server for its pods, on the pod bridge; undefined when it could not listen. */
  private dns: ClusterDns | undefined;
  /** The node's own resolv.conf: what `dnsPolicy: Default` pods get, and where other names are asked. */
  private nodeResolvConf = '';
  /** Pod addresses taken by sandboxes still being created: pods are synced concurrently. */
  private readonly reservedPodIPs = new Set<string>();

  constructor(
    private readonly state: ClusterState,
    private readonly client: CommandClient,
    private readonly options: NodeAgentOptions,
  ) {
    this.name = options.name ?? hostname().toLowerCase();
    this.address = options.address ?? '127.0.0.1';
    this.say = options.log ?? ((m) => process.stderr.write(`${m}\n`));
    this.sampler = new ResourceSampler(this.name);
  }

  async start(): Promise<void> {
    mkdirSync(this.podsDir(), { recursive: true });
    if (this.options.sandbox ?? canSandbox()) {
      // Containers' resource limits are enforced where pods are sandboxed (root): in cgroups.
      this.cgroups = Cgroups.detect();
      const existing = this.state.getObject(objectKey('Node', undefined, this.name)) as Anything | null;
      // A node's podCIDR never changes once set.
      this.network = new NodeNetwork(this.name, existing?.spec?.podCIDR ?? this.options.podCidr ?? defaultPodCidr(this.address), POD_RANGE);
      this.network.setUp();
      try {
        this.nodeResolvConf = readFileSync('/etc/resolv.conf', 'utf8');
      } catch {
        // none: Default pods get an empty one, and other names go unanswered
      }
      const dns = new ClusterDns((key) => this.state.getObject(key), { address: this.network.gateway, upstream: this.options.podDnsUpstream ?? nameserversOf(this.nodeResolvConf) });
      try {
        await dns.start();
        this.dns = dns;
      } catch (error) {
        this.say(`bosun: no cluster DNS for this node's pods (${(error as Error).message}); they get the node's resolv.conf`);
      }
    }
    // The kubelet's port: container logs, and the Summary API (`/stats/summary`) the metrics are scraped from.
    this.server = createServer((req, res) => {
      if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/stats/summary') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.sampler.summary()));
        return;
      }
      serveContainerLog(req, res, (key) => this.workers.get(key));
    });
    // exec, attach and port-forward: upgrades the gateway passes through, as the API server to the kubelet.
    const upgrades: Record<string, ReturnType<typeof execUpgrade>> = {
      exec: execUpgrade((key) => this.workers.get(key)),
      attach: attachUpgrade((key) => this.workers.get(key)),
      portforward: portForwardUpgrade((key) => this.workers.get(key)),
    };
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      this.upgraded.add(socket);
      socket.once('close', () => this.upgraded.delete(socket));
      const url = new URL(req.url ?? '/', 'http://node');
      const handle = upgrades[url.pathname.split('/')[1] ?? ''];
      if (handle === undefined) refuse(socket, 404, 'not found');
      else handle(req, socket, head, url);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, this.address, () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
    await this.register();
    if (this.options.proxy !== false) {
      this.proxy = new ServiceProxy(this.state, {
        nodeAddress: this.address,
        manageAddresses: process.getuid?.() === 0,
        othersOnHost: () => NodeNetwork.othersOnHost(this.network?.bridge),
        ...(this.network && this.options.proxyMode !== 'userspace' ? { kernel: { bridge: this.network.bridge, podCidr: this.network.podCidr, podRange: POD_RANGE } } : {}),
        log: this.say,
      });
      await this.proxy.start();
    }
    this.adoptOrClean();
    this.stopChanges = this.state.onChange((change) => this.onChange(change));
    for (const pod of this.state.podsOnNode(this.name)) this.queue.add(objectKey('Pod', pod.metadata.namespace, pod.metadata.name ?? ''));
    this.running = this.queue.run(
      (key) => (key === NODE_KEY ? this.register() : this.syncPod(key)),
      (key, error) => this.say(`node ${this.name}: ${key}: ${(error as Error).message}`),
      // A worker per pod the node can hold, and one for the Node: as the kubelet's pod workers, a
      // pod never waits for another (a sandbox being built, a grace period running out).
      MAX_PODS + 1,
    );
    this.sampleUsage();
    this.sampling = setInterval(() => this.sampleUsage(), this.options.samplePeriodMs ?? RESOURCE_SAMPLE_PERIOD_MS);
    const every = this.options.heartbeatIntervalMs ?? 10_000;
    this.heartbeat = setInterval(() => this.queue.add(NODE_KEY), every);
    this.say(
      `node ${this.name}: ready at ${this.address} (logs on port ${this.port}); ${this.network ? `pods sandboxed in their own namespaces on ${this.network.bridge} (${this.network.podCidr}), ${this.cgroups ? this.cgroups.describe() : 'resource limits not enforced (no cgroups this agent can change)'}` : 'pods run as processes on the host network, without a sandbox'}${this.proxy ? `; service proxy on ${this.proxy.listening().length} address(es)${this.proxy.forwardsInKernel ? ', cluster IPs forwarded by nftables' : ''}` : ''}`,
    );
  }

  /** One sample of the node's and its running containers' usage (resource-usage.ts); a failure is said and the next sample tries again. */
  private sampleUsage(): void {
    try {
      this.sampler.sample([...this.workers.values()].flatMap((w) => w.measured()));
    } catch (error) {
      this.say(`node ${this.name}: could not sample resource usage: ${(error as Error).message}`);
    }
  }

  /** Pods with an activeDeadlineSeconds still to come: a timer syncs each when it comes. */
  private readonly deadlines = new Map<string, NodeJS.Timeout>();

  /** Connections upgraded to exec or port-forward sessions. */
  private readonly upgraded = new Set<Duplex>();

  /** Stops the agent and every pod it runs (each within its grace period, at most 10 s). */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.sampling);
    for (const timer of this.deadlines.values()) clearTimeout(timer);
    this.stopChanges?.();
    this.queue.stop();
    await this.running;
    await Promise.all([...this.workers.values()].map((w) => w.terminate(10)));
    this.workers.clear();
    // The bridge goes first: the shared routes go with the last bridge on this machine, and each
    // agent looks for others only once its own is gone, so of two stopping at once the later sees none.
    await this.dns?.stop();
    this.network?.tearDown();
    await this.proxy?.stop();
    // Exec sessions, port forwards and followed logs end with the agent; the server's close would
    // wait for each of them.
    for (const socket of this.upgraded) socket.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private podsDir(): string {
    return join(this.options.dir, 'pods');
  }

  private podDir(key: string, uid: string): string {
    return join(this.podsDir(), `${key.split('/').slice(1).join('_')}_${uid}`);
  }

  private onChange(change: ObjectChange): void {
    const o = change.object as Anything;
    if (o.kind === 'Pod' && (o.spec?.nodeName === this.name || this.workers.has(change.key))) {
      if (change.id !== undefined && o.metadata.deletionTimestamp) this.deletionCauses.set(change.key, change.id);
      this.queue.add(change.key);
    }
    // A ConfigMap or Secret that pods here mount as a volume: their files are written again (PodWorker.sync).
    if ((o.kind === 'ConfigMap' || o.kind === 'Secret') && change.type !== 'DELETED') {
      for (const key of this.workers.keys()) {
        const pod = this.state.getObject(key) as Anything | null;
        if (pod?.metadata.namespace === o.metadata.namespace && mountsObject(pod, o.kind, o.metadata.name)) this.queue.add(key);
      }
    }
    // Someone else changed our Node's status (the node lifecycle controller): heartbeat at once.
    if (o.kind === 'Node' && o.metadata.name === this.name && change.type !== 'DELETED') {
      const ready = conditionOf(o, 'Ready');
      if (ready?.status !== 'True') this.queue.add(NODE_KEY);
    }
  }

  /** Pods an earlier run left on disk: adopt the live processes of pods still ours, stop the rest. */
  private adoptOrClean(): void {
    for (const entry of readdirSync(this.podsDir())) {
      const dir = join(this.podsDir(), entry);
      let saved: SavedPod | undefined;
      try {
        saved = JSON.parse(readFileSync(join(dir, 'pod.json'), 'utf8')) as SavedPod;
      } catch {
        saved = undefined;
      }
      const pod = saved === undefined ? null : (this.state.getObject(saved.key) as Anything | null);
      const ours = saved !== undefined && pod !== null && pod.metadata.uid === saved.uid && pod.spec?.nodeName === this.name && !pod.metadata.deletionTimestamp;
      if (ours && (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')) continue; // finished: nothing to run, logs kept
      if (ours) {
        const worker = this.worker(saved!.key, pod);
        const sandbox = saved!.sandbox ? PodSandbox.adopt(saved!.sandbox) : undefined;
        if (sandbox !== undefined) worker.useSandbox(sandbox);
        // Without its sandbox a sandboxed pod's processes died with it; a new sandbox comes at the next sync.
        if (sandbox !== undefined || saved!.sandbox === undefined) worker.adopt(saved!, pod);
        continue;
      }
      for (const c of Object.values(saved?.containers ?? {})) adoptProcess(c.pid, c.startTicks)?.signal('SIGKILL');
      if (saved?.sandbox) PodSandbox.destroySaved(saved.sandbox);
      if (saved !== undefined) this.cgroups?.removePod(saved.uid);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private worker(key: string, pod: Anything): PodWorker {
    let worker = this.workers.get(key);
    if (worker === undefined) {
      worker = new PodWorker(key, pod.metadata.uid, {
        dir: this.podDir(key, pod.metadata.uid),
        imageMap: this.options.imageMap ?? DEFAULT_IMAGE_MAP,
        baseEnv: (p) => ({
          PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
          // A pod on the host's network has the node's hostname, as its UTS namespace is the node's.
          HOSTNAME: p.spec?.hostNetwork === true && this.network !== undefined ? hostname() : podHostname(p as HostsFilePod),
          HOME: '/root',
          ...serviceEnv([...this.state.list('Service', p.metadata.namespace), ...(p.metadata.namespace === 'default' ? [] : this.state.list('Service', 'default').filter((s) => s.metadata.name === 'kubernetes'))], p),
        }),
        wake: () => this.queue.add(key),
        podIP: this.address,
        record: (event) => void this.recordEvent(pod, event),
        config: (kind, namespace, name) => this.state.getObject(objectKey(kind, namespace, name)),
        ...(this.cgroups === undefined ? {} : { cgroups: this.cgroups }),
      });
      worker.resume(pod);
      this.workers.set(key, worker);
    }
    return worker;
  }

  /** One pod, level-triggered: run what should run, stop what should not, report the status. */
  private async syncPod(key: string): Promise<void> {
    const pod = this.state.getObject(key) as Anything | null;
    const worker = this.workers.get(key);
    if (worker !== undefined && (pod === null || pod.metadata.uid !== worker.uid || pod.spec?.nodeName !== this.name)) {
      await worker.terminate(0);
      this.workers.delete(key);
      rmSync(this.podDir(key, worker.uid), { recursive: true, force: true });
    }
    if (pod === null || pod.spec?.nodeName !== this.name) {
      this.deletionSeen.delete(key);
      return;
    }
    if (pod.metadata.deletionTimestamp) {
      const current = this.workers.get(key);
      if (current !== undefined) {
        await current.terminate(Number(pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30));
        this.workers.delete(key);
        rmSync(this.podDir(key, current.uid), { recursive: true, force: true });
      }
      // Not sooner than a kubelet would: see NODE_DELETION_SETTLE_MS.
      const seen = this.deletionSeen.get(key) ?? Date.now();
      this.deletionSeen.set(key, seen);
      const wait = seen + NODE_DELETION_SETTLE_MS - Date.now();
      if (wait > 0) {
        setTimeout(() => this.queue.add(key), wait).unref();
        return;
      }
      this.deletionSeen.delete(key);
      const cause = this.deletionCauses.get(key);
      await this.send(pod, { type: 'ConfirmDeletion', data: {}, metadata: { ...this.meta(), ...(cause === undefined ? {} : { causationId: cause }) } });
      this.deletionCauses.delete(key);
      return;
    }
    const phase = pod.status?.phase;
    // A pod that finished before this agent (re)started stays finished.
    if (!this.workers.has(key) && (phase === 'Succeeded' || phase === 'Failed')) return;
    const current = this.worker(key, pod);
    const overdue = this.pastActiveDeadline(key, pod);
    if (this.network !== undefined && !current.sandboxed && !overdue && phase !== 'Succeeded' && phase !== 'Failed') {
      // A pod whose sandbox is gone (the agent stopped) gets its address back if nobody took it; a pod
      // on the host's network has the node's.
      const hostNetwork = pod.spec?.hostNetwork === true;
      const used = this.usedPodIPs(key);
      const previous = pod.status?.podIP as string | undefined;
      const ip = hostNetwork ? this.address : this.network.contains(previous) && !used.has(previous!) ? previous! : this.network.allocate(used);
      // Reserved before the first await, so a pod synced meanwhile cannot be given the same address.
      this.reservedPodIPs.add(ip);
      try {
        // The kubelet's hosts file and resolv.conf, kept with the pod's other files and mounted on
        // its /etc/hosts and /etc/resolv.conf.
        const dir = this.podDir(key, pod.metadata.uid);
        mkdirSync(dir, { recursive: true });
        const files = { hosts: join(dir, 'etc-hosts'), resolvConf: join(dir, 'resolv.conf') };
        writeFileSync(files.hosts, managedHostsFile(pod as HostsFilePod, ip));
        writeFileSync(files.resolvConf, podResolvConf(pod as DnsPod, this.dns === undefined ? undefined : this.network.gateway, this.nodeResolvConf));
        current.useSandbox(await PodSandbox.create(this.network, podHostname(pod as HostsFilePod), pod.metadata.uid, ip, files, hostNetwork));
      } finally {
        this.reservedPodIPs.delete(ip);
      }
    }
    if (overdue && !current.stopped) {
      // As the kubelet: the pod has run longer than its spec.activeDeadlineSeconds, it is stopped and failed.
      void this.recordEvent(pod, { reason: 'DeadlineExceeded', message: DEADLINE_MESSAGE, type: 'Warning' });
      await current.terminate(Number(pod.spec?.terminationGracePeriodSeconds ?? 30));
    }
    await current.sync(pod);
    let status = podStatus(pod, current.views(), { hostIP: this.address, podIP: current.podIP }, kubeTime(new Date()), current.initViews(), current.ephemeralViews());
    if (overdue) status = { ...status, phase: 'Failed', reason: 'DeadlineExceeded', message: DEADLINE_MESSAGE };
    if (status.phase === 'Succeeded' || status.phase === 'Failed') current.releaseSandbox();
    if (!sameJson(status, pod.status ?? {})) {
      await this.send(pod, { type: 'UpdateStatus', data: { status }, metadata: this.meta() });
    }
  }

  /**
   * Whether a pod has been active on this node longer than its `spec.activeDeadlineSeconds` (from
   * its status' startTime); when it has not yet, it is synced again when it will have.
   */
  private pastActiveDeadline(key: string, pod: Anything): boolean {
    const seconds = pod.spec?.activeDeadlineSeconds;
    const started = Date.parse(pod.status?.startTime ?? '');
    // Only an active pod runs out of time: one that finished of itself keeps its own outcome.
    const finished = pod.status?.phase === 'Succeeded' || (pod.status?.phase === 'Failed' && pod.status?.reason !== 'DeadlineExceeded');
    if (typeof seconds !== 'number' || Number.isNaN(started) || finished) return false;
    const left = started + seconds * 1000 - Date.now();
    if (left <= 0) return true;
    if (!this.deadlines.has(key)) {
      const timer = setTimeout(() => {
        this.deadlines.delete(key);
        this.queue.add(key);
      }, Math.min(left + 50, 2 ** 31 - 1));
      this.deadlines.set(key, timer.unref());
    }
    return false;
  }

  /** Pod addresses in use on this node by pods other than `except`: the sandboxes' (also those being created) and the ones reported. */
  private usedPodIPs(except: string): Set<string> {
    const used = new Set<string>([...this.workers.values()].filter((w) => w.sandboxed && w.key !== except).map((w) => w.podIP));
    for (const ip of this.reservedPodIPs) used.add(ip);
    for (const pod of this.state.podsOnNode(this.name) as Anything[]) {
      if (pod.status?.podIP && objectKey('Pod', pod.metadata.namespace, pod.metadata.name ?? '') !== except) used.add(pod.status.podIP);
    }
    return used;
  }

  private async send(pod: Anything, command: ObjectCommand): Promise<void> {
    const reply = await this.client.send({ kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, command });
    if (!reply.accepted && reply.error.code !== 'NotFound') throw reply.error;
    if (reply.accepted) await this.state.reached(reply.offset);
  }

  /**
   * An Event object about a pod, as the kubelet posts one: for what the pod's status does not show
   * (the other kubelet Events are derived from the log). Written only when a verdict changes, so a
   * failing probe costs one Event per turn, not one per period. Best effort: a lost one is only a
   * missing line in `kubectl describe`.
   */
  private async recordEvent(pod: Anything, event: { reason: string; message: string; type: 'Normal' | 'Warning' }): Promise<void> {
    const now = new Date();
    const namespace = pod.metadata.namespace ?? 'default';
    const name = `${pod.metadata.name}.${now.getTime().toString(16)}${Math.floor(Math.random() * 0x1000).toString(16)}`;
    const object = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, uid: randomUUID() },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, namespace, uid: pod.metadata.uid },
      reason: event.reason,
      message: event.message,
      type: event.type,
      source: { component: 'kubelet', host: this.name },
      reportingComponent: 'kubelet',
      reportingInstance: this.name,
      firstTimestamp: kubeTime(now),
      lastTimestamp: kubeTime(now),
      count: 1,
    };
    const reply = await this.client
      .send({ kind: 'Event', namespace, name, command: { type: 'Create', data: { object }, metadata: this.meta() } as ObjectCommand })
      .catch((error: Error) => ({ accepted: false as const, error }));
    if (!reply.accepted) this.say(`node ${this.name}: could not record the event ${event.reason} of ${namespace}/${pod.metadata.name}: ${reply.error.message}`);
  }

  private meta(): ObjectCommand['metadata'] {
    return { commandId: randomUUID(), time: kubeTime(new Date()), source: `/bosun/nodes/${this.name}`, actor: `node:${this.name}` };
  }

  /** Registers the Node, or refreshes its status: the heartbeat. */
  private async register(): Promise<void> {
    const key = objectKey('Node', undefined, this.name);
    const existing = this.state.getObject(key) as Anything | null;
    const time = kubeTime(new Date());
    const status = this.nodeStatus(existing, time);
    const command: ObjectCommand = existing === null
      ? {
          type: 'Create',
          data: {
            object: {
              apiVersion: 'v1',
              kind: 'Node',
              metadata: {
                name: this.name,
                uid: randomUUID(),
                labels: kubeletNodeLabels(this.name, 'linux', goArch()),
                annotations: { 'bosun.dev/sandbox': this.network ? 'namespaces: network, pid, ipc, uts and mount per pod' : 'none: pods share the host network and process namespaces' },
              },
              spec: this.network ? { podCIDR: this.network.podCidr, podCIDRs: [this.network.podCidr] } : {},
              status,
            } as unknown as KubeObject,
          },
          metadata: this.meta(),
        }
      : { type: 'UpdateStatus', data: { status }, metadata: this.meta() };
    const reply = await this.client.send({ kind: 'Node', name: this.name, command });
    if (!reply.accepted) throw reply.error;
    await this.state.reached(reply.offset);
  }

  private nodeStatus(existing: Anything | null, time: string): Anything {
    const capacity = { cpu: String(cpus().length), memory: `${Math.floor(totalmem() / 1024)}Ki`, pods: String(MAX_PODS), 'ephemeral-storage': filesystemCapacity(this.options.dir) };
    return {
      capacity,
      allocatable: capacity,
      addresses: [
        { type: 'InternalIP', address: this.address },
        { type: 'Hostname', address: this.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: this.port } },
      conditions: kubeletNodeConditions(existing, 'bosun node agent is posting ready status', time),
      nodeInfo: {
        machineID: this.name,
        systemUUID: this.name,
        bootID: existsSync('/proc/sys/kernel/random/boot_id') ? readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() : this.name,
        kernelVersion: release(),
        osImage: `Bosun node agent (processes) on ${process.platform}`,
        containerRuntimeVersion: 'bosun-process://0.1',
        kubeletVersion: 'v1.31.0-bosun',
        kubeProxyVersion: 'v1.31.0-bosun',
        operatingSystem: 'linux',
        architecture: goArch(),
      },
    };
  }
}

/**
 * The node's ephemeral-storage capacity as the kubelet reports it: the size of the filesystem its
 * pods' directories are on (cadvisor's rootfs), its bytes as a BinarySI quantity (`61255492Ki`).
 */
export function filesystemCapacity(dir: string): string {
  try {
    const fs = statfsSync(dir);
    return formatQuantity({ nano: BigInt(fs.blocks) * BigInt(fs.bsize) * 1_000_000_000n, format: 'BinarySI' });
  } catch {
    return '0'; // no such directory yet: nothing to measure
  }
}

/** Pods a node takes (its capacity, the kubelet's default maxPods). */
const MAX_PODS = 110;

/** The whole pod range, black-holed on the host while a sandboxing agent runs. */
export const POD_RANGE = '10.244.0.0/16';

function defaultPodCidr(address: string): string {
  const loopback = /^127\.\d+\.\d+\.(\d+)$/.exec(address);
  return `10.244.${loopback ? Number(loopback[1]) : 0}.0/24`;
}

function goArch(): string {
  const a = arch();
  return a === 'x64' ? 'amd64' : a === 'ia32' ? '386' : a;
}
