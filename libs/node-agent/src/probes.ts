import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ProbeResult {
  readonly ok: boolean;
  readonly message?: string;
}

export interface ProbeContext {
  /** The pod's IP: where httpGet and tcpSocket go unless the probe names a host. */
  readonly podIP: string;
  readonly container: Anything;
  readonly env: Readonly<Record<string, string>>;
  /** How a command enters the container (the pod's namespaces): exec probes run there, as the kubelet's do. */
  readonly enter?: (argv: readonly string[]) => { executable: string; argv: string[] };
}

/** A probe's port: a number, or the name of one of the container's ports. */
function portOf(port: unknown, container: Anything): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  return ((container.ports ?? []) as Anything[]).find((p) => p.name === port)?.containerPort;
}

/** Runs one probe once, as the kubelet does: exec (exit 0), httpGet (200–399) or tcpSocket (connects). */
export function runProbe(probe: Anything, context: ProbeContext): Promise<ProbeResult> {
  const timeoutMs = Number(probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec?.command?.length) {
    return new Promise((resolve) => {
      const command = probe.exec.command as string[];
      const run = context.enter?.(command) ?? { executable: command[0], argv: command };
      const child = spawn(run.executable, run.argv.slice(1), { argv0: run.argv[0], env: { ...context.env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.once('error', (error) => resolve({ ok: false, message: error.message }));
      child.once('close', (code, signal) =>
        resolve(code === 0 ? { ok: true } : { ok: false, message: signal ? `command timed out after ${timeoutMs / 1000}s` : `command exited with ${code}: ${output.trim().slice(0, 200)}` }),
      );
    });
  }
  const port = portOf(probe.httpGet?.port ?? probe.tcpSocket?.port, context.container);
  if (probe.httpGet) {
    if (port === undefined) return Promise.resolve({ ok: false, message: `port ${String(probe.httpGet.port)} not found` });
    const host = probe.httpGet.host ?? context.podIP;
    const path = probe.httpGet.path ?? '/';
    const headers = Object.fromEntries(((probe.httpGet.httpHeaders ?? []) as Anything[]).map((h) => [h.name, h.value]));
    return new Promise((resolve) => {
      const req = request({ host, port, path, method: 'GET', headers: { 'user-agent': 'kube-probe/1.31', ...headers }, timeout: timeoutMs }, (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        resolve(code >= 200 && code < 400 ? { ok: true } : { ok: false, message: `HTTP probe failed with statuscode: ${code}` });
      });
      req.once('timeout', () => req.destroy(new Error(`Get "http://${host}:${port}${path}": context deadline exceeded`)));
      req.once('error', (error) => resolve({ ok: false, message: error.message }));
      req.end();
    });
  }
  if (probe.tcpSocket) {
    if (port === undefined) return Promise.resolve({ ok: false, message: `port ${String(probe.tcpSocket.port)} not found` });
    const host = probe.tcpSocket.host ?? context.podIP;
    return new Promise((resolve) => {
      const socket = connect({ host, port, timeout: timeoutMs });
      socket.once('connect', () => {
        socket.destroy();
        resolve({ ok: true });
      });
      socket.once('timeout', () => socket.destroy(new Error(`dial tcp ${host}:${port}: i/o timeout`)));
      socket.once('error', (error) => resolve({ ok: false, message: error.message }));
    });
  }
  return Promise.resolve({ ok: false, message: 'probe has no handler this node supports (exec, httpGet, tcpSocket)' });
}

/**
 * Runs a lifecycle hook (postStart, preStop) once: exec and httpGet as a probe runs them, bounded by
 * `timeoutMs` (the grace period); `sleep` waits its seconds. tcpSocket hooks are deprecated and, as
 * in Kubernetes, do nothing.
 */
export async function runHook(hook: Anything, context: ProbeContext, timeoutMs: number): Promise<ProbeResult> {
  if (hook.sleep !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(Number(hook.sleep.seconds ?? 0) * 1000, timeoutMs)).unref());
    return { ok: true };
  }
  if (hook.exec === undefined && hook.httpGet === undefined) return { ok: true };
  return runProbe({ ...hook, timeoutSeconds: timeoutMs / 1000 }, context);
}

/**
 * A probe run every periodSeconds after initialDelaySeconds; the verdict flips after
 * successThreshold successes or failureThreshold failures in a row, and `onChange` hears of it.
 */
export class ProbeLoop {
  private timer: NodeJS.Timeout | undefined;
  private successes = 0;
  private failures = 0;
  private stopped = false;
  /** The current verdict: undefined until the probe has decided once. */
  healthy: boolean | undefined;
  lastMessage: string | undefined;

  constructor(
    private readonly probe: Anything,
    private readonly context: ProbeContext,
    private readonly onChange: (healthy: boolean, message: string | undefined) => void,
  ) {
    this.schedule(Number(probe.initialDelaySeconds ?? 0) * 1000);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const result = await runProbe(this.probe, this.context);
    if (this.stopped) return;
    this.lastMessage = result.message;
    if (result.ok) {
      this.failures = 0;
      this.successes++;
      if (this.healthy !== true && this.successes >= Number(this.probe.successThreshold ?? 1)) this.flip(true);
    } else {
      this.successes = 0;
      this.failures++;
      if (this.healthy !== false && this.failures >= Number(this.probe.failureThreshold ?? 3)) this.flip(false);
    }
    this.schedule(Number(this.probe.periodSeconds ?? 10) * 1000);
  }

  private flip(healthy: boolean): void {
    this.healthy = healthy;
    this.onChange(healthy, this.lastMessage);
  }
}
