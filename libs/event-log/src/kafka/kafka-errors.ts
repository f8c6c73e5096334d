import { LogError, LogUnavailableError } from '../log.errors';
import { kafkajs } from './kafkajs';

/** Wraps a kafkajs failure in a LogError that keeps its cause and says whether retrying may help. */
export function fromKafka(what: string, error: unknown): LogError {
  if (error instanceof LogError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof kafkajs().KafkaJSError && !error.retriable) {
    return new LogError('KafkaRefused', `${what}: ${message}`, false, { cause: error });
  }
  return new LogUnavailableError(`${what}: ${message}`, error);
}
