import { execFile, spawnSync } from 'node:child_process';

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

/**
 * mustRunHost without blocking: the agent shares its event loop with the gateway and the actor host
 * in `bosun up`, so the commands that build a sandbox must not stall them. `input` goes to stdin
 * (for `ip -batch -`, several changes in one process).
 */
export function mustRunHostAsync(command: string, args: readonly string[], input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { encoding: 'utf8' }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${(stderr || error.message).trim()}`));
      else resolve();
    });
    // A tool that exits without reading its input closes the pipe: that EPIPE is not our error.
    child.stdin?.on('error', () => undefined);
    if (input === undefined) child.stdin?.end();
    else child.stdin?.end(input);
  });
}
