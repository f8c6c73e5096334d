import { ipv4ToNumber, isIpv4, numberToIpv4, parseIpv4Cidr } from '@bosun/api';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync } from 'node:fs';
import { mustRunHost } from './host-command';
import { findExecutable } from './image-map';
import { adoptProcess, childOf, processStartTicks, type ContainerProcess } from './container-process';
import { VolumeError, type VolumeBind } from './pod-volumes';


/** Whether this machine can sandbox pods: root, and the ip / unshare / nsenter / sh tools. */
export function canSandbox(): boolean {
  return process.getuid?.() === 0 && ['ip', 'unshare', 'nsenter', 'sh'].every((t) => findExecutable(t) !== undefined);
}

const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 8);

/** Every node's pod bridge is named so (Linux allows 15 characters: the prefix and 8 of a hash). */
const BRIDGE_PREFIX = 'bsn-br-';


/**
 * A node's pod network: a bridge holding the first address of the node's podCIDR (the pods'
 * gateway), and a black-hole route for the whole pod range, so a packet for a pod that does not
 * exist is dropped on this machine. Both are removed when the agent stops.
 */
export class NodeNetwork {
  readonly bridge: string;
  readonly gateway: string;
  readonly prefix: number;
  private readonly first: number;
  private readonly last: number;
  /** The pod address allocate() gave last (the gateway before the first). */
  private lastGiven: number;

  constructor(
    nodeName: string,
    readonly podCidr: string,
    readonly podRange: string,
  ) {
    this.bridge = `${BRIDGE_PREFIX}${shortHash(nodeName)}`.slice(0, 15);
    ({ first: this.first, last: this.last, prefix: this.prefix } = parseIpv4Cidr(podCidr));
    this.gateway = numberToIpv4(this.first + 1);
    this.lastGiven = this.first + 1;
  }

  setUp(): void {
    mustRunHost('ip', ['link', 'add', this.bridge, 'type', 'bridge'], ['File exists']);
    mustRunHost('ip', ['addr', 'replace', `${this.gateway}/${this.prefix}`, 'dev', this.bridge]);
    mustRunHost('ip', ['link', 'set', this.bridge, 'up']);
    mustRunHost('ip', ['route', 'replace', 'blackhole', this.podRange]);
  }

  tearDown(): void {
    mustRunHost('ip', ['link', 'del', this.bridge], ['Cannot find device']);
    // The pod range is every agent's on this machine: its route goes with the last bridge (looked
    // for after this one is gone, so of two agents stopping at once the later one sees none).
    if (!NodeNetwork.othersOnHost(this.bridge)) mustRunHost('ip', ['route', 'del', 'blackhole', this.podRange], ['No such process']);
  }

  /**
   * Whether another node agent's pod network is up on this machine (its bridge exists). An agent
   * killed with kill -9 leaves its bridge, and with it the shared routes: dropping stays the default.
   */
  static othersOnHost(except?: string): boolean {
    try {
      return readdirSync('/sys/class/net').some((link) => link.startsWith(BRIDGE_PREFIX) && link !== except);
    } catch {
      return false;
    }
  }

  /** Whether `ip` is a pod address of this node (not its network, gateway or broadcast address). */
  contains(ip: string | undefined): boolean {
    if (!isIpv4(ip)) return false;
    const n = ipv4ToNumber(ip);
    return n > this.first + 1 && n < this.last;
  }

  /**
   * The next pod address not in `used`, after the one given last (wrapping round), as the
   * host-local IPAM plugin hands them out: an address just freed is the last to be given again, so
   * connections and caches that still name its previous pod have time to go.
   */
  allocate(used: ReadonlySet<string>): string {
    const size = this.last - this.first - 2; // pod addresses: not the network, gateway or broadcast
    for (let i = 1; i <= size; i++) {
      const n = this.first + 2 + ((this.lastGiven - this.first - 2 + i) % size);
      const candidate = numberToIpv4(n);
      if (used.has(candidate)) continue;
      this.lastGiven = n;
      return candidate;
    }
    throw new Error(`no pod address left in ${this.podCidr}`);
  }
}

/** The user and group a container's processes run as (its securityContext); unset: the agent's (root). */
export interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

/** What a pod's directory remembers of its sandbox. */
export interface SavedSandbox {
  readonly holder: number;
  readonly holderTicks?: number;
  readonly ip: string;
  readonly hostVeth: string;
}

/**
 * Whether a pause process still holds its namespaces. A killed one can linger for a while as a
 * zombie, or as a PID 1 waiting for its namespace's last processes to be reaped, with its stat still
 * there but its namespaces gone: a container entered into them fails (`nsenter: cannot open
 * /proc/<pid>/ns/ipc`), so such a sandbox is dead.
 */
function namespacesHeld(pid: number): boolean {
  return existsSync(`/proc/${pid}/ns/net`);
}

/** How long a sandbox may take to say ready. */
const SANDBOX_START_MS = 30_000;

