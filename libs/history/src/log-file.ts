import type { LogRecord } from '@bosun/event-log';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type { Readable, Writable } from 'node:stream';

/**
 * An exported log: `bosun.events` as newline-delimited JSON, gzip-compressed when the file name ends
 * in `.gz`. The first line is a header, every other line one record, in offset order from 0 (docs/events.md).
 */
export const LOG_FILE_FORMAT = 'bosun-log';
export const LOG_FILE_VERSION = 1;

export interface LogFileHeader {
  readonly format: typeof LOG_FILE_FORMAT;
  readonly version: number;
  /** The topic the records came from, e.g. `bosun.events`. */
  readonly topic: string;
  /** Where they came from, for people: `Kafka at …`, a data directory. */
  readonly source: string;
  readonly exportedAt: string;
}

/** One line of the file: a record of the topic without its topic and partition. */
interface FileRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly key: string;
  readonly type: string;
  readonly headers: Record<string, string>;
  readonly payload: unknown;
}

const gzipped = (path: string): boolean => path.endsWith('.gz');

/** Writes records to a log file (or stdout for `-`). Call `close` to flush; it resolves once the file is complete. */
export class LogFileWriter {
  private readonly out: Writable;
  private readonly file: WriteStream | undefined;
  private written = 0;

  constructor(path: string, header: Omit<LogFileHeader, 'format' | 'version'>) {
    this.file = path === '-' ? undefined : createWriteStream(path);
    const target: Writable = this.file ?? process.stdout;
    if (gzipped(path)) {
      const gzip = createGzip();
      gzip.pipe(target);
      this.out = gzip;
    } else {
      this.out = target;
    }
    this.line({ format: LOG_FILE_FORMAT, version: LOG_FILE_VERSION, ...header });
  }

  /** Appends a batch; resolves when the stream can take more (back-pressure). */
  async write(records: readonly LogRecord[]): Promise<void> {
    let ok = true;
    for (const r of records) {
      if (r.offset !== this.written) throw new Error(`export: record at offset ${r.offset} where ${this.written} was expected`);
      ok = this.line({ offset: r.offset, timestamp: r.timestamp, key: r.key, type: r.type, headers: r.headers, payload: r.payload });
      this.written++;
    }
    if (!ok) await once(this.out, 'drain');
  }

  get count(): number {
    return this.written;
  }

  async close(): Promise<void> {
    const finished = this.file ? once(this.file, 'close') : Promise.resolve();
    if (this.out !== process.stdout) this.out.end();
    await finished;
  }

  private line(value: unknown): boolean {
    return this.out.write(`${JSON.stringify(value)}\n`);
  }
}

/** A log file being read: its header, then its records in batches, checked to be gap-free from 0. */
export async function openLogFile(path: string): Promise<{ header: LogFileHeader; records: AsyncIterable<LogRecord[]>; close(): void }> {
  const raw: Readable = createReadStream(path);
  const opened = once(raw, 'open').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  await opened;
  const input = gzipped(path) ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = parseLine(path, 1, first.done ? '' : first.value, () => raw.destroy()) as LogFileHeader;
  if (header?.format !== LOG_FILE_FORMAT || header.version !== LOG_FILE_VERSION) raw.destroy();
  if (header?.format !== LOG_FILE_FORMAT) throw new Error(`${path} is not an exported Bosun log (its first line is not a ${LOG_FILE_FORMAT} header)`);
  if (header.version !== LOG_FILE_VERSION) throw new Error(`${path} is a version ${header.version} export; this bosun reads version ${LOG_FILE_VERSION}`);
  async function* records(): AsyncIterable<LogRecord[]> {
    let batch: LogRecord[] = [];
    let expected = 0;
    let lineNo = 1;
    try {
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        lineNo++;
        if (next.value === '') continue;
        const r = parseLine(path, lineNo, next.value) as FileRecord;
        if (r.offset !== expected) throw new Error(`${path}:${lineNo}: offset ${String(r.offset)} where ${expected} was expected (the file is damaged or cut)`);
        expected++;
        batch.push({ topic: header.topic, partition: 0, offset: r.offset, timestamp: r.timestamp, key: r.key, type: r.type, headers: r.headers, payload: r.payload as LogRecord['payload'] });
        if (batch.length === 1000) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      raw.destroy();
    }
  }
  return { header, records: records(), close: () => raw.destroy() };
}

function parseLine(path: string, lineNo: number, line: string, onError?: () => void): unknown {
  try {
    return JSON.parse(line);
  } catch {
    onError?.();
    throw new Error(`${path}:${lineNo}: not a JSON line${lineNo === 1 ? ' (is this an exported Bosun log?)' : ''}`);
  }
}
