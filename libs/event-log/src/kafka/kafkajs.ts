/**
 * kafkajs, loaded when a Kafka log is first used rather than with @bosun/event-log: the embedded
 * log never needs it, and loading it took about 70 ms of every `bosun` command. Node caches the
 * module, so later calls cost a lookup.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const kafkajs = (): typeof import('kafkajs') => require('kafkajs') as typeof import('kafkajs');
