import type { PartitionAssigner } from 'kafkajs';
import { kafkajs } from './kafkajs';

const NAME = 'BosunSeniorityAssigner';

/**
 * Round robin over members in order of seniority (when each joined), instead of kafkajs' order of
 * random member ids: a member joining later never takes partition 0 from an older live member, so
 * an elected leader (the owner of the elections topic's one partition) stays leader when standbys
 * come and go — as in the embedded log, whose member ids sort by join time.
 */
export function seniorityAssigner(joinedAt: number): PartitionAssigner {
  return ({ cluster }) => ({
    name: NAME,
    version: 1,
    protocol: ({ topics }) => ({
      name: NAME,
      metadata: kafkajs().AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.from(String(joinedAt)) }),
    }),
    async assign({ members, topics }) {
      const since = (metadata: Buffer): number => {
        const joined = Number(kafkajs().AssignerProtocol.MemberMetadata.decode(metadata)?.userData.toString());
        return Number.isFinite(joined) ? joined : Number.MAX_SAFE_INTEGER;
      };
      const ranked = members
        .map((m) => ({ id: m.memberId, since: since(m.memberMetadata) }))
        .sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1));
      const assignment = new Map<string, Record<string, number[]>>(ranked.map((m) => [m.id, {}]));
      for (const topic of topics) {
        const partitions = cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId).sort((a, b) => a - b);
        partitions.forEach((partition, i) => {
          const owner = assignment.get(ranked[i % ranked.length].id)!;
          (owner[topic] ??= []).push(partition);
        });
      }
      return [...assignment].map(([memberId, topicPartitions]) => ({
        memberId,
        memberAssignment: kafkajs().AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: topicPartitions, userData: Buffer.alloc(0) }),
      }));
    },
  });
}
