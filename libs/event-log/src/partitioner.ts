/**
 * Kafka's default partitioner for keyed records: murmur2 of the key's UTF-8 bytes, made positive,
 * modulo the partition count — the same function as the Java client and kafkajs' DefaultPartitioner,
 * so a key lands in the same partition on the embedded log, through kafkajs and through Kafka's own
 * tools. Written with Math.imul because kafkajs' version goes through a 64-bit Long class and cost
 * a third of the embedded log's append time in profiles (partitioner.spec.ts pins the equivalence).
 */
export function partitionerFor(partitions: number): (key: string) => number {
  if (partitions === 1) return () => 0;
  return (key) => (murmur2(Buffer.from(key, 'utf8')) & 0x7fffffff) % partitions;
}

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & 3;
  if (tail === 3) h ^= data[whole + 2] << 16;
  if (tail >= 2) h ^= data[whole + 1] << 8;
  if (tail >= 1) h = Math.imul(h ^ data[whole], M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}
