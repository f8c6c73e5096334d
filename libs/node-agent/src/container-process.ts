import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { findExecutable } from './image-map';

/** How a container's process ended. `signal` is set when a signal killed it (exit code 128 + n, as a shell reports). */
export interface ProcessExit {
  readonly exitCode: number;
  readonly signal?: string;
}

/** A container's process: the leader of its own process group, so that signals reach its children too. */
export interface ContainerProcess {
  readonly pid: number;
  /** The kernel's start time of the process (clock ticks since boot), to tell a pid from a reused one. */
  readonly startTicks: number | undefined;
  readonly exited: Promise<ProcessExit>;
  /** Signals the whole process group; no-op once it is gone. */
  signal(signal: NodeJS.Signals): void;
  /**
   * Signals the container's own process only, as a container runtime signals a container's PID 1
   * (its children are its business): the command itself, or nsenter's child when nsenter put it
   * into its pod's namespaces — nsenter would die of the signal at once, and the container with it,
   * before the command had run its handler.
   */
  signalMain(signal: NodeJS.Signals): void;
}

export interface StartOptions {
  readonly executable: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** The file both stdout and stderr are appended to. */
  readonly logFile: string;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };

/**
 * The start time of a live `pid` from /proc (field 22 of stat); undefined where there is no /proc,
 * no such process, or only its zombie.
 */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : Number(fields[19]);
  } catch {
    return undefined;
  }
}

/** A child of `pid` (the first the kernel lists), or undefined. */
export function childOf(pid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    if (children.length > 0) return Number(children[0]);
  } catch {
    // no children file on this kernel: scan
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

function signalMain(pid: number, signal: NodeJS.Signals): void {
  let target = pid;
  try {
    if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'nsenter') target = childOf(pid) ?? pid;
  } catch {
    // no /proc, or gone: the pid itself
  }
  try {
    process.kill(target, signal);
  } catch {
    // already gone
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Starts a container's process in its own session (detached), its output appended to its log file. */
export function startProcess(options: StartOptions): Promise<ContainerProcess> {
  const log = openSync(options.logFile, 'a');
  try {
    const child = spawn(options.executable, options.argv.slice(1), {
      argv0: options.argv[0],
      env: { ...options.env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: ['ignore', log, log],
      detached: true,
    });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => {
        const pid = child.pid!;
        const exited = new Promise<ProcessExit>((done) =>
          child.once('exit', (code, signal) => done(signal ? { exitCode: 128 + (SIGNALS[signal] ?? 0), signal } : { exitCode: code ?? 0 })),
        );
        // The agent may stop before its pods: it must not wait for them to exit.
        child.unref();
        resolve({ pid, startTicks: processStartTicks(pid), exited, signal: (s) => signalGroup(pid, s), signalMain: (s) => signalMain(pid, s) });
      });
    });
  } finally {
    closeSync(log);
  }
}

type Run = { readonly executable: string; readonly argv: readonly string[]; readonly cwd?: string };

/** A word for `sh -c`, quoted. */
export const shellWord = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * A container with `stdin: true` reads a FIFO (`fifo`, made here) that `kubectl attach` writes to,
 * opened by a shell that then becomes the container's command — so it outlives the agent like the
 * rest of the container. `stdinOnce` (what `kubectl run -i` sets): opened for reading only, so the
 * command starts at the first attach and sees end-of-file when that attach closes its stdin.
 * Otherwise opened read-write: the command never sees end-of-file, and attaches come and go.
 */
export function withStdin(run: Run, fifo: string, once: boolean): Run {
  if (!existsSync(fifo)) execFileSync('mkfifo', ['-m', '600', fifo]);
  const sh = findExecutable('sh') ?? '/bin/sh';
  return { executable: sh, argv: ['sh', '-c', `exec "$@" ${once ? '<' : '<>'} "$0"`, fifo, run.executable, ...run.argv.slice(1)], ...(run.cwd ? { cwd: run.cwd } : {}) };
}

/**
 * A terminal for a command (a container with `tty: true` and stdin, `kubectl exec -t`): util-linux
 * `script` gives it one, fed from stdin, written to stdout, set to `size` before the command starts
 * (a program that reads its size at once sees it). Wrapped before the pod's namespaces are entered,
 * so that the terminal's session lives in the pod's PID namespace: an interactive shell that exits
 * hands the terminal back to a process group it can see (else `sh` fails its exit with "Cannot set
 * tty process group").
 */
export function inTerminal(executable: string, argv: readonly string[], size?: { cols: number; rows: number }): { executable: string; argv: string[] } {
  const script = findExecutable('script');
  if (script === undefined) return { executable, argv: [...argv] };
  const command = `exec ${[executable, ...argv.slice(1)].map(shellWord).join(' ')}`;
  const sized = size === undefined ? command : `stty rows ${size.rows} cols ${size.cols} 2>/dev/null; ${command}`;
  return { executable: script, argv: ['script', '-q', '-e', '-f', '-c', sized, '/dev/null'] };
}

/**
 * A process started by an earlier run of the agent, found alive again: it is not our child, so its
 * end is noticed by polling and its exit code is unknown (reported as 137, killed).
 */
export function adoptProcess(pid: number, startTicks: number | undefined, pollMs = 250): ContainerProcess | undefined {
  const alive = (): boolean => {
    const now = processStartTicks(pid);
    if (now === undefined) return false;
    return startTicks === undefined || now === startTicks;
  };
  if (!alive()) return undefined;
  const exited = new Promise<ProcessExit>((done) => {
    const timer = setInterval(() => {
      if (alive()) return;
      clearInterval(timer);
      done({ exitCode: 137, signal: 'SIGKILL' });
    }, pollMs);
    timer.unref();
  });
  // Signals only while it is still that process: its pid may be reused once it is gone.
  return { pid, startTicks, exited, signal: (s) => alive() && signalGroup(pid, s), signalMain: (s) => alive() && signalMain(pid, s) };
}
