export const GATEWAY_OPTIONS = Symbol('GATEWAY_OPTIONS');

export interface GatewayOptions {
  /** Bosun's version, reported in /version. */
  readonly version: string;
  /**
   * The checks /healthz, /livez and /readyz run, in this order (each also at /<endpoint>/<name>): a
   * check resolves when healthy and rejects with the reason otherwise.
   */
  readonly healthChecks?: readonly HealthCheck[];
  /** The secret service account tokens are signed with (serviceaccounts/token) and checked against. */
  readonly serviceAccountKey: Buffer;
}

export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}
