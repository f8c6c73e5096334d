import { appendFileSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';

/** The index beside a container's log: one `<size> <epoch ms>` line each time the log was seen to grow. */
export const timesFile = (log: string): string => `${log}.times`;

const sizeOf = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** The index's entries, in order: by `at` ms the log held `size` bytes. */
export function readLogTimes(log: string): { size: number; at: number }[] {
  let text: string;
  try {
    text = readFileSync(timesFile(log), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((l) => l.split(' ').map(Number))
    .filter((pair) => pair.length === 2 && pair.every(Number.isFinite))
    .map(([size, at]) => ({ size, at }));
}

/**
 * Records when a container's log grows, for `kubectl logs --timestamps` and `--since`. The container
 * writes its log file itself (its output must outlive an agent restart), so a line is dated when
 * the agent sees its first byte arrive: within milliseconds while the agent runs (inotify); output
 * written while the agent was down is dated when it is back. Returns the stop, which records the end.
 */
export function trackLogTimes(log: string, now: () => number = Date.now): () => void {
  let recorded = readLogTimes(log).at(-1)?.size ?? 0;
  const sample = (): void => {
    const size = sizeOf(log);
    if (size <= recorded) return;
    try {
      appendFileSync(timesFile(log), `${size} ${now()}\n`);
      recorded = size;
    } catch {
      // the pod's directory is gone (deleted): nothing left to date
    }
  };
  sample();
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    // Coalesced: a chatty container costs one index line per 10 ms at most.
    watcher = watch(log, { persistent: false }, () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        sample();
      }, 10);
    });
    watcher.on('error', () => undefined);
  } catch {
    // no inotify for this file: lines are dated when read
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
    sample();
  };
}

/** One line of a log, with the byte offset it starts at (its text keeps its newline, if it has one). */
export interface LogLine {
  readonly offset: number;
  readonly text: string;
}

/** Splits log bytes read from `start` into lines; a last line without its newline is still a line. */
export function splitLines(bytes: Buffer, start: number): LogLine[] {
  const lines: LogLine[] = [];
  let from = 0;
  while (from < bytes.length) {
    const newline = bytes.indexOf(0x0a, from);
    const end = newline === -1 ? bytes.length : newline + 1;
    lines.push({ offset: start + from, text: bytes.subarray(from, end).toString('utf8') });
    from = end;
  }
  return lines;
}

/** When a line was written: the first index entry that covers its first byte (now, if none does yet). */
export function dater(times: readonly { size: number; at: number }[], now: () => number = Date.now): (offset: number) => number {
  return (offset) => {
    // Entries grow in size: binary search for the first with size > offset.
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid].size > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo < times.length ? times[lo].at : now();
  };
}

/** The kubelet's log timestamp: RFC 3339 with nine fraction digits, always (RFC3339NanoFixed). */
export function kubeletTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
