import { KafkaEventLog, topology } from '@bosun/event-log';
import { testKafkaBrokers } from '../../../test/support/test-kafka';
import { describeControllers } from './controllers.contract';

jest.setTimeout(120_000);

describeControllers('kafka', {
  open: (prefix) => KafkaEventLog.open({ brokers: testKafkaBrokers(), topology: topology(prefix, 4), logLevel: 'NOTHING' }),
  sessionTimeoutMs: 10_000,
});
