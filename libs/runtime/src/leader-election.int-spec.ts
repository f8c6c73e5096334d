import { KafkaEventLog, topology } from '@bosun/event-log';
import { testKafkaBrokers } from '../../../test/support/test-kafka';
import { describeLeaderElection } from './leader-election.contract';

jest.setTimeout(120_000);

describeLeaderElection('kafka', {
  open: (prefix) => KafkaEventLog.open({ brokers: testKafkaBrokers(), topology: topology(prefix, 2), logLevel: 'NOTHING' }),
  consume: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 },
});
