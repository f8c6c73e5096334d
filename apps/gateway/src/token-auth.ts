import type { NextFunction, Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface TokenUser {
  readonly name: string;
  readonly uid: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
  /** Named by impersonation headers: its groups are complete (system:authenticated already decided). */
  readonly impersonated?: boolean;
}

/**
 * Kubernetes' static token file: one `token,user,uid[,"group1,group2"]` per line (CSV).
 * Throws with the line number on a malformed line.
 */
export function readTokenFile(path: string): Map<string, TokenUser> {
  const tokens = new Map<string, TokenUser>();
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const match = /^([^,]+),([^,]+),([^,]+)(?:,"?([^"]*)"?)?$/.exec(line);
      if (!match) throw new Error(`${path}:${i + 1}: expected token,user,uid[,"group1,group2"]`);
      const [, token, name, uid, groups] = match;
      tokens.set(token, { name, uid, groups: groups ? groups.split(',').filter((g) => g !== '') : [] });
    });
  return tokens;
}

/**
 * The token of an `Authorization: Bearer …` header, read as kube-apiserver's bearer token
 * authenticator reads it: the scheme in any case (RFC 6750; the Python client's in-cluster config
 * sends `bearer …`), the token the next space-separated part.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  const parts = (authorization ?? '').trim().split(' ');
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined;
  return parts[1];
}

/** Who a request's `Authorization` header names, if anyone. */
export type Authenticate = (authorization: string | undefined) => TokenUser | undefined;

/**
 * The gateway's authenticator: a token of the static token file names its user, else a service
 * account token (serviceaccounts/token) the service account's, as kube-apiserver's union of token
 * authenticators tries each.
 */
export function tokenAuthenticator(tokens: ReadonlyMap<string, TokenUser> | undefined, serviceAccountUser: (token: string) => TokenUser | undefined): Authenticate {
  return (authorization) => {
    const token = bearerToken(authorization);
    if (token === undefined || token === '') return undefined;
    return tokens?.get(token) ?? serviceAccountUser(token);
  };
}

export const UNAUTHORIZED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } as const;

/**
 * Requires `Authorization: Bearer <token>` with a known token, and leaves the user in
 * `res.locals.user` (recorded as the actor of the request's commands); otherwise 401 with a Status.
 */
export function bearerAuth(authenticate: Authenticate) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = authenticate(req.headers.authorization);
    if (user !== undefined) {
      res.locals.user = user;
      next();
      return;
    }
    res
      .status(401)
      .type('application/json')
      .send(JSON.stringify(UNAUTHORIZED));
  };
}

/**
 * Without required authentication (a gateway on loopback, no token file) every request is let in
 * as the admin; one that brings a valid token acts as the token's user all the same (a service
 * account's, from `kubectl create token`), so that what it does is recorded as its and `kubectl auth
 * whoami` names it. Other tokens are ignored, as they always were here.
 */
export function optionalBearerAuth(authenticate: Authenticate) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = authenticate(req.headers.authorization);
    if (user !== undefined) res.locals.user = user;
    next();
  };
}

/**
 * The secret service account tokens are signed with (`--service-account-key-file`): the file's
 * text, made — 32 random bytes, base64, readable by its owner only — when there is none yet.
 */
export function readServiceAccountKey(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    try {
      writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error; // made meanwhile by another process
    }
  }
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < 16) throw new Error(`${path}: a service account key needs at least 16 characters`);
  return Buffer.from(key, 'utf8');
}
