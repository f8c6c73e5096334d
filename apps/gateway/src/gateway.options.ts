export const GATEWAY_OPTIONS = Symbol('GATEWAY_OPTIONS');

export interface GatewayOptions {
  /** Bosun's version, reported in /version. */
  readonly version: string;
}
