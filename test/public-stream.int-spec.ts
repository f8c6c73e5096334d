/**
 * The public stream: a consumer that knows only docs/events.md — a plain kafkajs consumer, no Bosun
 * code — reads bosun.events and reconstructs one object's history.
 */
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '@bosun/api';
import { KafkaEventLog, topology } from '@bosun/event-log';
import { ActorHost, CommandClient, ReplyRouter } from '@bosun/runtime';
import { testKafkaBrokers } from './support/test-kafka';
import { waitFor } from './support/wait-for';

jest.setTimeout(90_000);

it('lets a plain Kafka consumer rebuild a pod’s history from bosun.events using only the documented envelope', async () => {
  const prefix = `pub${randomUUID().slice(0, 6)}`;
  const log = await KafkaEventLog.open({ brokers: testKafkaBrokers(), topology: topology(prefix, 4), logLevel: 'NOTHING' });
  const replies = new ReplyRouter();
  const host = new ActorHost(log, replies, { group: `${prefix}-hosts`, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 });
  await host.start();
  const client = new CommandClient(log, replies);
  const at = (s: number) => ({ commandId: `cmd-${s}`, time: `2026-11-28T10:00:0${s}Z`, source: '/bosun/test' });
  const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'c', image: 'i' }] } } as unknown as KubeObject;
  const send = (command: Parameters<CommandClient['send']>[0]['command']) => client.send({ kind: 'Pod', namespace: 'default', name: 'web', command });
  await send({ type: 'Create', data: { object }, metadata: at(1) });
  await send({ type: 'Bind', data: { nodeName: 'node-1' }, metadata: at(2) });
  await send({ type: 'UpdateStatus', data: { status: { phase: 'Running' } }, metadata: at(3) });
  await send({ type: 'Delete', data: { gracePeriodSeconds: 0 }, metadata: at(4) });
  await host.stop();
  await log.close();

  // Only what docs/events.md says: topic <prefix>.events, key = object key, ce_type, JSON value.
  const kafka = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${prefix}-reader` });
  const history: { type: string; value: Record<string, unknown>; causation: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: `${prefix}.events`, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.key?.toString() !== 'pods/default/web') return;
      history.push({
        type: message.headers!.ce_type!.toString(),
        value: JSON.parse(message.value!.toString()),
        causation: message.headers!.ce_causationid!.toString(),
      });
    },
  });
  await waitFor('the four events of pods/default/web', () => history.length === 4, 30_000);
  await consumer.disconnect();
  expect(history.map((h) => h.type)).toEqual(['PodCreated', 'PodScheduled', 'PodStatusUpdated', 'PodDeleted']);
  expect(history.map((h) => h.causation)).toEqual(['cmd-1', 'cmd-2', 'cmd-3', 'cmd-4']);
  expect(history[0].value).toMatchObject({ object: { metadata: { name: 'web', uid: 'u1', creationTimestamp: '2026-11-28T10:00:01Z' } } });
  expect(history[1].value).toEqual({ nodeName: 'node-1', time: '2026-11-28T10:00:02Z' });
});
