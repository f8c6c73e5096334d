import { EmbeddedEventLog, topology } from '@bosun/event-log';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLeaderElection } from './leader-election.contract';

jest.setTimeout(60_000);
const root = mkdtempSync(join(tmpdir(), 'bosun-election-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeLeaderElection('embedded', {
  open: async (prefix) => EmbeddedEventLog.open({ dir: join(root, prefix), topology: topology(prefix, 2), pollIntervalMs: 20 }),
  consume: { sessionTimeoutMs: 1_000, heartbeatIntervalMs: 50 },
});
