import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dater, kubeletTimestamp, readLogTimes, splitLines, type LogLine } from './log-times';
import type { PodWorker } from './pod-worker';

function readFrom(file: string, position: number): { bytes: Buffer; size: number } {
  const size = statSync(file).size;
  if (size <= position) return { bytes: Buffer.alloc(0), size };
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(size - position);
    readSync(fd, bytes, 0, bytes.length, position);
    return { bytes, size };
  } finally {
    closeSync(fd);
  }
}

/** `sinceSeconds` / `sinceTime` as the cut-off in ms, or a message for a bad one (the API server's checks). */
export function sinceOf(params: URLSearchParams, now: number): number | undefined | string {
  const seconds = params.get('sinceSeconds');
  const time = params.get('sinceTime');
  if (seconds !== null && time !== null) return 'at most one of sinceTime or sinceSeconds may be specified';
  if (seconds !== null) {
    if (!/^\d+$/.test(seconds) || Number(seconds) < 1) return `sinceSeconds: Invalid value: "${seconds}": must be greater than 0`;
    return now - Number(seconds) * 1000;
  }
  if (time !== null) {
    const ms = Date.parse(time);
    if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(time)) return `sinceTime: Invalid value: "${time}": must be an RFC 3339 time`;
    return ms;
  }
  return undefined;
}

/**
 * Why a container has no log to give, in the kubelet's words (validateContainerLogStatus): no run
 * before the current one, or no run yet — then its waiting reason (ContainerCreating,
 * PodInitializing, …), an image that cannot be had said plainly.
 */
export function noLogMessage(pod: string, container: string, previous: boolean, waitingReason: string | undefined): string {
  if (previous) return `previous terminated container "${container}" in pod "${pod}" not found`;
  const waiting = `container "${container}" in pod "${pod}" is waiting to start`;
  if (waitingReason === undefined || waitingReason === '') return `${waiting} - no logs yet`;
  if (waitingReason === 'ErrImagePull') return `${waiting}: image can't be pulled`;
  if (waitingReason === 'ImagePullBackOff') return `${waiting}: trying and failing to pull image`;
  return `${waiting}: ${waitingReason}`;
}

const fail = (res: ServerResponse, code: number, message: string): void => {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(message);
};

/**
 * The kubelet's `GET /containerLogs/{namespace}/{pod}/{container}` with `follow`, `tailLines`,
 * `previous`, `limitBytes`, `timestamps`, `sinceSeconds` and `sinceTime`, from the container's log
 * file (and its index of times, log-times.ts); the gateway proxies `pods/log` here.
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
    return fail(res, 400, noLogMessage(pod, container, previous, worker?.waitingReason(container)));
  }
  const since = sinceOf(url.searchParams, Date.now());
  if (typeof since === 'string') return fail(res, 400, since);
  const timestamps = url.searchParams.get('timestamps') === 'true';
  const tail = url.searchParams.get('tailLines');
  const limit = Number(url.searchParams.get('limitBytes') ?? 0);
  // In the kubelet's order: the --since cut, the last lines, the timestamps, then the byte limit.
  const date = dater(since === undefined && !timestamps ? [] : readLogTimes(file));
  const render = (lines: readonly LogLine[]): string => lines.map((l) => (timestamps ? `${kubeletTimestamp(date(l.offset))} ${l.text}` : l.text)).join('');
  const { bytes, size } = readFrom(file, 0);
  let lines = splitLines(bytes, 0);
  if (since !== undefined) lines = lines.filter((l) => date(l.offset) >= since);
  if (tail !== null) lines = Number(tail) <= 0 ? [] : lines.slice(-Number(tail));
  let text = render(lines);
  if (limit > 0) text = Buffer.from(text).subarray(0, limit).toString('utf8');
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.write(text);
  if (url.searchParams.get('follow') !== 'true' || previous) return void res.end();
  let position = size;
  const timer = setInterval(() => {
    const ended = !worker.isRunning(container) || worker.logFile(container) !== file;
    let more: { bytes: Buffer; size: number };
    try {
      more = readFrom(file, position);
    } catch {
      // The log is gone (the pod was deleted and its directory removed): the follow ends, as the
      // kubelet's does when the container goes. A timer must never throw: it would end the process.
      clearInterval(timer);
      res.end();
      return;
    }
    let fresh = splitLines(more.bytes, position);
    // With timestamps a line is written whole, once: a line still being written waits for its end.
    const last = fresh.at(-1);
    if (timestamps && !ended && last !== undefined && !last.text.endsWith('\n')) fresh = fresh.slice(0, -1);
    if (fresh.length > 0) res.write(render(fresh));
    position = fresh.length > 0 ? fresh[fresh.length - 1].offset + Buffer.byteLength(fresh[fresh.length - 1].text) : position;
    if (ended) {
      clearInterval(timer);
      res.end();
    }
  }, 200);
  res.on('close', () => clearInterval(timer));
}
