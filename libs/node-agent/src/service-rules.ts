import { ipv4ToNumber, isIpv4, parseIpv4Cidr } from '@bosun/api';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, writeFileSync } from 'node:fs';
import { mustRunHostAsync, runHost } from './host-command';
import { findExecutable } from './image-map';
import type { ProxyTarget } from './service-proxy';

/** One service port the kernel forwards: clusterIP:port/protocol to its ready pod endpoints. */
export interface ServiceRule {
  readonly protocol: 'TCP' | 'UDP';
  readonly clusterIP: string;
  readonly port: number;
  readonly targets: readonly ProxyTarget[];
}

/** The node's pod network, as the rules need it. */
export interface RulesNetwork {
  /** This node's pod bridge: its table carries its name, and its pods' hairpin traffic is masqueraded. */
  readonly bridge: string;
  readonly podCidr: string;
  /** Every node's pods (10.244.0.0/16): only endpoints in it are forwarded by the kernel. */
  readonly podRange: string;
  readonly serviceCidr: string;
}

/** Every agent's table is named `bosun-<its bridge>-<its pid>`: a table whose agent died is found by its pid. */
const TABLE = /^bosun-(bsn-br-[0-9a-f]+)-(\d+)$/;

export const tableName = (bridge: string, pid = process.pid): string => `bosun-${bridge}-${pid}`;

/** Whether every target is a pod address, so that a DNAT to it stays on this machine's bridges. */
export function inPodRange(targets: readonly ProxyTarget[], podRange: string): boolean {
  const range = parseIpv4Cidr(podRange);
  return targets.every((t) => isIpv4(t.host) && ipv4ToNumber(t.host) >= range.first && ipv4ToNumber(t.host) <= range.last);
}

/**
 * The nftables script for one agent's table (kube-proxy's nftables mode, reduced to cluster IPs):
 * - `services`: per service port, a DNAT to one of its ready endpoints (numgen random: uniform, and
 *   conntrack pins each connection or UDP flow to the endpoint chosen), counting what it sends;
 * - `output` sends the host's own connections through it, `prerouting` those of pods (any agent's
 *   bridge);
 * - `postrouting` masquerades a pod's service connection that lands on its own bridge: the endpoint
 *   answers the node, not the client directly (which expects the cluster IP), and a pod reaching
 *   itself through its service would drop its own address as a martian source;
 * - `forward` drops whatever a pod bridge would forward off the pod bridges: forwarding is enabled on
 *   the bridges for the DNAT, and must not make the machine a router for the pods (BRIEF §6).
 * The script replaces the table in one transaction, so packets see the old rules or the new ones.
 */
export function rulesScript(table: string, network: RulesNetwork, rules: readonly ServiceRule[]): string {
  const lines = rules
    .filter((r) => r.targets.length > 0)
    .map((r) => {
      const match = `ip daddr ${r.clusterIP} ${r.protocol.toLowerCase()} dport ${r.port} counter`;
      if (r.targets.length === 1) return `    ${match} dnat to ${r.targets[0].host}:${r.targets[0].port}`;
      const map = r.targets.map((t, i) => `${i} : ${t.host} . ${t.port}`).join(', ');
      return `    ${match} dnat ip to numgen random mod ${r.targets.length} map { ${map} }`;
    });
  return [
    `table ip ${table} {}`,
    `delete table ip ${table}`,
    `table ip ${table} {`,
    '  chain services {',
    ...lines,
    '  }',
    '  chain output {',
    '    type nat hook output priority -100; policy accept;',
    `    ip daddr ${network.serviceCidr} jump services`,
    '  }',
    '  chain prerouting {',
    '    type nat hook prerouting priority dstnat; policy accept;',
    `    iifname "bsn-br-*" ip daddr ${network.serviceCidr} jump services`,
    '  }',
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    `    oifname "${network.bridge}" ip saddr ${network.podCidr} ct status dnat masquerade`,
    '  }',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    '    iifname "bsn-br-*" oifname != "bsn-br-*" counter drop',
    '  }',
    '}',
    '',
  ].join('\n');
}

const forwardingPath = (bridge: string): string => `/proc/sys/net/ipv4/conf/${bridge}/forwarding`;

/** Sets IPv4 forwarding for packets received on one interface (the host's global switch stays as it is). */
function setForwarding(bridge: string, on: boolean): void {
  const path = forwardingPath(bridge);
  if (existsSync(path)) writeFileSync(path, on ? '1' : '0');
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The kernel half of the service proxy: nftables rules that DNAT connections to cluster IPs
 * straight to a ready endpoint, so the bytes never pass through the agent. The userspace relays stay
 * behind them for what the rules do not cover: a service with no ready endpoint (refused by the
 * relay), endpoints outside the pod range, nodePorts on the node's address.
 */
export class ServiceRules {
  private readonly table: string;
  private applied = '';
  private started = false;

  constructor(
    private readonly network: RulesNetwork,
    private readonly log: (message: string) => void,
  ) {
    this.table = tableName(network.bridge);
  }

  /** Whether this machine can hold the rules: root and the nft tool. */
  static available(): boolean {
    return process.getuid?.() === 0 && findExecutable('nft') !== undefined;
  }

  /** Installs the table (with its forward filter), then lets the bridge forward. */
  async start(): Promise<void> {
    await this.reapDead();
    await this.write(rulesScript(this.table, this.network, []));
    setForwarding(this.network.bridge, true);
    this.started = true;
  }

  /** Replaces the service rules if they changed. */
  async apply(rules: readonly ServiceRule[]): Promise<void> {
    if (!this.started) return;
    await this.write(rulesScript(this.table, this.network, rules));
  }

  /** The bridge stops forwarding before its filter goes. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    setForwarding(this.network.bridge, false);
    runHost('nft', ['delete', 'table', 'ip', this.table]);
  }

  /**
   * Removes the tables of agents that died without removing them (kill -9): their rules would still
   * send new connections to the endpoints of their last view. Their bridge stops forwarding first.
   * An earlier run of this agent (same bridge, another pid) is one of them.
   */
  async reapDead(): Promise<void> {
    for (const table of await bosunTables()) {
      const [, bridge, pid] = TABLE.exec(table)!;
      if (table === this.table || (alive(Number(pid)) && bridge !== this.network.bridge)) continue;
      setForwarding(bridge, false);
      if (runHost('nft', ['delete', 'table', 'ip', table]).ok) this.log(`service proxy: removed ${table}, the rules of an agent that is gone`);
    }
  }

  private async write(script: string): Promise<void> {
    if (script === this.applied) return;
    await mustRunHostAsync('nft', ['-f', '-'], script);
    this.applied = script;
  }
}

/** The agents' tables on this machine. */
export async function bosunTables(): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)('nft', ['list', 'tables', 'ip'], { encoding: 'utf8' });
    return stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[2])
      .filter((name): name is string => name !== undefined && TABLE.test(name));
  } catch {
    return [];
  }
}
