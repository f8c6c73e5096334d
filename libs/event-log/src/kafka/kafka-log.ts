import type { Admin, ITopicConfig, LogEntry, logLevel, Producer } from 'kafkajs';
import type { EventLog } from '../event-log.port';
import { DEFAULT_LIMITS, type LogLimits } from '../limits';
import { topology, type LogTopology } from '../topology';
import { fromKafka } from './kafka-errors';
import { kafkajs } from './kafkajs';
import { KafkaTopic } from './kafka-topic';
import { installRecordDecoder } from './kafkajs-record-decoder';

export interface KafkaLogOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  readonly topology?: LogTopology;
  readonly limits?: LogLimits;
  /** Replication factor of the topics Bosun creates. Default: 3 if the cluster has 3 brokers, else 1. */
  readonly replicationFactor?: number;
  /** min.insync.replicas of those topics. Default: replicationFactor − 1, at least 1. */
  readonly minInsyncReplicas?: number;
  /** kafkajs log level name: NOTHING, ERROR, WARN, INFO, DEBUG. Default WARN. */
  readonly logLevel?: keyof typeof logLevel;
  /** Read an existing log only (bosun replay, history, export): no topic is created, appends fail. */
  readonly readOnly?: boolean;
}


/** The distributed event log on Apache Kafka, through kafkajs. */
export class KafkaEventLog implements EventLog {
  private constructor(
    private readonly admin: Admin,
    private readonly producer: Producer,
    readonly events: KafkaTopic,
    readonly commands: KafkaTopic,
    readonly replies: KafkaTopic,
    readonly elections: KafkaTopic,
  ) {}

  static async open(options: KafkaLogOptions): Promise<KafkaEventLog> {
    const shape = options.topology ?? topology();
    const limits = options.limits ?? DEFAULT_LIMITS;
    // Before kafkajs' first fetch loads its own (see kafkajs-record-decoder.ts).
    installRecordDecoder();
    const { Kafka, logLevel, Partitioners } = kafkajs();
    const kafka = new Kafka({
      clientId: options.clientId ?? 'bosun',
      brokers: [...options.brokers],
      logLevel: logLevel[options.logLevel ?? 'WARN'],
      logCreator: () => (entry: LogEntry) => {
        // kafkajs logs every error response of a connection, retried or not; what matters reaches
        // us as a rejected call, so those lines are kept for DEBUG only.
        if (entry.namespace === 'Connection' && entry.level !== logLevel.DEBUG) return;
        const { message, ...extra } = entry.log;
        process.stderr.write(`[kafkajs ${entry.namespace}] ${entry.label} ${message} ${JSON.stringify(extra)}\n`);
      },
      retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 5_000 },
    });
    const admin = kafka.admin();
    // Idempotent: the broker drops a retried duplicate; it requires one request in flight and acks=all.
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    try {
      await admin.connect();
      if (options.readOnly) {
        const names = await admin.listTopics();
        if (!names.includes(shape.eventsTopic)) throw new Error(`there is no topic ${shape.eventsTopic} (another --topic-prefix?)`);
      } else {
        await createTopics(admin, shape, limits, options);
        await producer.connect();
      }
    } catch (error) {
      await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
      throw fromKafka(`open the Kafka event log at ${options.brokers.join(',')}`, error);
    }
    const context = { kafka, admin, producer, limits, readerGroupPrefix: `${shape.eventsTopic}.reader` };
    return new KafkaEventLog(
      admin,
      producer,
      new KafkaTopic(context, shape.eventsTopic, 1),
      new KafkaTopic(context, shape.commandsTopic, shape.commandPartitions),
      new KafkaTopic(context, shape.repliesTopic, shape.commandPartitions),
      new KafkaTopic(context, shape.electionsTopic, 1),
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.commands.close(), this.replies.close(), this.elections.close()]);
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}

/** Creates Bosun's topics with their retention (never relying on auto-creation). */
async function createTopics(admin: Admin, shape: LogTopology, limits: LogLimits, options: KafkaLogOptions): Promise<void> {
  const brokers = (await admin.describeCluster()).brokers.length;
  const replicationFactor = options.replicationFactor ?? (brokers >= 3 ? 3 : 1);
  const minInsync = options.minInsyncReplicas ?? Math.max(1, replicationFactor - 1);
  const config = (retention: string): ITopicConfig['configEntries'] => [
    { name: 'min.insync.replicas', value: String(minInsync) },
    // One append call is one record batch: it must fit, with its framing.
    { name: 'max.message.bytes', value: String(limits.maxBatchBytes + 1024 * 1024) },
    { name: 'retention.ms', value: retention },
    { name: 'cleanup.policy', value: 'delete' },
  ];
  await ensureTopics(admin, [
    // bosun.events is the source of truth: kept forever, one partition for one total order.
    { topic: shape.eventsTopic, numPartitions: 1, replicationFactor, configEntries: config('-1') },
    // Commands are consumed once, then only needed for audit: a week.
    {
      topic: shape.commandsTopic,
      numPartitions: shape.commandPartitions,
      replicationFactor,
      configEntries: config(String(7 * 24 * 3600 * 1000)),
    },
    // A reply matters only while its sender waits: an hour.
    { topic: shape.repliesTopic, numPartitions: shape.commandPartitions, replicationFactor, configEntries: config(String(3600 * 1000)) },
    { topic: shape.electionsTopic, numPartitions: 1, replicationFactor, configEntries: config(String(3600 * 1000)) },
  ]);
}

/**
 * Creates the topics if absent (never relying on auto-creation) and waits for their leaders;
 * an existing topic with another partition count is an error, since keys would move partitions.
 */
async function ensureTopics(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: true, timeout: 30_000 });
  const { topics: found } = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
  for (const wanted of topics) {
    const actual = found.find((t) => t.name === wanted.topic);
    if (actual && actual.partitions.length !== wanted.numPartitions) {
      throw new Error(
        `topic ${wanted.topic} exists with ${actual.partitions.length} partitions, Bosun expects ${wanted.numPartitions}`,
      );
    }
  }
}
