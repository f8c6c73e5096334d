import { groupDocument, groupPaths, servedOnce } from './group.document';
import { $ref, CORE, INT_OR_STRING, int32, list, META, object, oneOfStrings, ref, str, strings, typeMeta, groupKinds, type Schema } from './schema.builders';

/**
 * The OpenAPI v3 document of networking.k8s.io/v1: Ingresses (with status), IngressClasses and
 * NetworkPolicies, for `kubectl explain ingress.spec`, server-side field validation and client-side
 * apply. Stored only: Bosun routes no ingress traffic and enforces no policy.
 */

const NET = 'io.k8s.api.networking.v1.';
const { gvk, listOf } = groupKinds('networking.k8s.io', NET);
const metadata = ref(`${META}ObjectMeta`, "Standard object's metadata.");
const selector = (description: string): Schema => ref(`${META}LabelSelector`, description);

const INGRESS_SCHEMAS: Record<string, Schema> = {
  [`${NET}Ingress`]: object(
    'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend. An Ingress can be configured to give services externally-reachable urls, load balance traffic, terminate SSL, offer name based virtual hosting etc. (Bosun runs no ingress controller: stored only.)',
    {
      ...typeMeta(),
      metadata,
      spec: ref(`${NET}IngressSpec`, 'spec is the desired state of the Ingress.'),
      status: ref(`${NET}IngressStatus`, 'status is the current state of the Ingress.'),
    },
    { gvk: gvk('Ingress') },
  ),
  [`${NET}IngressList`]: listOf('Ingress'),
  [`${NET}IngressSpec`]: object('IngressSpec describes the Ingress the user wishes to exist.', {
    ingressClassName: str('ingressClassName is the name of an IngressClass cluster resource. Ingress controller implementations use this field to know whether they should be serving this Ingress resource.'),
    defaultBackend: ref(`${NET}IngressBackend`, "defaultBackend is the backend that should handle requests that don't match any rule. If Rules are not specified, DefaultBackend must be specified."),
    tls: list($ref(`${NET}IngressTLS`), 'tls represents the TLS configuration.', { type: 'atomic' }),
    rules: list($ref(`${NET}IngressRule`), 'rules is a list of host rules used to configure the Ingress. If unspecified, or no rule matches, all traffic is sent to the default backend.', { type: 'atomic' }),
  }),
  [`${NET}IngressTLS`]: object('IngressTLS describes the transport layer security associated with an ingress.', {
    hosts: strings('hosts is a list of hosts included in the TLS certificate.'),
    secretName: str('secretName is the name of the secret used to terminate TLS traffic on port 443.'),
  }),
  [`${NET}IngressRule`]: object('IngressRule represents the rules mapping the paths under a specified host to the related backend services.', {
    host: str('host is the fully qualified domain name of a network host, as defined by RFC 3986; a wildcard ("*.foo.com") matches one DNS label. IPs are not allowed.'),
    http: ref(`${NET}HTTPIngressRuleValue`, 'A list of http selectors pointing to backends.'),
  }),
  [`${NET}HTTPIngressRuleValue`]: object(
    'HTTPIngressRuleValue is a list of http selectors pointing to backends.',
    { paths: list($ref(`${NET}HTTPIngressPath`), 'paths is a collection of paths that map requests to backends.', { type: 'atomic' }) },
    { required: ['paths'] },
  ),
  [`${NET}HTTPIngressPath`]: object(
    'HTTPIngressPath associates a path with a backend. Incoming urls matching the path are forwarded to the backend.',
    {
      path: str('path is matched against the path of an incoming request. Must begin with a \'/\' (Exact and Prefix).'),
      pathType: oneOfStrings('pathType determines the interpretation of the path matching: Exact, Prefix or ImplementationSpecific. Required.', ['Exact', 'ImplementationSpecific', 'Prefix']),
      backend: ref(`${NET}IngressBackend`, 'backend defines the referenced service endpoint to which the traffic will be forwarded to.'),
    },
    { required: ['pathType', 'backend'] },
  ),
  [`${NET}IngressBackend`]: object('IngressBackend describes all endpoints for a given service and port.', {
    service: ref(`${NET}IngressServiceBackend`, 'service references a service as a backend. This is a mutually exclusive setting with "Resource".'),
    resource: ref(`${CORE}TypedLocalObjectReference`, 'resource is an ObjectRef to another Kubernetes resource in the namespace of the Ingress object. If resource is specified, a service.Name and service.Port must not be specified.'),
  }),
  [`${NET}IngressServiceBackend`]: object(
    'IngressServiceBackend references a Kubernetes Service as a Backend.',
    { name: str('name is the referenced service. The service must exist in the same namespace as the Ingress object.'), port: ref(`${NET}ServiceBackendPort`, 'port of the referenced service. A port name or port number is required for a IngressServiceBackend.') },
    { required: ['name'] },
  ),
  [`${NET}ServiceBackendPort`]: object(
    'ServiceBackendPort is the service port being referenced.',
    { name: str('name is the name of the port on the Service. This is a mutually exclusive setting with "Number".'), number: int32('number is the numerical port number (e.g. 80) on the Service. This is a mutually exclusive setting with "Name".') },
    { atomic: true },
  ),
  [`${CORE}TypedLocalObjectReference`]: object(
    'TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.',
    { apiGroup: str('APIGroup is the group for the resource being referenced. If APIGroup is not specified, the specified Kind must be in the core API group.'), kind: str('Kind is the type of resource being referenced'), name: str('Name is the name of resource being referenced') },
    { required: ['kind', 'name'], atomic: true },
  ),
  [`${NET}IngressStatus`]: object('IngressStatus describe the current state of the Ingress.', {
    loadBalancer: ref(`${NET}IngressLoadBalancerStatus`, 'loadBalancer contains the current status of the load-balancer.'),
  }),
  [`${NET}IngressLoadBalancerStatus`]: object('IngressLoadBalancerStatus represents the status of a load-balancer.', {
    ingress: list($ref(`${NET}IngressLoadBalancerIngress`), 'ingress is a list containing ingress points for the load-balancer.', { type: 'atomic' }),
  }),
  [`${NET}IngressLoadBalancerIngress`]: object('IngressLoadBalancerIngress represents the status of a load-balancer ingress point.', {
    ip: str('ip is set for load-balancer ingress points that are IP based.'),
    hostname: str('hostname is set for load-balancer ingress points that are DNS based.'),
    ports: list($ref(`${NET}IngressPortStatus`), 'ports provides information about the ports exposed by this LoadBalancer.', { type: 'atomic' }),
  }),
  [`${NET}IngressPortStatus`]: object(
    'IngressPortStatus represents the error condition of a service port',
    { port: int32('port is the port number of the ingress port.'), protocol: str('protocol is the protocol of the ingress port: TCP, UDP or SCTP.'), error: str('error is to record the problem with the service port.') },
    { required: ['port', 'protocol'] },
  ),
};

