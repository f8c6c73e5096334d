import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogClosedError } from '../log.errors';
import { ensureTopic, LOG_FILE, openStore } from './sqlite-store';
import { SqliteWriter } from './sqlite-writer';

describe('SqliteWriter', () => {
  let dir: string;
  let tables: string[];
  let writer: SqliteWriter;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bosun-writer-'));
    const db = openStore(dir);
    tables = ensureTopic(db, 'bosun.commands', 2);
    db.close();
    writer = new SqliteWriter(dir);
  });
  afterEach(async () => {
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What another connection (another process) reads from the file. */
  const rowsOf = (table: string): [number, string][] => {
    const db = new Database(join(dir, LOG_FILE), { readonly: true });
    try {
      return db.prepare(`SELECT offset, record FROM ${table} ORDER BY offset`).raw(true).all() as [number, string][];
    } finally {
      db.close();
    }
  };

  it('answers an append with gap-free offsets per partition once it is in the file', async () => {
    expect(await writer.append(tables, [[0, 'a'], [1, 'b'], [0, 'c']])).toEqual([0, 0, 1]);
    expect(rowsOf(tables[0])).toEqual([[0, 'a'], [1, 'c']]);
    expect(await writer.append(tables, [[0, 'd']])).toEqual([2]);
    expect(rowsOf(tables[0])).toEqual([[0, 'a'], [1, 'c'], [2, 'd']]);
  });

  it('writes concurrent appends in order, without gaps or duplicates', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.append(tables, [[0, `r${i}-0`], [0, `r${i}-1`]])));
    expect(answers.flat()).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(rowsOf(tables[0]).map(([, r]) => r)).toEqual(Array.from({ length: 50 }, (_, i) => [`r${i}-0`, `r${i}-1`]).flat());
  });

  it('fails a write alone: writes sent with it are still committed', async () => {
    const [good, bad, other] = await Promise.allSettled([
      writer.append(tables, [[0, 'kept']]),
      writer.run('INSERT INTO no_such_table VALUES (?)', [[1]]),
      writer.run('INSERT INTO topics (name, partitions) VALUES (?, ?)', [['bosun.other', 1]]),
    ]);
    expect(good).toEqual({ status: 'fulfilled', value: [0] });
    expect(bad.status).toBe('rejected');
    expect((bad as PromiseRejectedResult).reason.message).toMatch(/no such table/);
    expect(other).toEqual({ status: 'fulfilled', value: [1] });
    expect(rowsOf(tables[0])).toEqual([[0, 'kept']]);
  });

  it('finishes the writes already sent when closed, and refuses later ones', async () => {
    const pending = writer.append(tables, [[1, 'last']]);
    await writer.close();
    await expect(pending).resolves.toEqual([0]);
    expect(rowsOf(tables[1])).toEqual([[0, 'last']]);
    await expect(writer.append(tables, [[1, 'late']])).rejects.toBeInstanceOf(LogClosedError);
  });
});

describe('SqliteWriter on a directory it cannot open', () => {
  it('fails writes with the reason', async () => {
    const writer = new SqliteWriter(join(tmpdir(), 'bosun-writer-no-such-dir', 'deeper'));
    await expect(writer.append(['log_1_0'], [[0, 'x']])).rejects.toThrow(/writer thread stopped \(.*(directory|open)/i);
    await writer.close();
  });
});
