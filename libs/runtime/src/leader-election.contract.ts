/**
 * Leader election on a real log (leader-election.spec.ts embedded, leader-election.int-spec.ts on Kafka).
 */
import type { ConsumeOptions, EventLog } from '@bosun/event-log';
import { randomUUID } from 'node:crypto';
import { waitFor } from '../../../test/support/wait-for';
import { LeaderElection } from './leader-election';

export interface ElectionTarget {
  open(prefix: string): Promise<EventLog>;
  readonly consume: ConsumeOptions;
}

export function describeLeaderElection(name: string, target: ElectionTarget): void {
  describe(`leader election: ${name}`, () => {
    let log: EventLog;
    beforeEach(async () => {
      log = await target.open(`e${randomUUID().slice(0, 8)}`);
    });
    afterEach(async () => {
      await log.close();
    });

    it('elects one leader, keeps it when a standby joins, and hands over when it leaves', async () => {
      let leaders = 0;
      let most = 0;
      const history: string[] = [];
      const candidate = (who: string) => ({
        onStartedLeading: () => {
          most = Math.max(most, ++leaders);
          history.push(`${who} leads`);
        },
        onStoppedLeading: () => {
          leaders--;
          history.push(`${who} stops`);
        },
      });
      const a = new LeaderElection(log, 'unit', target.consume);
      const b = new LeaderElection(log, 'unit', target.consume);
      const memberA = await a.run(candidate('a'));
      await waitFor('a to lead', () => a.isLeader, 30_000);
      const memberB = await b.run(candidate('b'));
      // The older member stays leader once the group has settled with both.
      await waitFor('a to lead with b standing by', () => a.isLeader && !b.isLeader && history.length > 0, 30_000);
      expect(b.isLeader).toBe(false);
      await memberA.close();
      await waitFor('b to take over', () => b.isLeader, 30_000);
      await memberB.close();
      expect(most).toBe(1); // never two leaders at once
      expect(history.at(-2)).toBe('b leads');
      expect(history.at(-1)).toBe('b stops');
      expect(history.filter((h) => h.startsWith('b leads'))).toHaveLength(1);
    });
  });
}