const INGRESS_CLASS_SCHEMAS: Record<string, Schema> = {
  [`${NET}IngressClass`]: object(
    'IngressClass represents the class of the Ingress, referenced by the Ingress Spec. The `ingressclass.kubernetes.io/is-default-class` annotation can be used to indicate that an IngressClass should be considered default.',
    { ...typeMeta(), metadata, spec: ref(`${NET}IngressClassSpec`, 'spec is the desired state of the IngressClass.') },
    { gvk: gvk('IngressClass') },
  ),
  [`${NET}IngressClassList`]: listOf('IngressClass'),
  [`${NET}IngressClassSpec`]: object('IngressClassSpec provides information about the class of an Ingress.', {
    controller: str('controller refers to the name of the controller that should handle this class, a domain-prefixed path of at most 250 characters (e.g. "acme.io/ingress-controller"). This field is immutable.'),
    parameters: ref(`${NET}IngressClassParametersReference`, 'parameters is a link to a custom resource containing additional configuration for the controller.'),
  }),
  [`${NET}IngressClassParametersReference`]: object(
    'IngressClassParametersReference identifies an API object. This can be used to specify a cluster or namespace-scoped resource.',
    {
      apiGroup: str('apiGroup is the group for the resource being referenced. If APIGroup is not specified, the specified Kind must be in the core API group.'),
      kind: str('kind is the type of resource being referenced.'),
      name: str('name is the name of resource being referenced.'),
      scope: str('scope represents if this refers to a cluster or namespace scoped resource: "Cluster" (default) or "Namespace".'),
      namespace: str('namespace is the namespace of the resource being referenced. This field is required when scope is set to "Namespace" and must be unset when scope is set to "Cluster".'),
    },
    { required: ['kind', 'name'] },
  ),
};

