import { execFileSync } from 'node:child_process';

/**
 * Bosun's marks on this machine's network: its links (bridges and veths, `bsn…`), black-hole routes,
 * the service addresses on `lo` and the service proxies' nftables tables (`bosun-…`). A suite compares them before and after: what a node agent leaves
 * behind when it stops is a leak.
 */
export function networkTraces(): string[] {
  const run = (args: string[]): string[] => execFileSync('ip', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
  return [
    ...run(['-o', 'link', 'show']).filter((l) => /: bsn/.test(l)).map((l) => l.split(':')[1].trim().split('@')[0]),
    ...run(['route', 'show', 'type', 'blackhole']),
    ...run(['-o', 'addr', 'show', 'dev', 'lo']).filter((l) => / inet 10\./.test(l)).map((l) => l.split(/\s+/)[3]),
    ...nftTables(),
  ].sort();
}

function nftTables(): string[] {
  try {
    return execFileSync('nft', ['list', 'tables', 'ip'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => / bosun-/.test(l))
      .map((l) => l.trim());
  } catch {
    return []; // no nft here: the proxy writes no rules either
  }
}
