import { toStatus, type ApiError } from './api.errors';
import { applyJsonPatch, JsonPatchApplyError } from './json-patch';

const pod = {
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'redis' }] },
};

const statusOf = (patch: unknown): unknown => {
  try {
    applyJsonPatch(pod, patch);
  } catch (error) {
    return toStatus(error as ApiError);
  }
  return 'applied';
};
const whyNot = (patch: unknown): string => {
  try {
    applyJsonPatch(pod, patch);
  } catch (error) {
    return ((error as JsonPatchApplyError).cause as Error).message;
  }
  return 'applied';
};

describe('JSON patches as kube-apiserver applies them (evanphx/json-patch v4)', () => {
  it('applies the RFC operations to a copy, negative indices counting from the end', () => {
    const patched = applyJsonPatch(pod, [
      { op: 'add', path: '/metadata/labels/tier', value: 'front' },
      { op: 'replace', path: '/spec/containers/-1/image', value: 'redis:7' },
      { op: 'add', path: '/spec/containers/0/ports/-', value: { containerPort: 443 } },
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copied' },
      { op: 'move', from: '/metadata/labels/copied', path: '/metadata/labels/moved' },
      { op: 'remove', path: '/spec/containers/0/ports/0' },
      { op: 'test', path: '/spec/containers/1/name', value: 'b' },
    ]);
    expect(patched.metadata.labels).toEqual({ app: 'web', tier: 'front', moved: 'web' });
    expect(patched.spec.containers.map((c) => [c.image, c.ports])).toEqual([['nginx', [{ containerPort: 443 }]], ['redis:7', undefined]]);
    expect(pod.metadata.labels).toEqual({ app: 'web' });
  });

  it('replaces a missing key of an existing object by adding it, and passes a test of a missing key for null, as the library does', () => {
    expect(applyJsonPatch(pod, [{ op: 'replace', path: '/metadata/labels/new', value: 'x' }]).metadata.labels).toEqual({ app: 'web', new: 'x' });
    expect(statusOf([{ op: 'test', path: '/metadata/labels/absent', value: null }])).toBe('applied');
  });

  it('refuses a patch that does not apply with the bare 422 kube-apiserver sends, no cause, whatever the reason', () => {
    const rejected = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    };
    expect(statusOf([{ op: 'replace', path: '/spec/containers/5/image', value: 'x' }])).toEqual(rejected);
    expect(statusOf([{ op: 'test', path: '/metadata/name', value: 'other' }])).toEqual(rejected);
    expect(statusOf([{ op: 'remove', path: '/metadata/labels/nope' }])).toEqual(rejected);
    expect(statusOf([{ op: 'frobnicate', path: '/metadata' }])).toEqual(rejected);
  });

  it('keeps the library’s reason, in its words, as the cause', () => {
    expect(whyNot([{ op: 'replace', path: '/spec/containers/5/image', value: 'x' }])).toBe('replace operation does not apply: doc is missing path: /spec/containers/5/image: missing value');
    expect(whyNot([{ op: 'replace', path: '/spec/containers/5', value: {} }])).toBe('replace operation does not apply: doc is missing key: /spec/containers/5: missing value');
    expect(whyNot([{ op: 'add', path: '/status/phase', value: 'x' }])).toBe('add operation does not apply: doc is missing path: "/status/phase": missing value');
    expect(whyNot([{ op: 'add', path: '/spec/containers/7', value: {} }])).toBe("error in add for path: '/spec/containers/7': Unable to access invalid index: 7: invalid index referenced");
    expect(whyNot([{ op: 'remove', path: '/metadata/labels/nope' }])).toBe("error in remove for path: '/metadata/labels/nope': Unable to remove nonexistent key: nope: missing value");
    expect(whyNot([{ op: 'test', path: '/metadata/name', value: 'other' }])).toBe('testing value /metadata/name failed: test failed');
    expect(whyNot([{ op: 'move', from: '/nope/x', path: '/a' }])).toBe('move operation does not apply: doc is missing from path: /nope/x: missing value');
    expect(whyNot([{ path: '/a' }])).toBe('Unexpected kind: unknown');
  });

  it('refuses what it cannot decode as a patch with Go’s json error (400), and a patch of more than 10,000 operations as too large', () => {
    expect(statusOf({ op: 'add' })).toMatchObject({ code: 400, reason: 'BadRequest', message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' });
    expect(statusOf('x')).toMatchObject({ code: 400, message: 'json: cannot unmarshal string into Go value of type jsonpatch.Patch' });
    expect(statusOf([1])).toMatchObject({ code: 400, message: 'json: cannot unmarshal number into Go value of type jsonpatch.Operation' });
    expect(statusOf(null)).toBe('applied');
    const many = Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/metadata/name', value: 'web' }));
    expect(statusOf(many)).toMatchObject({ code: 413, reason: 'RequestEntityTooLarge', message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001' });
  });
});
