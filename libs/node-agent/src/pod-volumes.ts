import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { PodTokens } from './pod-tokens';
import type { ConfigLookup } from './pod-worker';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Anything = any;

/** One mount to make in the pod's mount namespace: a path of the node, seen by the pod at `target`. */
export interface VolumeBind {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

/** A volume that cannot be set up (a ConfigMap not there, a bad path): the kubelet's FailedMount. */
export class VolumeError extends Error {
  constructor(
    message: string,
    /** The volume at fault, when one is. */
    readonly volume?: string,
  ) {
    super(message);
  }
}

/** The file modes Kubernetes gives projected files when the volume names none. */
const DEFAULT_MODE = 0o644;

/**
 * Sets up the volumes `container` mounts, as the kubelet does before it starts a container, and
 * says what to mount where. Each volume of the pod is a directory under `dir` (`<dir>/<volume>`):
 * emptyDir starts empty and lives as long as the pod; configMap, secret, downwardAPI and projected
 * volumes get one file per key (`items` choose keys and paths; modes from `mode` / `defaultMode`),
 * written again when their data changed (refreshDataVolumes does it for running containers); hostPath
 * is the node's own path (checked or created by its `type`). `subPath` mounts a part of a volume.
 * Data volumes are mounted read-only, as the kubelet mounts them.
 */
export function prepareVolumes(pod: Anything, container: Anything, dir: string, lookup: ConfigLookup, tokens?: PodTokens): VolumeBind[] {
  const volumes = new Map<string, Anything>(((pod.spec?.volumes ?? []) as Anything[]).map((v) => [String(v.name), v]));
  const prepared = new Map<string, { path: string; data: boolean; readOnly?: boolean }>();
  const binds: VolumeBind[] = [];
  for (const mount of (container.volumeMounts ?? []) as Anything[]) {
    const name = String(mount.name);
    const volume = volumes.get(name);
    if (volume === undefined) throw new VolumeError(`volume "${name}" is not a volume of the pod`);
    let source = prepared.get(name);
    if (source === undefined) {
      try {
        source = prepareVolume(pod, volume, join(dir, safeSegment(name)), lookup, tokens);
      } catch (error) {
        throw error instanceof VolumeError && error.volume === undefined ? new VolumeError(error.message, name) : error;
      }
      prepared.set(name, source);
    }
    let path = source.path;
    if (typeof mount.subPath === 'string' && mount.subPath !== '') {
      path = join(path, relativePath(mount.subPath, `volume "${name}": subPath`));
      // The kubelet creates a missing subPath of a writable volume as a directory.
      if (!existsSync(path)) {
        if (source.data || volume.hostPath !== undefined) throw new VolumeError(`volume "${name}": subPath "${mount.subPath}" does not exist`);
        mkdirSync(path, { recursive: true });
      }
    }
    binds.push({ source: path, target: String(mount.mountPath), readOnly: mount.readOnly === true || source.data || source.readOnly === true });
  }
  return binds;
}

/**
 * Writes again the data volumes (configMap, secret, downwardAPI, projected) already set up under
 * `dir`, as the kubelet's periodic sync does: a ConfigMap, Secret or label that changed reaches the
 * running containers (not through a subPath mount, which holds the file it was given). A source
 * that is now missing leaves the files as they were. Returns the names of the volumes rewritten.
 */
export function refreshDataVolumes(pod: Anything, dir: string, lookup: ConfigLookup, tokens?: PodTokens): string[] {
  const written: string[] = [];
  for (const volume of (pod.spec?.volumes ?? []) as Anything[]) {
    const path = join(dir, safeSegment(String(volume.name)));
    if (!isDataVolume(volume) || !existsSync(path)) continue;
    try {
      if (prepareVolume(pod, volume, path, lookup, tokens).written) written.push(String(volume.name));
    } catch (error) {
      if (!(error instanceof VolumeError)) throw error;
    }
  }
  return written;
}

/** Whether a pod mounts the ConfigMap or Secret `name` as a volume (or part of a projected one). */
export function mountsObject(pod: Anything, kind: 'ConfigMap' | 'Secret', name: string): boolean {
  const named = (source: Anything): boolean =>
    kind === 'ConfigMap' ? source.configMap?.name === name : (source.secret?.secretName ?? source.secret?.name) === name;
  return ((pod.spec?.volumes ?? []) as Anything[]).some((v) => named(v) || ((v.projected?.sources ?? []) as Anything[]).some(named));
}

/** Whether a volume is projected files (configMap, secret, downwardAPI, projected): mounted read-only, written again when its data changes. */
function isDataVolume(volume: Anything): boolean {
  return volume.configMap !== undefined || volume.secret !== undefined || volume.downwardAPI !== undefined || volume.projected !== undefined;
}

/** The node path of one volume, made ready; `data`: a volume of projected files (mounted read-only). */
function prepareVolume(pod: Anything, volume: Anything, path: string, lookup: ConfigLookup, tokens?: PodTokens): { path: string; data: boolean; written?: boolean; readOnly?: boolean } {
  const name = String(volume.name);
  // A volume named with no source is an emptyDir, as Kubernetes defaults it.
  if (volume.emptyDir !== undefined || Object.keys(volume).every((k) => k === 'name')) {
    mkdirSync(path, { recursive: true });
    // World-writable, as the kubelet makes it: containers may run as any user (securityContext).
    chmodSync(path, 0o777);
    return { path, data: false };
  }
  if (volume.hostPath !== undefined) return { path: hostPath(name, volume.hostPath), data: false };
  if (volume.persistentVolumeClaim !== undefined) return { path: claimPath(pod, name, volume.persistentVolumeClaim, lookup), data: false, readOnly: volume.persistentVolumeClaim.readOnly === true };
  const namespace = String(pod.metadata?.namespace ?? 'default');
  const files = new Map<string, { content: Buffer; mode: number }>();
  if (volume.configMap !== undefined || volume.secret !== undefined) {
    project(files, name, pod, volume.configMap !== undefined ? { configMap: volume.configMap } : { secret: volume.secret }, volume.configMap?.defaultMode ?? volume.secret?.defaultMode, namespace, lookup);
  } else if (volume.downwardAPI !== undefined) {
    project(files, name, pod, { downwardAPI: volume.downwardAPI }, volume.downwardAPI.defaultMode, namespace, lookup);
  } else if (volume.projected !== undefined) {
    for (const source of (volume.projected.sources ?? []) as Anything[]) project(files, name, pod, source, volume.projected.defaultMode, namespace, lookup, tokens);
  } else {
    const type = Object.keys(volume).find((k) => k !== 'name') ?? 'an empty';
    throw new VolumeError(`volume "${name}": ${type} volumes are not supported by Bosun's node agent (emptyDir, hostPath, persistentVolumeClaim, configMap, secret, downwardAPI and projected are)`);
  }
  return { path, data: true, written: writeFiles(path, files) };
}

/** Adds one projection source's files (a configMap, a secret, a downwardAPI or, in a projected volume, a serviceAccountToken) to `files`. */
function project(files: Map<string, { content: Buffer; mode: number }>, volume: string, pod: Anything, source: Anything, defaultMode: unknown, namespace: string, lookup: ConfigLookup, tokens?: PodTokens): void {
  const mode = (m: unknown): number => (typeof m === 'number' && m >= 0 && m <= 0o777 ? m : typeof defaultMode === 'number' ? defaultMode : DEFAULT_MODE);
  const add = (path: string, content: Buffer, m: unknown): void => void files.set(relativePath(path, `volume "${volume}": path`), { content, mode: mode(m) });
  if (source.configMap !== undefined || source.secret !== undefined) {
    const kind = source.configMap !== undefined ? 'ConfigMap' : 'Secret';
    const ref = source.configMap ?? source.secret;
    const objectName = String(ref.name ?? ref.secretName ?? '');
    const object = lookup(kind, namespace, objectName);
    if (object === null) {
      if (ref.optional === true) return;
      throw new VolumeError(`${kind.toLowerCase()} "${objectName}" not found`);
    }
    const values = new Map<string, Buffer>();
    for (const [k, v] of Object.entries((object.data ?? {}) as Record<string, string>)) values.set(k, kind === 'Secret' ? Buffer.from(v, 'base64') : Buffer.from(v, 'utf8'));
    for (const [k, v] of Object.entries((object.binaryData ?? {}) as Record<string, string>)) values.set(k, Buffer.from(v, 'base64'));
    const items = ref.items as Anything[] | undefined;
    if (items === undefined) {
      for (const [k, v] of values) add(k, v, undefined);
      return;
    }
    for (const item of items) {
      const value = values.get(String(item.key));
      if (value === undefined) {
        if (ref.optional === true) continue;
        throw new VolumeError(`${kind === 'ConfigMap' ? 'configmap' : 'secret'} references non-existent config key: ${String(item.key)}`);
      }
      add(String(item.path), value, item.mode);
    }
    return;
  }
  if (source.downwardAPI !== undefined) {
    for (const item of (source.downwardAPI.items ?? []) as Anything[]) {
      const field = String(item.fieldRef?.fieldPath ?? '');
      const value = downwardValue(pod, field);
      if (value === undefined) throw new VolumeError(`volume "${volume}": downwardAPI field "${field || JSON.stringify(item.resourceFieldRef ?? {})}" is not supported`);
      add(String(item.path), Buffer.from(value, 'utf8'), item.mode);
    }
  }
  // The pod's service account token (pod-tokens.ts: asked for through TokenRequest, bound to the
  // pod, refreshed before it expires), in the volume's mode (the projection has none of its own).
  if (source.serviceAccountToken !== undefined) {
    if (tokens === undefined) throw new VolumeError('failed to fetch token: this node agent cannot request service account tokens');
    add(String(source.serviceAccountToken.path ?? ''), Buffer.from(tokens.token(pod, source.serviceAccountToken), 'utf8'), undefined);
  }
  // clusterTrustBundle sources: Bosun has no ClusterTrustBundles.
}

/** A downwardAPI volume file's content, as the kubelet writes it; undefined for a field it does not know. */
function downwardValue(pod: Anything, field: string): string | undefined {
  const pairs = (m: Record<string, string> | undefined): string =>
    Object.keys(m ?? {})
      .sort()
      .map((k) => `${k}=${JSON.stringify(m![k])}`)
      .join('\n');
  switch (field) {
    case 'metadata.name':
      return String(pod.metadata?.name ?? '');
    case 'metadata.namespace':
      return String(pod.metadata?.namespace ?? 'default');
    case 'metadata.uid':
      return String(pod.metadata?.uid ?? '');
    case 'metadata.labels':
      return pairs(pod.metadata?.labels);
    case 'metadata.annotations':
      return pairs(pod.metadata?.annotations);
  }
  const one = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(field);
  return one ? String(pod.metadata?.[one[1]]?.[one[2]] ?? '') : undefined;
}

/**
 * A persistentVolumeClaim volume's node path: the directory of the volume the claim is bound to,
 * a hostPath (created by its type: bosun.io/local-path's DirectoryOrCreate) or a local path, as
 * the kubelet mounts them; an absent or unbound claim waits, as the kubelet's volume manager does.
 */
function claimPath(pod: Anything, volume: string, source: Anything, lookup: ConfigLookup): string {
  const namespace = String(pod.metadata?.namespace ?? 'default');
  const claimName = String(source.claimName ?? '');
  const claim = lookup('PersistentVolumeClaim', namespace, claimName);
  if (claim === null) throw new VolumeError(`error processing PVC ${namespace}/${claimName}: persistentvolumeclaim "${claimName}" not found`);
  if (claim.metadata?.deletionTimestamp) throw new VolumeError(`error processing PVC ${namespace}/${claimName}: PVC is being deleted`);
  const volumeName = claim.spec?.volumeName;
  if (!volumeName || claim.status?.phase !== 'Bound') throw new VolumeError(`error processing PVC ${namespace}/${claimName}: PVC is not bound`);
  const pv = lookup('PersistentVolume', '', String(volumeName));
  if (pv === null) throw new VolumeError(`error processing PVC ${namespace}/${claimName}: persistentvolume "${volumeName}" not found`);
  if (pv.spec?.hostPath !== undefined) return hostPath(volume, pv.spec.hostPath);
  if (pv.spec?.local !== undefined) return hostPath(volume, { path: pv.spec.local.path, type: 'Directory' });
  const type = Object.keys(pv.spec ?? {}).find((k) => PV_SOURCES_NOT_MOUNTED.includes(k)) ?? 'its';
  throw new VolumeError(`volume "${volume}": persistentvolume "${volumeName}" is a ${type} volume, which Bosun's node agent does not mount (hostPath and local are)`);
}

const PV_SOURCES_NOT_MOUNTED = ['nfs', 'csi', 'iscsi', 'fc', 'rbd', 'cephfs', 'glusterfs', 'azureDisk', 'azureFile', 'gcePersistentDisk', 'awsElasticBlockStore', 'cinder', 'flexVolume', 'vsphereVolume', 'portworxVolume', 'scaleIO', 'storageos', 'quobyte', 'flocker', 'photonPersistentDisk'];

/** A hostPath volume's node path, checked (or created) as its `type` says. */
function hostPath(volume: string, spec: Anything): string {
  const path = String(spec.path ?? '');
  if (!isAbsolute(path)) throw new VolumeError(`volume "${volume}": hostPath "${path}" is not an absolute path`);
  const type = String(spec.type ?? '');
  const stat = existsSync(path) ? statSync(path) : undefined;
  const fail = (what: string): never => {
    throw new VolumeError(`hostPath type check failed: ${path} is not ${what}`);
  };
  switch (type) {
    case 'DirectoryOrCreate':
      if (stat === undefined) mkdirSync(path, { recursive: true, mode: 0o755 });
      else if (!stat.isDirectory()) fail('a directory');
      break;
    case 'FileOrCreate':
      if (stat === undefined) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, '', { mode: 0o644 });
      } else if (!stat.isFile()) fail('a file');
      break;
    case 'Directory':
      if (!stat?.isDirectory()) fail('a directory');
      break;
    case 'File':
      if (!stat?.isFile()) fail('a file');
      break;
    case 'Socket':
      if (!stat?.isSocket()) fail('a socket');
      break;
    case 'CharDevice':
      if (!stat?.isCharacterDevice()) fail('a character device');
      break;
    case 'BlockDevice':
      if (!stat?.isBlockDevice()) fail('a block device');
      break;
    default:
      // '' (no check): the kubelet mounts what is there; a bind mount needs something there.
      if (stat === undefined) throw new VolumeError(`volume "${volume}": hostPath "${path}" does not exist on the node`);
  }
  return path;
}

