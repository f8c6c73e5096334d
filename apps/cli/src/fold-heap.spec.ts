import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FOLD_HEAP_FLAGS, missingFoldFlags, SERVER_HEAP_FLAGS } from './fold-heap';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe("bosun up's heap flags", () => {
  it('are the ones every way of starting bosun up passes: bin/bosun, npm start, docker-compose', () => {
    expect(read('bin/bosun').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${SERVER_HEAP_FLAGS.join(' ')}`);
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start).toBe(`node ${SERVER_HEAP_FLAGS.join(' ')} dist/apps/cli/src/main.js up`);
    const compose = parse(read('docker-compose.yml')) as { services: Record<string, { command?: string[] }> };
    const ups = Object.values(compose.services).filter((s) => s.command?.includes('up'));
    expect(ups.length).toBeGreaterThan(0);
    for (const service of ups) expect(service.command!.slice(0, SERVER_HEAP_FLAGS.length + 2)).toEqual([...SERVER_HEAP_FLAGS, 'bin/bosun', 'up']);
  });
});

describe('the fold verbs run again in the fold heap', () => {
  it('with the fold flags not given, by name: a flag the user set is kept', () => {
    expect(missingFoldFlags([])).toEqual(FOLD_HEAP_FLAGS);
    expect(missingFoldFlags(['--max-semi-space-size=16'])).toEqual(FOLD_HEAP_FLAGS.filter((f) => !f.startsWith('--max-semi-space-size')));
    expect(missingFoldFlags([...FOLD_HEAP_FLAGS, '--expose-gc'])).toEqual([]);
    // A flag whose name only starts like one of them is another flag.
    expect(missingFoldFlags(['--max-semi-space-size-x=1'])).toEqual(FOLD_HEAP_FLAGS);
  });
});
