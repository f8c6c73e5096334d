/** bosun-replication: keeps replication controllers' and ReplicaSets' pods, rolls Deployments out, collects the dependents of deleted owners, expires Events, and autoscales on the nodes' resource metrics. */
import { controllerSet, ResourceMetrics } from '@bosun/controllers';
import { durationFlag, runControllerService } from '@bosun/microservice';
import type { ClusterState } from '@bosun/runtime';
import { ReplicationModule } from './replication.module';

/** One metrics pipeline per projection, scraping the nodes for the horizontal pod autoscaler as long as the process lives. */
const metrics = new WeakMap<ClusterState, ResourceMetrics>();
const metricsOf = (state: ClusterState): ResourceMetrics => {
  let m = metrics.get(state);
  if (m === undefined) metrics.set(state, (m = new ResourceMetrics(state, { log: (line) => process.stderr.write(`bosun-replication: ${line}\n`) }).start()));
  return m;
};

void runControllerService({
  name: 'replication',
  module: ReplicationModule,
  flags: { 'event-ttl': { type: 'string', default: '1h' } },
  help: '       [--event-ttl 1h]',
  reconcilers: (values, state) => controllerSet('replication', { eventTtl: { ttlMs: durationFlag('--event-ttl', String(values['event-ttl'])) }, ...(state === undefined ? {} : { metrics: metricsOf(state) }) })(),
});
