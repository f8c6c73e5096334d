import type { ObjectMeta } from './meta.types';
import type { LabelSelectorSpec } from './replica-set.types';

/**
 * rbac.authorization.k8s.io/v1: Roles, ClusterRoles and their bindings. Stored and served as
 * kube-apiserver serves them, so manifest bundles and `kubectl create role` work; Bosun authorizes
 * nothing with them (every authenticated user may do everything).
 */
export type RbacApiVersion = 'rbac.authorization.k8s.io/v1';

/** What a rule allows: verbs on resources of API groups (optionally by name), or on non-resource URLs (ClusterRoles only). */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Role {
  apiVersion: RbacApiVersion;
  kind: 'Role';
  metadata: ObjectMeta;
  rules?: PolicyRule[];
}

/** A ClusterRole whose aggregationRule is set takes the rules of the ClusterRoles its selectors select (kube-controller-manager's aggregator; Bosun stores it only). */
export interface ClusterRole {
  apiVersion: RbacApiVersion;
  kind: 'ClusterRole';
  metadata: ObjectMeta;
  rules?: PolicyRule[];
  aggregationRule?: { clusterRoleSelectors?: LabelSelectorSpec[] };
}

export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

/** Who a binding grants to: a ServiceAccount (apiGroup ""), a User or a Group (apiGroup rbac.authorization.k8s.io). */
export interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleBinding {
  apiVersion: RbacApiVersion;
  kind: 'RoleBinding';
  metadata: ObjectMeta;
  subjects?: Subject[];
  roleRef: RoleRef;
}

export interface ClusterRoleBinding {
  apiVersion: RbacApiVersion;
  kind: 'ClusterRoleBinding';
  metadata: ObjectMeta;
  subjects?: Subject[];
  roleRef: RoleRef;
}
