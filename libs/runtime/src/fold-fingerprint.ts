import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The runtime's files that take part in the fold, beside the machines of libs/objects. */
const RUNTIME_FOLD = ['cluster-state', 'envelope', 'kube-events', 'ring'];

let cached: string | undefined;

/**
 * A hash of the code that folds events into a state: the machines (libs/objects) and the
 * projection (ClusterState and what it derives). A snapshot records it, and is used only by the same
 * code: a state folded by another Bosun could differ from what this one folds from the log, and
 * nothing else would tell. Read from the files this process runs (compiled or not), once.
 */
export function foldFingerprint(): string {
  if (cached !== undefined) return cached;
  const hash = createHash('sha256');
  const objects = join(__dirname, '..', '..', 'objects', 'src');
  const files = [...sourceFiles(objects), ...sourceFiles(__dirname).filter((f) => RUNTIME_FOLD.some((name) => f.startsWith(join(__dirname, `${name}.`))))];
  for (const file of files.sort()) {
    hash.update(relative(join(__dirname, '..', '..'), file));
    hash.update(readFileSync(file));
  }
  cached = hash.digest('hex').slice(0, 16);
  return cached;
}

/** Code files under `dir`, without tests, their helpers, declarations and source maps. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testing') out.push(...sourceFiles(path));
    } else if (/\.(js|ts)$/.test(entry.name) && !/\.(spec|int-spec|property\.spec)\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}
