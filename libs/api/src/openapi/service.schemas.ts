import { PROTOCOLS } from '../validation/pod.dto';
import { SERVICE_TYPES } from '../validation/service.dto';
import { KEPT } from './pod.schemas';
import {
  $ref,
  atomic,
  bool,
  CORE,
  INT_OR_STRING,
  int32,
  kind,
  list,
  listKind,
  mergedBy,
  object,
  oneOfStrings,
  ref,
  str,
  stringMap,
  strings,
  type Schema,
} from './schema.builders';

const protocol = oneOfStrings('TCP (the default), UDP or SCTP. Bosun\'s service proxy forwards TCP and UDP.', PROTOCOLS);

export const SERVICE_SCHEMAS: Record<string, Schema> = {
  [`${CORE}Service`]: kind(
    'Service',
    'A Service gives a set of pods, chosen by a label selector, one stable address: a cluster IP inside the cluster and, for NodePort services, a port on every node. The node agents\' service proxy forwards connections to the ready pods listed in the Service\'s Endpoints. A Service without a selector points at whatever Endpoints of the same name list, e.g. addresses outside the cluster.',
    {
      spec: ref(`${CORE}ServiceSpec`, 'How the service is reached and where traffic goes.'),
      status: ref(`${CORE}ServiceStatus`, 'The load balancer of the service, if any. Read-only for users.'),
    },
    { required: ['spec'] },
  ),
  [`${CORE}ServiceList`]: listKind('Service', 'A list of services.'),

  [`${CORE}ServiceSpec`]: object(
    'The desired state of a service.',
    {
      ports: list(
        $ref(`${CORE}ServicePort`),
        'The ports the service exposes. Required, except for ExternalName and headless (clusterIP "None") services; each needs a name when there are several.',
        mergedBy('port', ['port', 'protocol']),
      ),
      selector: stringMap(
        'Pods with all of these labels back the service; the endpoints controller lists the ready ones in the Endpoints of the same name. Without a selector the Endpoints are left to the user.',
        { atomic: true },
      ),
      clusterIP: str(
        'The virtual address of the service, allocated from the service range (10.96.0.0/12) when empty; may be requested explicitly. "None" makes a headless service (no address, no proxying). Cannot be changed.',
      ),
      clusterIPs: strings('The cluster IPs of the service: clusterIP first. Bosun allocates IPv4 only.'),
      type: oneOfStrings(
        'How the service is exposed. ClusterIP (the default): a cluster IP only. NodePort: also a port on every node (30000–32767). LoadBalancer: as NodePort; Bosun has no load balancer to provision. ExternalName: a DNS alias (externalName), no proxying.',
        SERVICE_TYPES,
      ),
      externalIPs: strings('Extra addresses the service proxy accepts traffic for.'),
      sessionAffinity: oneOfStrings('ClientIP keeps a client on the same pod; None (the default) does not.', ['ClientIP', 'None']),
      loadBalancerIP: str(`Deprecated. ${KEPT}`),
      loadBalancerSourceRanges: strings(KEPT),
      externalName: str('For type ExternalName: the DNS name the service stands for (a DNS subdomain, optionally with a trailing dot).'),
      externalTrafficPolicy: oneOfStrings('For NodePort and LoadBalancer services: Cluster (the default) or Local. Recorded; the proxy forwards cluster-wide.', ['Cluster', 'Local']),
      healthCheckNodePort: int32(KEPT),
      publishNotReadyAddresses: bool(`List pods in the Endpoints before they are Ready. ${KEPT}`),
      sessionAffinityConfig: ref(`${CORE}SessionAffinityConfig`, 'Settings of ClientIP session affinity.'),
      ipFamilies: strings('The IP families of the service; Bosun serves IPv4 (defaulted to ["IPv4"]).'),
      ipFamilyPolicy: oneOfStrings('SingleStack (the default), PreferDualStack or RequireDualStack.', ['PreferDualStack', 'RequireDualStack', 'SingleStack']),
      allocateLoadBalancerNodePorts: bool('For LoadBalancer services: whether node ports are allocated. Default true.'),
      loadBalancerClass: str(KEPT),
      internalTrafficPolicy: oneOfStrings('Cluster (the default) or Local. Recorded; the proxy forwards cluster-wide.', ['Cluster', 'Local']),
      trafficDistribution: str(KEPT),
    },
  ),
  [`${CORE}SessionAffinityConfig`]: object('Settings of session affinity.', {
    clientIP: ref(`${CORE}ClientIPConfig`, 'Settings of ClientIP affinity.'),
  }),
  [`${CORE}ClientIPConfig`]: object('Settings of ClientIP affinity.', {
    timeoutSeconds: int32('How long a client sticks to its pod, in seconds; default 10800 (3 hours).'),
  }),
  [`${CORE}ServicePort`]: object(
    'A port of a service.',
    {
      name: str('The name of the port (a DNS label), required when the service has several; Endpoints ports carry it.'),
      protocol,
      appProtocol: str(`The application protocol, e.g. "http". ${KEPT}`),
      port: int32('The port of the service, on its cluster IP.'),
      targetPort: ref(
        INT_OR_STRING,
        'Where traffic goes on the pods: a port number, or the name of a container port (which may differ from pod to pod). Defaults to port.',
      ),
      nodePort: int32('For NodePort and LoadBalancer services: the port on every node, allocated from 30000–32767 when not given.'),
    },
    { required: ['port'] },
  ),
  [`${CORE}ServiceStatus`]: object('The observed state of a service.', {
    loadBalancer: ref(`${CORE}LoadBalancerStatus`, 'The load balancer, when one was provisioned (never, in Bosun).'),
  }),
  [`${CORE}LoadBalancerStatus`]: object('A load balancer\'s addresses.', {
    ingress: list($ref(`${CORE}LoadBalancerIngress`), 'The addresses traffic may be sent to.', atomic),
  }),
  [`${CORE}LoadBalancerIngress`]: object('An address of a load balancer.', {
    ip: str('An IP address.'),
    hostname: str('A DNS name.'),
    ports: list($ref(`${CORE}PortStatus`), 'The state of each port.', atomic),
  }),
  [`${CORE}PortStatus`]: object(
    'The state of a load balancer port.',
    { port: int32('The port.'), protocol, error: str('Why the port is not working, if it is not.') },
    { required: ['port', 'protocol'] },
  ),

  [`${CORE}Endpoints`]: kind(
    'Endpoints',
    'The addresses behind a Service of the same name, grouped in subsets that share ports. The endpoints controller writes them for services with a selector (ready pods in addresses, the others in notReadyAddresses; labelled endpoints.bosun.dev/managed-by); for services without one they are the user\'s.',
    {
      subsets: list($ref(`${CORE}EndpointSubset`), 'Groups of addresses with the ports they all serve.', atomic),
    },
  ),
  [`${CORE}EndpointsList`]: listKind('Endpoints', 'A list of endpoints.'),
  [`${CORE}EndpointSubset`]: object('Addresses that all serve the same ports.', {
    addresses: list($ref(`${CORE}EndpointAddress`), 'Addresses ready for traffic; the service proxy forwards to these.', atomic),
    notReadyAddresses: list($ref(`${CORE}EndpointAddress`), 'Addresses of pods that are not Ready (yet).', atomic),
    ports: list($ref(`${CORE}EndpointPort`), 'The ports, named as the service\'s ports.', atomic),
  }),
  [`${CORE}EndpointAddress`]: object(
    'One address behind a service.',
    {
      ip: str('The address (a pod IP, or any address for user-written Endpoints).'),
      hostname: str('The hostname of the address.'),
      nodeName: str('The node the pod runs on.'),
      targetRef: ref(`${CORE}ObjectReference`, 'The pod behind the address.'),
    },
    { required: ['ip'], atomic: true },
  ),
  [`${CORE}EndpointPort`]: object(
    'A port of the addresses.',
    {
      name: str('The name of the service port it belongs to; required when there are several.'),
      port: int32('The port number on the addresses (the resolved targetPort).'),
      protocol,
      appProtocol: str(`The application protocol. ${KEPT}`),
    },
    { required: ['port'], atomic: true },
  ),
};