/** What a data volume's `..data` link points at: the directory of the files of one write. */
const DATA_LINK = '..data';

/**
 * Makes `files` the contents of a data volume's directory, as the kubelet's atomic writer does: the
 * files of each write go into a new hidden directory (`..<time>_<hash>`); `..data` links to it,
 * swapped by a rename; and each top-level name is a link through `..data`. A container reading the
 * volume while it is rewritten sees the old files or the new, never a mix, and the directory itself
 * (which the pod's bind mount holds) stays. A write whose files equal the current ones changes
 * nothing. Returns whether it wrote.
 */
function writeFiles(path: string, files: ReadonlyMap<string, { content: Buffer; mode: number }>): boolean {
  mkdirSync(path, { recursive: true });
  const hash = createHash('sha256');
  for (const [relative, { content, mode }] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(`${relative}\0${mode}\0${content.length}\0`).update(content);
  }
  const digest = hash.digest('hex').slice(0, 16);
  const current = linkTarget(join(path, DATA_LINK));
  if (current?.endsWith(`_${digest}`) && existsSync(join(path, current))) return false;
  const stamp = `..${new Date().toISOString().replace(/[-:.TZ]/g, '_')}${process.hrtime.bigint() % 1000000n}_${digest}`;
  for (const [relative, { content, mode }] of files) {
    const file = join(path, stamp, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    chmodSync(file, mode);
  }
  mkdirSync(join(path, stamp), { recursive: true });
  const tmp = join(path, `${DATA_LINK}_tmp`);
  rmSync(tmp, { force: true });
  symlinkSync(stamp, tmp);
  renameSync(tmp, join(path, DATA_LINK));
  const tops = new Set([...files.keys()].map((relative) => relative.split(sep)[0]));
  for (const top of tops) {
    if (linkTarget(join(path, top)) === `${DATA_LINK}/${top}`) continue;
    rmSync(join(path, top), { recursive: true, force: true });
    symlinkSync(`${DATA_LINK}/${top}`, join(path, top));
  }
  for (const entry of readdirSync(path)) {
    if (entry !== DATA_LINK && entry !== stamp && !tops.has(entry)) rmSync(join(path, entry), { recursive: true, force: true });
  }
  return true;
}

/** Where a symbolic link points; undefined when `path` is not one. */
function linkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** A relative path inside a volume: never absolute, never with a `..` step out of it. */
function relativePath(path: string, what: string): string {
  const normal = normalize(path);
  if (path === '' || isAbsolute(path) || normal === '..' || normal.startsWith(`..${sep}`) || path.split('/').includes('..')) {
    throw new VolumeError(`${what} "${path}" must be a relative path without '..'`);
  }
  return normal;
}

/** A volume's name as a directory name (DNS-1123 labels need nothing; anything else is kept inside `dir`). */
function safeSegment(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+$/, '_');
}
