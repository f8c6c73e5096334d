import { kindKeyPrefix, type Kind } from '@bosun/api';
import { keyFilter, type LogRecord } from '@bosun/event-log';
import { ClusterState, eventTime, foldFingerprint, keyOf, PARTITION_CLAIMED, type ClusterSnapshot } from '@bosun/runtime';
import { once } from 'node:events';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { HistorySource } from './history-source';
import type { Point } from './replay';
import { SubtreeDecoder, SubtreeEncoder } from './snapshot-encoding';

/**
 * Snapshots of the projection, so that a replay starts from the newest one before its point instead
 * of offset 0 (`bosun snapshot` writes them; docs/debugging.md). One file per snapshot,
 * `<offset, 12 digits>.ndjson`: a header line, then one line per object state, then one per derived
 * Kubernetes Event — a line each, so no single string has to hold a whole cluster. Repeated subtrees
 * are written once (snapshot-encoding.ts); the objects come kind after kind, each kind's lines and
 * the derived Events' lines encoded on their own, so a reader that needs some kinds decodes only
 * theirs; then the latest applied command ids, a line each. Version 5 records the fold code that
 * made it (foldFingerprint) and is used only by the same code; earlier versions (1–4, of earlier
 * Bosuns) are not read.
 */
export const SNAPSHOT_FORMAT = 'bosun-snapshot';
const SNAPSHOT_VERSION = 5;

/** A kind's run of object lines in a snapshot. */
export interface SnapshotSection {
  readonly kind: Kind;
  readonly objects: number;
}

export interface SnapshotHeader {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: 5;
  /** The last offset folded in. */
  readonly offset: number;
  /** `ce_id` of the event at `offset`: a snapshot is used only for the log it was taken from. */
  readonly eventId: string | null;
  /** The latest decision time folded in (ms): usable for a point in time at or after it. */
  readonly maxTime: number;
  readonly claims: ClusterSnapshot['claims'];
  readonly objects: number;
  readonly derived: number;
  /** The latest applied command ids (ClusterState.applied), a line each after the derived Events. */
  readonly commands: number;
  /** The object lines, kind after kind, in this order. */
  readonly sections: readonly SnapshotSection[];
  /** The fold code that made it (foldFingerprint): a snapshot of another Bosun is not used. */
  readonly fold: string;
}

/** The bounds of a restored state's watch cache and derived Events (ClusterState's constructor). */
export interface StateLimits {
  readonly historyLimit?: number;
  readonly derivedLimit?: number;
}

const fileName = (offset: number): string => `${String(offset).padStart(12, '0')}.ndjson`;

/** Snapshot files in `dir`, newest first. */
export function listSnapshots(dir: string): { offset: number; path: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d{12}\.ndjson$/.test(f))
    .map((f) => ({ offset: Number(f.slice(0, 12)), path: join(dir, f) }))
    .sort((a, b) => b.offset - a.offset);
}

/** Writes the state as a snapshot (to a temporary name, then renamed: a reader never sees half of one). */
export async function writeSnapshot(dir: string, state: ClusterState, eventId: string | null, maxTime: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const snapshot = state.toSnapshot();
  const path = join(dir, fileName(snapshot.offset));
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  const write = async (text: string): Promise<void> => {
    if (!out.write(`${text}\n`)) await once(out, 'drain');
  };
  const byKind = new Map<Kind, ClusterSnapshot['objects'][number][]>();
  for (const o of snapshot.objects) {
    let objects = byKind.get(o.identity.kind);
    if (objects === undefined) byKind.set(o.identity.kind, (objects = []));
    objects.push(o);
  }
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    offset: snapshot.offset,
    eventId,
    maxTime,
    claims: snapshot.claims,
    objects: snapshot.objects.length,
    derived: snapshot.derived?.length ?? 0,
    commands: snapshot.commands?.length ?? 0,
    sections: [...byKind].map(([kind, objects]) => ({ kind, objects: objects.length })),
    fold: foldFingerprint(),
  };
  await write(JSON.stringify(header));
  // Each run gets its own encoder, so that it can be decoded without the lines before it.
  for (const objects of byKind.values()) {
    const encoder = new SubtreeEncoder();
    for (const o of objects) await write(encoder.line(o));
  }
  const encoder = new SubtreeEncoder();
  for (const e of snapshot.derived ?? []) await write(encoder.line(e));
  for (const id of snapshot.commands ?? []) await write(JSON.stringify(id));
  out.end();
  await once(out, 'close');
  renameSync(partial, path);
  return path;
}

