import { spawnSync } from 'node:child_process';

/** Runs a host tool (`ip`, `nsenter`) to the end: whether it succeeded, and what it said if not. */
export function runHost(command: string, args: readonly string[]): { ok: boolean; error: string } {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return { ok: r.status === 0, error: r.status === 0 ? '' : (r.stderr || r.error?.message || `exit ${r.status}`).trim() };
}

/** Like runHost, but throws with the tool's message, except for the messages `tolerate` lists (e.g. "File exists"). */
export function mustRunHost(command: string, args: readonly string[], tolerate: readonly string[] = []): void {
  const r = runHost(command, args);
  if (!r.ok && !tolerate.some((t) => r.error.includes(t))) throw new Error(`${command} ${args.join(' ')}: ${r.error}`);
}
