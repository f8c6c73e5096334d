import type { KubeObject } from '@bosun/api';
import { fieldChanges, type FieldChange } from './field-diff';
import type { HistorySource } from './history-source';
import { withoutVersion } from './object-history';
import { foldLog, HistoryQueryError, type Point } from './replay';

export interface ObjectDiff {
  readonly key: string;
  readonly change: 'added' | 'deleted' | 'changed';
  /** The object at `from` (absent when added) and at `to` (absent when deleted). */
  readonly before?: KubeObject;
  readonly after?: KubeObject;
  readonly changes: readonly FieldChange[];
}

export interface StateDiff {
  /** The last offsets folded into each side (-1: before the first event). */
  readonly fromOffset: number;
  readonly toOffset: number;
  readonly objects: readonly ObjectDiff[];
}

/**
 * What changed between two points of the log: the objects added, deleted and changed (with their
 * fields), ordered by key. An object deleted and created again in between is `changed` (see its uid).
 */
export async function diffStates(source: HistorySource, from: Point, to: Point, onProgress?: (done: number, total: number) => void, snapshots?: string): Promise<StateDiff> {
  if (('offset' in from && 'offset' in to && to.offset < from.offset) || ('time' in from && 'time' in to && to.time < from.time) || ('end' in from && !('end' in to))) {
    throw new HistoryQueryError('--to is before --from');
  }
  const first = await foldLog(source, { to: from, ...(onProgress ? { onProgress } : {}), ...(snapshots === undefined ? {} : { snapshots }) });
  const before = new Map<string, KubeObject | null>();
  const second = await foldLog(source, {
    state: first.state,
    from: first.offset + 1,
    to,
    before: (record, state) => {
      if (!before.has(record.key)) before.set(record.key, state.getObject(record.key));
    },
    ...(onProgress ? { onProgress } : {}),
  });
  const objects: ObjectDiff[] = [];
  for (const key of [...before.keys()].sort()) {
    const a = before.get(key) ?? null;
    const b = first.state.getObject(key);
    if (a === null && b === null) continue; // created and deleted in between
    const changes = fieldChanges(withoutVersion(a), withoutVersion(b));
    if (a !== null && b !== null && changes.length === 0) continue;
    objects.push({
      key,
      change: a === null ? 'added' : b === null ? 'deleted' : 'changed',
      ...(a === null ? {} : { before: a }),
      ...(b === null ? {} : { after: b }),
      changes: a !== null && b !== null ? changes : [],
    });
  }
  return { fromOffset: first.offset, toOffset: Math.max(first.offset, second.offset), objects };
}
