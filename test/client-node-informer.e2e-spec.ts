/**
 * An @kubernetes/client-node informer (list, then watch from the list's resourceVersion) stays in
 * sync with Bosun through creates, updates, deletes, and a watch broken by a server restart.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killHard, spawnLines, type LineChild } from './support/child-process';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('client-node informer against bosun', () => {
  let bosun: BosunUnderTest;
  let informer: LineChild;
  const dataDir = mkdtempSync(join(tmpdir(), 'bosun-informer-'));
  afterAll(async () => {
    if (informer) await killHard(informer);
    await bosun?.stop();
  });

  const pod = (name: string) =>
    JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  const kubectl = (args: string[], input?: string) => {
    const r = bosun.kubectl(args, input);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  };
  const has = (line: RegExp) => () => informer.lines.some((l) => line.test(l));

  it('lists, then follows creates, updates and deletes, and resumes after the server restarts', async () => {
    const port = await freePort();
    bosun = await startBosun(dataDir, port);
    kubectl(['create', '-f', '-'], pod('before'));
    informer = spawnLines(process.execPath, [join(__dirname, 'fixtures', 'informer-client.mjs'), bosun.kubeconfig]);
    await waitFor(`the informer to list "before" (${informer.stderr()})`, has(/^add before /), 30_000);

    kubectl(['create', '-f', '-'], pod('a'));
    await waitFor('add a', has(/^add a /));
    kubectl(['label', 'pod', 'a', 'tier=db']);
    await waitFor('update a with its new label', has(/^update a \d+ .*"tier":"db"/));
    kubectl(['delete', 'pod', 'before']);
    await waitFor('delete before', has(/^delete before$/));

    // Break every watch: stop the server, change things while the informer is disconnected... no
    // one can write then, so change right after the restart, before the informer reconnects.
    await bosun.stop();
    bosun = await startBosun(dataDir, port);
    kubectl(['create', '-f', '-'], pod('after-restart'));
    kubectl(['label', 'pod', 'a', 'tier=web', '--overwrite']);
    await waitFor(`the informer to see changes made after the restart (${informer.lines.slice(-5).join(' | ')})`, () => has(/^add after-restart /)() && has(/^update a \d+ .*"tier":"web"/)(), 60_000);

    informer.process.stdin.write('list\n');
    await waitFor('the cache listing', has(/^cache /));
    expect(informer.lines.filter((l) => l.startsWith('cache ')).pop()).toBe('cache a,after-restart');
  });
});
