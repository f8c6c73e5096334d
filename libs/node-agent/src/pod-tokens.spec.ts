import { serviceAccountTokenVolume } from '@bosun/api';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PodTokens, type RequestToken } from './pod-tokens';
import { prepareVolumes, refreshDataVolumes, VolumeError } from './pod-volumes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Anything = any;

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'bosun-tokens-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const lookup = (kind: string, namespace: string, name: string): Anything | null =>
  kind === 'ConfigMap' && namespace === 'team-a' && name === 'kube-root-ca.crt' ? { data: { 'ca.crt': CA } } : null;
// The pod as the ServiceAccount admission leaves it.
const volume = serviceAccountTokenVolume('kube-api-access-x7k2p');
const pod: Anything = {
  metadata: { name: 'web', namespace: 'team-a', uid: 'pod-uid' },
  spec: { serviceAccountName: 'default', volumes: [volume], containers: [{ name: 'c', volumeMounts: [{ name: volume.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }] },
};

/** A TokenRequest endpoint that records what it was asked and hands out numbered tokens living `life` seconds. */
function issuer(clock: { now: number }, life = 3607): { request: RequestToken; asked: Anything[] } {
  const asked: Anything[] = [];
  return {
    asked,
    request: (namespace, account, body) => {
      asked.push({ namespace, account, body });
      return { token: `token-${asked.length}`, expirationTimestamp: new Date(clock.now + life * 1000).toISOString().replace(/\.\d+Z$/, 'Z') };
    },
  };
}

describe('projected service account tokens', () => {
  it('writes token, ca.crt and namespace, 0644, read-only at the service account path, the token asked for through TokenRequest bound to the pod', () => {
    const clock = { now: Date.parse('2026-11-28T10:00:00Z') };
    const { request, asked } = issuer(clock);
    const binds = prepareVolumes(pod, pod.spec.containers[0], root, lookup, new PodTokens(request, () => clock.now));
    expect(binds).toEqual([{ source: join(root, volume.name), target: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }]);
    const dir = join(root, volume.name);
    expect(readFileSync(join(dir, 'token'), 'utf8')).toBe('token-1');
    expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe(CA);
    expect(readFileSync(join(dir, 'namespace'), 'utf8')).toBe('team-a');
    for (const file of ['token', 'ca.crt', 'namespace']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o644);
    expect(asked).toEqual([
      {
        namespace: 'team-a',
        account: 'default',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: [], expirationSeconds: 3607, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'web', uid: 'pod-uid' } } },
      },
    ]);
  });

  it('keeps the token until 80 % of its life is gone, then writes a new one', () => {
    const clock = { now: Date.parse('2026-11-28T10:00:00Z') };
    const { request, asked } = issuer(clock);
    const tokens = new PodTokens(request, () => clock.now);
    prepareVolumes(pod, pod.spec.containers[0], root, lookup, tokens);
    expect(tokens.nextRefresh()).toBe(clock.now + 0.8 * 3607 * 1000);
    clock.now += 0.79 * 3607 * 1000;
    expect(refreshDataVolumes(pod, root, lookup, tokens)).toEqual([]);
    expect(asked).toHaveLength(1);
    clock.now += 0.02 * 3607 * 1000;
    expect(refreshDataVolumes(pod, root, lookup, tokens)).toEqual([volume.name]);
    expect(readFileSync(join(root, volume.name, 'token'), 'utf8')).toBe('token-2');
  });

  it('refreshes a long-lived token after a day at the latest', () => {
    const clock = { now: Date.parse('2026-11-28T10:00:00Z') };
    const tokens = new PodTokens(issuer(clock, 7 * 24 * 3600).request, () => clock.now);
    tokens.token(pod, { path: 'token', expirationSeconds: 7 * 24 * 3600 });
    expect(tokens.nextRefresh()).toBe(clock.now + 24 * 3600 * 1000);
  });

  it('keeps a valid token when a refresh fails, and fails the mount when it has none', () => {
    const clock = { now: Date.parse('2026-11-28T10:00:00Z') };
    let fail = false;
    const { request } = issuer(clock);
    const tokens = new PodTokens((...args) => {
      if (fail) throw new Error('pods "web" not found');
      return request(...args);
    }, () => clock.now);
    expect(tokens.token(pod, { path: 'token', expirationSeconds: 3607 })).toBe('token-1');
    fail = true;
    clock.now += 0.9 * 3607 * 1000;
    expect(tokens.token(pod, { path: 'token', expirationSeconds: 3607 })).toBe('token-1');
    clock.now += 0.2 * 3607 * 1000; // expired
    expect(() => tokens.token(pod, { path: 'token', expirationSeconds: 3607 })).toThrow(new VolumeError('failed to fetch token: pods "web" not found'));
  });

  it('fails the mount, saying why, on an agent that cannot ask for tokens', () => {
    expect(() => prepareVolumes(pod, pod.spec.containers[0], root, lookup)).toThrow('failed to fetch token: this node agent cannot request service account tokens');
    expect(() => prepareVolumes(pod, pod.spec.containers[0], root, lookup, new PodTokens(undefined))).toThrow(VolumeError);
  });

  it('waits for kube-root-ca.crt like any ConfigMap', () => {
    const clock = { now: 0 };
    expect(() => prepareVolumes({ ...pod, metadata: { ...pod.metadata, namespace: 'fresh' } }, pod.spec.containers[0], root, () => null, new PodTokens(issuer(clock).request))).toThrow('configmap "kube-root-ca.crt" not found');
  });
});