async function readHeader(path: string): Promise<SnapshotHeader | undefined> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      const header = JSON.parse(text) as SnapshotHeader;
      return isHeader(header) ? header : undefined;
    }
  } catch {
    return undefined;
  } finally {
    lines.close();
  }
  return undefined;
}

/**
 * The lines of a file, read in large chunks and cut at newline bytes: for a snapshot of hundreds of
 * megabytes this is markedly cheaper than readline's stream of decoded strings and regex splits.
 * Each chunk, up to its last newline, is decoded as one string and the lines are slices of it: a
 * decode per line cost as much again, and filled the young generation with strings to scavenge.
 */
export function* fileLines(path: string, chunkBytes = 16 * 1024 * 1024): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(chunkBytes);
    // Bytes after the last newline of the previous read, kept at the start of `buffer`.
    let carry = 0;
    for (;;) {
      // A line longer than the buffer: grow it until the line's end fits.
      if (carry === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      const n = readSync(fd, buffer, carry, buffer.length - carry, null);
      const filled = carry + n;
      if (n === 0) {
        if (filled > 0) yield buffer.toString('utf8', 0, filled);
        return;
      }
      // A newline byte never occurs inside a multi-byte UTF-8 sequence: cutting there is safe.
      const last = buffer.lastIndexOf(10, filled - 1);
      if (last === -1) {
        carry = filled;
        continue;
      }
      const text = buffer.toString('utf8', 0, last);
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        yield text.slice(start, end);
        start = end + 1;
      }
      yield text.slice(start);
      carry = filled - last - 1;
      buffer.copy(buffer, 0, last + 1, filled);
    }
  } finally {
    closeSync(fd);
  }
}

const isHeader = (header: SnapshotHeader): boolean =>
  header.format === SNAPSHOT_FORMAT && header.version === SNAPSHOT_VERSION && Array.isArray(header.sections) && typeof header.fold === 'string';

/**
 * Reads a snapshot file back into a state at its offset. With `keyPrefixes` (FoldOptions), a
 * snapshot gives only the kinds whose keys can start with one of them, and no derived
 * Events; the lines of the others are not decoded.
 */
export async function readSnapshot(path: string, keyPrefixes?: readonly string[], limits: StateLimits = {}): Promise<{ header: SnapshotHeader; state: ClusterState }> {
  let header: SnapshotHeader | undefined;
  const objects: ClusterSnapshot['objects'][number][] = [];
  const derived: NonNullable<ClusterSnapshot['derived']>[number][] = [];
  const commands: string[] = [];
  /** Each run of lines, decoded on its own. */
  const runs: LineRun[] = [];
  let lines = 0;
  for (const text of fileLines(path)) {
    if (header === undefined) {
      header = JSON.parse(text) as SnapshotHeader;
      if (!isHeader(header)) throw new Error(`${path} is not a Bosun snapshot`);
      runs.push(...snapshotRuns(header, keyPrefixes, objects, derived, commands));
      continue;
    }
    while (runs.length > 0 && runs[0].lines === 0) runs.shift();
    const run = runs[0];
    if (run === undefined) throw new Error(`${path} has more lines than its header says`);
    run.lines--;
    lines++;
    if (run.decode !== undefined) run.into.push(run.decode(text));
  }
  // A wanted kind's run holds all its objects: those out of scope would be left stale by a scoped fold.
  const scope = keyFilter(keyPrefixes);
  const kept = scope === undefined ? objects : objects.filter((o) => scope(keyOf(o.identity)));
  if (header === undefined || lines !== header.objects + header.derived + header.commands) throw new Error(`${path} is cut short`);
  const state = ClusterState.fromSnapshot({ version: 1, offset: header.offset, claims: header.claims, objects: kept, derived, commands }, limits.historyLimit, limits.derivedLimit);
  return { header, state };
}

/** A run of a snapshot's lines: how many are left, how to decode them (undefined: skipped), where they go. */
interface LineRun {
  lines: number;
  readonly decode: ((text: string) => unknown) | undefined;
  readonly into: unknown[];
}

/** The runs of lines after a snapshot's header: how many, how to decode them (undefined: skip them), and where they go. */
function snapshotRuns(header: SnapshotHeader, keyPrefixes: readonly string[] | undefined, objects: unknown[], derived: unknown[], commands: unknown[]): LineRun[] {
  const decoder = (): ((text: string) => unknown) => {
    const d = new SubtreeDecoder();
    return (text) => d.line(text);
  };
  const wanted = (kind: Kind): boolean => {
    const prefix = kindKeyPrefix(kind);
    return keyPrefixes === undefined || keyPrefixes.some((p) => p.startsWith(prefix) || prefix.startsWith(p));
  };
  return [
    ...header.sections.map((s) => ({ lines: s.objects, decode: wanted(s.kind) ? decoder() : undefined, into: objects })),
    { lines: header.derived, decode: keyPrefixes === undefined ? decoder() : undefined, into: derived },
    // Only a state that will decide commands needs them: a scoped replay does not.
    { lines: header.commands, decode: keyPrefixes === undefined ? JSON.parse : undefined, into: commands },
  ];
}

