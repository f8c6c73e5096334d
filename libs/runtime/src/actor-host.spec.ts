import { EmbeddedEventLog, topology } from '@bosun/event-log';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeActorHost } from './actor-host.contract';

jest.setTimeout(60_000);
const root = mkdtempSync(join(tmpdir(), 'bosun-host-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeActorHost('embedded', {
  open: async (prefix) => EmbeddedEventLog.open({ dir: join(root, prefix), topology: topology(prefix, 4), pollIntervalMs: 20 }),
  consume: { sessionTimeoutMs: 1_000, heartbeatIntervalMs: 50 },
});
