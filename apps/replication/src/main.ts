/** bosun-replication: keeps replication controllers' and ReplicaSets' pods, rolls Deployments out, collects the dependents of deleted owners, and expires Events. */
import { controllerSet } from '@bosun/controllers';
import { durationFlag, runControllerService } from '@bosun/microservice';
import { ReplicationModule } from './replication.module';

void runControllerService({
  name: 'replication',
  module: ReplicationModule,
  flags: { 'event-ttl': { type: 'string', default: '1h' } },
  help: '       [--event-ttl 1h]',
  reconcilers: (values) => controllerSet('replication', { eventTtl: { ttlMs: durationFlag('--event-ttl', String(values['event-ttl'])) } })(),
});
