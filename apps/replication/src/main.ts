/** bosun-replication: keeps replication controllers' pods, and collects the dependents of deleted owners. */
import { controllerSet } from '@bosun/controllers';
import { runControllerService } from '@bosun/microservice';
import { ReplicationModule } from './replication.module';

void runControllerService({ name: 'replication', module: ReplicationModule, reconcilers: () => controllerSet('replication')() });
