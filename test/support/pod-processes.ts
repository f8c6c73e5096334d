import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Pids of the container processes whose command line holds `tag` — not counting the nsenter that
 * starts a sandboxed container's process inside its pod (it is a wrapper, not the container).
 */
export function podProcesses(tag: string): number[] {
  let pids: number[];
  try {
    pids = execFileSync('pgrep', ['-f', tag], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'nsenter';
    } catch {
      return false; // gone meanwhile
    }
  });
}
