/**
 * Jest global setup for the suites that need Kafka: starts a real single-node KRaft broker from
 * scripts/kafka (fetched from Maven Central and cached) unless BOSUN_TEST_KAFKA already names one.
 * Without Java or Maven this fails with the install hint; Kafka suites are never skipped silently.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freeBasePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    if ((await portFree(base)) && (await portFree(base + 100))) return base;
  }
  throw new Error('no free port pair found for the test Kafka broker');
}

export default async function startTestKafka(): Promise<void> {
  if (process.env.BOSUN_TEST_KAFKA) return;
  const dir = mkdtempSync(join(tmpdir(), 'bosun-test-kafka-'));
  const port = await freeBasePort();
  let bootstrap: string;
  try {
    bootstrap = execFileSync(join(root, 'scripts/kafka/start.sh'), ['--dir', dir, '--port', String(port)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`could not start the test Kafka broker:\n${stderr}`);
  }
  process.env.BOSUN_TEST_KAFKA = bootstrap;
  process.env.BOSUN_TEST_KAFKA_DIR = dir;
  process.stderr.write(`\ntest Kafka broker at ${bootstrap} (state in ${dir})\n`);
}
