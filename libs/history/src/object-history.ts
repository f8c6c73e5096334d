import type { KubeObject } from '@bosun/api';
import type { LogRecord } from '@bosun/event-log';
import type { ClusterState } from '@bosun/runtime';
import { fieldChanges, type FieldChange } from './field-diff';
import type { HistorySource } from './history-source';
import { foldLog, type Point } from './replay';

/** One event of one object, read back with who caused it and what it changed (docs/events.md). */
export interface HistoryEntry {
  readonly offset: number;
  /** The object's key: `pods/default/web-1`. */
  readonly key: string;
  /** `ce_id`: what a later command names as its cause. */
  readonly id: string | undefined;
  readonly type: string;
  /** When it was decided (`ce_time`). */
  readonly time: string;
  /** On whose behalf: `user:admin`, `controller:scheduler`, `node:n1`. */
  readonly actor: string | undefined;
  readonly source: string | undefined;
  /** The command that caused it (`Create`, `Bind`, …) and that command's id. */
  readonly command: string | undefined;
  readonly commandId: string | undefined;
  /** The id of the event the command answered (a controller's trigger); none for a user's request. */
  readonly cause: string | undefined;
  readonly correlationId: string | undefined;
  /** The fields that changed; resourceVersion, which every event changes, left out. */
  readonly changes: readonly FieldChange[];
  /** The object after the event; null once deleted. */
  readonly object: KubeObject | null;
  /**
   * True for an event the log holds but history ignores: written by an actor host that had already
   * lost its command partition (fencing, docs/events.md).
   */
  readonly fenced: boolean;
}

/** Reads one record into an entry, given the object before and after it. */
export function historyEntry(record: LogRecord, before: KubeObject | null, after: KubeObject | null, fenced: boolean): HistoryEntry {
  const h = record.headers;
  return {
    offset: record.offset,
    key: record.key,
    id: h.ce_id,
    type: record.type,
    time: h.ce_time ?? new Date(record.timestamp).toISOString(),
    actor: h.bosun_actor,
    source: h.ce_source,
    command: h.bosun_command,
    commandId: h.ce_causationid,
    cause: h.bosun_cause,
    correlationId: h.ce_correlationid,
    changes: fenced ? [] : fieldChanges(withoutVersion(before), withoutVersion(after)),
    object: after,
    fenced,
  };
}

/** The object as compared between versions: without the resourceVersion, which every event changes. */
export function withoutVersion(o: KubeObject | null): unknown {
  if (o === null) return undefined;
  const { resourceVersion: _, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/**
 * Every event of the given objects up to `to`, oldest first, each with what it changed. A name
 * used again after a deletion shows both lives (the uid tells them apart).
 */
export async function objectHistories(source: HistorySource, keys: ReadonlySet<string>, to: Point = { end: true }): Promise<Map<string, HistoryEntry[]>> {
  const out = new Map<string, HistoryEntry[]>([...keys].map((k) => [k, []]));
  let before: KubeObject | null = null;
  await foldLog(source, {
    to,
    keyPrefixes: [...keys],
    filter: (r) => keys.has(r.key),
    before: (r, state) => {
      before = state.getObject(r.key);
    },
    after: (r, state: ClusterState) => {
      const applied = state.get(r.key)?.offset === r.offset;
      out.get(r.key)!.push(historyEntry(r, before, applied ? state.getObject(r.key) : before, !applied));
    },
  });
  return out;
}
