import fc from 'fast-check';
import { Partitioners } from 'kafkajs';
import { partitionerFor } from './partitioner';

/** kafkajs' DefaultPartitioner (Java-compatible murmur2), the reference our fast version must equal. */
function kafkajsPartition(key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  return Partitioners.DefaultPartitioner()({ topic: 't', partitionMetadata, message: { key, value: null } });
}

describe('partitionerFor', () => {
  it('places every key where Kafka’s default partitioner does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.integer({ min: 2, max: 64 }), (key, partitions) => {
        expect(partitionerFor(partitions)(key)).toBe(kafkajsPartition(key, partitions));
      }),
      { numRuns: 2_000 },
    );
  });

  it('matches placements computed by the Java client', () => {
    // Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % 8, run with kafka-clients 4.4.0.
    const java: Record<string, number> = {
      'pods/default/web-1': 5,
      'nodes/node-1': 1,
      '': 1,
      'é': 7,
      'services/kube-system/dns': 4,
    };
    for (const [key, partition] of Object.entries(java)) expect(partitionerFor(8)(key)).toBe(partition);
  });

  it('sends everything to partition 0 of a single-partition topic', () => {
    expect(partitionerFor(1)('anything')).toBe(0);
  });
});
