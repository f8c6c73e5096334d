import { VolumeError } from './pod-volumes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Anything = any;

/**
 * serviceaccounts/{name}/token in a namespace (authentication.k8s.io/v1 TokenRequest): what the
 * kubelet asks kube-apiserver for a pod's projected token. Answers the TokenRequest's status, or
 * throws the API's error (the account or the pod is not there, …).
 */
export type RequestToken = (namespace: string, serviceAccount: string, body: unknown) => { token: string; expirationTimestamp: string };

/** A token is refreshed once this much of its life is gone, as the kubelet's token manager does. */
const REFRESH_AT = 0.8;
/** …and at the latest a day after it was issued, however long it lives. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

interface HeldToken {
  readonly token: string;
  /** When to ask for a new one (epoch ms). */
  readonly refreshAt: number;
  readonly expiresAt: number;
}

/**
 * The kubelet's token manager for one pod: the service account tokens its projected volumes hold
 * (`serviceAccountToken` sources), asked for through TokenRequest, bound to the pod (its name and
 * uid: a token of a deleted pod stops authenticating), and asked for again once 80 % of their life
 * is gone (or a day), so the files the pod reads are always valid. Until then the same token is
 * given, so the volume is not written again.
 */
export class PodTokens {
  private readonly held = new Map<string, HeldToken>();

  constructor(
    private readonly request: RequestToken | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token for `projection` (a serviceAccountToken source) of `pod`; a VolumeError when none can be had. */
  token(pod: Anything, projection: Anything): string {
    const namespace = String(pod.metadata?.namespace ?? 'default');
    const account = String(pod.spec?.serviceAccountName || 'default');
    const audience = typeof projection.audience === 'string' ? projection.audience : '';
    const expirationSeconds = typeof projection.expirationSeconds === 'number' ? projection.expirationSeconds : 3600;
    const key = `${account}\0${audience}\0${expirationSeconds}`;
    const held = this.held.get(key);
    const now = this.now();
    if (held !== undefined && now < held.refreshAt) return held.token;
    if (this.request === undefined) throw new VolumeError('failed to fetch token: this node agent cannot request service account tokens');
    let status: { token: string; expirationTimestamp: string };
    try {
      status = this.request(namespace, account, {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: {
          audiences: audience === '' ? [] : [audience],
          expirationSeconds,
          boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: String(pod.metadata?.name ?? ''), uid: String(pod.metadata?.uid ?? '') },
        },
      });
    } catch (error) {
      // A token held and still valid is kept rather than lost (the kubelet serves it until it expires).
      if (held !== undefined && now < held.expiresAt) return held.token;
      throw new VolumeError(`failed to fetch token: ${(error as Error).message}`);
    }
    const expires = Date.parse(status.expirationTimestamp);
    const life = Math.max(0, expires - now);
    this.held.set(key, { token: status.token, refreshAt: now + Math.min(life * REFRESH_AT, MAX_AGE_MS), expiresAt: expires });
    return status.token;
  }

  /** When the first token held is to be refreshed (epoch ms); undefined while none is held. */
  nextRefresh(): number | undefined {
    let first: number | undefined;
    for (const { refreshAt } of this.held.values()) if (first === undefined || refreshAt < first) first = refreshAt;
    return first;
  }
}
