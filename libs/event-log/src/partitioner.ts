import { Partitioners } from 'kafkajs';

/**
 * Kafka's default (murmur2) partitioner, used explicitly by both adapters so that a key lands in
 * the same partition on the embedded log, through kafkajs, and through Kafka's Java clients.
 */
export function partitionerFor(partitions: number): (key: string) => number {
  const pick = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  return (key) => pick({ topic: '', partitionMetadata, message: { key, value: null } });
}
