import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageError, readImageMap, repositoryOf, resolveCommand } from './image-map';

describe('image map', () => {
  it.each([
    ['python:3.11', 'python'],
    ['docker.io/library/redis:7', 'redis'],
    ['registry.local:5000/team/busybox', 'busybox'],
    ['nginx@sha256:abc', 'nginx'],
  ])('names the repository of %s', (image, repository) => {
    expect(repositoryOf(image)).toBe(repository);
  });

  it('runs a container’s command, with its args, whatever the image', () => {
    expect(resolveCommand({ image: 'anything:1', command: ['sh', '-c'], args: ['echo hi'] })).toMatchObject({ argv: ['sh', '-c', 'echo hi'], executable: expect.stringMatching(/\/sh$/) });
  });

  it('runs the image’s CMD when there is no command, and args replace the CMD as for a real image', () => {
    expect(resolveCommand({ image: 'python:3.11' }).argv).toEqual(['python3']);
    expect(resolveCommand({ image: 'busybox:1.36', args: ['sh', '-c', 'true'] }).argv).toEqual(['sh', '-c', 'true']);
    expect(resolveCommand({ image: 'pause:3.9', args: ['ignored?'] }, { pause: { entrypoint: ['sleep'], cmd: ['infinity'] } }).argv).toEqual(['sleep', 'ignored?']);
  });

  it('fails like an image pull for an unknown image or a missing executable', () => {
    expect(() => resolveCommand({ image: 'example/unknown:1' })).toThrow(ImageError);
    expect(() => resolveCommand({ image: 'example/unknown:1' })).toThrow(/give the container a command, or map the image/);
    expect(() => resolveCommand({ image: 'x', command: ['no-such-binary-here'] })).toThrow(/executable "no-such-binary-here" not found/);
    expect(() => resolveCommand({ image: 'mine' }, { mine: { cmd: ['no-such-binary-here'] } })).toThrow(/not installed on this node/);
  });

  it('reads an operator’s map over the default, and refuses a malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bosun-image-map-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ 'my-app': ['sh', '-c', 'echo app'], tool: { entrypoint: ['env'], cmd: ['true'] } }));
    expect(readImageMap(join(dir, 'ok.json'))).toMatchObject({ 'my-app': { cmd: ['sh', '-c', 'echo app'] }, tool: { entrypoint: ['env'], cmd: ['true'] }, python: { cmd: ['python3'] } });
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ 'my-app': 'sh' }));
    expect(() => readImageMap(join(dir, 'bad.json'))).toThrow(/"my-app" must map to/);
  });
});
