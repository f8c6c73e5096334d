import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequestError, ConflictError, fieldErrors, InvalidError, NotFoundError, type FieldCause } from './api.errors';
import { kubeTime } from './conventions';

/**
 * Service account tokens, as kube-apiserver issues them through `serviceaccounts/{name}/token`
 * (a TokenRequest: `kubectl create token`) and authenticates them: a JWT naming the service
 * account, its uid, the object it is bound to, the audiences and an expiry. kube-apiserver signs
 * with a private key (RS256) so that others can verify its tokens through OIDC discovery; Bosun's
 * gateway is the only verifier, so it signs with a shared secret (HS256) — the same claims, checked
 * the same way: signature, time, an audience of the API's, and the service account (and the bound
 * object) still there with the uid the token names.
 */

/** kube-apiserver's issuer as kubeadm sets it, and its default API audience. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const API_AUDIENCES: readonly string[] = [SERVICE_ACCOUNT_ISSUER];

/** The shortest and longest lives a TokenRequest may ask for, and the one it gets when it asks none. */
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
const DEFAULT_EXPIRATION_SECONDS = 3600;

/** An object a token may be bound to: it lives no longer than the object. */
export interface BoundObjectRef {
  readonly kind: 'Pod' | 'Secret' | 'Node';
  readonly apiVersion: string;
  readonly name: string;
  readonly uid?: string;
}

