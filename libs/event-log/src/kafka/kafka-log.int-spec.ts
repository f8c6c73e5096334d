import { testKafkaBrokers } from '../../../../test/support/test-kafka';
import { describeEventLogContract } from '../event-log.contract';
import { KafkaEventLog } from './kafka-log';

jest.setTimeout(90_000);

describeEventLogContract('kafka (real broker)', {
  open: (shape) => KafkaEventLog.open({ brokers: testKafkaBrokers(), topology: shape, logLevel: 'ERROR' }),
  rebalanceMs: 15_000,
  // 6 s is the broker's smallest allowed session timeout (group.min.session.timeout.ms).
  consumeOptions: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 },
});
