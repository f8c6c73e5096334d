export * from './event-log.server';
export * from './controller-service';
