import type { ClusterState } from '@bosun/runtime';
import { rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LOCAL_PATH_PROVISIONER, PROVISIONED_BY } from './persistent-volume.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The other half of bosun.io/local-path, as a provisioner deletes what it provisioned: once a volume
 * it made with reclaim policy Delete is gone from the cluster, its directory under `volumesDir` is
 * removed. Only directories directly under `volumesDir` are ever touched; a volume kept (Retain)
 * or deleted by hand under Retain keeps its data. Returns the unsubscribe.
 */
export function removeDeletedLocalPathVolumes(state: ClusterState, volumesDir: string, log: (message: string) => void): () => void {
  const root = resolve(volumesDir);
  return state.onChange((change) => {
    const pv = change.object as Anything;
    if (change.type !== 'DELETED' || pv.kind !== 'PersistentVolume' || pv.metadata?.annotations?.[PROVISIONED_BY] !== LOCAL_PATH_PROVISIONER) return;
    if (pv.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
    const path = pv.spec?.hostPath?.path;
    if (typeof path !== 'string' || dirname(resolve(path)) !== root) return;
    rm(resolve(path), { recursive: true, force: true }).catch((error: unknown) => log(`local-path: could not remove ${path}: ${(error as Error).message}`));
  });
}
