import type { KubeObject } from '@bosun/api';
import { mkdirSync, mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDeletedLocalPathVolumes } from './local-path-volumes';
import { cacheOf } from './testing/cache.given';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('removeDeletedLocalPathVolumes', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'bosun-local-path-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const pv = (name: string, policy: string, path: string, provisioned = true): KubeObject =>
    ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, uid: name, ...(provisioned ? { annotations: { 'pv.kubernetes.io/provisioned-by': 'bosun.io/local-path' } } : {}) }, spec: { persistentVolumeReclaimPolicy: policy, hostPath: { path } } }) as unknown as KubeObject;

  it('removes the directory of a provisioned Delete volume once it is gone, and nothing else', async () => {
    const volumes = join(root, 'volumes');
    const dirs = ['pvc-a', 'pvc-b', 'pvc-c'].map((d) => join(volumes, d));
    dirs.forEach((d) => mkdirSync(d, { recursive: true }));
    const outside = join(root, 'elsewhere');
    mkdirSync(outside);
    const state = cacheOf([]);
    const listeners: ((c: Anything) => void)[] = [];
    (state as unknown as { onChange: (l: (c: Anything) => void) => () => void }).onChange = (l) => (listeners.push(l), () => undefined);
    removeDeletedLocalPathVolumes(state, volumes, () => undefined);
    const deleted = (object: KubeObject) => listeners.forEach((l) => l({ type: 'DELETED', key: '', object, offset: 1 }));
    deleted(pv('pvc-a', 'Delete', dirs[0]!));
    deleted(pv('pvc-b', 'Retain', dirs[1]!));
    deleted(pv('pvc-c', 'Delete', dirs[2]!, false));
    deleted(pv('x', 'Delete', outside));
    // rm is asynchronous: wait until the first is gone (the others never go).
    for (let i = 0; i < 100 && existsSync(dirs[0]!); i++) await new Promise((r) => setTimeout(r, 10));
    expect(dirs.map(existsSync)).toEqual([false, true, true]);
    expect(existsSync(outside)).toBe(true);
  });
});
