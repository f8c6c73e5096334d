import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventLogContract } from '../event-log.contract';
import { EmbeddedEventLog } from './embedded-log';

const root = mkdtempSync(join(tmpdir(), 'bosun-embedded-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeEventLogContract('embedded (SQLite)', {
  // One data directory per topology, so reopening a topology reopens its directory.
  open: async (shape) => EmbeddedEventLog.open({ dir: join(root, shape.eventsTopic), topology: shape, pollIntervalMs: 20 }),
  rebalanceMs: 1_000,
  consumeOptions: { sessionTimeoutMs: 600, heartbeatIntervalMs: 50 },
});