/**
 * What the pause process runs first, inside the pod's new namespaces: `sh -c SANDBOX_INIT sh
 * <host veth> <bridge> <hostname> <hosts file> <resolv.conf>`, with the host's network namespace open
 * as fd 3 and the pod's `ip -batch` commands on stdin. It sets the hostname (its UTS namespace's),
 * mounts the pod's hosts file and resolv.conf on /etc/hosts and /etc/resolv.conf (in its own mount
 * namespace, whose mounts stay private: unshare's default; each skipped when its path is empty or
 * the mount fails: the pod then sees the node's), creates the veth pair
 * with the pod end as eth0 and the host end already in the host's namespace, puts the host end on
 * the bridge, up, with hairpin (a pod reaching itself through its service's DNAT rule gets the
 * packet back on its own port), applies the pod's addresses and routes, says `ready` and becomes
 * the pause process (`sleep infinity`, PID 1 of the pod), its fds closed.
 */
const SANDBOX_INIT = [
  'printf %s "$3" > /proc/sys/kernel/hostname',
  '{ [ -z "$4" ] || mount --bind "$4" /etc/hosts || true; }',
  '{ [ -z "$5" ] || mount --bind "$5" /etc/resolv.conf || true; }',
  'ip link add eth0 type veth peer name "$1" netns /proc/self/fd/3',
  `printf 'link set %s master %s up\\nlink set %s type bridge_slave hairpin on\\n' "$1" "$2" "$1" | nsenter --net=/proc/self/fd/3 ip -batch -`,
  'ip -batch -',
  'echo ready',
  'exec sleep infinity 3<&- </dev/null >/dev/null 2>&1',
].join(' && ');

/**
 * The same for a pod on the host's network (`hostNetwork: true`): no network or UTS namespace of its
 * own (it has the node's addresses and hostname, and the node's /etc/hosts, as the kubelet gives it),
 * only its resolv.conf (`sh -c HOST_NETWORK_INIT sh <resolv.conf>`).
 */
const HOST_NETWORK_INIT = ['{ [ -z "$1" ] || mount --bind "$1" /etc/resolv.conf || true; }', 'echo ready', 'exec sleep infinity </dev/null >/dev/null 2>&1'].join(' && ');

/** `sh -c MOUNT_VOLUMES sh <source> <target> <ro|rw>…`, in the pod's mount namespace (PodSandbox.mount). */
const MOUNT_VOLUMES = [
  'set -e',
  'while [ $# -ge 3 ]; do',
  '  s="$1"; t="$2"; ro="$3"; shift 3',
  '  if mountpoint -q "$t" 2>/dev/null; then continue; fi',
  '  if [ -d "$s" ]; then mkdir -p "$t"; elif [ ! -e "$t" ]; then mkdir -p "$(dirname "$t")"; : > "$t"; fi',
  '  mount --bind "$s" "$t"',
  '  if [ "$ro" = ro ]; then mount -o remount,bind,ro "$t"; fi',
  'done',
].join('\n');

/**
 * A pod's sandbox: one network, PID, IPC, UTS and mount namespace shared by all its containers,
 * held by a pause process (`sleep infinity` as PID 1 of the pod). The hostname is the pod's (hosts-file.ts);
 * a veth pair joins the pod's `eth0` (its pod IP) to the node's bridge. Containers enter it with
 * nsenter; killing the pause process ends the namespaces, and with them the veth pair.
 */
export class PodSandbox {
  private destroyed = false;

  private constructor(
    /** The pause process: PID 1 of the pod's PID namespace, seen from the host. */
    readonly holder: ContainerProcess,
    readonly ip: string,
    readonly hostVeth: string,
  ) {}

