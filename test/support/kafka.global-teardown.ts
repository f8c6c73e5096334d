/** Stops the broker that kafka.global-setup.ts started (never one it was given). */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default async function stopTestKafka(): Promise<void> {
  const dir = process.env.BOSUN_TEST_KAFKA_DIR;
  if (!dir) return;
  execFileSync(join(__dirname, '..', '..', 'scripts/kafka/stop.sh'), ['--dir', dir, '--wipe'], { stdio: 'inherit' });
  delete process.env.BOSUN_TEST_KAFKA_DIR;
  delete process.env.BOSUN_TEST_KAFKA;
}
