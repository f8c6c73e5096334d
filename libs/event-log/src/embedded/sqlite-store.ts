import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

type Db = Database.Database;

/** File name of the embedded log inside its data directory. */
export const LOG_FILE = 'log.sqlite';

/**
 * Opens (creating if needed) the SQLite database behind the embedded log.
 * WAL lets readers in other processes (the replay CLI) read while the server writes;
 * synchronous=FULL makes a committed transaction survive power loss, not only a killed process.
 */
export function openStore(dir: string): Db {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, LOG_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS topics (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, partitions INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS group_members (
      grp TEXT NOT NULL, topic TEXT NOT NULL, member TEXT NOT NULL, expires_at INTEGER NOT NULL,
      PRIMARY KEY (grp, topic, member));
    CREATE TABLE IF NOT EXISTS partition_owners (
      grp TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
      member TEXT, expires_at INTEGER NOT NULL,
      PRIMARY KEY (grp, topic, partition));
    CREATE TABLE IF NOT EXISTS group_offsets (
      grp TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
      PRIMARY KEY (grp, topic, partition));
  `);
  return db;
}

/**
 * Opens an existing embedded log for reading only (the debugging verbs): nothing is created or
 * written, so a log under investigation is never changed, also while its server runs.
 */
export function openStoreReadOnly(dir: string): Db {
  const file = join(dir, LOG_FILE);
  if (!existsSync(file)) throw new Error(`no Bosun log in ${dir} (${LOG_FILE} not found)`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  return db;
}

/**
 * The tables of a topic that must already exist (read-only opening), with the partitions it was
 * created with: a reader takes the topic as it is.
 */
export function existingTopic(db: Db, name: string): string[] {
  const row = db.prepare('SELECT id, partitions FROM topics WHERE name = ?').get(name) as { id: number; partitions: number } | undefined;
  if (row === undefined) throw new Error(`the log has no topic ${name} (another --topic-prefix?)`);
  return Array.from({ length: row.partitions }, (_, p) => `log_${row.id}_${p}`);
}

/**
 * Registers a topic and creates one table per partition (offset = rowid, the fastest SQLite
 * layout for an append-only sequence). Returns the table names. A topic reopened with another
 * partition count is refused: keys would silently move to other partitions.
 */
export function ensureTopic(db: Db, name: string, partitions: number): string[] {
  const create = db.transaction(() => {
    const row = db.prepare('SELECT id, partitions FROM topics WHERE name = ?').get(name) as
      | { id: number; partitions: number }
      | undefined;
    if (row && row.partitions !== partitions) {
      throw new Error(`topic ${name} has ${row.partitions} partitions in this data directory, not ${partitions}`);
    }
    const id = row?.id ?? Number(db.prepare('INSERT INTO topics (name, partitions) VALUES (?, ?)').run(name, partitions).lastInsertRowid);
    const tables = Array.from({ length: partitions }, (_, p) => `log_${id}_${p}`);
    for (const table of tables) {
      // One JSON text per record: SQLite hands back one string per row, far cheaper than a column each.
      db.exec(`CREATE TABLE IF NOT EXISTS ${table} (offset INTEGER PRIMARY KEY, record TEXT NOT NULL)`);
    }
    return tables;
  });
  return create.immediate();
}
