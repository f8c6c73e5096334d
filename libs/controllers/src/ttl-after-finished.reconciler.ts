import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { keyOfObject, type Plan, type Reconciler } from './controller';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * When a finished Job with ttlSecondsAfterFinished expires, in ms since the epoch: its Complete or
 * Failed condition's lastTransitionTime plus the TTL (kube's jobFinishTime and timeLeft); undefined
 * while it runs, has no TTL, or its finish time is unknown.
 */
export function jobExpiresAt(job: Anything): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (typeof ttl !== 'number' || job.metadata?.deletionTimestamp) return undefined;
  const finished = ((job.status?.conditions ?? []) as Anything[]).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const at = Date.parse(finished?.lastTransitionTime ?? '');
  return Number.isNaN(at) ? undefined : at + ttl * 1000;
}

/**
 * The TTL-after-finished controller (kube-controller-manager's ttlafterfinished): a finished Job
 * whose ttlSecondsAfterFinished has passed is deleted — its uid a precondition, so a Job of the same
 * name made since is spared — and its pods go with it (garbage collector); one not yet due is looked
 * at again when it is. Hosted with the replication controller, as the job controller.
 */
export const ttlAfterFinishedReconciler: Reconciler = {
  name: 'ttl-after-finished',

  initialKeys: (state) => state.list('Job').map(keyOfObject),

  keysFor: (change: ObjectChange) => ((change.object as Anything).kind === 'Job' ? [change.key] : []),

  requeueAfterMs(key: string, state: ClusterState): number | undefined {
    const job = state.getObject(key) as Anything | null;
    const expires = job === null ? undefined : jobExpiresAt(job);
    return expires === undefined ? undefined : Math.max(200, expires - Date.now() + 100);
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const job = state.getObject(key) as Anything | null;
    const expires = job === null ? undefined : jobExpiresAt(job);
    if (job === null || expires === undefined || Date.parse(meta().time) < expires) return [];
    const command: AddressedCommand = { kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name, command: { type: 'Delete', data: { preconditions: { uid: job.metadata.uid } }, metadata: meta() } };
    return [command];
  },
};
