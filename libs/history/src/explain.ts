import type { HistorySource } from './history-source';
import { objectHistories, type HistoryEntry } from './object-history';
import { foldLog, HistoryQueryError, type Point } from './replay';

/** An event of the explained object and the chain of events that led to it, nearest cause first. */
export interface ExplainedEvent {
  readonly event: HistoryEntry;
  readonly causes: readonly HistoryEntry[];
}

export interface Explanation {
  readonly key: string;
  /** The object now (at `to`); null when its last event deleted it. */
  readonly object: HistoryEntry['object'];
  /** The events of its latest life (since its last creation), each with its causes. */
  readonly events: readonly ExplainedEvent[];
}

/** How far back a chain is followed: a guard against a cycle in a damaged log. */
const MAX_DEPTH = 20;

/**
 * The causal chain behind an object's state. Each event names the command that caused it and that
 * command's cause (`bosun_cause`: the event a controller answered), so the chain is followed across
 * objects — RC scaled → pod created → pod bound → … — until a user's or a node's own action.
 * Two passes: one indexes event ids, the second folds only the objects on the chains.
 */
export async function explain(source: HistorySource, key: string, to: Point = { end: true }): Promise<Explanation> {
  const byId = new Map<string, { offset: number; key: string; cause: string | undefined }>();
  const own: { offset: number; type: string; cause: string | undefined }[] = [];
  await foldLog(source, {
    to,
    // Nothing is applied: this pass only reads headers.
    filter: (r) => {
      const id = r.headers.ce_id;
      if (id !== undefined) byId.set(id, { offset: r.offset, key: r.key, cause: r.headers.bosun_cause });
      if (r.key === key) own.push({ offset: r.offset, type: r.type, cause: r.headers.bosun_cause });
      return false;
    },
  });
  if (own.length === 0) throw new HistoryQueryError(`${key} has no events in the log`, 'not-found');
  const lifeStart = own.findLastIndex((e) => e.type.endsWith('Created'));
  const life = own.slice(Math.max(0, lifeStart));
  const chains = life.map((e) => {
    const found: { offset: number; key: string }[] = [];
    for (let cause = e.cause, depth = 0; cause !== undefined && depth < MAX_DEPTH; depth++) {
      const event = byId.get(cause);
      if (event === undefined) break; // before the log's start, or in another cluster's log
      found.push(event);
      cause = event.cause;
    }
    return found;
  });
  const keys = new Set([key, ...chains.flat().map((c) => c.key)]);
  const histories = await objectHistories(source, keys, to);
  const byOffset = new Map<number, HistoryEntry>();
  for (const entries of histories.values()) for (const e of entries) byOffset.set(e.offset, e);
  const events = life.map((e, i) => ({ event: byOffset.get(e.offset)!, causes: chains[i].map((c) => byOffset.get(c.offset)!) }));
  return { key, object: events[events.length - 1].event.object, events };
}
