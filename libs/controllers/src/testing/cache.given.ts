/**
 * Given/when/then for reconcilers: given a cache holding these objects, when the reconciler plans
 * this key, then it sends these commands.
 */
import type { KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import { claimRecord, ClusterState, eventToRecord } from '@bosun/runtime';
import type { LogRecord } from '@bosun/event-log';
import type { Plan, Reconciler } from '../controller';

export function cacheOf(objects: readonly KubeObject[]): ClusterState {
  const state = new ClusterState();
  const fence = { partition: 0, epoch: 1, owner: 'test' };
  let offset = 0;
  const stored = (r: Omit<LogRecord, 'topic' | 'partition' | 'offset' | 'timestamp' | 'headers'> & { headers?: Record<string, string> }): LogRecord =>
    ({ topic: 'bosun.events', partition: 0, offset: offset++, timestamp: 0, headers: {}, ...r }) as LogRecord;
  state.apply(stored(claimRecord(fence, '2026-11-28T10:00:00Z')));
  objects.forEach((object, i) => {
    const identity = { kind: object.kind, name: object.metadata.name ?? '', ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}) };
    const event = { type: `${object.kind}Created`, data: { object }, metadata: { machineVersion: 1, commandId: `seed-${i}`, time: '2026-11-28T10:00:00Z', source: '/test' } };
    state.apply(stored(eventToRecord(identity, event, 0, fence)));
  });
  return state;
}

let n = 0;
export const meta = (): CommandMetadata => ({ commandId: `c${n++}`, time: '2026-11-28T10:00:00Z', source: '/test' });

export function plan(reconciler: Reconciler, objects: readonly KubeObject[], key: string): Plan {
  return reconciler.plan(key, cacheOf(objects), meta);
}

/** `Create pods/web-xxxxx`-style summaries of a plan, for readable expectations. */
export function summary(p: Plan): string[] {
  return p.map((c) => `${c.command.type} ${c.kind}/${c.name}`);
}
