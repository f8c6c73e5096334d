import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PodWorker } from './pod-worker';

/** The last `lines` lines of `text` (a trailing newline ends the last line, it does not start another). */
export function tailLines(text: string, lines: number): string {
  if (lines <= 0 || text === '') return '';
  const trailing = text.endsWith('\n');
  const all = (trailing ? text.slice(0, -1) : text).split('\n');
  return all.slice(-lines).join('\n') + (trailing ? '\n' : '');
}

function readFrom(file: string, position: number): { text: string; size: number } {
  const size = statSync(file).size;
  if (size <= position) return { text: '', size };
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(size - position);
    readSync(fd, buffer, 0, buffer.length, position);
    return { text: buffer.toString('utf8'), size };
  } finally {
    closeSync(fd);
  }
}

const fail = (res: ServerResponse, code: number, message: string): void => {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(message);
};

/**
 * The kubelet's `GET /containerLogs/{namespace}/{pod}/{container}` with `follow`, `tailLines`,
 * `previous` and `limitBytes`, from the container's log file; the gateway proxies `pods/log` here.
 * Following polls the file and ends when the container's run ends or the client goes.
 */
export function serveContainerLog(req: IncomingMessage, res: ServerResponse, workerOf: (key: string) => PodWorker | undefined): void {
  const url = new URL(req.url ?? '/', 'http://node');
  const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (req.method !== 'GET' || match === null) return fail(res, 404, 'not found');
  const [, namespace, pod, container] = match.map(decodeURIComponent);
  const worker = workerOf(`pods/${namespace}/${pod}`);
  const previous = url.searchParams.get('previous') === 'true';
  const file = worker?.logFile(container, previous);
  if (worker === undefined || file === undefined) {
    return fail(res, 400, previous ? `previous terminated container "${container}" in pod "${pod}" not found` : `container "${container}" in pod "${pod}" is waiting to start`);
  }
  const tail = url.searchParams.get('tailLines');
  const limit = Number(url.searchParams.get('limitBytes') ?? 0);
  let { text, size } = readFrom(file, 0);
  if (tail !== null) text = tailLines(text, Number(tail));
  if (limit > 0) text = Buffer.from(text).subarray(0, limit).toString('utf8');
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.write(text);
  if (url.searchParams.get('follow') !== 'true' || previous) return void res.end();
  let position = size;
  const timer = setInterval(() => {
    const more = readFrom(file, position);
    if (more.text) res.write(more.text);
    position = more.size;
    if (!worker.isRunning(container) || worker.logFile(container) !== file) {
      clearInterval(timer);
      res.end();
    }
  }, 200);
  res.on('close', () => clearInterval(timer));
}