/** A TokenRequest's spec, defaulted and checked. */
export interface TokenRequestSpec {
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
  readonly boundObjectRef?: BoundObjectRef;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a TokenRequest body for service account `name` in `namespace` as kube-apiserver's token REST
 * does: its name and namespace, when given, are the service account's; expirationSeconds defaults
 * to an hour, at least 10 minutes and at most 2^32 s; no audiences means the API's; a bound object
 * is a core/v1 Pod, Secret or Node (400 otherwise).
 */
export function readTokenRequest(body: unknown, name: string, namespace: string): TokenRequestSpec {
  const request = isObject(body) ? body : {};
  const metadata = isObject(request.metadata) ? request.metadata : {};
  const spec = isObject(request.spec) ? request.spec : {};
  const causes: FieldCause[] = [];
  if (typeof metadata.name === 'string' && metadata.name !== '' && metadata.name !== name) {
    causes.push(fieldErrors.invalid('metadata.name', metadata.name, 'must match the service account name if specified'));
  }
  if (typeof metadata.namespace === 'string' && metadata.namespace !== '' && metadata.namespace !== namespace) {
    causes.push(fieldErrors.invalid('metadata.namespace', metadata.namespace, 'must match the service account namespace if specified'));
  }
  if (causes.length > 0) throw new InvalidError('TokenRequest', name, causes, 'authentication.k8s.io');
  const expirationSeconds = spec.expirationSeconds === undefined || spec.expirationSeconds === null ? DEFAULT_EXPIRATION_SECONDS : Number(spec.expirationSeconds);
  if (!Number.isInteger(expirationSeconds)) throw new BadRequestError(`TokenRequest in version "v1" cannot be handled as a TokenRequest: spec.expirationSeconds must be an integer`);
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) causes.push(fieldErrors.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes'));
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) causes.push(fieldErrors.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  if (causes.length > 0) throw new InvalidError('TokenRequest', name, causes, 'authentication.k8s.io');
  const audiences = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences.map(String) : API_AUDIENCES;
  const ref = isObject(spec.boundObjectRef) ? spec.boundObjectRef : undefined;
  if (ref === undefined) return { audiences, expirationSeconds };
  const apiVersion = typeof ref.apiVersion === 'string' ? ref.apiVersion : '';
  const kind = typeof ref.kind === 'string' ? ref.kind : '';
  if (apiVersion !== 'v1' || (kind !== 'Pod' && kind !== 'Secret' && kind !== 'Node')) {
    // Go's GroupVersionKind.String(): group/version, Kind=kind (the core group empty).
    const groupVersion = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
    throw new BadRequestError(`cannot bind token to object of type ${groupVersion}, Kind=${kind}`);
  }
  return { audiences, expirationSeconds, boundObjectRef: { kind, apiVersion, name: typeof ref.name === 'string' ? ref.name : '', ...(typeof ref.uid === 'string' && ref.uid !== '' ? { uid: ref.uid } : {}) } };
}

/** What a token names: the service account, and the object it is bound to. */
export interface TokenSubject {
  readonly namespace: string;
  readonly serviceAccount: { readonly name: string; readonly uid: string };
  readonly bound?: { readonly kind: BoundObjectRef['kind']; readonly name: string; readonly uid: string };
}

/**
 * Checks the bound object kube-apiserver's token REST checks before it issues a token: a Pod must
 * run as the service account (400), and a given uid must be the object's (409: it was deleted and
 * made again). `found` is the object, looked up by the caller (its NotFound stands).
 */
export function checkBoundObject(ref: BoundObjectRef, serviceAccount: string, found: { metadata: { uid?: string }; spec?: unknown }): string {
  if (ref.kind === 'Pod') {
    const running = ((found.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName ?? '') || 'default';
    if (running !== serviceAccount) throw new BadRequestError(`cannot bind token for serviceaccount ${JSON.stringify(serviceAccount)} to pod running with serviceaccount ${JSON.stringify(running)}`);
  }
  const uid = found.metadata.uid ?? '';
  if (ref.uid !== undefined && ref.uid !== uid) {
    throw new ConflictError(ref.kind, ref.name, `the UID in the bound object reference (${ref.uid}) does not match the UID in record (${uid}). The object might have been deleted and then recreated`);
  }
  return uid;
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** The key id a token's header names: a digest of the key, so a token signed with another key is told apart. */
function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 43);
}

/**
 * Issues a token for `subject`, signed with `key`, living `spec.expirationSeconds` from `now`, with
 * kube-apiserver's claims (`sub` system:serviceaccount:<namespace>:<name>, `kubernetes.io` naming the
 * account and the bound object, `jti` the credential id). Answers the TokenRequest's status.
 */
export function issueServiceAccountToken(subject: TokenSubject, spec: TokenRequestSpec, key: Buffer, now: Date, jti: string): { token: string; expirationTimestamp: string } {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + spec.expirationSeconds;
  const kubernetes: Record<string, unknown> = { namespace: subject.namespace, serviceaccount: subject.serviceAccount };
  if (subject.bound !== undefined) kubernetes[subject.bound.kind.toLowerCase()] = { name: subject.bound.name, uid: subject.bound.uid };
  const claims = { aud: spec.audiences, exp, iat, iss: SERVICE_ACCOUNT_ISSUER, jti, 'kubernetes.io': kubernetes, nbf: iat, sub: `system:serviceaccount:${subject.namespace}:${subject.serviceAccount.name}` };
  const signed = `${base64url(JSON.stringify({ alg: 'HS256', kid: keyId(key) }))}.${base64url(JSON.stringify(claims))}`;
  const signature = createHmac('sha256', key).update(signed).digest('base64url');
  return { token: `${signed}.${signature}`, expirationTimestamp: kubeTime(new Date(exp * 1000)) };
}

/** Finds an object (null: absent); a cluster-scoped kind is asked without a namespace. */
export type TokenObjectLookup = (kind: 'ServiceAccount' | BoundObjectRef['kind'], namespace: string | undefined, name: string) => { metadata: { uid?: string }; spec?: unknown } | null;

/**
 * serviceaccounts/{name}/token in `namespace`, as kube-apiserver's token REST answers it: the
 * request read (readTokenRequest), the account there (404), the bound object there (404), running
 * as it and with the uid named (checkBoundObject), then a token issued. What the gateway answers
 * and what a node agent asks for its pods' projected tokens.
 */
export function requestServiceAccountToken(lookup: TokenObjectLookup, namespace: string, name: string, body: unknown, key: Buffer, now: Date, jti: string): { spec: TokenRequestSpec; status: { token: string; expirationTimestamp: string } } {
  const spec = readTokenRequest(body, name, namespace);
  const account = lookup('ServiceAccount', namespace, name);
  if (account === null) throw new NotFoundError('serviceaccounts', name);
  let bound: TokenSubject['bound'];
  const ref = spec.boundObjectRef;
  if (ref !== undefined) {
    const found = lookup(ref.kind, ref.kind === 'Node' ? undefined : namespace, ref.name);
    if (found === null) throw new NotFoundError(`${ref.kind.toLowerCase()}s`, ref.name);
    bound = { kind: ref.kind, name: ref.name, uid: checkBoundObject(ref, name, found) };
  }
  const subject: TokenSubject = { namespace, serviceAccount: { name, uid: account.metadata.uid ?? '' }, ...(bound === undefined ? {} : { bound }) };
  return { spec, status: issueServiceAccountToken(subject, spec, key, now, jti) };
}

/** The user a service account token authenticates, as kube-apiserver's service account authenticator names it. */
export interface ServiceAccountUser {
  readonly name: string;
  readonly uid: string;
  readonly groups: readonly string[];
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

/**
 * The user `token` authenticates, or undefined when it is none of this key's valid tokens: the
 * signature holds, `now` is within its life (a minute's leeway, as kube-apiserver allows), one of
 * its audiences is the API's, and `lookup` still finds the service account — and the bound object —
 * with the uids it names.
 */
export function authenticateServiceAccountToken(
  token: string,
  key: Buffer,
  now: Date,
  lookup: (kind: 'ServiceAccount' | BoundObjectRef['kind'], namespace: string | undefined, name: string) => { metadata: { uid?: string } } | null,
): ServiceAccountUser | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const expected = createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: Record<string, unknown>;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
    if (header.alg !== 'HS256') return undefined;
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const seconds = now.getTime() / 1000;
  const leeway = 60;
  if (claims.iss !== SERVICE_ACCOUNT_ISSUER || typeof claims.exp !== 'number' || typeof claims.nbf !== 'number') return undefined;
  if (seconds > claims.exp + leeway || seconds < claims.nbf - leeway) return undefined;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((a) => API_AUDIENCES.includes(String(a)))) return undefined;
  const k8s = isObject(claims['kubernetes.io']) ? claims['kubernetes.io'] : {};
  const namespace = typeof k8s.namespace === 'string' ? k8s.namespace : '';
  const account = isObject(k8s.serviceaccount) ? k8s.serviceaccount : {};
  if (typeof account.name !== 'string' || typeof account.uid !== 'string' || namespace === '') return undefined;
  if (lookup('ServiceAccount', namespace, account.name)?.metadata.uid !== account.uid) return undefined;
  const extra: Record<string, string[]> = {};
  for (const kind of ['Pod', 'Secret', 'Node'] as const) {
    const bound = k8s[kind.toLowerCase()];
    if (!isObject(bound)) continue;
    const name = String(bound.name ?? '');
    const uid = String(bound.uid ?? '');
    if (lookup(kind, kind === 'Node' ? undefined : namespace, name)?.metadata.uid !== uid) return undefined;
    if (kind !== 'Secret') {
      extra[`authentication.kubernetes.io/${kind.toLowerCase()}-name`] = [name];
      extra[`authentication.kubernetes.io/${kind.toLowerCase()}-uid`] = [uid];
    }
  }
  if (typeof claims.jti === 'string') extra['authentication.kubernetes.io/credential-id'] = [`JTI=${claims.jti}`];
  return {
    name: `system:serviceaccount:${namespace}:${account.name}`,
    uid: account.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`],
    extra,
  };
}
