import { KafkaEventLog, topology } from '@bosun/event-log';
import { testKafkaBrokers } from '../../../test/support/test-kafka';
import { describeActorHost } from './actor-host.contract';

jest.setTimeout(120_000);

describeActorHost('kafka', {
  open: (prefix) => KafkaEventLog.open({ brokers: testKafkaBrokers(), topology: topology(prefix, 4), logLevel: 'NOTHING' }),
  consume: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 },
});
