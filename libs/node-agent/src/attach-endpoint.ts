import { closeSync, constants, openSync, readSync, statSync, writeSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CLOSE, EXEC_PROTOCOLS, overSpdy, overWebSocket, resize, RESIZE, sizeOf, STDIN, STDOUT, type ExecConnection } from './exec-endpoint';
import type { PodWorker } from './pod-worker';
import { refuse } from './upgrade-refusal';

/** How often an attach looks for new output and for the container's end. */
const POLL_MS = 50;

/**
 * The kubelet's attach endpoint, `/attach/{namespace}/{pod}/{container}?stdin&stdout&stderr&tty`,
 * over WebSocket or SPDY with exec's channel protocol (`kubectl attach`, `kubectl run -i`, client-go's
 * SPDY executor): the client's
 * stdin goes to the container's stdin FIFO (containers with `stdin: true`, see withStdin), and the
 * container's output from now on comes back on stdout — its log, where stdout and stderr are one
 * stream, as with a terminal. It ends when the container's run ends, or when the client leaves
 * (the container goes on).
 */
export function attachUpgrade(workerOf: (key: string) => PodWorker | undefined) {
  const sockets = new WebSocketServer({ noServer: true, handleProtocols: (offered) => EXEC_PROTOCOLS.find((p) => offered.has(p)) ?? false });
  return (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void => {
    const match = /^\/attach\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (match === null) return refuse(socket, 404, 'not found');
    const spdy = /^spdy\/3\.1$/i.test(req.headers.upgrade ?? '');
    if (!spdy && !/websocket/i.test(req.headers.upgrade ?? '')) return refuse(socket, 400, 'attach is served over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io) and SPDY/3.1 (v4.channel.k8s.io)');
    const [, namespace, pod, container] = match.map(decodeURIComponent);
    const flag = (name: string): boolean => ['1', 'true'].includes(url.searchParams.get(name) ?? '');
    const session = (connection: ExecConnection): void => {
      const worker = workerOf(`pods/${namespace}/${pod}`);
      const target = worker === undefined ? `pod ${pod} does not run on this node` : worker.attachTo(container);
      if (typeof target === 'string') return connection.finish(failure(target));
      if (flag('stdin') && target.stdin === undefined) return connection.finish(failure(`container ${container} does not have stdin (its spec sets no stdin: true)`));
      attach(connection, target, flag('stdin'), flag('stdout') || flag('stderr'), () => worker!.attachTo(container));
    };
    if (spdy) overSpdy(req, socket, head, { stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr'), tty: flag('tty') }, session);
    else sockets.handleUpgrade(req, socket, head, (ws) => session(overWebSocket(ws)));
  };
}

const failure = (message: string): Record<string, unknown> => ({ metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });

function attach(
  connection: ExecConnection,
  target: { pid: number; logFile: string; stdin: string | undefined; tty: boolean },
  stdin: boolean,
  output: boolean,
  current: () => { pid: number } | string,
): void {
  // The output's starting point first: opening the FIFO may start the command (stdinOnce).
  let log: number | undefined;
  let at = 0;
  try {
    log = openSync(target.logFile, 'r');
    at = statSync(target.logFile).size; // from now on, as a terminal joined late sees it
  } catch {
    log = undefined;
  }
  let input: FifoWriter | undefined;
  if (stdin && target.stdin !== undefined) {
    try {
      input = new FifoWriter(target.stdin);
    } catch (error) {
      if (log !== undefined) closeSync(log);
      return connection.finish(failure(`cannot attach to the stdin of the container: ${(error as Error).message}`));
    }
  }
  const pump = (): void => {
    if (log === undefined || !output) return;
    const chunk = Buffer.alloc(64 * 1024);
    for (let n = readSync(log, chunk, 0, chunk.length, at); n > 0; n = readSync(log, chunk, 0, chunk.length, at)) {
      at += n;
      connection.send(STDOUT, Buffer.from(chunk.subarray(0, n)));
    }
  };
  const timer = setInterval(() => {
    pump();
    const now = current();
    if (typeof now === 'string' || now.pid !== target.pid) end(); // that run is over
  }, POLL_MS);
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    pump();
    if (log !== undefined) closeSync(log);
    input?.end();
    connection.finish({ metadata: {}, status: 'Success' });
  };
  connection.on('message', (data: Buffer) => {
    if (data.length === 0) return;
    if (data[0] === STDIN && data.length > 1) input?.write(data.subarray(1));
    else if (data[0] === CLOSE && data[1] === STDIN) input?.end();
    else if (data[0] === RESIZE && target.tty) resize(target.pid, sizeOf(data.subarray(1)));
  });
  connection.on('close', () => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    if (log !== undefined) closeSync(log);
    input?.end();
  });
}

/**
 * The write end of a container's stdin FIFO, opened without blocking: it fails (ENXIO) when nothing
 * reads the FIFO, instead of hanging, and it is the one write end this attach holds from the start
 * (a command started by this open must not find the FIFO writer-less, which reads as end-of-file).
 * A full pipe (EAGAIN) is retried shortly; a reader gone (EPIPE) drops the rest.
 */
class FifoWriter {
  private readonly fd: number;
  private readonly queue: Buffer[] = [];
  private closing = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(path: string) {
    this.fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  }

  write(data: Buffer): void {
    if (this.closing) return;
    this.queue.push(Buffer.from(data));
    this.flush();
  }

  end(): void {
    this.closing = true;
    this.flush();
  }

  private flush(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const head = this.queue[0];
      let written: number;
      try {
        written = writeSync(this.fd, head);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          this.timer = setTimeout(() => this.flush(), 10);
          return;
        }
        this.queue.length = 0; // EPIPE: the container stopped reading
        break;
      }
      if (written === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(written);
    }
    if (this.closing) {
      this.closed = true;
      closeSync(this.fd);
    }
  }
}
