import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mountsObject, prepareVolumes, refreshDataVolumes, VolumeError } from './pod-volumes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Anything = any;

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'bosun-volumes-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const configs: Record<string, Anything> = {
  'ConfigMap/web-config': { data: { 'nginx.conf': 'server {}\n', 'index.html': '<h1>hi</h1>' }, binaryData: { 'logo.bin': Buffer.from([0, 1, 2]).toString('base64') } },
  'Secret/web-secret': { data: { password: Buffer.from('s3cret').toString('base64') } },
};
const lookup = (kind: string, namespace: string, name: string): Anything | null => (namespace === 'default' ? (configs[`${kind}/${name}`] ?? null) : null);
const pod = (volumes: Anything[]): Anything => ({ metadata: { name: 'web', namespace: 'default', uid: 'u1', labels: { app: 'web', tier: 'front' }, annotations: { note: 'a "quoted" value' } }, spec: { volumes } });
const container = (volumeMounts: Anything[]): Anything => ({ name: 'c', volumeMounts });
const mode = (path: string): number => statSync(path).mode & 0o777;
/** A directory's entries as `ls` shows them: without the atomic writer's hidden `..` entries. */
const listed = (path: string): string[] => readdirSync(path).filter((e) => !e.startsWith('..')).sort();

describe('prepareVolumes', () => {
  it('writes a ConfigMap and a Secret as one file per key, read-only, with their modes', () => {
    const binds = prepareVolumes(
      pod([
        { name: 'config', configMap: { name: 'web-config' } },
        { name: 'secret', secret: { secretName: 'web-secret', defaultMode: 0o400 } },
      ]),
      container([
        { name: 'config', mountPath: '/etc/nginx' },
        { name: 'secret', mountPath: '/etc/secret' },
      ]),
      root,
      lookup,
    );
    expect(binds).toEqual([
      { source: join(root, 'config'), target: '/etc/nginx', readOnly: true },
      { source: join(root, 'secret'), target: '/etc/secret', readOnly: true },
    ]);
    expect(listed(join(root, 'config'))).toEqual(['index.html', 'logo.bin', 'nginx.conf']);
    expect(readFileSync(join(root, 'config', 'nginx.conf'), 'utf8')).toBe('server {}\n');
    expect([...readFileSync(join(root, 'config', 'logo.bin'))]).toEqual([0, 1, 2]);
    expect(mode(join(root, 'config', 'nginx.conf'))).toBe(0o644);
    expect(readFileSync(join(root, 'secret', 'password'), 'utf8')).toBe('s3cret');
    expect(mode(join(root, 'secret', 'password'))).toBe(0o400);
  });

  it('projects only the items named, at their paths and modes, and a subPath mounts one of them', () => {
    const volumes = [{ name: 'config', configMap: { name: 'web-config', items: [{ key: 'nginx.conf', path: 'conf/main.conf', mode: 0o600 }] } }];
    const binds = prepareVolumes(pod(volumes), container([{ name: 'config', mountPath: '/etc/nginx/nginx.conf', subPath: 'conf/main.conf' }]), root, lookup);
    expect(binds).toEqual([{ source: join(root, 'config', 'conf', 'main.conf'), target: '/etc/nginx/nginx.conf', readOnly: true }]);
    expect(listed(join(root, 'config'))).toEqual(['conf']);
    expect(mode(join(root, 'config', 'conf', 'main.conf'))).toBe(0o600);
  });

  it('writes the data again when it changed, atomically through ..data: keys gone are gone, and the directory stays (the pod mounts it)', () => {
    const volumes = [{ name: 'config', configMap: { name: 'web-config' } }];
    prepareVolumes(pod(volumes), container([{ name: 'config', mountPath: '/etc/nginx' }]), root, lookup);
    const inode = statSync(join(root, 'config')).ino;
    const first = readlinkSync(join(root, 'config', '..data'));
    expect(readlinkSync(join(root, 'config', 'nginx.conf'))).toBe('..data/nginx.conf');
    // The same data again: nothing is written.
    prepareVolumes(pod(volumes), container([{ name: 'config', mountPath: '/etc/nginx' }]), root, lookup);
    expect(readlinkSync(join(root, 'config', '..data'))).toBe(first);
    const before = configs['ConfigMap/web-config'];
    configs['ConfigMap/web-config'] = { data: { 'nginx.conf': 'changed' } };
    try {
      prepareVolumes(pod(volumes), container([{ name: 'config', mountPath: '/etc/nginx' }]), root, lookup);
    } finally {
      configs['ConfigMap/web-config'] = before;
    }
    expect(listed(join(root, 'config'))).toEqual(['nginx.conf']);
    expect(readFileSync(join(root, 'config', 'nginx.conf'), 'utf8')).toBe('changed');
    expect(statSync(join(root, 'config')).ino).toBe(inode);
    // Only the new write's directory is left beside ..data.
    expect(readdirSync(join(root, 'config')).filter((e) => e.startsWith('..')).sort()).toEqual(['..data', readlinkSync(join(root, 'config', '..data'))].sort());
    expect(readlinkSync(join(root, 'config', '..data'))).not.toBe(first);
  });

  it('says which volume failed, as the kubelet words it, unless the source is optional', () => {
    const attempt = (volume: Anything): unknown => {
      try {
        return prepareVolumes(pod([volume]), container([{ name: volume.name, mountPath: '/x' }]), root, lookup);
      } catch (error) {
        return error;
      }
    };
    expect(attempt({ name: 'cfg', configMap: { name: 'missing' } })).toEqual(new VolumeError('configmap "missing" not found', 'cfg'));
    expect((attempt({ name: 'cfg', configMap: { name: 'missing' } }) as VolumeError).volume).toBe('cfg');
    expect(attempt({ name: 's', secret: { secretName: 'missing' } })).toEqual(new VolumeError('secret "missing" not found'));
    expect(attempt({ name: 'cfg', configMap: { name: 'web-config', items: [{ key: 'nope', path: 'p' }] } })).toEqual(new VolumeError('configmap references non-existent config key: nope'));
    expect(attempt({ name: 'cfg', configMap: { name: 'missing', optional: true } })).toEqual([{ source: join(root, 'cfg'), target: '/x', readOnly: true }]);
    expect(listed(join(root, 'cfg'))).toEqual([]);
    for (const path of ['../escape', '/abs', 'a/../../b']) {
      expect(attempt({ name: 'cfg', configMap: { name: 'web-config', items: [{ key: 'nginx.conf', path }] } })).toBeInstanceOf(VolumeError);
    }
    expect(existsSync(join(root, 'escape'))).toBe(false);
    expect((attempt({ name: 'nfs', nfs: { server: 'x', path: '/' } }) as Error).message).toMatch(/nfs volumes are not supported/);
  });

  it('gives an emptyDir to share, writable, and creates a missing subPath of it', () => {
    // A volume with a name only is an emptyDir too.
    expect(prepareVolumes(pod([{ name: 'plain' }]), container([{ name: 'plain', mountPath: '/plain' }]), root, lookup)).toEqual([{ source: join(root, 'plain'), target: '/plain', readOnly: false }]);
    const binds = prepareVolumes(pod([{ name: 'scratch', emptyDir: {} }]), container([{ name: 'scratch', mountPath: '/data' }, { name: 'scratch', mountPath: '/logs', subPath: 'logs', readOnly: true }]), root, lookup);
    expect(binds).toEqual([
      { source: join(root, 'scratch'), target: '/data', readOnly: false },
      { source: join(root, 'scratch', 'logs'), target: '/logs', readOnly: true },
    ]);
    expect(statSync(join(root, 'scratch', 'logs')).isDirectory()).toBe(true);
  });

  it('writes downwardAPI fields as the kubelet formats them', () => {
    prepareVolumes(
      pod([{ name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } }, { path: 'name', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'app', fieldRef: { fieldPath: "metadata.labels['app']" } }] } }]),
      container([{ name: 'info', mountPath: '/etc/podinfo' }]),
      root,
      lookup,
    );
    expect(readFileSync(join(root, 'info', 'labels'), 'utf8')).toBe('app="web"\ntier="front"');
    expect(readFileSync(join(root, 'info', 'annotations'), 'utf8')).toBe('note="a \\"quoted\\" value"');
    expect(readFileSync(join(root, 'info', 'name'), 'utf8')).toBe('web');
    expect(readFileSync(join(root, 'info', 'app'), 'utf8')).toBe('web');
  });

  it('combines the sources of a projected volume', () => {
    prepareVolumes(
      pod([{ name: 'all', projected: { sources: [{ configMap: { name: 'web-config', items: [{ key: 'index.html', path: 'index.html' }] } }, { secret: { name: 'web-secret' } }, { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } }] } }]),
      container([{ name: 'all', mountPath: '/etc/all' }]),
      root,
      lookup,
    );
    expect(listed(join(root, 'all'))).toEqual(['index.html', 'ns', 'password']);
  });

  it('checks or creates a hostPath as its type says', () => {
    const host = join(root, 'host');
    const attempt = (hostPath: Anything): unknown => {
      try {
        return prepareVolumes(pod([{ name: 'h', hostPath }]), container([{ name: 'h', mountPath: '/h' }]), join(root, 'pod'), lookup);
      } catch (error) {
        return error;
      }
    };
    expect(attempt({ path: join(host, 'dir') })).toEqual(new VolumeError(`volume "h": hostPath "${join(host, 'dir')}" does not exist on the node`));
    expect(attempt({ path: join(host, 'dir'), type: 'Directory' })).toEqual(new VolumeError(`hostPath type check failed: ${join(host, 'dir')} is not a directory`));
    expect(attempt({ path: join(host, 'dir'), type: 'DirectoryOrCreate' })).toEqual([{ source: join(host, 'dir'), target: '/h', readOnly: false }]);
    expect(statSync(join(host, 'dir')).isDirectory()).toBe(true);
    writeFileSync(join(host, 'file'), 'x');
    expect(attempt({ path: join(host, 'file'), type: 'Directory' })).toBeInstanceOf(VolumeError);
    expect(attempt({ path: join(host, 'new', 'file'), type: 'FileOrCreate' })).toEqual([{ source: join(host, 'new', 'file'), target: '/h', readOnly: false }]);
    expect(attempt({ path: 'relative' })).toBeInstanceOf(VolumeError);
  });

  it('mounts a persistentVolumeClaim as the directory of its bound volume, and waits while it is absent or unbound', () => {
    const dir = join(root, 'volumes', 'pvc-1');
    const objects: Record<string, Anything> = {};
    const storage = (kind: string, _ns: string, name: string): Anything | null => objects[`${kind}/${name}`] ?? null;
    const attempt = (readOnly?: boolean): unknown => {
      try {
        return prepareVolumes(pod([{ name: 'data', persistentVolumeClaim: { claimName: 'data', ...(readOnly ? { readOnly } : {}) } }]), container([{ name: 'data', mountPath: '/data' }]), join(root, 'pod'), storage);
      } catch (error) {
        return error;
      }
    };
    expect(attempt()).toEqual(new VolumeError('error processing PVC default/data: persistentvolumeclaim "data" not found', 'data'));
    objects['PersistentVolumeClaim/data'] = { metadata: { name: 'data' }, spec: {}, status: { phase: 'Pending' } };
    expect(attempt()).toEqual(new VolumeError('error processing PVC default/data: PVC is not bound', 'data'));
    objects['PersistentVolumeClaim/data'] = { metadata: { name: 'data' }, spec: { volumeName: 'pvc-1' }, status: { phase: 'Bound' } };
    objects['PersistentVolume/pvc-1'] = { metadata: { name: 'pvc-1' }, spec: { hostPath: { path: dir, type: 'DirectoryOrCreate' } } };
    expect(attempt()).toEqual([{ source: dir, target: '/data', readOnly: false }]);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(attempt(true)).toEqual([{ source: dir, target: '/data', readOnly: true }]);
    objects['PersistentVolume/pvc-1'] = { metadata: { name: 'pvc-1' }, spec: { nfs: { server: 'x', path: '/' } } };
    expect(attempt()).toBeInstanceOf(VolumeError);
  });
});

