import { KINDS } from '@bosun/api';
import { formatChange, type FieldChange } from './field-diff';
import type { HistoryEntry } from './object-history';

/** Fields every heartbeat or probe rewrites: true but not news, so summaries leave them out. */
const NOISE = /(lastHeartbeatTime|lastProbeTime|lastTransitionTime|managedFields)/;

/** An event type's kind: the longest kind it begins with (ReplicationController before Replica…). */
const KIND_PREFIX = new RegExp(`^(${[...KINDS].sort((a, b) => b.length - a.length).join('|')})`);

export function newsworthy(changes: readonly FieldChange[]): FieldChange[] {
  return changes.filter((c) => !NOISE.test(c.path));
}

/**
 * One line saying what an event did: `bound to node n1`, `spec.replicas: 2 → 3`,
 * `status.phase: Pending → Running, …`. At most `max` field changes, then how many more.
 */
export function summarize(entry: HistoryEntry, max = 4): string {
  if (entry.fenced) return 'ignored: written by an actor host that had lost its command partition';
  const verb = entry.type.replace(KIND_PREFIX, '');
  const object = entry.object as { spec?: { nodeName?: string }; metadata?: { deletionGracePeriodSeconds?: number; uid?: string } } | null;
  switch (verb) {
    case 'Created':
      return `created (uid ${object?.metadata?.uid ?? '?'})`;
    case 'Deleted':
      return 'deleted';
    case 'Scheduled':
      return `bound to node ${object?.spec?.nodeName ?? '?'}`;
    case 'DeletionRequested':
      return `deletion requested, grace period ${object?.metadata?.deletionGracePeriodSeconds ?? 0}s`;
  }
  const news = newsworthy(entry.changes);
  if (news.length === 0) return entry.changes.length === 0 ? 'no change' : 'timestamps only';
  const shown = news.slice(0, max).map(formatChange).join(', ');
  return news.length > max ? `${shown}, and ${news.length - max} more` : shown;
}
