/** RFC 3339 timestamp as Kubernetes serialises metav1.Time ("2024-01-02T03:04:05Z"). */
export type Time = string;
/** metav1.MicroTime: RFC 3339 with microseconds. */
export type MicroTime = string;

/** Names the object that owns this one; the garbage collector follows these. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** metav1.ObjectMeta: every field is optional on input; the server fills uid, resourceVersion, etc. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: Time | null;
  deletionTimestamp?: Time | null;
  deletionGracePeriodSeconds?: number | null;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  /** Kept by the server as given; not interpreted here. */
  managedFields?: unknown[];
  selfLink?: string;
}

/** core/v1 ObjectReference: points at another object, possibly a field within it. */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** The shape shared by every object this API serves. */
export interface TypeMeta {
  apiVersion: 'v1';
  kind: string;
}

/** The `status` of a condition, as Kubernetes spells it. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** Kubernetes resource quantities are strings on the wire ("100m", "1Gi"); see quantity.ts. */
export type QuantityString = string;
export type ResourceList = Record<string, QuantityString>;
