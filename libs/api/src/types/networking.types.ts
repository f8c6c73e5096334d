import type { ObjectMeta } from './meta.types';
import type { LabelSelectorSpec } from './replica-set.types';

/**
 * networking.k8s.io/v1: Ingresses, IngressClasses and NetworkPolicies, stored and served as
 * kube-apiserver serves them. Bosun runs no ingress controller and enforces no policy: they are
 * what an application bundle declares, kept for the tools that read them.
 */
export type NetworkingApiVersion = 'networking.k8s.io/v1';

export interface ServiceBackendPort {
  name?: string;
  number?: number;
}

export interface IngressBackend {
  service?: { name: string; port: ServiceBackendPort };
  resource?: { apiGroup?: string; kind: string; name: string };
}

export interface HTTPIngressPath {
  path?: string;
  /** Exact, Prefix or ImplementationSpecific; required in v1. */
  pathType: string;
  backend: IngressBackend;
}

export interface IngressRule {
  host?: string;
  http?: { paths: HTTPIngressPath[] };
}

export interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: IngressBackend;
  tls?: { hosts?: string[]; secretName?: string }[];
  rules?: IngressRule[];
}

export interface Ingress {
  apiVersion: NetworkingApiVersion;
  kind: 'Ingress';
  metadata: ObjectMeta;
  spec?: IngressSpec;
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string; ports?: { port: number; protocol: string; error?: string }[] }[] } };
}

export interface IngressClass {
  apiVersion: NetworkingApiVersion;
  kind: 'IngressClass';
  metadata: ObjectMeta;
  spec?: {
    controller?: string;
    parameters?: { apiGroup?: string; kind: string; name: string; scope?: 'Namespace' | 'Cluster' | string; namespace?: string };
  };
}

export interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelectorSpec;
  namespaceSelector?: LabelSelectorSpec;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicySpec {
  podSelector: LabelSelectorSpec;
  ingress?: { ports?: NetworkPolicyPort[]; from?: NetworkPolicyPeer[] }[];
  egress?: { ports?: NetworkPolicyPort[]; to?: NetworkPolicyPeer[] }[];
  /** Ingress and/or Egress; defaulted as kube-apiserver does (Ingress always, Egress with egress rules). */
  policyTypes?: string[];
}

export interface NetworkPolicy {
  apiVersion: NetworkingApiVersion;
  kind: 'NetworkPolicy';
  metadata: ObjectMeta;
  spec?: NetworkPolicySpec;
}