const NETWORK_POLICY_SCHEMAS: Record<string, Schema> = {
  [`${NET}NetworkPolicy`]: object(
    'NetworkPolicy describes what network traffic is allowed for a set of Pods. (Bosun enforces no policy: stored only.)',
    { ...typeMeta(), metadata, spec: ref(`${NET}NetworkPolicySpec`, 'spec represents the specification of the desired behavior for this NetworkPolicy.') },
    { gvk: gvk('NetworkPolicy') },
  ),
  [`${NET}NetworkPolicyList`]: listOf('NetworkPolicy'),
  [`${NET}NetworkPolicySpec`]: object(
    'NetworkPolicySpec provides the specification of a NetworkPolicy',
    {
      podSelector: selector('podSelector selects the pods to which this NetworkPolicy object applies. An empty podSelector selects all pods in this namespace.'),
      ingress: list($ref(`${NET}NetworkPolicyIngressRule`), 'ingress is a list of ingress rules to be applied to the selected pods.', { type: 'atomic' }),
      egress: list($ref(`${NET}NetworkPolicyEgressRule`), 'egress is a list of egress rules to be applied to the selected pods.', { type: 'atomic' }),
      policyTypes: strings('policyTypes is a list of rule types that the NetworkPolicy relates to: "Ingress", "Egress", or both. Defaults to ["Ingress"], with "Egress" too when the policy has egress rules.'),
    },
  ),
  [`${NET}NetworkPolicyIngressRule`]: object('NetworkPolicyIngressRule describes a particular set of traffic that is allowed to the pods matched by a NetworkPolicySpec\'s podSelector.', {
    ports: list($ref(`${NET}NetworkPolicyPort`), 'ports is a list of ports which should be made accessible on the pods selected for this rule.', { type: 'atomic' }),
    from: list($ref(`${NET}NetworkPolicyPeer`), 'from is a list of sources which should be able to access the pods selected for this rule.', { type: 'atomic' }),
  }),
  [`${NET}NetworkPolicyEgressRule`]: object('NetworkPolicyEgressRule describes a particular set of traffic that is allowed out of pods matched by a NetworkPolicySpec\'s podSelector.', {
    ports: list($ref(`${NET}NetworkPolicyPort`), 'ports is a list of destination ports for outgoing traffic.', { type: 'atomic' }),
    to: list($ref(`${NET}NetworkPolicyPeer`), 'to is a list of destinations for outgoing traffic of pods selected for this rule.', { type: 'atomic' }),
  }),
  [`${NET}NetworkPolicyPort`]: object('NetworkPolicyPort describes a port to allow traffic on', {
    protocol: str('protocol represents the protocol (TCP, UDP, or SCTP) which traffic must match. If not specified, this field defaults to TCP.'),
    port: ref(INT_OR_STRING, 'port represents the port on the given protocol: a numerical or named port on a pod.'),
    endPort: int32('endPort indicates that the range of ports from port to endPort if set, inclusive, should be allowed by the policy. Only with a numerical port.'),
  }),
  [`${NET}NetworkPolicyPeer`]: object('NetworkPolicyPeer describes a peer to allow traffic to/from. Only certain combinations of fields are allowed', {
    podSelector: selector('podSelector is a label selector which selects pods.'),
    namespaceSelector: selector('namespaceSelector selects namespaces using cluster-scoped labels.'),
    ipBlock: ref(`${NET}IPBlock`, 'ipBlock defines policy on a particular IPBlock. If this field is set then neither of the other fields can be.'),
  }),
  [`${NET}IPBlock`]: object(
    "IPBlock describes a particular CIDR (Ex. \"192.168.1.0/24\",\"2001:db8::/64\") that is allowed to the pods matched by a NetworkPolicySpec's podSelector.",
    { cidr: str('cidr is a string representing the IPBlock Valid examples are "192.168.1.0/24" or "2001:db8::/64"'), except: strings('except is a slice of CIDRs that should not be included within an IPBlock; each must be strictly inside cidr.') },
    { required: ['cidr'] },
  ),
};

/** The document, its JSON and its hash, computed once. */
export const networkingV1OpenApi = servedOnce(() =>
  groupDocument({
    group: 'networking.k8s.io',
    tag: 'networking_v1',
    operationStem: 'NetworkingV1',
    kind: 'Ingress',
    plural: 'ingresses',
    prefix: 'io.k8s.api.networking.v1',
    schemas: { ...INGRESS_SCHEMAS, ...INGRESS_CLASS_SCHEMAS, ...NETWORK_POLICY_SCHEMAS },
    description: 'Ingresses (with status), IngressClasses and NetworkPolicies: stored as kube-apiserver stores them; Bosun routes no ingress traffic and enforces no policy.',
    paths: groupPaths('networking.k8s.io'),
    selects: { label: 'objects whose labels match', field: 'objects whose metadata.name or metadata.namespace match' },
    nouns: 'Ingresses, IngressClasses and NetworkPolicies',
  }),
);
