import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** What an image would run: its ENTRYPOINT, and its CMD (the default arguments a container's `args` replace). */
export interface ImageConfig {
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
}

/**
 * How a process runtime answers the image question. Bosun runs containers as host processes, not
 * from image filesystems, so an image only matters when a container gives no `command`: then the
 * image's repository name (registry and tag dropped: `docker.io/library/python:3.11` → `python`)
 * picks its ENTRYPOINT and CMD from this map, and the container's `args` replace the CMD — as they do
 * for the real images (`kubectl run web --image=python:3.11 -- python3 -m http.server` runs
 * `python3 -m http.server`). Operators extend or override it with a JSON file (`--image-map`).
 */
export const DEFAULT_IMAGE_MAP: Readonly<Record<string, ImageConfig>> = {
  python: { cmd: ['python3'] },
  busybox: { cmd: ['sh'] },
  alpine: { cmd: ['sh'] },
  debian: { cmd: ['bash'] },
  ubuntu: { cmd: ['bash'] },
  bash: { cmd: ['bash'] },
  node: { cmd: ['node'] },
  redis: { cmd: ['redis-server'] },
  nginx: { cmd: ['nginx', '-g', 'daemon off;'] },
  pause: { entrypoint: ['sleep', 'infinity'] },
};

export class ImageError extends Error {}

/** The repository name of an image reference: registry, namespace path, tag and digest dropped. */
export function repositoryOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const nameAndTag = withoutDigest.slice(lastSlash + 1);
  const colon = nameAndTag.indexOf(':');
  return colon === -1 ? nameAndTag : nameAndTag.slice(0, colon);
}

/** Finds an executable on PATH (or checks an absolute path); undefined when there is none. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = isAbsolute(name) || name.includes('/') ? [name] : path.split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next one
    }
  }
  return undefined;
}

export interface ContainerCommand {
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
}

/**
 * The argv a container runs, as Kubernetes builds it from an image: `command` replaces the
 * ENTRYPOINT, `args` replace the CMD. Throws ImageError (the pod shows ErrImagePull) when there is
 * no command and the image is not in the map, or when the program to run is not on this node.
 */
export function resolveCommand(container: ContainerCommand, map: Readonly<Record<string, ImageConfig>> = DEFAULT_IMAGE_MAP): { argv: string[]; executable: string } {
  let argv: string[];
  if (container.command && container.command.length > 0) argv = [...container.command, ...(container.args ?? [])];
  else {
    const image = map[repositoryOf(container.image)];
    if (image === undefined) {
      throw new ImageError(`image "${container.image}" is not known to this node's process runtime: give the container a command, or map the image (--image-map)`);
    }
    argv = [...(image.entrypoint ?? []), ...(container.args ?? image.cmd ?? [])];
    if (argv.length === 0) throw new ImageError(`image "${container.image}" has nothing to run: give the container a command`);
  }
  const executable = findExecutable(argv[0]);
  if (executable === undefined) {
    throw new ImageError(container.command?.length ? `executable "${argv[0]}" not found on this node's PATH` : `image "${container.image}" runs "${argv[0]}", which is not installed on this node`);
  }
  return { argv, executable };
}

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((a) => typeof a === 'string');

/**
 * Reads an operator's image map, merged over the default: a JSON object of image name → either
 * `{"entrypoint": [...], "cmd": [...]}` or an array (the CMD).
 */
export function readImageMap(path: string): Record<string, ImageConfig> {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: expected a JSON object of image name → {"entrypoint": […], "cmd": […]}`);
  const map: Record<string, ImageConfig> = { ...DEFAULT_IMAGE_MAP };
  for (const [image, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (strings(value) && value.length > 0) map[image] = { cmd: value };
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const { entrypoint, cmd } = value as { entrypoint?: unknown; cmd?: unknown };
      if ((entrypoint !== undefined && !strings(entrypoint)) || (cmd !== undefined && !strings(cmd)) || (entrypoint ?? cmd) === undefined) {
        throw new Error(`${path}: "${image}" must give "entrypoint" and/or "cmd" as arrays of strings`);
      }
      map[image] = { ...(entrypoint ? { entrypoint } : {}), ...(cmd ? { cmd } : {}) } as ImageConfig;
    } else throw new Error(`${path}: "${image}" must map to a non-empty array of strings or {"entrypoint", "cmd"}`);
  }
  return map;
}