/**
 * The newest snapshot in `dir` a fold towards `point` can start from: taken at or before the point,
 * and of this very log (the event at its offset has the id it recorded). Damaged or foreign
 * snapshots are skipped; undefined when none fits.
 */
export async function snapshotFor(dir: string, source: HistorySource, point: Point, keyPrefixes?: readonly string[], limits: StateLimits = {}): Promise<{ header: SnapshotHeader; state: ClusterState } | undefined> {
  const end = await source.end();
  for (const candidate of listSnapshots(dir)) {
    if (candidate.offset >= end) continue;
    if ('offset' in point && candidate.offset > point.offset) continue;
    const header = await readHeader(candidate.path);
    if (header === undefined || header.fold !== foldFingerprint() || ('time' in point && header.maxTime > point.time)) continue;
    if ((await eventIdAt(source, header.offset)) !== header.eventId) continue;
    try {
      return await readSnapshot(candidate.path, keyPrefixes, limits);
    } catch {
      continue;
    }
  }
  return undefined;
}

/** The `ce_id` of the event at `offset`: what ties a snapshot to the log it was taken from. */
export async function eventIdAt(source: HistorySource, offset: number): Promise<string | null> {
  for await (const batch of source.read(offset, offset + 1)) return batch[0]?.headers.ce_id ?? null;
  return null;
}

/** Keeps the `keep` newest snapshots of `dir`, and removes the others. */
export function pruneSnapshots(dir: string, keep: number): number {
  const old = listSnapshots(dir).slice(keep);
  for (const s of old) rmSync(s.path, { force: true });
  return old.length;
}


/**
 * Snapshots taken by a running server from the projection it already holds (`bosun up`): fed every
 * batch it folds, it writes one each time `every` events have passed since the last, and keeps the
 * `keep` newest. The state is copied synchronously at that offset (its objects are immutable), so
 * the writing, spread over the event loop, never blocks the server for long nor sees later changes.
 */
export class PeriodicSnapshots {
  private last: number;
  private maxTime = -Infinity;
  private writing: Promise<void> | undefined;
  /** No snapshot before this offset (see catchUp). */
  private catchingUpTo = -1;

  constructor(
    private readonly dir: string,
    private readonly every: number,
    private readonly onError: (error: Error) => void,
    private readonly keep = 3,
  ) {
    this.last = listSnapshots(dir)[0]?.offset ?? -1;
  }

  /**
   * Call before the first batch with the log's end: while the state catches up with it, no snapshot
   * is taken (one of the half-folded state would be outdated before it is written, and would slow
   * the start); the first one, if due, is of the state at the end.
   */
  catchUp(endOffset: number): void {
    this.catchingUpTo = endOffset - 1;
  }

  /** Call before the first batch when the state was restored from a snapshot: its decisions count too. */
  restoredFrom(header: SnapshotHeader): void {
    this.decidedUntil(header.maxTime);
  }

  /**
   * Call when records were folded without passing through `observe` (followEvents' shards), with
   * their latest decision time: a snapshot says when its last decision was, and a replay to an
   * earlier time must not start from it.
   */
  decidedUntil(maxTime: number): void {
    if (maxTime > this.maxTime) this.maxTime = maxTime;
  }

  /** Call after the state has applied `records`. */
  observe(state: ClusterState, records: readonly LogRecord[]): void {
    for (const r of records) {
      if (r.type === PARTITION_CLAIMED) continue;
      const t = eventTime(r);
      if (t > this.maxTime) this.maxTime = t;
    }
    const lastRecord = records[records.length - 1];
    if (lastRecord === undefined || this.writing !== undefined || state.offset < this.catchingUpTo || state.offset - this.last < this.every || lastRecord.offset !== state.offset) return;
    this.last = state.offset;
    this.writing = writeSnapshot(this.dir, state, lastRecord.headers.ce_id ?? null, this.maxTime)
      .then(() => void pruneSnapshots(this.dir, this.keep))
      .catch((error: unknown) => this.onError(error as Error))
      .finally(() => (this.writing = undefined));
  }

  /** Resolves when no snapshot is being written. */
  async idle(): Promise<void> {
    await this.writing;
  }
}
