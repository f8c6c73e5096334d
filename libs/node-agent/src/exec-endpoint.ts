import { spawn } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { EventEmitter } from 'node:events';
import { connection as spdyConnection } from 'spdy-transport';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PodWorker } from './pod-worker';
import { acceptGenericStreams, type SpdyStream } from './port-forward-endpoint';
import { refuse } from './upgrade-refusal';

/**
 * Kubernetes' stream protocols for exec over WebSocket, newest first: each binary message starts
 * with its channel — 0 stdin, 1 stdout, 2 stderr, 3 the outcome (a Status), 4 terminal resize; v5
 * adds 255, `[255, channel]` closing one (kubectl closes stdin so).
 */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
export const STDIN = 0;
export const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

type Spawnable = { executable: string; argv: string[]; env: Record<string, string>; cwd?: string };

/** The outcome on channel 3, as the kubelet words it (kubectl exits with the code it carries). */
export function execStatus(command: readonly string[], exitCode: number | null, signal: string | null, failure?: string): Record<string, unknown> {
  if (failure !== undefined) return { metadata: {}, status: 'Failure', message: failure, reason: 'InternalError', code: 500 };
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  const code = exitCode ?? 128 + (signal === 'SIGKILL' ? 9 : 15);
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** A terminal size from a resize message (`{"Width":…,"Height":…}`), if it is one. */
export function sizeOf(message: Buffer): { cols: number; rows: number } | undefined {
  try {
    const size = JSON.parse(message.toString('utf8')) as { Width?: unknown; Height?: unknown };
    const [cols, rows] = [Number(size.Width), Number(size.Height)];
    return Number.isInteger(cols) && Number.isInteger(rows) && cols > 0 && rows > 0 ? { cols, rows } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The terminal `script` gave the command: the pts the first process under `pid` (script itself, or
 * the namespaces' entry above it) has as stdin, if it has started.
 */
function terminalOf(pid: number, depth = 0): string | undefined {
  try {
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      const tty = readlinkSync(`/proc/${child}/fd/0`);
      if (tty.startsWith('/dev/pts/')) return tty;
      const below = depth < 3 ? terminalOf(Number(child), depth + 1) : undefined;
      if (below !== undefined) return below;
    }
  } catch {
    // gone, or not ours to read
  }
  return undefined;
}

/**
 * Applies a later resize to the command's terminal, as the kubelet does: the kernel tells the
 * command with SIGWINCH. Tried again for a moment if `script` has not made its terminal yet.
 * (`stty` sets rows, then columns: a command may see two SIGWINCH, the first with the old width.)
 */
export function resize(scriptPid: number | undefined, size: { cols: number; rows: number } | undefined, attempt = 0): void {
  if (scriptPid === undefined || size === undefined) return;
  const tty = terminalOf(scriptPid);
  if (tty !== undefined) spawn('stty', ['-F', tty, 'rows', String(size.rows), 'cols', String(size.cols)], { stdio: 'ignore' }).on('error', () => undefined);
  else if (attempt < 20) setTimeout(() => resize(scriptPid, size, attempt + 1), 25).unref();
}

/**
 * One exec session's streams, whatever carries them: `message` events are channel-prefixed buffers
 * as the WebSocket protocol frames them (stdin 0, resize 4, close 255), `close` when the client is
 * gone; `send` writes output on a channel, `finish` the outcome, ending the session.
 */
export interface ExecConnection {
  send(channel: number, data: Buffer | string): void;
  finish(status: Record<string, unknown>): void;
  readonly open: boolean;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'close', listener: () => void): void;
  off(event: 'message', listener: (data: Buffer) => void): void;
}

/** The WebSocket protocols (v5/v4.channel.k8s.io): the connection is the socket. */
export function overWebSocket(ws: WebSocket): ExecConnection {
  return {
    send: (channel, data) => send(ws, channel, data),
    finish: (status) => finish(ws, status),
    get open() {
      return ws.readyState === ws.OPEN;
    },
    on: (event: 'message' | 'close', listener: (data: Buffer) => void) => void ws.on(event, listener),
    off: (event, listener) => void ws.off(event, listener),
  };
}

/** The SPDY stream protocol the kubelet also serves, for clients that speak no WebSocket (client-go's NewSPDYExecutor). */
export const SPDY_EXEC_PROTOCOL = 'v4.channel.k8s.io';
const SPDY_STREAM_TIMEOUT_MS = 30_000;

/**
 * Exec and attach over SPDY/3.1 (`v4.channel.k8s.io`): the client opens one stream per channel, named by its
 * `streamType` header — error, and stdin, stdout, stderr (without a terminal), resize (with one)
 * as asked — and the command starts once they are all there. Input arrives as the WebSocket
 * protocol's messages; the outcome goes on the error stream as a Status, then every stream ends.
 */
export function overSpdy(req: IncomingMessage, socket: Duplex, head: Buffer, streams: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean }, ready: (connection: ExecConnection) => void): void {
  const offered = String(req.headers['x-stream-protocol-version'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(SPDY_EXEC_PROTOCOL)) return refuse(socket, 400, `unable to upgrade: no protocol in common (offered ${offered.join(', ') || 'none'}, served ${SPDY_EXEC_PROTOCOL})`);
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${SPDY_EXEC_PROTOCOL}\r\n\r\n`);
  if (head.length > 0) socket.unshift(head);
  const session = spdyConnection.create(socket, { protocol: 'spdy', isServer: true });
  acceptGenericStreams(session);
  session.start(3.1);
  session.on('error', () => socket.destroy());
  const expected = ['error', ...(streams.stdin ? ['stdin'] : []), ...(streams.stdout ? ['stdout'] : []), ...(streams.stderr && !streams.tty ? ['stderr'] : []), ...(streams.tty ? ['resize'] : [])];
  const got = new Map<string, SpdyStream>();
  const events = new EventEmitter();
  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    events.emit('close');
    socket.destroy();
  };
  socket.once('close', close);
  const timer = setTimeout(close, SPDY_STREAM_TIMEOUT_MS);
  const connection: ExecConnection = {
    send: (channel, data) => {
      const stream = got.get(channel === STDOUT ? 'stdout' : channel === STDERR ? 'stderr' : '');
      if (open && stream?.writable) stream.write(data);
    },
    finish: (status) => {
      for (const type of ['stdout', 'stderr']) got.get(type)?.end();
      const error = got.get('error');
      if (error?.writable) error.end(JSON.stringify(status));
      // The client closes the connection once it has read the outcome; not forever.
      setTimeout(close, 5_000).unref();
    },
    get open() {
      return open;
    },
    on: (event: 'message' | 'close', listener: (data: Buffer) => void) => void events.on(event, listener),
    off: (event, listener) => void events.off(event, listener),
  };
  session.on('stream', (stream: SpdyStream) => {
    stream.respond(200, {});
    stream.on('error', () => stream.destroy());
    const type = stream.headers.streamtype ?? '';
    if (!expected.includes(type) || got.has(type)) return void stream.destroy();
    got.set(type, stream);
    if (type === 'stdin') {
      stream.on('data', (d: Buffer) => events.emit('message', Buffer.concat([Buffer.from([STDIN]), d])));
      stream.on('end', () => events.emit('message', Buffer.from([CLOSE, STDIN])));
    } else if (type === 'resize') {
      // One JSON TerminalSize per line (Go's json.Encoder).
      let pending = '';
      stream.on('data', (d: Buffer) => {
        pending += d.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim() !== '') events.emit('message', Buffer.concat([Buffer.from([RESIZE]), Buffer.from(line)]));
      });
    } else stream.resume(); // the client writes nothing on error, stdout or stderr
    if (expected.every((t) => got.has(t))) {
      clearTimeout(timer);
      ready(connection);
    }
  });
}

/**
 * The kubelet's exec endpoint, `/exec/{namespace}/{pod}/{container}?command=…&stdin&stdout&stderr&tty`
 * over WebSocket or SPDY (the gateway passes `pods/exec` upgrades through to it): the command runs
 * in the container's namespaces with its environment, its streams on the protocol's channels, its
 * exit code in the closing Status.
 */
export function execUpgrade(workerOf: (key: string) => PodWorker | undefined) {
  const sockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => EXEC_PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });
  return (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void => {
    const match = /^\/exec\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (match === null) return refuse(socket, 404, 'not found');
    const spdy = /^spdy\/3\.1$/i.test(req.headers.upgrade ?? '');
    if (!spdy && !/websocket/i.test(req.headers.upgrade ?? '')) return refuse(socket, 400, 'exec is served over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io) and SPDY/3.1 (v4.channel.k8s.io)');
    const [, namespace, pod, container] = match.map(decodeURIComponent);
    const command = url.searchParams.getAll('command');
    const flag = (name: string): boolean => ['1', 'true'].includes(url.searchParams.get(name) ?? '');
    const streams = { stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr'), tty: flag('tty') };
    const session = (connection: ExecConnection): void => {
      const worker = workerOf(`pods/${namespace}/${pod}`);
      const run = worker === undefined ? `pod ${pod} does not run on this node` : worker.commandIn(container, command);
      if (typeof run === 'string') return connection.finish(execStatus(command, null, null, run));
      if (!streams.tty) return execute(connection, run, command, streams, []);
      // kubectl sends the terminal's size first thing: the command starts once it is known (or
      // soon without it); what came meanwhile is replayed.
      const early: Buffer[] = [];
      let started = false;
      const begin = (size?: { cols: number; rows: number }): void => {
        if (started) return;
        started = true;
        connection.off('message', hold);
        if (!connection.open) return; // the client left before it began
        const onTerminal = worker!.commandIn(container, command, { size });
        if (typeof onTerminal === 'string') return connection.finish(execStatus(command, null, null, onTerminal));
        execute(connection, onTerminal, command, streams, early);
      };
      const hold = (data: Buffer): void => {
        if (data[0] === RESIZE) begin(sizeOf(data.subarray(1)));
        else early.push(data);
      };
      connection.on('message', hold);
      setTimeout(() => begin(), 250).unref();
    };
    if (spdy) overSpdy(req, socket, head, streams, session);
    else sockets.handleUpgrade(req, socket, head, (ws) => session(overWebSocket(ws)));
  };
}

export function send(ws: WebSocket, channel: number, data: Buffer | string): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data) : data]));
}

export function finish(ws: WebSocket, status: Record<string, unknown>): void {
  send(ws, ERROR, JSON.stringify(status));
  ws.close(1000);
}

function execute(connection: ExecConnection, run: Spawnable, command: readonly string[], streams: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean }, early: readonly Buffer[]): void {
  const child = spawn(run.executable, run.argv.slice(1), {
    argv0: run.argv[0],
    env: run.env,
    ...(run.cwd ? { cwd: run.cwd } : {}),
    stdio: [streams.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (streams.stdout ? connection.send(STDOUT, d) : undefined));
  child.stderr?.on('data', (d: Buffer) => (streams.stderr ? connection.send(STDERR, d) : undefined));
  const receive = (data: Buffer): void => {
    if (data.length === 0) return;
    if (data[0] === STDIN && data.length > 1) child.stdin?.write(data.subarray(1));
    else if (data[0] === CLOSE && data[1] === STDIN) child.stdin?.end();
    else if (data[0] === RESIZE && streams.tty) resize(child.pid, sizeOf(data.subarray(1)));
  };
  early.forEach(receive);
  connection.on('message', receive);
  child.stdin?.on('error', () => undefined); // the command may exit without reading it
  // A client that goes away ends the command, as the kubelet's stream closing does.
  connection.on('close', () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  let done = false;
  const end = (status: Record<string, unknown>): void => {
    if (!done) connection.finish(status);
    done = true;
  };
  child.once('error', (error) => end(execStatus(command, null, null, `cannot run ${command[0]}: ${error.message}`)));
  child.once('close', (code, signal) => end(execStatus(command, code, signal)));
}
