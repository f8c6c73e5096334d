import type { HistorySource } from './history-source';
import { foldLog } from './replay';
import { eventIdAt, pruneSnapshots, writeSnapshot } from './snapshots';

/**
 * Folds the source to its end — from the newest snapshot of this log in `dir`, if any — and writes
 * a new snapshot there; keeps the `keep` newest. Returns the new snapshot's offset and path.
 */
export async function takeSnapshot(source: HistorySource, dir: string, keep = 3, onProgress?: (done: number, total: number) => void): Promise<{ offset: number; path: string; from?: number }> {
  const folded = await foldLog(source, { to: { end: true }, snapshots: dir, ...(onProgress ? { onProgress } : {}) });
  if (folded.offset < 0) throw new Error('the log is empty: there is nothing to snapshot');
  const path = await writeSnapshot(dir, folded.state, await eventIdAt(source, folded.offset), folded.maxTime);
  pruneSnapshots(dir, keep);
  return { offset: folded.offset, path, ...(folded.snapshot === undefined ? {} : { from: folded.snapshot }) };
}
