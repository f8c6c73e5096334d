import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { AppendBatcher } from '../append-batcher';
import { Channel } from '../channel';
import type {
  BatchHandler,
  ConsumeOptions,
  LogTopic,
  PartitionHandler,
  ReadOptions,
  Subscription,
} from '../event-log.port';
import { keyFilter } from '../event-log.port';
import type { EncodedRecord, Json, LogRecord, NewRecord } from '../log-record';
import { LogClosedError } from '../log.errors';
import { encodeBatch, checkOffset, checkPartition, type LogLimits } from '../limits';
import { partitionerFor } from '../partitioner';
import { fromKafka } from './kafka-errors';
import { seniorityAssigner } from './seniority-assigner';

/** Tries of an end-offset lookup before a retriable failure is the caller's (about 10 s in all). */
const END_OFFSET_ATTEMPTS = 8;

/** The CloudEvents Kafka binding carries the event type in this header (binary content mode). */
const TYPE_HEADER = 'ce_type';
const CONTENT_TYPE_HEADER = 'content-type';

export interface KafkaTopicContext {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly limits: LogLimits;
  /** Prefix of the throwaway consumer groups that reads and tails use. */
  readonly readerGroupPrefix: string;
}

/** One topic of the Kafka adapter. */
/** Records a tail decodes and hands to its handler at a time (see tail). */
const TAIL_CHUNK = 250;

export class KafkaTopic implements LogTopic {
  readonly partitionFor: (key: string) => number;
  private readonly batcher: AppendBatcher;
  private readonly open = new Set<Subscription>();
  private closed = false;

  constructor(
    private readonly context: KafkaTopicContext,
    readonly name: string,
    readonly partitions: number,
  ) {
    this.partitionFor = partitionerFor(partitions);
    // One send in flight (an idempotent kafkajs producer must not pipeline) and a chunk never
    // larger than what the topic's max.message.bytes accepts as one record batch.
    this.batcher = new AppendBatcher((batches) => this.send(batches), context.limits.maxBatchBytes);
  }

  async append(records: readonly NewRecord[]): Promise<LogRecord[]> {
    if (this.closed) throw new LogClosedError(`append to ${this.name}`);
    const batch = encodeBatch(this.name, records, this.context.limits);
    if (records.length === 0) return [];
    return this.batcher.append(batch);
  }

