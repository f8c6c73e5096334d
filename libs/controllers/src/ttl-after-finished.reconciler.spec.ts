import { applyDefaults, type KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import { cacheOf, meta, summary } from './testing/cache.given';
import { ttlAfterFinishedReconciler } from './ttl-after-finished.reconciler';

const KEY = 'jobs/default/pi';
const job = (ttl: number | undefined, finished?: { type: string; at: string }, deleting = false): KubeObject =>
  applyDefaults({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'job-uid', ...(deleting ? { deletionTimestamp: '2026-11-28T10:00:00Z' } : {}) },
    spec: { ...(ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl }), template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'busybox' }] } } },
    status: finished ? { conditions: [{ type: finished.type, status: 'True', lastTransitionTime: finished.at }] } : {},
  } as unknown as KubeObject);
const at = (time: string, objects: readonly KubeObject[]) => ttlAfterFinishedReconciler.plan(KEY, cacheOf(objects), (): CommandMetadata => ({ ...meta(), time }));

describe('ttl-after-finished reconciler', () => {
  it('deletes a finished Job once ttlSecondsAfterFinished has passed since it finished, its uid a precondition', () => {
    const done = job(30, { type: 'Complete', at: '2026-11-28T10:00:00Z' });
    expect(at('2026-11-28T10:00:29Z', [done])).toEqual([]);
    const commands = at('2026-11-28T10:00:30Z', [done]);
    expect(summary(commands)).toEqual(['Delete Job/pi']);
    expect(commands[0]!.command.data).toEqual({ preconditions: { uid: 'job-uid' } });
    expect(summary(at('2026-11-28T10:00:00Z', [job(0, { type: 'Failed', at: '2026-11-28T10:00:00Z' })]))).toEqual(['Delete Job/pi']);
  });

  it('leaves running Jobs, Jobs without a TTL and Jobs already being deleted', () => {
    expect(at('2026-11-28T11:00:00Z', [job(30)])).toEqual([]);
    expect(at('2026-11-28T11:00:00Z', [job(undefined, { type: 'Complete', at: '2026-11-28T10:00:00Z' })])).toEqual([]);
    expect(at('2026-11-28T11:00:00Z', [job(30, { type: 'Complete', at: '2026-11-28T10:00:00Z' }, true)])).toEqual([]);
  });

  it('looks again when the TTL is due', () => {
    const finished = new Date(Date.now() - 10_000).toISOString();
    const wait = ttlAfterFinishedReconciler.requeueAfterMs!(KEY, cacheOf([job(30, { type: 'Complete', at: finished })]))!;
    expect(wait).toBeGreaterThan(19_000);
    expect(wait).toBeLessThanOrEqual(20_200);
    expect(ttlAfterFinishedReconciler.requeueAfterMs!(KEY, cacheOf([job(30)]))).toBeUndefined();
  });
});
