import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_HEAP_FLAGS } from '../../apps/cli/src/fold-heap';
import { killHard, spawnLines, type LineChild } from './child-process';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..');

/** `bosun up` as the README starts it (built, in its heap), on a fresh data directory and a free port. */
export interface BosunUnderTest {
  readonly child: LineChild;
  readonly dataDir: string;
  readonly url: string;
  readonly kubeconfig: string;
  /** Runs the real kubectl against it, with its own discovery cache. */
  kubectl(args: readonly string[], input?: string): { code: number; stdout: string; stderr: string };
  /** Runs the real kubectl and gives its stdout; throws with its stderr if it fails. */
  ok(args: readonly string[], input?: string): string;
  /** Runs the real kubectl, which must fail, and gives its stderr; throws with its stdout if it succeeds. */
  fails(args: readonly string[], input?: string): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * `bosun up` for the tests of one describe block: started before them (startBosun on a fresh data
 * directory and a free port, with `extraArgs` — a function is called then), stopped after them. Its
 * members reach the server once it runs, so a suite may take `ok` and `fails` from it at once.
 */
export function bosunForSuite(extraArgs: readonly string[] | (() => readonly string[]) = []): BosunUnderTest {
  let started: BosunUnderTest | undefined;
  beforeAll(async () => {
    started = await startBosun(undefined, 0, typeof extraArgs === 'function' ? extraArgs() : extraArgs);
  });
  afterAll(async () => {
    await started?.stop();
  });
  const now = (): BosunUnderTest => {
    if (started === undefined) throw new Error("bosun up is not running: use the suite's server in its tests and hooks");
    return started;
  };
  return {
    get child() {
      return now().child;
    },
    get dataDir() {
      return now().dataDir;
    },
    get url() {
      return now().url;
    },
    get kubeconfig() {
      return now().kubeconfig;
    },
    kubectl: (args, input) => now().kubectl(args, input),
    ok: (args, input) => now().ok(args, input),
    fails: (args, input) => now().fails(args, input),
    stop: (signal) => now().stop(signal),
  };
}

export async function startBosun(
  dataDir = mkdtempSync(join(tmpdir(), 'bosun-e2e-')),
  port = 0,
  extraArgs: readonly string[] = [],
): Promise<BosunUnderTest> {
  // The API suites run no local node agent unless they ask for one: their pods must not become processes.
  // A local agent's pods get cluster DNS; the names they ask about outside the cluster are not passed
  // on to this machine's resolver (tests make no traffic beyond this machine).
  const agent = extraArgs.includes('--node-agent') ? (extraArgs.includes('--pod-dns-upstream') ? [] : ['--pod-dns-upstream', 'none']) : ['--node-agent', 'none'];
  const child = spawnLines(process.execPath, [...SERVER_HEAP_FLAGS, join(ROOT, 'bin', 'bosun'), 'up', '--data-dir', dataDir, '--port', String(port), ...agent, ...extraArgs]);
  // Generous: on a fresh Kafka the first group joins of a run can take a while. Shorter than the
  // suites' hook timeouts (120 s and more), so a start that hangs reports what it printed.
  const line = await waitFor(
    'bosun up to print its API address',
    () => {
      const found = child.lines.find((l) => l.includes('Kubernetes API at '));
      if (found === undefined) throw new Error(`stdout so far: ${JSON.stringify(child.lines)}; stderr: ${child.stderr()}`);
      return found;
    },
    90_000,
  ).catch(async (error: unknown) => {
    await killHard(child);
    throw error;
  });
  const url = line.slice(line.indexOf('http'));
  const kubeconfig = join(dataDir, 'kubeconfig');
  const cache = mkdtempSync(join(tmpdir(), 'bosun-kubectl-cache-'));
  const kubectl: BosunUnderTest['kubectl'] = (args, input) => {
    const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cache, ...args], {
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    child,
    dataDir,
    url,
    kubeconfig,
    kubectl,
    ok(args, input) {
      const r = kubectl(args, input);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
      return r.stdout;
    },
    fails(args, input) {
      const r = kubectl(args, input);
      if (r.code === 0) throw new Error(`kubectl ${args.join(' ')} succeeded, expected it to fail: ${r.stdout}`);
      return r.stderr;
    },
    async stop(signal = 'SIGINT') {
      if (child.process.exitCode !== null) return child.process.exitCode;
      child.process.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([child.exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 20_000)))]);
      clearTimeout(timer); // or Jest waits for it after the last test
      if (code === 'timeout') {
        await killHard(child);
        throw new Error('bosun did not stop within 20 s of the signal');
      }
      return code;
    },
  };
}