  async endOffset(partition = 0): Promise<number> {
    checkPartition(this.name, partition, this.partitions);
    for (let attempt = 1; ; attempt++) {
      try {
        const offsets = await this.context.admin.fetchTopicOffsets(this.name);
        const entry = offsets.find((o) => o.partition === partition);
        return Number(entry?.high ?? entry?.offset ?? 0);
      } catch (error) {
        const failure = fromKafka(`end offset of ${this.name}`, error);
        if (!failure.retriable || attempt >= END_OFFSET_ATTEMPTS || this.closed) throw failure;
        // Leadership settles just after a topic is created or a broker restarts, and kafkajs' admin
        // asks the leader it last knew (NOT_LEADER_FOR_PARTITION) without refreshing its metadata.
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2_000)));
        await this.context.admin.fetchTopicMetadata({ topics: [this.name] }).catch(() => undefined);
      }
    }
  }

  async *read(from: number, options: ReadOptions = {}): AsyncIterable<LogRecord[]> {
    const partition = options.partition ?? 0;
    checkPartition(this.name, partition, this.partitions);
    checkOffset(this.name, from);
    const to = options.to ?? (await this.endOffset(partition));
    if (from >= to) return;
    const max = options.maxBatch ?? Number.MAX_SAFE_INTEGER;
    const wanted = keyFilter(options.keyPrefixes, options.shard);
    const channel = new Channel<LogRecord[]>();
    const tail = await this.tail(partition, from, async (records) => {
      const within = records.filter((r) => r.offset < to && (wanted === undefined || wanted(r.key)));
      for (let i = 0; i < within.length; i += max) await channel.push(within.slice(i, i + max));
      if (records[records.length - 1].offset >= to - 1) channel.end();
    }, wanted);
    void tail.done.then(
      () => channel.end(),
      (error: unknown) => channel.fail(error),
    );
    try {
      yield* channel;
    } finally {
      await tail.close();
    }
  }

  async subscribe(from: number, handler: BatchHandler, options: { partition?: number } = {}): Promise<Subscription> {
    const partition = options.partition ?? 0;
    checkPartition(this.name, partition, this.partitions);
    checkOffset(this.name, from);
    return this.tail(partition, from, handler);
  }

  async consume(group: string, handler: PartitionHandler, options: ConsumeOptions = {}): Promise<Subscription> {
    if (this.closed) throw new LogClosedError(`consume from ${this.name}`);
    const sessionTimeout = options.sessionTimeoutMs ?? 10_000;
    const consumer = this.context.kafka.consumer({
      groupId: group,
      sessionTimeout,
      heartbeatInterval: options.heartbeatIntervalMs ?? Math.max(100, Math.floor(sessionTimeout / 5)),
      rebalanceTimeout: Math.max(sessionTimeout, 30_000),
      allowAutoTopicCreation: false,
      maxBytesPerPartition: this.context.limits.maxBatchBytes + 1024 * 1024,
      maxWaitTimeInMs: 250,
      partitionAssigners: [seniorityAssigner(Date.now())],
    });
    // Ownership follows kafkajs' eager rebalancing: everything is revoked when a rebalance starts,
    // and the new assignment arrives with GROUP_JOIN. Callbacks run one at a time, in order.
    const owned = new Set<number>();
    let ownership = Promise.resolve();
    // A callback that fails (a claim that cannot catch up) fails the subscription, as a failing
    // onRecords does: its owner hears it from `done` instead of the process dying of an unhandled rejection.
    const change = (next: readonly number[]): void => {
      ownership = ownership.then(() => subscription.guard(async () => {
        for (const p of [...owned]) {
          if (next.includes(p)) continue;
          owned.delete(p);
          await handler.onRevoked?.(p);
        }
        for (const p of next) {
          if (owned.has(p)) continue;
          owned.add(p);
          await handler.onAssigned?.(p);
        }
      }));
    };
    consumer.on(consumer.events.REBALANCING, () => change([]));
    consumer.on(consumer.events.GROUP_JOIN, (event) => change(event.payload.memberAssignment[this.name] ?? []));
    const subscription = new ConsumerSubscription(consumer, async () => {
      change([]);
      await ownership;
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [this.name], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.partitions,
        eachBatch: async (payload) => {
          await ownership;
          const { batch } = payload;
          if (subscription.failed || !owned.has(batch.partition) || payload.isStale() || !payload.isRunning()) return;
          const records = batch.messages.map((m) => this.decode(batch.partition, m));
          if (records.length === 0) return;
          await subscription.guard(() => handler.onRecords(batch.partition, records));
          if (subscription.failed) return;
          const last = batch.messages[batch.messages.length - 1].offset;
          payload.resolveOffset(last);
          await consumer.commitOffsets([
            { topic: this.name, partition: batch.partition, offset: String(Number(last) + 1) },
          ]);
        },
      });
    } catch (error) {
      await subscription.close();
      throw fromKafka(`join consumer group ${group} on ${this.name}`, error);
    }
    return this.track(subscription);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.batcher.close();
    await Promise.all([...this.open].map((s) => s.close()));
  }

  /**
   * Tails one partition without committing offsets: a throwaway consumer group positioned with
   * `seek` (kafkajs has no `assign()`), the group deleted on close.
   */
  /**
   * `keep`: the records a read wants; the others reach the handler as their offset and key alone,
   * neither their headers nor their payload decoded (a read of one shard of the keys, or of a few
   * objects, then parses only theirs).
   */
  private async tail(partition: number, from: number, handler: BatchHandler, keep?: (key: string) => boolean): Promise<Subscription> {
    if (this.closed) throw new LogClosedError(`read of ${this.name}`);
    const groupId = `${this.context.readerGroupPrefix}.${randomUUID()}`;
    const consumer = this.context.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: this.context.limits.maxBatchBytes + 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      maxWaitTimeInMs: 250,
      sessionTimeout: 30_000,
    });
    let next = from;
    const subscription = new ConsumerSubscription(consumer, async () => {
      await this.context.admin.deleteGroups([groupId]).catch(() => undefined);
    });
    // Position on every join, not once after run(): kafkajs may crash and restart a consumer whose
    // first join failed (e.g. "coordinator is loading"), and run() then returns before any group exists.
    const others = Array.from({ length: this.partitions }, (_, p) => p).filter((p) => p !== partition);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      consumer.seek({ topic: this.name, partition, offset: String(next) });
      if (others.length > 0) consumer.pause([{ topic: this.name, partitions: others }]);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [this.name], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }: EachBatchPayload) => {
          if (subscription.failed || batch.partition !== partition) return;
          const messages = batch.messages.filter((m) => Number(m.offset) >= next);
          // Decoded and handed over a few hundred at a time: a fetch holds thousands of records, and
          // decoded all at once they stayed alive through the scavenges while the first were folded
          // (a replay of bench:actors spent 39 % of its time collecting garbage; 77k -> 102k events/s).
          for (let i = 0; i < messages.length && !subscription.failed; i += TAIL_CHUNK) {
            const records = messages.slice(i, i + TAIL_CHUNK).map((m) => this.decode(batch.partition, m, keep));
            await subscription.guard(() => handler(records));
            next = records[records.length - 1].offset + 1;
          }
        },
      });
    } catch (error) {
      await subscription.close();
      throw fromKafka(`read of ${this.name}`, error);
    }
    return this.track(subscription);
  }

  private track(subscription: ConsumerSubscription): Subscription {
    this.open.add(subscription);
    void subscription.done.finally(() => this.open.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  private async send(batches: ReadonlyArray<readonly EncodedRecord[]>): Promise<LogRecord[][]> {
    const timestamp = Date.now();
    const flat = batches.flat();
    const partitions = flat.map((r) => this.partitionFor(r.record.key));
    let metadata;
    try {
      metadata = await this.context.producer.send({
        topic: this.name,
        acks: -1,
        messages: flat.map((r, i) => ({
          key: r.record.key,
          value: r.payloadJson,
          partition: partitions[i],
          timestamp: String(timestamp),
          headers: { ...r.headers, [TYPE_HEADER]: r.record.type, [CONTENT_TYPE_HEADER]: 'application/json' },
        })),
      });
    } catch (error) {
      throw fromKafka(`append to ${this.name}`, error);
    }
    // Each partition's messages of one produce request form one record batch: consecutive offsets
    // from the batch's base offset, in the order they were sent.
    const next = new Map(metadata.map((m) => [m.partition, Number(m.baseOffset)]));
    let i = 0;
    return batches.map((batch) =>
      batch.map(({ record, headers }): LogRecord => {
        const partition = partitions[i++];
        const offset = next.get(partition)!;
        next.set(partition, offset + 1);
        return { topic: this.name, partition, offset, key: record.key, type: record.type, payload: record.payload, headers: { ...headers }, timestamp };
      }),
    );
  }

  private decode(partition: number, message: KafkaMessage, keep?: (key: string) => boolean): LogRecord {
    const key = message.key?.toString('utf8') ?? '';
    if (keep !== undefined && !keep(key)) {
      return { topic: this.name, partition, offset: Number(message.offset), key, type: '', payload: null, headers: {}, timestamp: Number(message.timestamp) };
    }
    // One pass over the headers, leaving out the two the binding adds: `delete` would put every
    // record's headers into dictionary mode, and this runs once per record read.
    const raw: IHeaders = message.headers ?? {};
    const headers: Record<string, string> = {};
    let type = '';
    for (const name in raw) {
      const value = raw[name];
      const last = Array.isArray(value) ? value[value.length - 1] : value;
      if (last === undefined || last === null) continue;
      // Strings from Bosun's record decoder (kafkajs-record-decoder.ts); Buffers from kafkajs' own.
      const text = typeof last === 'string' ? last : last.toString();
      if (name === TYPE_HEADER) type = text;
      else if (name !== CONTENT_TYPE_HEADER) headers[name] = text;
    }
    return {
      topic: this.name,
      partition,
      offset: Number(message.offset),
      key,
      type,
      payload: message.value === null ? null : (JSON.parse(message.value.toString('utf8')) as Json),
      headers,
      timestamp: Number(message.timestamp),
    };
  }
}

/**
 * A kafkajs consumer seen as a Subscription. A handler error must stop delivery rather than be
 * retried by kafkajs, so `guard` records it and the consumer is stopped outside eachBatch
 * (stopping from inside would wait for itself).
 */
class ConsumerSubscription implements Subscription {
  readonly done: Promise<void>;
  failed = false;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };
  private closing: Promise<void> | undefined;

  constructor(
    private readonly consumer: Consumer,
    private readonly afterStop: () => Promise<void>,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) void this.stop(fromKafka('consumer crashed', event.payload.error));
    });
  }

  async guard(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.failed = true;
      setImmediate(() => void this.stop(error));
    }
  }

  close(): Promise<void> {
    return this.stop(undefined);
  }

  private stop(error: unknown): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.consumer.disconnect();
      } finally {
        await this.afterStop();
        if (error === undefined) this.settle.resolve();
        else this.settle.reject(error);
      }
    })();
    return this.closing;
  }
}
