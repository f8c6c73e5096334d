import { parseDuration } from '@bosun/api';
import type { Reconciler } from '@bosun/controllers';
import { openEventLog } from '@bosun/event-log';
import { Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EventLogServer } from './event-log.server';

type Flags = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

export interface ControllerServiceDefinition {
  /** The controller's name: `bosun-<name>` in messages, `<prefix>.elections.<name>` in the election. */
  readonly name: string;
  /** The app's Nest module. */
  readonly module: Type<unknown>;
  /** Flags of this controller beyond the common ones, and their help lines. */
  readonly flags?: Flags;
  readonly help?: string;
  readonly reconcilers: (values: Values) => readonly Reconciler[];
}

const COMMON: Flags = {
  kafka: { type: 'string' },
  'topic-prefix': { type: 'string', default: 'bosun' },
  'data-dir': { type: 'string', default: '.bosun' },
  'leader-elect-lease-duration': { type: 'string', default: '15s' },
  help: { type: 'boolean', short: 'h' },
};

/** A Go-style duration flag, or a one-line error naming the flag. */
export function durationFlag(flag: string, text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new Error(`${flag}: ${(error as Error).message}`);
  }
}

/**
 * Runs one controller as its own process: a NestJS microservice on the event-log transport, against
 * Kafka (`--kafka`) or an embedded data directory. Any number may run; one leads. Exits 0 on
 * SIGINT / SIGTERM, 1 when the log or the election fails, 2 on bad flags.
 */
export async function runControllerService(definition: ControllerServiceDefinition, argv = process.argv.slice(2)): Promise<void> {
  const program = `bosun-${definition.name}`;
  const usage = `usage: ${program} [--kafka HOST:PORT[,…] | --data-dir DIR] [--topic-prefix bosun] [--leader-elect-lease-duration 15s]${definition.help ? `\n${definition.help}` : ''}`;
  let values: Values;
  let leaseDurationMs: number;
  let reconcilers: () => readonly Reconciler[];
  try {
    values = parseArgs({ args: argv, options: { ...COMMON, ...definition.flags } }).values as Values;
    if (values.help) {
      console.log(usage);
      return;
    }
    leaseDurationMs = durationFlag('--leader-elect-lease-duration', String(values['leader-elect-lease-duration']));
    definition.reconcilers(values); // checks this controller's own flags before anything starts
    reconcilers = () => definition.reconcilers(values);
  } catch (error) {
    console.error(`${program}: ${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  const fail = (error: unknown): void => {
    console.error(`${program}: stopping: ${(error as Error).message ?? String(error)}`);
    process.exit(1);
  };
  const where = { dataDir: String(values['data-dir']), topicPrefix: String(values['topic-prefix']), ...(typeof values.kafka === 'string' ? { kafka: values.kafka } : {}) };
  const strategy = new EventLogServer({
    name: definition.name,
    open: async () => (await openEventLog(where)).log,
    reconcilers,
    leaseDurationMs,
    onFailure: fail,
  });
  const app = await NestFactory.createMicroservice(definition.module, { strategy, logger: ['log', 'warn', 'error'] });
  try {
    await app.listen();
  } catch (error) {
    fail(error);
  }
  new Logger(program).log(`following ${where.kafka ? `Kafka at ${where.kafka}` : where.dataDir} (topics ${where.topicPrefix}.*); candidate in election ${where.topicPrefix}.elections.${definition.name}`);
  const stop = async (): Promise<void> => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
