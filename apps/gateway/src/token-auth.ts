import type { NextFunction, Request, Response } from 'express';
import { readFileSync } from 'node:fs';

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

/** The user a request's `Authorization: Bearer …` header names, if the token is known. */
export function userOf(tokens: ReadonlyMap<string, TokenUser>, authorization: string | undefined): TokenUser | undefined {
  const header = authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  return token === undefined ? undefined : tokens.get(token);
}

export const UNAUTHORIZED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } as const;

/**
 * Requires `Authorization: Bearer <token>` with a known token, and leaves the user in
 * `res.locals.user` (recorded as the actor of the request's commands); otherwise 401 with a Status.
 */
export function bearerAuth(tokens: ReadonlyMap<string, TokenUser>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = userOf(tokens, req.headers.authorization);
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
