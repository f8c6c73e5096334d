export * from './controller';
export * from './replication.reconciler';
export * from './scheduler.reconciler';
export * from './simulated-nodes.reconciler';
export * from './garbage-collector.reconciler';
export * from './node-lifecycle.reconciler';
export * from './endpoints.reconciler';
