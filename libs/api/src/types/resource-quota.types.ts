import type { ObjectMeta, ResourceList } from './meta.types';

/** core/v1 ScopedResourceSelectorRequirement: a quota scope and, for PriorityClass, the values it matches. */
export interface ScopedResourceSelectorRequirement {
  scopeName: 'Terminating' | 'NotTerminating' | 'BestEffort' | 'NotBestEffort' | 'PriorityClass' | 'CrossNamespacePodAffinity' | string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface ResourceQuotaSpec {
  /** The most of each named resource the namespace may use. */
  hard?: ResourceList;
  /** Which objects the quota counts; all of them when empty. */
  scopes?: string[];
  scopeSelector?: { matchExpressions?: ScopedResourceSelectorRequirement[] } | null;
}

export interface ResourceQuotaStatus {
  hard?: ResourceList;
  used?: ResourceList;
}

/** core/v1 ResourceQuota: caps on what a namespace's objects use, enforced when they are created. */
export interface ResourceQuota {
  apiVersion: 'v1';
  kind: 'ResourceQuota';
  metadata: ObjectMeta;
  spec?: ResourceQuotaSpec;
  status?: ResourceQuotaStatus;
}

/** core/v1 LimitRangeItem: bounds and defaults for one type of object (Container, Pod, PersistentVolumeClaim). */
export interface LimitRangeItem {
  type: 'Container' | 'Pod' | 'PersistentVolumeClaim' | string;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

/** core/v1 LimitRange: the LimitRanger admission's defaults and bounds for a namespace's new pods and claims. */
export interface LimitRange {
  apiVersion: 'v1';
  kind: 'LimitRange';
  metadata: ObjectMeta;
  spec?: { limits?: LimitRangeItem[] };
}

