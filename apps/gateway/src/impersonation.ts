import { InternalError, toStatus } from '@bosun/api';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import type { TokenUser } from './token-auth';

const AUTHENTICATED = 'system:authenticated';
const UNAUTHENTICATED = 'system:unauthenticated';
const ANONYMOUS = 'system:anonymous';
const EXTRA_PREFIX = 'impersonate-extra-';

/**
 * The user a request acts as when it carries kube-apiserver's impersonation headers (`kubectl
 * --as`, `--as-group`, `--as-uid`): `Impersonate-User`, `Impersonate-Group` (repeated),
 * `Impersonate-Uid` and `Impersonate-Extra-<key>`; undefined when it carries none. As
 * kube-apiserver: a service account user (`system:serviceaccount:<ns>:<name>`) named without groups
 * gets the service-account groups; `system:authenticated` is added unless a group says
 * authenticated or unauthenticated (`system:unauthenticated` for `system:anonymous`); groups, a
 * uid or extras without a user are refused. Bosun authorises nothing, so any user may impersonate
 * any other (kube-apiserver asks its authoriser for the `impersonate` verb).
 */
export function impersonatedUser(headers: IncomingHttpHeaders): TokenUser | undefined {
  const list = (name: string): string[] => {
    const value = headers[name];
    const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
    return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  };
  const name = list('impersonate-user')[0];
  let groups = list('impersonate-group');
  const uid = list('impersonate-uid')[0];
  const extra: Record<string, string[]> = {};
  for (const header of Object.keys(headers)) {
    if (!header.startsWith(EXTRA_PREFIX)) continue;
    extra[decodeURIComponent(header.slice(EXTRA_PREFIX.length))] = list(header);
  }
  const hasExtra = Object.keys(extra).length > 0;
  if (name === undefined) {
    if (groups.length > 0 || uid !== undefined || hasExtra) {
      throw new InternalError('requested impersonation of groups, a uid or extras without impersonating a user');
    }
    return undefined;
  }
  const serviceAccount = /^system:serviceaccount:([^:]+):[^:]+$/.exec(name);
  if (serviceAccount !== null && groups.length === 0) groups = ['system:serviceaccounts', `system:serviceaccounts:${serviceAccount[1]}`];
  if (name !== ANONYMOUS) {
    if (!groups.includes(AUTHENTICATED) && !groups.includes(UNAUTHENTICATED)) groups = [...groups, AUTHENTICATED];
  } else if (!groups.includes(UNAUTHENTICATED)) {
    groups = [...groups, UNAUTHENTICATED];
  }
  return { name, uid: uid ?? '', groups, ...(hasExtra ? { extra } : {}), impersonated: true };
}

/** Puts the impersonated user, if the request names one, in `res.locals.user` in place of the caller. */
export function impersonation() {
  return (req: Request, res: Response, next: NextFunction): void => {
    let user: TokenUser | undefined;
    try {
      user = impersonatedUser(req.headers);
    } catch (error) {
      const status = toStatus(error as InternalError);
      res.status(status.code ?? 500).type('application/json').send(JSON.stringify(status));
      return;
    }
    if (user !== undefined) res.locals.user = user;
    next();
  };
}
