import type { ObjectMeta } from './meta.types';

/** Configuration as keys and values, for pods' environment (`configMapKeyRef`, `envFrom`). */
export interface ConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: ObjectMeta;
  data?: Record<string, string>;
  /** Values in base64. */
  binaryData?: Record<string, string>;
  /** Once true, data cannot change and the flag cannot be unset. */
  immutable?: boolean;
}

/**
 * Like a ConfigMap, values in base64 (`data`); `stringData` is a write-only convenience merged into
 * `data` on write. Stored as given: Bosun does not encrypt the log.
 */
export interface Secret {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: ObjectMeta;
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  immutable?: boolean;
}
