import { parseDuration } from '@bosun/api';
import { ControllerManager, type Reconciler } from '@bosun/controllers';
import { openEventLog } from '@bosun/event-log';
import { Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EventLogServer, type RunningService, type ServiceContext } from './event-log.server';
import type { ClusterState } from '@bosun/runtime';

type Flags = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Record<string, string | boolean | undefined>;

export interface ServiceDefinition {
  /** `bosun-<name>` in messages. */
  readonly name: string;
  /** The app's Nest module. */
  readonly module: Type<unknown>;
  /** Flags beyond the common ones (--kafka, --data-dir, --topic-prefix), and their help lines. */
  readonly flags?: Flags;
  readonly help?: string;
  /** Checks the flags (throwing a one-line error) and returns what to start once the log is open. */
  readonly prepare: (values: FlagValues) => (context: ServiceContext) => Promise<RunningService>;
}

export interface ControllerServiceDefinition {
  /** The controller's name: `bosun-<name>` in messages, `<prefix>.elections.<name>` in the election. */
  readonly name: string;
  readonly module: Type<unknown>;
  readonly flags?: Flags;
  readonly help?: string;
  /** The reconcilers, given the flags and (once the log is open) the service's projection; called without one first, to check the flags. */
  readonly reconcilers: (values: FlagValues, state?: ClusterState) => readonly Reconciler[];
}

const COMMON: Flags = {
  kafka: { type: 'string' },
  'topic-prefix': { type: 'string', default: 'bosun' },
  'data-dir': { type: 'string', default: '.bosun' },
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
 * Runs a service of Bosun as its own process: a NestJS microservice on the event-log transport,
 * against Kafka (`--kafka`) or an embedded data directory. Exits 0 on SIGINT / SIGTERM, 1 when the
 * log or the service fails, 2 on bad flags.
 */
export async function runService(definition: ServiceDefinition, argv = process.argv.slice(2)): Promise<void> {
  const program = `bosun-${definition.name}`;
  const usage = `usage: ${program} [--kafka HOST:PORT[,…] | --data-dir DIR] [--topic-prefix bosun]${definition.help ? `\n${definition.help}` : ''}`;
  let values: FlagValues;
  let start: (context: ServiceContext) => Promise<RunningService>;
  try {
    values = parseArgs({ args: argv, options: { ...COMMON, ...definition.flags } }).values as FlagValues;
    if (values.help) {
      console.log(usage);
      return;
    }
    start = definition.prepare(values);
  } catch (error) {
    console.error(`${program}: ${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  const fail = (error: unknown): void => {
    console.error(`${program}: stopping: ${(error as Error).message ?? String(error)}`);
    process.exit(1);
  };
  const where = { dataDir: String(values['data-dir']), topicPrefix: String(values['topic-prefix']), ...(typeof values.kafka === 'string' ? { kafka: values.kafka } : {}) };
  const strategy = new EventLogServer({ open: async () => (await openEventLog(where)).log, start, onFailure: fail });
  const app = await NestFactory.createMicroservice(definition.module, { strategy, logger: ['log', 'warn', 'error'] });
  try {
    await app.listen();
  } catch (error) {
    fail(error);
  }
  new Logger(program).log(`following ${where.kafka ? `Kafka at ${where.kafka}` : where.dataDir} (topics ${where.topicPrefix}.*)`);
  const stop = async (): Promise<void> => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** A controller as its own process: its control loops run while it is the elected leader. */
export function runControllerService(definition: ControllerServiceDefinition, argv = process.argv.slice(2)): Promise<void> {
  return runService(
    {
      name: definition.name,
      module: definition.module,
      flags: { 'leader-elect-lease-duration': { type: 'string', default: '15s' }, ...definition.flags },
      help: `       [--leader-elect-lease-duration 15s]${definition.help ? `\n${definition.help}` : ''}`,
      prepare: (values) => {
        const leaseMs = durationFlag('--leader-elect-lease-duration', String(values['leader-elect-lease-duration']));
        definition.reconcilers(values); // checks this controller's own flags before anything starts
        return async ({ log, state, client, logger }) => {
          const manager = new ControllerManager(definition.name, () => definition.reconcilers(values, state), { log, state, client }, {
            sessionTimeoutMs: leaseMs,
            heartbeatIntervalMs: Math.max(100, Math.floor(leaseMs / 5)),
            log: (m) => logger.log(m),
          });
          const member = await manager.start();
          logger.log(`candidate in election ${log.elections.name}.${definition.name}`);
          return { stop: () => manager.stop(), done: member.done };
        };
      },
    },
    argv,
  );
}
