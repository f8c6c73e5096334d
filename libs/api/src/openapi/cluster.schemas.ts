import { KEPT } from './pod.schemas';
import {
  $ref,
  atomic,
  bool,
  CORE,
  int32,
  int64,
  kind,
  list,
  listKind,
  mergedBy,
  MICRO_TIME,
  object,
  oneOfStrings,
  opaque,
  quantities,
  ref,
  str,
  strings,
  time,
  type Schema,
} from './schema.builders';

const conditionStatus = oneOfStrings('True, False or Unknown.', ['False', 'True', 'Unknown']);

/** Node, Namespace, Event and ObjectReference: the kinds written mostly by Bosun itself. */
export const CLUSTER_SCHEMAS: Record<string, Schema> = {
  [`${CORE}Node`]: kind(
    'Node',
    'A Node is a machine that runs pods. Its node agent registers it, heartbeats through the Ready condition\'s lastHeartbeatTime and reports its capacity and addresses; the scheduler places pods on Ready, schedulable nodes whose allocatable resources fit them. A node that stops heartbeating goes Unknown after the grace period (40 s) and its pods are evicted after five minutes. Simulated nodes (bosun up --simulated-nodes) report pods Running without running them.',
    {
      spec: ref(`${CORE}NodeSpec`, 'How the node may be used.'),
      status: ref(`${CORE}NodeStatus`, 'What the node agent last reported.'),
    },
  ),
  [`${CORE}NodeList`]: listKind('Node', 'A list of nodes.'),
  [`${CORE}NodeSpec`]: object('How a node may be used.', {
    podCIDR: str('The pod address range of the node; the agent gives its pods addresses from it. Cannot be changed once set.'),
    podCIDRs: strings('The pod address ranges of the node, podCIDR first.', { type: 'set', patch: 'merge' }),
    providerID: str(`The node's id at its cloud provider. ${KEPT}`),
    unschedulable: bool('Set by `kubectl cordon`: the scheduler places no new pods on the node.'),
    taints: list($ref(`${CORE}Taint`), 'Taints repel pods that do not tolerate them: the scheduler skips NoSchedule taints a pod does not tolerate.', atomic),
    configSource: opaque(`Deprecated. ${KEPT}`),
    externalID: str(`Deprecated. ${KEPT}`),
  }),
  [`${CORE}Taint`]: object(
    'A mark on a node that repels pods without a matching toleration.',
    {
      key: str('The taint key (a qualified name).'),
      value: str('The taint value.'),
      effect: oneOfStrings(
        'NoSchedule (the scheduler places no pods that do not tolerate it), PreferNoSchedule (avoided when possible; Bosun treats it as no restriction) or NoExecute (recorded; Bosun does not evict for it).',
        ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
      ),
      timeAdded: time('When a NoExecute taint was added.'),
    },
    { required: ['key', 'effect'] },
  ),
  [`${CORE}NodeStatus`]: object('The observed state of a node, written by its node agent and the node lifecycle controller.', {
    capacity: quantities('The resources of the node: cpu, memory, pods (how many pods it takes).'),
    allocatable: quantities('The resources available to pods (what the scheduler fits requests into). Defaults to capacity.'),
    phase: str(`Deprecated. ${KEPT}`),
    conditions: list(
      $ref(`${CORE}NodeCondition`),
      'Ready (heartbeats arrive and the agent can run pods), MemoryPressure, DiskPressure, PIDPressure. All become Unknown when heartbeats stop.',
      mergedBy('type'),
    ),
    addresses: list($ref(`${CORE}NodeAddress`), 'Addresses of the node: InternalIP (where its agent serves logs and exec) and Hostname.', mergedBy('type')),
    daemonEndpoints: ref(`${CORE}NodeDaemonEndpoints`, 'The ports the node agent serves on.'),
    nodeInfo: ref(`${CORE}NodeSystemInfo`, 'Facts about the machine.'),
    images: list($ref(`${CORE}ContainerImage`), `Images present on the node. ${KEPT}`, atomic),
    volumesInUse: strings(KEPT),
    volumesAttached: list(opaque(KEPT), KEPT, atomic),
    config: opaque(KEPT),
    runtimeHandlers: list(opaque(KEPT), KEPT, atomic),
    features: opaque(KEPT),
  }),
  [`${CORE}NodeCondition`]: object(
    'One aspect of a node\'s state.',
    {
      type: str('Ready, MemoryPressure, DiskPressure, PIDPressure or NetworkUnavailable.'),
      status: conditionStatus,
      lastHeartbeatTime: time('When the agent last confirmed the condition: its heartbeat.'),
      lastTransitionTime: time('When status last changed.'),
      reason: str('Why, in CamelCase (e.g. KubeletReady, NodeStatusUnknown).'),
      message: str('Why, for people (e.g. "Kubelet stopped posting node status.").'),
    },
    { required: ['type', 'status'] },
  ),
  [`${CORE}NodeAddress`]: object(
    'An address of a node.',
    {
      type: oneOfStrings('Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.', ['ExternalDNS', 'ExternalIP', 'Hostname', 'InternalDNS', 'InternalIP']),
      address: str('The address.'),
    },
    { required: ['type', 'address'] },
  ),
  [`${CORE}NodeDaemonEndpoints`]: object('Ports of the daemons on a node.', {
    kubeletEndpoint: ref(`${CORE}DaemonEndpoint`, 'Where the node agent serves container logs and exec; the gateway proxies pods/log and pods/exec there.'),
  }),
  [`${CORE}DaemonEndpoint`]: object('A port.', { Port: int32('The port number.') }, { required: ['Port'] }),
  [`${CORE}NodeSystemInfo`]: object(
    'Facts about a node\'s machine, as its agent reports them.',
    {
      machineID: str('The machine id.'),
      systemUUID: str('The system UUID.'),
      bootID: str('The boot id.'),
      kernelVersion: str('The kernel version (uname -r).'),
      osImage: str('The operating system.'),
      containerRuntimeVersion: str('The runtime that runs containers: Bosun\'s process runtime.'),
      kubeletVersion: str('The version of the node agent.'),
      kubeProxyVersion: str('The version of the service proxy (deprecated in Kubernetes).'),
      operatingSystem: str('linux, …'),
      architecture: str('amd64, arm64, …'),
    },
    {
      required: ['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeletVersion', 'kubeProxyVersion', 'operatingSystem', 'architecture'],
    },
  ),
  [`${CORE}ContainerImage`]: object('An image on a node.', { names: strings('Names of the image.'), sizeBytes: int64('Its size.') }),

  [`${CORE}Namespace`]: kind(
    'Namespace',
    'A Namespace is a scope for names: namespaced objects (pods, replication controllers, services, endpoints, events) are unique per namespace. "default" and "kube-system" always exist; objects sent without a namespace land in "default". Deleting a namespace deletes everything in it, then the namespace.',
    {
      spec: ref(`${CORE}NamespaceSpec`, 'The finalizers of the namespace.'),
      status: ref(`${CORE}NamespaceStatus`, 'Whether the namespace is Active or Terminating. Read-only for users.'),
    },
  ),
  [`${CORE}NamespaceList`]: listKind('Namespace', 'A list of namespaces.'),
  [`${CORE}NamespaceSpec`]: object('The desired state of a namespace.', {
    finalizers: strings('Clean-ups before the namespace is removed; "kubernetes" (emptying the namespace) is added by the server.'),
  }),
  [`${CORE}NamespaceStatus`]: object('The observed state of a namespace.', {
    phase: oneOfStrings('Active, or Terminating once deletion was requested (no new objects may be created in it).', ['Active', 'Terminating']),
    conditions: list($ref(`${CORE}NamespaceCondition`), 'Details of the namespace\'s state.', mergedBy('type')),
  }),
  [`${CORE}NamespaceCondition`]: object(
    'One aspect of a namespace\'s state.',
    {
      type: str('The condition.'),
      status: conditionStatus,
      lastTransitionTime: time('When status last changed.'),
      reason: str('Why, in CamelCase.'),
      message: str('Why, for people.'),
    },
    { required: ['type', 'status'] },
  ),

  [`${CORE}Event`]: kind(
    'Event',
    'An Event reports something that happened to an object (Scheduled, Started, Killing, SuccessfulCreate, NodeNotReady, FailedScheduling, …), for `kubectl describe` and `kubectl get events`. Bosun does not store the events its components report: it derives them from the event log, so replaying the log derives the same ones. Users may create their own.',
    {
      involvedObject: ref(`${CORE}ObjectReference`, 'The object the event is about.'),
      reason: str('What happened, in CamelCase.'),
      message: str('What happened, for people.'),
      source: ref(`${CORE}EventSource`, 'The component that reported it.'),
      firstTimestamp: time('When it first happened.'),
      lastTimestamp: time('When it last happened.'),
      count: int32('How often it happened.'),
      type: oneOfStrings('Normal or Warning.', ['Normal', 'Warning']),
      eventTime: ref(MICRO_TIME, 'When it happened, with microseconds.'),
      series: ref(`${CORE}EventSeries`, 'Repeats of the event, when it recurs.'),
      action: str('What the reporting component did or failed to do (e.g. Binding).'),
      related: ref(`${CORE}ObjectReference`, 'A second object involved (e.g. the node a pod was bound to).'),
      reportingComponent: str('The component that reported it, e.g. default-scheduler, kubelet.'),
      reportingInstance: str('The instance of that component, e.g. the node name.'),
    },
    { required: ['metadata', 'involvedObject'] },
  ),
  [`${CORE}EventList`]: listKind('Event', 'A list of events.'),
  [`${CORE}EventSource`]: object('Who reported an event.', { component: str('The component.'), host: str('The node it runs on.') }),
  [`${CORE}EventSeries`]: object('Repeats of an event.', {
    count: int32('How often it happened in this series.'),
    lastObservedTime: ref(MICRO_TIME, 'When it last happened.'),
  }),

  [`${CORE}ObjectReference`]: object(
    'Points at an object, and possibly at a field within it.',
    {
      kind: str('The kind of the object.'),
      namespace: str('Its namespace.'),
      name: str('Its name.'),
      uid: str('Its UID.'),
      apiVersion: str('Its API version.'),
      resourceVersion: str('The version of the object referred to.'),
      fieldPath: str('A field of the object, e.g. "spec.containers{web}" for a container of a pod.'),
    },
    { atomic: true },
  ),
};
