import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * How a process runtime answers the image question. Bosun runs containers as host processes, not
 * from image filesystems, so an image only matters when a container gives no `command`: then the
 * image's repository name (registry and tag dropped: `docker.io/library/python:3.11` → `python`)
 * picks the entrypoint from this map, and the container's `args` follow it, as they follow an
 * image's ENTRYPOINT. Operators extend or override it with a JSON file (`--image-map`).
 */
export const DEFAULT_IMAGE_MAP: Readonly<Record<string, readonly string[]>> = {
  python: ['python3'],
  busybox: ['sh'],
  alpine: ['sh'],
  debian: ['bash'],
  ubuntu: ['bash'],
  bash: ['bash'],
  node: ['node'],
  redis: ['redis-server'],
  nginx: ['nginx', '-g', 'daemon off;'],
  'pause': ['sleep', 'infinity'],
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
 * The argv a container runs: its command and args; or, without a command, the image's entrypoint
 * from the map followed by the args. Throws ImageError (the pod shows ErrImagePull) when the image
 * is not in the map or its executable is not on this node.
 */
export function resolveCommand(container: ContainerCommand, map: Readonly<Record<string, readonly string[]>> = DEFAULT_IMAGE_MAP): { argv: string[]; executable: string } {
  const argv = container.command && container.command.length > 0 ? [...container.command, ...(container.args ?? [])] : undefined;
  if (argv !== undefined) {
    const executable = findExecutable(argv[0]);
    if (executable === undefined) throw new ImageError(`executable "${argv[0]}" not found on this node's PATH`);
    return { argv, executable };
  }
  const entrypoint = map[repositoryOf(container.image)];
  if (entrypoint === undefined) {
    throw new ImageError(`image "${container.image}" has no entrypoint on this node's process runtime: give the container a command, or map the image (--image-map)`);
  }
  const executable = findExecutable(entrypoint[0]);
  if (executable === undefined) throw new ImageError(`image "${container.image}" runs "${entrypoint[0]}", which is not installed on this node`);
  return { argv: [...entrypoint, ...(container.args ?? [])], executable };
}

/** Reads an operator's image map: a JSON object of image name → entrypoint argv, merged over the default. */
export function readImageMap(path: string): Record<string, readonly string[]> {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: expected a JSON object of image name → ["executable", "arg", …]`);
  for (const [image, argv] of Object.entries(parsed)) {
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) throw new Error(`${path}: "${image}" must map to a non-empty array of strings`);
  }
  return { ...DEFAULT_IMAGE_MAP, ...(parsed as Record<string, string[]>) };
}
