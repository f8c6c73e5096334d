import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child process whose stdout lines are collected as they arrive. */
export interface LineChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  /** The stderr text so far, for failure messages. */
  stderr(): string;
}

export function spawnLines(command: string, args: readonly string[]): LineChild {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, lines, exited, stderr: () => stderr };
}

/** SIGKILLs the child (no clean-up of its own can run) and waits until it is gone. */
export async function killHard(child: LineChild): Promise<void> {
  if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  await child.exited;
}
