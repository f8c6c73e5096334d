import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LogClosedError } from '../log.errors';
import { LOG_FILE } from './sqlite-store';

/**
 * Rows to append to the tables of one topic's partitions, offsets taken from the tables. `rows` holds
 * each row's partition and length, in order; the records themselves follow the header (see send).
 */
interface AppendWork {
  readonly id: number;
  /** False: the transaction need not be fsynced for this write (see SqliteWriter.append). */
  readonly sync: boolean;
  readonly op: 'append';
  readonly tables: readonly string[];
  readonly rows: readonly number[];
}

/** One statement run with each set of parameters; answers the number of rows each run changed. */
interface RunWork {
  readonly id: number;
  readonly sync: boolean;
  readonly op: 'run';
  readonly sql: string;
  readonly params: ReadonlyArray<readonly unknown[]>;
}

type Work = AppendWork | RunWork;

type Answer = { readonly id: number; readonly result: number[] } | { readonly id: number; readonly error: string };

/*
 * The worker: its own connection to the log's file (WAL). It takes every message already waiting
 * (receiveMessageOnPort) and writes them in one IMMEDIATE transaction, each in a savepoint, so one
 * fsync makes all of them durable and a failing one fails alone. The transaction is fsynced
 * (synchronous=FULL) when one of its writes asks for it, and only then (see SqliteWriter.append). An answer is posted only after COMMIT has returned. Messages both ways are single strings
 * (see SqliteWriter.send). Plain JavaScript evaluated as a worker, so it runs the same from the
 * compiled dist and from ts-jest; better-sqlite3 is required by the path the main thread resolved.
 */
const WORKER = `
const { parentPort, receiveMessageOnPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 10000');
const statements = new Map();
const statement = (sql) => {
  let s = statements.get(sql);
  if (s === undefined) statements.set(sql, (s = db.prepare(sql)));
  return s;
};
const one = db.transaction((work, text, start) => {
  if (work.op === 'run') return work.params.map((p) => statement(work.sql).run(...p).changes);
  const next = new Map();
  const offsets = [];
  let at = start;
  for (let i = 0; i < work.rows.length; i += 2) {
    const partition = work.rows[i];
    const record = text.slice(at, (at += work.rows[i + 1]));
    const table = work.tables[partition];
    let offset = next.get(partition);
    if (offset === undefined) {
      const max = statement('SELECT MAX(offset) FROM ' + table).pluck(true).get();
      offset = max === null ? 0 : max + 1;
    }
    statement('INSERT INTO ' + table + ' (offset, record) VALUES (?, ?)').run(offset, record);
    next.set(partition, offset + 1);
    offsets.push(offset);
  }
  return offsets;
});
const all = db.transaction((messages) =>
  messages.map(({ work, text, start }) => {
    try {
      return { id: work.id, result: one(work, text, start) };
    } catch (error) {
      return { id: work.id, error: String(error && error.message) };
    }
  }),
);
const parse = (text) => {
  const end = text.indexOf('\\n');
  return end < 0 ? { work: JSON.parse(text), text, start: text.length } : { work: JSON.parse(text.slice(0, end)), text, start: end + 1 };
};
let synced = true;
parentPort.on('message', (first) => {
  if (first === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  const messages = [parse(first)];
  let closing = false;
  for (let m = receiveMessageOnPort(parentPort); m !== undefined; m = receiveMessageOnPort(parentPort)) {
    if (m.message === 'close') closing = true;
    else messages.push(parse(m.message));
  }
  let answers;
  try {
    const sync = messages.some(({ work }) => work.sync);
    if (sync !== synced) db.pragma(sync ? 'synchronous = FULL' : 'synchronous = NORMAL');
    synced = sync;
    answers = all.immediate(messages);
  } catch (error) {
    answers = messages.map(({ work }) => ({ id: work.id, error: String(error && error.message) }));
  }
  parentPort.postMessage(JSON.stringify(answers));
  if (closing) {
    db.close();
    parentPort.close();
  }
});
`;

/**
 * Writes of the embedded log, on a worker thread: a commit waits for fsync (synchronous=FULL), which
 * on the main thread stalled every request for its duration. Appends and offset commits of all topics
 * that reach the worker while it commits are written together in its next transaction (group commit
 * across topics). Reads stay on the main thread's connection: WAL lets them run during a commit, and
 * a read that starts after an answer arrives sees the answered write.
 */
export class SqliteWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (result: number[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private closed = false;
  /** Why the thread stopped, if it stopped without being closed. */
  private stopped: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(dir: string) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { file: join(dir, LOG_FILE), sqlite: require.resolve('better-sqlite3') } });
    this.worker.on('message', (text: string) => {
      for (const answer of JSON.parse(text) as Answer[]) {
        const waiter = this.waiting.get(answer.id);
        this.waiting.delete(answer.id);
        if ('error' in answer) waiter?.reject(new Error(answer.error));
        else waiter?.resolve(answer.result);
      }
      if (this.waiting.size === 0) this.worker.unref();
    });
    let failure: Error | undefined;
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        const why = failure === undefined ? `code ${code}` : failure.message;
        this.stopped = new Error(`the log's writer thread stopped (${why})`);
        for (const waiter of this.waiting.values()) waiter.reject(this.stopped);
        this.waiting.clear();
        resolve();
      }),
    );
    // Followed by 'exit', which fails whatever waits with this error.
    this.worker.on('error', (error: Error) => void (failure = error));
    // Idle, the thread does not keep the process alive; with a write in flight it does, as a
    // synchronous write would have.
    this.worker.unref();
  }

  /**
   * Appends rows (partition, record) to the partitions' tables in one transaction; the offsets given
   * to them. `sync` false: answered once committed without an fsync, durable with the next fsynced
   * transaction (the WAL is synced in order).
   */
  append(tables: readonly string[], rows: ReadonlyArray<readonly [number, string]>, sync = true): Promise<number[]> {
    const shape: number[] = [];
    let records = '';
    for (const [partition, record] of rows) {
      shape.push(partition, record.length);
      records += record;
    }
    return this.send((id) => ({ id, sync, op: 'append', tables, rows: shape }), records);
  }

  /** Runs `sql` once per parameter list in one transaction; how many rows each run changed. */
  run(sql: string, params: ReadonlyArray<readonly unknown[]>, sync = true): Promise<number[]> {
    return this.send((id) => ({ id, sync, op: 'run', sql, params }));
  }

  /** Finishes the writes already sent, then closes the worker's connection. */
  async close(): Promise<void> {
    if (!this.closed && this.stopped === undefined) {
      // Held while it finishes: an idle (unref'd) thread would let the process exit before `exited`
      // settles, and whatever awaits close() would never run.
      this.worker.ref();
      this.worker.postMessage('close');
    }
    this.closed = true;
    await this.exited;
  }

  /**
   * Posts one string: the work as a line of JSON, then the records one after the other (their
   * lengths are in the work). Structured clone copies a string in one go, but walks an array of
   * rows element by element: for 8 rows of about 500 characters, 3 µs against 20 µs on this thread.
   */
  private send(work: (id: number) => Work, records?: string): Promise<number[]> {
    if (this.closed) return Promise.reject(new LogClosedError('write'));
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      const header = JSON.stringify(work(id));
      this.worker.postMessage(records === undefined ? header : `${header}\n${records}`);
    });
  }
}
