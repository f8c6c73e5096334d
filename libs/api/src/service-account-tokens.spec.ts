import { API_AUDIENCES, authenticateServiceAccountToken, checkBoundObject, issueServiceAccountToken, readTokenRequest, type TokenSubject } from './service-account-tokens';
import { statusOf } from './testing/status-of';

const KEY = Buffer.from('a-test-key-of-enough-length');
const NOW = new Date('2026-11-29T12:00:00Z');
const robot: TokenSubject = { namespace: 'default', serviceAccount: { name: 'robot', uid: 'sa-uid' } };
const objects = new Map<string, { metadata: { uid: string } }>([['ServiceAccount/default/robot', { metadata: { uid: 'sa-uid' } }], ['Pod/default/web', { metadata: { uid: 'pod-uid' } }]]);
const lookup = (kind: string, namespace: string | undefined, name: string) => objects.get(`${kind}/${namespace ?? ''}/${name}`) ?? null;

describe('service account tokens', () => {
  it('defaults a TokenRequest to an hour for the API audiences, and refuses what kube-apiserver refuses', () => {
    expect(readTokenRequest({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} }, 'robot', 'default')).toEqual({ audiences: API_AUDIENCES, expirationSeconds: 3600 });
    expect(statusOf(() => readTokenRequest({ spec: { expirationSeconds: 60 } }, 'robot', 'default'))).toEqual({
      code: 422,
      reason: 'Invalid',
      message: 'TokenRequest.authentication.k8s.io "robot" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    });
    expect(statusOf(() => readTokenRequest({ metadata: { name: 'other' } }, 'robot', 'default'))).toMatchObject({ code: 422, message: expect.stringContaining('metadata.name: Invalid value: "other": must match the service account name if specified') });
    expect(statusOf(() => readTokenRequest({ spec: { boundObjectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' } } }, 'robot', 'default'))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'cannot bind token to object of type apps/v1, Kind=Deployment',
    });
  });

  it('binds a token only to a pod running as the account, and to the uid it names', () => {
    const pod = { metadata: { uid: 'pod-uid' }, spec: { serviceAccountName: 'robot' } };
    expect(checkBoundObject({ kind: 'Pod', apiVersion: 'v1', name: 'web' }, 'robot', pod)).toBe('pod-uid');
    expect(statusOf(() => checkBoundObject({ kind: 'Pod', apiVersion: 'v1', name: 'web' }, 'other', pod))).toMatchObject({ code: 400, message: 'cannot bind token for serviceaccount "other" to pod running with serviceaccount "robot"' });
    expect(statusOf(() => checkBoundObject({ kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'old' }, 'robot', pod))).toMatchObject({ code: 409, message: expect.stringContaining('the UID in the bound object reference (old) does not match the UID in record (pod-uid)') });
  });

  it('authenticates its tokens as the service account, with kube-apiserver’s groups and extras', () => {
    const { token, expirationTimestamp } = issueServiceAccountToken({ ...robot, bound: { kind: 'Pod', name: 'web', uid: 'pod-uid' } }, { audiences: API_AUDIENCES, expirationSeconds: 3600 }, KEY, NOW, 'jti-1');
    expect(expirationTimestamp).toBe('2026-11-29T13:00:00Z');
    expect(authenticateServiceAccountToken(token, KEY, NOW, lookup)).toEqual({
      name: 'system:serviceaccount:default:robot',
      uid: 'sa-uid',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default'],
      extra: { 'authentication.kubernetes.io/pod-name': ['web'], 'authentication.kubernetes.io/pod-uid': ['pod-uid'], 'authentication.kubernetes.io/credential-id': ['JTI=jti-1'] },
    });
  });

  it('refuses a token signed with another key, expired, for another audience, or whose account or bound object is gone or made again', () => {
    const spec = { audiences: API_AUDIENCES, expirationSeconds: 3600 };
    const { token } = issueServiceAccountToken(robot, spec, KEY, NOW, 'j');
    expect(authenticateServiceAccountToken(token, Buffer.from('another-key-entirely-here'), NOW, lookup)).toBeUndefined();
    expect(authenticateServiceAccountToken(token, KEY, new Date(NOW.getTime() + 3600_000 + 61_000), lookup)).toBeUndefined();
    expect(authenticateServiceAccountToken(issueServiceAccountToken(robot, { ...spec, audiences: ['vault'] }, KEY, NOW, 'j').token, KEY, NOW, lookup)).toBeUndefined();
    expect(authenticateServiceAccountToken(token, KEY, NOW, () => null)).toBeUndefined();
    expect(authenticateServiceAccountToken(token, KEY, NOW, () => ({ metadata: { uid: 'made-again' } }))).toBeUndefined();
    const bound = issueServiceAccountToken({ ...robot, bound: { kind: 'Pod', name: 'gone', uid: 'u' } }, spec, KEY, NOW, 'j').token;
    expect(authenticateServiceAccountToken(bound, KEY, NOW, lookup)).toBeUndefined();
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ iss: 'x' })).toString('base64url');
    expect(authenticateServiceAccountToken(`${header}.${forged}.${signature}`, KEY, NOW, lookup)).toBeUndefined();
  });
});