  /**
   * `files`: what to mount on the pod's /etc/hosts (hosts-file.ts) and /etc/resolv.conf (pod-dns.ts),
   * if anything. `hostNetwork`: the pod keeps the node's network and hostname; `ip` is the node's.
   */
  static async create(network: NodeNetwork, hostname: string, uid: string, ip: string, files: { hosts?: string; resolvConf?: string } = {}, hostNetwork = false): Promise<PodSandbox> {
    const hostVeth = hostNetwork ? '' : `bsn${shortHash(uid)}`;
    const mountable = (f: string | undefined): string => (f !== undefined && findExecutable('mount') !== undefined ? f : '');
    // One process from the agent for the whole sandbox: a spawn forks the agent (a large process,
    // maybe sharing its loop with the control plane), so it costs more than the tools it runs.
    const hostNet = openSync('/proc/self/ns/net', 'r');
    let unshare: ChildProcess;
    try {
      const script = hostNetwork
        ? ['--pid', '--ipc', '--mount', '--fork', '--mount-proc', '--kill-child', 'sh', '-c', HOST_NETWORK_INIT, 'sh', mountable(files.resolvConf)]
        : ['--pid', '--uts', '--ipc', '--net', '--mount', '--fork', '--mount-proc', '--kill-child', 'sh', '-c', SANDBOX_INIT, 'sh', hostVeth, network.bridge, hostname, mountable(files.hosts), mountable(files.resolvConf)];
      unshare = spawn('unshare', script, { stdio: ['pipe', 'pipe', 'pipe', hostNet], detached: true });
    } finally {
      closeSync(hostNet); // the child has its copy
    }
    const ready = new Promise<void>((resolve, reject) => {
      let out = '';
      let err = '';
      unshare.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()).includes('ready\n') && resolve());
      unshare.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
      unshare.once('error', reject);
      unshare.once('exit', (code) => reject(new Error(`the pod sandbox did not start (exit ${code}): ${err.trim()}`)));
      // A tool that hangs must not hold the pod forever: the next sync tries a new sandbox.
      setTimeout(() => reject(new Error(`the pod sandbox did not start within ${SANDBOX_START_MS / 1000} s: ${err.trim()}`)), SANDBOX_START_MS).unref();
    });
    unshare.stdin!.on('error', () => undefined); // a script that failed early closes its stdin
    unshare.stdin!.end(hostNetwork ? '' : ['link set lo up', `addr add ${ip}/${network.prefix} dev eth0`, 'link set eth0 up', `route add default via ${network.gateway}`].join('\n'));
    let holder: ContainerProcess | undefined;
    try {
      await ready;
      const pid = childOf(unshare.pid!);
      holder = pid === undefined ? undefined : adoptProcess(pid, processStartTicks(pid));
      if (holder === undefined) throw new Error('the pod sandbox did not start: its pause process is gone');
    } catch (error) {
      try {
        process.kill(-unshare.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      if (hostVeth !== '') mustRunHost('ip', ['link', 'del', hostVeth], ['Cannot find device']);
      throw error;
    } finally {
      unshare.removeAllListeners('exit');
      unshare.stdout!.destroy();
      unshare.stderr!.destroy();
      unshare.unref();
    }
    return new PodSandbox(holder, ip, hostVeth);
  }

  /** Finds the sandbox an earlier agent run left, if its pause process still lives. */
  static adopt(saved: SavedSandbox): PodSandbox | undefined {
    if (!namespacesHeld(saved.holder)) return undefined;
    const holder = adoptProcess(saved.holder, saved.holderTicks);
    return holder === undefined ? undefined : new PodSandbox(holder, saved.ip, saved.hostVeth);
  }

  /** Kills a sandbox an earlier run left behind for a pod that is no longer ours. */
  static destroySaved(saved: SavedSandbox): void {
    PodSandbox.adopt(saved)?.destroy();
  }

  saved(): SavedSandbox {
    return { holder: this.holder.pid, ...(this.holder.startTicks === undefined ? {} : { holderTicks: this.holder.startTicks }), ip: this.ip, hostVeth: this.hostVeth };
  }

  /** The argv that runs `executable argv…` inside the sandbox. */
  enter(executable: string, argv: readonly string[], cwd: string | undefined, user: RunAs = {}): { executable: string; argv: string[] } {
    const nsenter = findExecutable('nsenter') ?? 'nsenter';
    const ids = [...(user.gid === undefined ? [] : ['-G', String(user.gid)]), ...(user.uid === undefined ? [] : ['-S', String(user.uid)])];
    return {
      executable: nsenter,
      argv: ['nsenter', '-t', String(this.holder.pid), '-p', '-u', '-i', '-n', '-m', ...ids, ...(cwd ? [`--wd=${cwd}`] : []), '--', executable, ...argv.slice(1)],
    };
  }

  /**
   * Makes `binds` in the pod's mount namespace, private to the pod: the node's own tree is never
   * changed, except that a target missing on the node is created there (an empty directory, or an
   * empty file for a file), since a bind mount needs one. A target already mounted is left as it
   * is: a restarting container, or a sandbox adopted by a restarted agent, finds its volumes there.
   */
  mount(binds: readonly VolumeBind[]): Promise<void> {
    if (binds.length === 0) return Promise.resolve();
    const args = binds.flatMap((b) => [b.source, b.target, b.readOnly ? 'ro' : 'rw']);
    return new Promise((resolve, reject) => {
      const nsenter = findExecutable('nsenter') ?? 'nsenter';
      execFile(nsenter, ['-t', String(this.holder.pid), '-m', '--', 'sh', '-c', MOUNT_VOLUMES, 'sh', ...args], { encoding: 'utf8' }, (error, _stdout, stderr) => {
        if (error) reject(new VolumeError(`mounting the pod's volumes failed: ${(stderr || error.message).trim()}`));
        else resolve();
      });
    });
  }

  /** Whether the pause process, and so the pod's namespaces, still exist. */
  get alive(): boolean {
    return !this.destroyed && processStartTicks(this.holder.pid) === this.holder.startTicks && namespacesHeld(this.holder.pid);
  }

  /**
   * Ends the namespaces (all processes in the pod's PID namespace die with its PID 1) and the veth
   * pair. Once only: a second call must not signal a pid the system has since given to someone else.
   */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (processStartTicks(this.holder.pid) === this.holder.startTicks) {
      try {
        process.kill(this.holder.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (this.hostVeth !== '') mustRunHost('ip', ['link', 'del', this.hostVeth], ['Cannot find device']);
  }
}
