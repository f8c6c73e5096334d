export * from './event-log.port';
export * from './log-record';
export * from './log.errors';
export * from './limits';
export * from './topology';
export { EmbeddedEventLog, type EmbeddedLogOptions } from './embedded/embedded-log';
export { LOG_FILE } from './embedded/sqlite-store';
export { KafkaEventLog, type KafkaLogOptions } from './kafka/kafka-log';
export { openEventLog, openReader, type EventLogLocation } from './open-event-log';
