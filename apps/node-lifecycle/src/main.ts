/** bosun-node-lifecycle: marks silent nodes Unknown and evicts the pods of nodes gone too long. */
import { controllerSet } from '@bosun/controllers';
import { durationFlag, runControllerService } from '@bosun/microservice';
import { NodeLifecycleModule } from './node-lifecycle.module';

void runControllerService({
  name: 'node-lifecycle',
  module: NodeLifecycleModule,
  flags: {
    'node-monitor-grace-period': { type: 'string', default: '40s' },
    'pod-eviction-timeout': { type: 'string', default: '5m' },
  },
  help: '       [--node-monitor-grace-period 40s] [--pod-eviction-timeout 5m]',
  reconcilers: (values) =>
    controllerSet('node-lifecycle', {
      nodeLifecycle: {
        gracePeriodMs: durationFlag('--node-monitor-grace-period', String(values['node-monitor-grace-period'])),
        evictionTimeoutMs: durationFlag('--pod-eviction-timeout', String(values['pod-eviction-timeout'])),
      },
    })(),
});
