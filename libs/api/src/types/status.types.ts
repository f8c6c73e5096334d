import type { FieldCauseReason } from '../api.errors';

/** metav1.StatusCause: one reason an operation failed, usually one field. */
export interface StatusCause {
  reason?: FieldCauseReason | string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  /** The resource (plural, lower case) — Kubernetes names it `kind` nonetheless. */
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** metav1.Status: the body of every failed API call. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { resourceVersion?: string; selfLink?: string; continue?: string };
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}
