/** bosun-node-lifecycle: marks silent nodes Unknown, evicts the pods of nodes gone too long, and collects pods (podgc). */
import { controllerSet, terminatedPodGcThreshold } from '@bosun/controllers';
import { durationFlag, runControllerService } from '@bosun/microservice';
import { NodeLifecycleModule } from './node-lifecycle.module';

void runControllerService({
  name: 'node-lifecycle',
  module: NodeLifecycleModule,
  flags: {
    'node-monitor-grace-period': { type: 'string', default: '40s' },
    'pod-eviction-timeout': { type: 'string', default: '5m' },
    'terminated-pod-gc-threshold': { type: 'string', default: '12500' },
  },
  help: '       [--node-monitor-grace-period 40s] [--pod-eviction-timeout 5m] [--terminated-pod-gc-threshold 12500]',
  reconcilers: (values) =>
    controllerSet('node-lifecycle', {
      nodeLifecycle: {
        gracePeriodMs: durationFlag('--node-monitor-grace-period', String(values['node-monitor-grace-period'])),
        evictionTimeoutMs: durationFlag('--pod-eviction-timeout', String(values['pod-eviction-timeout'])),
      },
      podGc: { terminatedPodThreshold: terminatedPodGcThreshold(String(values['terminated-pod-gc-threshold'])) },
    })(),
});
