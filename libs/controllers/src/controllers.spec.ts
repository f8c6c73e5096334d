import { EmbeddedEventLog, topology } from '@bosun/event-log';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeControllers } from './controllers.contract';

jest.setTimeout(60_000);
const root = mkdtempSync(join(tmpdir(), 'bosun-controllers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeControllers('embedded', {
  open: async (prefix) => EmbeddedEventLog.open({ dir: join(root, prefix), topology: topology(prefix, 4), pollIntervalMs: 20 }),
  sessionTimeoutMs: 2_000,
});
