import type { HistoryEntry } from './object-history';
import { summarize } from './summary';

const entry = (type: string, object: unknown): HistoryEntry => ({ offset: 1, key: 'k', id: undefined, type, time: 't', actor: undefined, source: undefined, changes: [], object }) as unknown as HistoryEntry;

describe('summarize', () => {
  it('reads the verb of every kind’s events, apps/v1 ones too', () => {
    expect(summarize(entry('DeploymentCreated', { metadata: { uid: 'u1' } }))).toBe('created (uid u1)');
    expect(summarize(entry('ReplicaSetDeleted', null))).toBe('deleted');
    expect(summarize(entry('ReplicationControllerDeleted', null))).toBe('deleted');
    expect(summarize(entry('LeaseDeleted', null))).toBe('deleted');
  });
});