describe('refreshDataVolumes', () => {
  it('writes again the data volumes already set up, keeps the files of a source now missing, and leaves the others', () => {
    const volumes = [{ name: 'config', configMap: { name: 'web-config' } }, { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }, { name: 'scratch', emptyDir: {} }, { name: 'unused', configMap: { name: 'web-config' } }];
    prepareVolumes(pod(volumes), container([{ name: 'config', mountPath: '/a' }, { name: 'info', mountPath: '/b' }, { name: 'scratch', mountPath: '/c' }]), root, lookup);
    expect(refreshDataVolumes(pod(volumes), root, lookup)).toEqual([]);
    const relabelled = pod(volumes);
    relabelled.metadata.labels = { app: 'web', tier: 'back' };
    expect(refreshDataVolumes(relabelled, root, lookup)).toEqual(['info']);
    expect(readFileSync(join(root, 'info', 'labels'), 'utf8')).toBe('app="web"\ntier="back"');
    // The ConfigMap deleted: the files stay as they were.
    expect(refreshDataVolumes(pod(volumes), root, () => null)).toEqual(['info']);
    expect(readFileSync(join(root, 'config', 'nginx.conf'), 'utf8')).toBe('server {}\n');
    expect(existsSync(join(root, 'unused'))).toBe(false);
  });

  it('tells which pods mount a ConfigMap or Secret', () => {
    const p = pod([{ name: 'a', configMap: { name: 'cm' } }, { name: 'b', projected: { sources: [{ secret: { name: 'projected-secret' } }] } }, { name: 'c', secret: { secretName: 's' } }]);
    expect([mountsObject(p, 'ConfigMap', 'cm'), mountsObject(p, 'Secret', 'projected-secret'), mountsObject(p, 'Secret', 's'), mountsObject(p, 'Secret', 'cm'), mountsObject(p, 'ConfigMap', 'other')]).toEqual([true, true, true, false, false]);
  });
});
