import { spawn } from 'node:child_process';

/**
 * The verbs that fold the log build a state of 100,000s of objects that all survive, out of millions
 * of short-lived ones (the decoded events). With V8's default heap — a semi-space of at most 16 MB,
 * and an old generation that starts small — a `bosun replay` of the 1,000,000-event bench spent
 * about a third of its time collecting garbage: scavenges copying what survives, and two or three
 * mark-compacts of the whole state as the old generation grew. A 64 MB semi-space scavenges less
 * often (the decoded events are dead by then), and a 512 MB initial old generation puts off the
 * first mark-compact until the state is that large. V8 sizes its heap when the process starts
 * (v8.setFlagsFromString cannot resize it), so the CLI runs itself again with these flags.
 */
export const FOLD_HEAP_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--initial-old-space-size=512'];

/**
 * The node flags `bosun up` is started with (bin/bosun's first line, `npm start`, docker-compose.yml;
 * a spec holds them to this list). A server folds the log it finds at start as the fold verbs do,
 * then lives on the same allocation pattern — each command's records, parsed and dropped: a 64 MB
 * semi-space scavenges a quarter as often as node's 16 MB default. bench:actors measures the
 * commands and the fold at start in a node with these, as bosun up runs them.
 */
export const SERVER_HEAP_FLAGS: readonly string[] = ['--max-semi-space-size=64'];

/** The verbs that fold a large part of the log and then exit (tail follows the log: it is not one). */
const FOLDING_VERBS = new Set(['replay', 'history', 'explain', 'diff', 'what-if', 'snapshot']);

/** The fold flags not already set (by name) among `given`: a flag the user set is kept. */
export function missingFoldFlags(given: readonly string[]): string[] {
  return FOLD_HEAP_FLAGS.filter((flag) => !given.some((a) => a.split('=')[0] === flag.split('=')[0]));
}

/**
 * Runs this command again in a node with FOLD_HEAP_FLAGS, when the verb folds the log and some of
 * them are not there yet; resolves with its exit code. Undefined when the command is to run here:
 * another verb, the flags already given (by bin/bosun, or in NODE_OPTIONS: the user's choice is
 * kept), or an inspector attached (a second process could not open the same port).
 */
export function inFoldHeap(argv: readonly string[]): Promise<number> | undefined {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const missing = missingFoldFlags(given);
  if (!FOLDING_VERBS.has(argv[0] ?? '') || missing.length === 0 || given.some((a) => a.startsWith('--inspect'))) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...missing, process.argv[1], ...argv], { stdio: 'inherit' });
  // The terminal's Ctrl-C reaches both processes; a signal sent to this one alone is passed on.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  for (const s of signals) process.on(s, forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      // Ended by a signal: end this process the same way, so the shell sees what happened.
      if (signal !== null) process.kill(process.pid, signal);
      else resolve(code ?? 1);
    });
  });
}
