import { bearerToken } from './token-auth';

describe('bearerToken', () => {
  it('reads the token of a Bearer header, the scheme in any case, as kube-apiserver does', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    // The Python client's load_incluster_config sends the scheme in lower case.
    expect(bearerToken('bearer abc.def')).toBe('abc.def');
    expect(bearerToken('BEARER abc')).toBe('abc');
    expect(bearerToken('  Bearer abc  ')).toBe('abc');
  });

  it('finds none in another scheme, without a token, or with none at all', () => {
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearerabc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
  });
});
