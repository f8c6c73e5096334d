/** bosun-scheduler: binds pending pods to nodes, as its own process. */
import { controllerSet } from '@bosun/controllers';
import { runControllerService } from '@bosun/microservice';
import { SchedulerModule } from './scheduler.module';

void runControllerService({ name: 'scheduler', module: SchedulerModule, reconcilers: () => controllerSet('scheduler')() });
