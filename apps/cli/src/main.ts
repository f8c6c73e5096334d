/**
 * The `bosun` command. Until the gateway and the actor host exist, `bosun up` starts the skeleton:
 * it opens (or creates) the embedded event log in the data directory and keeps it open, so the
 * storage layer can be tried and inspected; it says so when it starts.
 */
import { EmbeddedEventLog, LOG_FILE } from '@bosun/event-log';
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `usage: bosun up [--data-dir DIR]

  up   open the embedded event log in DIR (default ./.bosun) and run until Ctrl-C`;

async function up(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string', default: '.bosun' } } });
  const dir = resolve(values['data-dir'] ?? '.bosun');
  const log = EmbeddedEventLog.open({ dir });
  const events = await log.events.endOffset();
  console.log(`bosun: embedded event log at ${join(dir, LOG_FILE)} (bosun.events holds ${events} events)`);
  console.log('bosun: this build is the storage foundation only; the Kubernetes API gateway is not built yet.');
  console.log('bosun: running; Ctrl-C stops it.');
  await new Promise<void>((done) => {
    // Signal listeners alone do not keep Node running; this timer does until a signal arrives.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const stop = (): void => {
      clearInterval(keepAlive);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await log.close();
  console.log('bosun: stopped.');
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'up':
      await up(rest);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return verb === undefined ? 2 : 0;
    default:
      console.error(`bosun: unknown command "${verb}"\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const debug = process.argv.includes('--debug');
    console.error(`bosun: ${debug && error instanceof Error ? error.stack : (error as Error).message ?? String(error)}`);
    process.exit(1);
  },
);
