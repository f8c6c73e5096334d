import { InternalError } from '@bosun/api';
import { impersonatedUser } from './impersonation';

describe('impersonatedUser', () => {
  it('is nobody when the request impersonates no one', () => {
    expect(impersonatedUser({ authorization: 'Bearer x' })).toBeUndefined();
  });

  it('acts as the named user, in its groups and system:authenticated, as kube-apiserver does', () => {
    expect(impersonatedUser({ 'impersonate-user': 'bob' })).toEqual({ name: 'bob', uid: '', groups: ['system:authenticated'], impersonated: true });
    expect(impersonatedUser({ 'impersonate-user': 'bob', 'impersonate-group': ['devs', 'ops'], 'impersonate-uid': 'u1', 'impersonate-extra-scopes%2fa': 'read' })).toEqual({
      name: 'bob',
      uid: 'u1',
      groups: ['devs', 'ops', 'system:authenticated'],
      extra: { 'scopes/a': ['read'] },
      impersonated: true,
    });
    // A group that already says authenticated or not is left alone.
    expect(impersonatedUser({ 'impersonate-user': 'bob', 'impersonate-group': 'system:unauthenticated' })?.groups).toEqual(['system:unauthenticated']);
    expect(impersonatedUser({ 'impersonate-user': 'system:anonymous' })?.groups).toEqual(['system:unauthenticated']);
  });

  it('gives a service account named without groups the service-account groups', () => {
    expect(impersonatedUser({ 'impersonate-user': 'system:serviceaccount:team:bot' })?.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated']);
  });

  it('refuses groups, a uid or extras without a user', () => {
    expect(() => impersonatedUser({ 'impersonate-group': 'devs' })).toThrow(InternalError);
    expect(() => impersonatedUser({ 'impersonate-uid': 'u1' })).toThrow(/without impersonating a user/);
  });
});
