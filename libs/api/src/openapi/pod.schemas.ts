import { DNS_POLICIES, PROTOCOLS, PULL_POLICIES, RESTART_POLICIES, TERMINATION_MESSAGE_POLICIES } from '../validation/pod.dto';
import {
  $ref,
  condition,
  atomic,
  bool,
  coreGvk,
  CORE,
  INT_OR_STRING,
  int32,
  int64,
  kind,
  list,
  listKind,
  mergedBy,
  META,
  object,
  oneOfStrings,
  opaque,
  quantities,
  ref,
  str,
  stringMap,
  strings,
  time,
  typeMeta,
  type Schema,
} from './schema.builders';

/** Said of Kubernetes fields Bosun accepts and stores but does not act on. */
export const KEPT = 'Bosun keeps this field as given and does not act on it.';

const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];
const POD_PHASES = ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'];

const protocol = (what: string): Schema => oneOfStrings(`The protocol of ${what}: TCP (the default), UDP or SCTP. Bosun's service proxy forwards TCP and UDP.`, PROTOCOLS);
const port = (description: string): Schema => ref(INT_OR_STRING, description);

/** The other volume sources Bosun accepts (as Kubernetes names them), kept without a description of their fields. */
const OTHER_VOLUME_SOURCES = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'csi',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'image',
  'iscsi',
  'nfs',
  'photonPersistentDisk',
  'portworxVolume',
  'projected',
  'quobyte',
  'rbd',
  'scaleIO',
  'storageos',
  'vsphereVolume',
] as const;

/** A Container with the container it debugs; defined from the Container schema so the two stay alike. */
function ephemeralContainer(): Schema {
  const base = POD_SCHEMAS[`${CORE}Container`] as { properties: Record<string, Schema> };
  return object('A debugging container added to a running pod: no ports, probes, lifecycle hooks or resources, never restarted.', {
    ...base.properties,
    targetContainerName: str('The container whose namespaces the ephemeral container joins.'),
  }, { required: ['name'] });
}

const probe = (what: string): Schema =>
  ref(
    `${CORE}Probe`,
    `${what} The node agent runs it every periodSeconds after initialDelaySeconds; failureThreshold failures in a row change the outcome.`,
  );

export const POD_SCHEMAS: Record<string, Schema> = {
  [`${CORE}Pod`]: kind(
    'Pod',
    'A Pod is one or more containers that are always placed together on one node and share a context: one hostname (the pod name), one network, IPC, UTS and PID namespace. It is the unit Bosun schedules and the node agent runs. Pods are usually made by a ReplicationController from its template.',
    {
      spec: ref(`${CORE}PodSpec`, 'What the pod should run. Only container images and activeDeadlineSeconds may change after creation (and tolerations may be added), as in Kubernetes.'),
      status: ref(`${CORE}PodStatus`, 'What the pod is doing, as the scheduler and the node agent last reported it. Read-only for users.'),
    },
    { required: ['spec'] },
  ),
  [`${CORE}PodList`]: listKind('Pod', 'A list of pods.'),

  [`${CORE}PodSpec`]: object(
    'The desired state of a pod.',
    {
      containers: list(
        $ref(`${CORE}Container`),
        'The containers of the pod: at least one. They start after the init containers have succeeded and run side by side; each restarts according to restartPolicy.',
        mergedBy('name'),
      ),
      initContainers: list(
        $ref(`${CORE}Container`),
        'Containers run one after another, each to completion, before the regular containers start. A failed init container is retried as restartPolicy says. An init container with restartPolicy "Always" is a sidecar: started in order and kept running.',
        mergedBy('name'),
      ),
      ephemeralContainers: list($ref(`${CORE}EphemeralContainer`), 'Debugging containers added to a running pod (kubectl debug), through the pods/{name}/ephemeralcontainers subresource only, never changed or removed; the node agent runs each once.', mergedBy('name')),
      restartPolicy: oneOfStrings(
        'When the node agent restarts a container that exited: "Always" (the default), "OnFailure" (non-zero exit only) or "Never". Restarts back off exponentially up to five minutes. Pods of a ReplicationController must use Always.',
        RESTART_POLICIES,
      ),
      terminationGracePeriodSeconds: int64(
        'Seconds between the polite stop signal (SIGTERM) and the forced one (SIGKILL) when the pod is deleted. Default 30; 0 kills at once.',
      ),
      activeDeadlineSeconds: int64('Seconds after the pod started after which the node agent stops it and marks it Failed (reason DeadlineExceeded). A positive integer.'),
      dnsPolicy: oneOfStrings(`How containers resolve names: ClusterFirst (the default), ClusterFirstWithHostNet, Default or None. ${KEPT}`, DNS_POLICIES),
      nodeSelector: stringMap('Labels a node must carry for the pod to be scheduled on it (all of them, exact values).', { atomic: true }),
      serviceAccountName: str(`The service account the pod runs as. ${KEPT}`),
      serviceAccount: str('Deprecated alias of serviceAccountName: read only when serviceAccountName is empty, and always written back as serviceAccountName.'),
      automountServiceAccountToken: bool(KEPT),
      nodeName: str(
        'The node the pod is bound to. Set by the scheduler (a Binding); a pod created with nodeName set skips the scheduler and goes straight to that node\'s agent.',
      ),
      hostNetwork: bool(
        "Run the pod in the node's network namespace instead of a pod network of its own. Container ports are then host ports. Without root, Bosun's node agent always uses the host network.",
      ),
      hostPID: bool(KEPT),
      hostIPC: bool(KEPT),
      shareProcessNamespace: bool(`Containers of a Bosun pod share one PID namespace anyway (when the agent sandboxes pods). ${KEPT}`),
      securityContext: ref(`${CORE}PodSecurityContext`, 'Pod-level security attributes (user, group, seccomp, …); runAsUser, runAsGroup and runAsNonRoot apply to containers that do not set their own, the rest is kept as given.'),
      imagePullSecrets: list($ref(`${CORE}LocalObjectReference`), `Secrets for pulling images from private registries. ${KEPT}`, mergedBy('name')),
      hostname: str('The hostname of the pod. Defaults to the pod name, which is what Bosun\'s node agent sets in the pod\'s UTS namespace.'),
      subdomain: str(`With hostname, the pod's DNS name under its namespace. ${KEPT}`),
      affinity: ref(`${CORE}Affinity`, `Node and pod (anti-)affinity rules. ${KEPT} The scheduler uses nodeSelector, taints and tolerations, resources and host ports.`),
      schedulerName: str('The scheduler that places the pod. Defaults to "default-scheduler", Bosun\'s scheduler; pods naming another scheduler are left alone.'),
      tolerations: list($ref(`${CORE}Toleration`), 'The taints this pod tolerates. The scheduler does not place a pod on a node with a NoSchedule taint it does not tolerate.', atomic),
      hostAliases: list($ref(`${CORE}HostAlias`), `Extra entries for the pod's hosts file. ${KEPT}`, mergedBy('ip')),
      priorityClassName: str('The PriorityClass that gives the pod its priority; unknown names are refused.'),
      priority: int32('The priority value, set by the Priority admission from priorityClassName (or the globalDefault class, else 0); a pod that sets a different one is refused. Higher is scheduled first and may preempt lower.'),
      dnsConfig: ref(`${CORE}PodDNSConfig`, `Custom DNS settings. ${KEPT}`),
      readinessGates: list($ref(`${CORE}PodReadinessGate`), `Extra conditions that must be True for the pod to be Ready. ${KEPT}`, atomic),
      runtimeClassName: str(KEPT),
      enableServiceLinks: bool(
        'Whether containers get environment variables for the services of the namespace (FOO_SERVICE_HOST, FOO_SERVICE_PORT, …), as the node agent provides them. Default true.',
      ),
      preemptionPolicy: str('PreemptLowerPriority or Never: whether this pod may preempt pods of lower priority. Set by the Priority admission from its PriorityClass (PreemptLowerPriority without one).'),
      overhead: quantities(`Resources the pod's sandbox uses beyond its containers. ${KEPT}`),
      topologySpreadConstraints: list(
        $ref(`${CORE}TopologySpreadConstraint`),
        `How matching pods spread over topology domains. ${KEPT}`,
        mergedBy('topologyKey', ['topologyKey', 'whenUnsatisfiable']),
      ),
      setHostnameAsFQDN: bool(KEPT),
      os: ref(`${CORE}PodOS`, `The operating system the pod needs. ${KEPT}`),
      hostUsers: bool(KEPT),
      schedulingGates: list($ref(`${CORE}PodSchedulingGate`), 'Gates that hold the pod back from scheduling while present: no scheduler places it and a Binding of it is refused. An update may only remove them.', mergedBy('name')),
      resourceClaims: list(opaque(`A dynamic resource claim. ${KEPT}`), `Dynamic resource claims. ${KEPT}`, mergedBy('name', ['name'], 'merge,retainKeys')),
      volumes: list(
        $ref(`${CORE}Volume`),
        'Volumes the containers may mount. The node agent mounts emptyDir, hostPath, configMap, secret, downwardAPI and projected volumes in the pod\'s own mount namespace; a pod with another kind of volume waits in ContainerCreating with a FailedMount event.',
        mergedBy('name', ['name'], 'merge,retainKeys'),
      ),
    },
    { required: ['containers'] },
  ),

  [`${CORE}Container`]: object(
    'One process tree of a pod, started from an image. Bosun\'s node agent maps the image to a program on the node (docs/node-agent.md) and runs it as a process group in the pod\'s sandbox.',
    {
      name: str('The name of the container, unique in the pod (a DNS label). Cannot be changed.'),
      image: str('The image to run. The only field of a running pod\'s containers that may be changed.'),
      command: strings('The entrypoint, replacing the image\'s. Not run in a shell. $(VAR) references to the container\'s environment are expanded.'),
      args: strings('Arguments to the entrypoint, replacing the image\'s. $(VAR) references are expanded.'),
      workingDir: str('The working directory of the process. Defaults to the image\'s.'),
      ports: list(
        $ref(`${CORE}ContainerPort`),
        'Ports the container listens on. Informational, except that services can name them (targetPort) and host ports are reserved on the node by the scheduler.',
        mergedBy('containerPort', ['containerPort', 'protocol']),
      ),
      envFrom: list($ref(`${CORE}EnvFromSource`), `Sources of environment variables (ConfigMaps, Secrets). ${KEPT}`, atomic),
      env: list($ref(`${CORE}EnvVar`), 'Environment variables of the container, in order; later ones may refer to earlier ones as $(NAME).', mergedBy('name')),
      resources: ref(
        `${CORE}ResourceRequirements`,
        'CPU and memory the container needs (requests, used by the scheduler to fit pods on nodes) and may use (limits, enforced in a cgroup on nodes that sandbox pods: over its memory limit the container is OOMKilled). Requests default to limits.',
      ),
      resizePolicy: list($ref(`${CORE}ContainerResizePolicy`), `How resources may be resized in place. ${KEPT}`, atomic),
      restartPolicy: oneOfStrings('Only for init containers: "Always" makes it a sidecar that keeps running beside the regular containers.', ['Always']),
      volumeMounts: list($ref(`${CORE}VolumeMount`), 'Volumes of the pod to mount into the container (they must name a volume of the pod). Bosun\'s containers share the pod\'s mount namespace: each sees the mounts of all.', mergedBy('mountPath')),
      volumeDevices: list($ref(`${CORE}VolumeDevice`), `Block devices to expose. ${KEPT}`, mergedBy('devicePath')),
      livenessProbe: probe('Whether the container is alive; the node agent restarts it when the probe keeps failing.'),
      readinessProbe: probe('Whether the container can take traffic; a pod is Ready (and its address in its services\' endpoints) when every container is ready.'),
      startupProbe: probe('Whether the container has started; liveness and readiness probes wait until it succeeds once.'),
      lifecycle: ref(`${CORE}Lifecycle`, 'postStart and preStop hooks (exec or httpGet; preStop also sleep): postStart runs once the container has started (a failure kills it), preStop before it is stopped, within the grace period.'),
      terminationMessagePath: str(`Where the container may write a message about its termination. Default /dev/termination-log. ${KEPT}`),
      terminationMessagePolicy: oneOfStrings(`File (the default) or FallbackToLogsOnError. ${KEPT}`, TERMINATION_MESSAGE_POLICIES),
      imagePullPolicy: oneOfStrings(
        'When to pull the image: Always, IfNotPresent or Never. Defaults to Always for an image without a tag or tagged ":latest", else IfNotPresent. Bosun runs programs on the node and pulls nothing.',
        PULL_POLICIES,
      ),
      securityContext: ref(`${CORE}SecurityContext`, 'Container security attributes; the node agent applies runAsUser, runAsGroup and runAsNonRoot, and keeps the rest as given.'),
      stdin: bool(`Keep a stdin buffer open for attach. ${KEPT} (kubectl exec -i works without it.)`),
      stdinOnce: bool(KEPT),
      tty: bool(KEPT),
    },
    { required: ['name', 'image'] },
  ),

  [`${CORE}ContainerPort`]: object(
    'A network port of a container.',
    {
      name: str('A name for the port (an IANA_SVC_NAME: at most 15 characters, lower case, letters and "-"), unique in the pod; services may target it by name.'),
      containerPort: int32('The port number the container listens on, 1–65535.'),
      protocol: protocol('the port'),
      hostPort: int32('A port on the node to expose the container port on. The scheduler places at most one pod per node on a host port. Equal to containerPort on the host network.'),
      hostIP: str(`The node address to bind the host port to. ${KEPT}`),
    },
    { required: ['containerPort'] },
  ),

  [`${CORE}EnvVar`]: object(
    'An environment variable of a container.',
    {
      name: str('The name of the variable.'),
      value: str('The value. $(VAR) refers to a variable defined earlier in the list ($$ escapes a $); an unknown reference is left as is.'),
      valueFrom: ref(`${CORE}EnvVarSource`, 'Where the value comes from instead. May not be given with a non-empty value.'),
    },
    { required: ['name'] },
  ),
  [`${CORE}EnvVarSource`]: object('The source of an environment variable\'s value: exactly one of the fields.', {
    fieldRef: ref(`${CORE}ObjectFieldSelector`, 'A field of the pod: metadata.name, metadata.namespace, metadata.uid, metadata.labels[\'k\'], metadata.annotations[\'k\'], spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP.'),
    resourceFieldRef: ref(`${CORE}ResourceFieldSelector`, 'A request or limit of a container (limits.cpu, requests.memory, …).'),
    configMapKeyRef: ref(`${CORE}ConfigMapKeySelector`, 'A key of a ConfigMap.'),
    secretKeyRef: ref(`${CORE}SecretKeySelector`, `A key of a Secret. ${KEPT} (there are no Secrets in Bosun).`),
  }),
  [`${CORE}ObjectFieldSelector`]: object(
    'Selects a field of the pod.',
    { apiVersion: str('The version the field path is written in; default "v1".'), fieldPath: str('The path of the field, e.g. "status.podIP".') },
    { required: ['fieldPath'], atomic: true },
  ),
  [`${CORE}ResourceFieldSelector`]: object(
    'Selects a resource request or limit of a container.',
    {
      containerName: str('The container; required in volumes, optional for environment variables (the container itself).'),
      resource: str('The resource: limits.cpu, limits.memory, requests.cpu, requests.memory, …'),
      divisor: ref('io.k8s.apimachinery.pkg.api.resource.Quantity', 'The unit the value is expressed in; default "1".'),
    },
    { required: ['resource'], atomic: true },
  ),
  [`${CORE}ConfigMapKeySelector`]: object(
    'Selects a key of a ConfigMap.',
    { name: str('The name of the ConfigMap.'), key: str('The key.'), optional: bool('Whether the ConfigMap or key may be missing.') },
    { required: ['key'], atomic: true },
  ),
  [`${CORE}SecretKeySelector`]: object(
    'Selects a key of a Secret.',
    { name: str('The name of the Secret.'), key: str('The key.'), optional: bool('Whether the Secret or key may be missing.') },
    { required: ['key'], atomic: true },
  ),

  [`${CORE}ResourceRequirements`]: object('Compute resources of a container.', {
    limits: quantities('The most the container may use, per resource (cpu, memory, …). Recorded; Bosun does not enforce limits with cgroups yet.'),
    requests: quantities(
      'What the container needs, per resource. The scheduler places a pod only on a node whose allocatable resources cover the requests of the pods on it. Defaults to the limits; may not exceed them.',
    ),
    claims: list(opaque(KEPT), `Dynamic resource claims used by the container. ${KEPT}`, { type: 'map', keys: ['name'] }),
  }),

  [`${CORE}Probe`]: object('A health check of a container: exactly one of exec, httpGet, tcpSocket or grpc, and its timing.', {
    exec: ref(`${CORE}ExecAction`, 'Run a command in the container; exit status 0 is success.'),
    httpGet: ref(`${CORE}HTTPGetAction`, 'An HTTP GET to the pod; a status from 200 to 399 is success.'),
    tcpSocket: ref(`${CORE}TCPSocketAction`, 'Open a TCP connection to the pod; success if it connects.'),
    grpc: ref(`${CORE}GRPCAction`, 'A gRPC health check (grpc.health.v1).'),
    initialDelaySeconds: int32('Seconds after the container started before the first probe.'),
    timeoutSeconds: int32('Seconds after which a probe counts as failed. Default 1.'),
    periodSeconds: int32('Seconds between probes. Default 10.'),
    successThreshold: int32('Successes in a row to count as passing after a failure. Default 1; must be 1 for liveness and startup probes.'),
    failureThreshold: int32('Failures in a row to count as failing. Default 3.'),
    terminationGracePeriodSeconds: int64('Grace period for a container killed because the probe failed, instead of the pod\'s.'),
  }),
  [`${CORE}ExecAction`]: object('A command run in the container.', {
    command: strings('The command and its arguments; not run in a shell unless it is one (["sh", "-c", "…"]).'),
  }),
  [`${CORE}HTTPGetAction`]: object(
    'An HTTP GET request.',
    {
      path: str('The path to request. Default "/".'),
      port: port('The port: a number or the name of a container port.'),
      host: str('The host to connect to. Defaults to the pod IP.'),
      scheme: oneOfStrings('HTTP (the default) or HTTPS.', ['HTTP', 'HTTPS']),
      httpHeaders: list($ref(`${CORE}HTTPHeader`), 'Extra request headers.', atomic),
    },
    { required: ['port'] },
  ),
  [`${CORE}HTTPHeader`]: object('An HTTP header.', { name: str('The header name.'), value: str('The header value.') }, { required: ['name', 'value'] }),
  [`${CORE}TCPSocketAction`]: object(
    'A TCP connection attempt.',
    { port: port('The port: a number or the name of a container port.'), host: str('The host to connect to. Defaults to the pod IP.') },
    { required: ['port'] },
  ),
  [`${CORE}GRPCAction`]: object(
    'A gRPC health check.',
    { port: int32('The port number of the gRPC service.'), service: str('The service name sent in the health check request; empty means the server as a whole.') },
    { required: ['port'] },
  ),

  [`${CORE}VolumeMount`]: object(
    'Where a volume appears in a container.',
    {
      name: str('The name of a volume of the pod.'),
      mountPath: str('The path inside the container; unique within the container.'),
      readOnly: bool('Mount read-only.'),
      subPath: str('A path inside the volume to mount instead of its root.'),
      subPathExpr: str('Like subPath, with $(VAR) references to the container\'s environment expanded.'),
      mountPropagation: str('How mounts propagate between host and container.'),
      recursiveReadOnly: str('Whether read-only mounts are read-only recursively.'),
    },
    { required: ['name', 'mountPath'] },
  ),
  [`${CORE}VolumeDevice`]: object(
    'A raw block device exposed to a container.',
    { name: str('The name of a persistentVolumeClaim volume of the pod.'), devicePath: str('The path of the device inside the container.') },
    { required: ['name', 'devicePath'] },
  ),

  [`${CORE}Volume`]: object(
    `A named volume of a pod, with exactly one source. A volume given with a name only is an emptyDir. The node agent mounts emptyDir, hostPath, configMap, secret, downwardAPI and projected volumes; the other sources are kept as given and not mounted.`,
    {
      name: str('The name of the volume (a DNS label), unique in the pod; volumeMounts refer to it.'),
      emptyDir: ref(`${CORE}EmptyDirVolumeSource`, 'A fresh, empty directory that lives as long as the pod.'),
      hostPath: ref(`${CORE}HostPathVolumeSource`, 'A file or directory of the node.'),
      configMap: ref(`${CORE}ConfigMapVolumeSource`, 'The keys of a ConfigMap as files, mounted read-only.'),
      secret: ref(`${CORE}SecretVolumeSource`, 'The keys of a Secret as files (decoded), mounted read-only.'),
      persistentVolumeClaim: ref(`${CORE}PersistentVolumeClaimVolumeSource`, `A PersistentVolumeClaim. ${KEPT}`),
      downwardAPI: ref(`${CORE}DownwardAPIVolumeSource`, 'Fields of the pod as files, mounted read-only.'),
      ...Object.fromEntries(OTHER_VOLUME_SOURCES.map((source) => [source, opaque(`The ${source} volume source, in Kubernetes' shape. ${KEPT}`)])),
    },
    { required: ['name'] },
  ),
  [`${CORE}EmptyDirVolumeSource`]: object('An empty directory for the pod.', {
    medium: str('The storage medium: "" (the node\'s default) or "Memory".'),
    sizeLimit: ref('io.k8s.apimachinery.pkg.api.resource.Quantity', 'The most the directory may hold.'),
  }),
  [`${CORE}HostPathVolumeSource`]: object(
    'A path on the node.',
    { path: str('The path on the node.'), type: str('What must exist at the path: "", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice.') },
    { required: ['path'] },
  ),

  [`${CORE}Toleration`]: object('Allows the pod onto nodes with a matching taint.', {
    key: str('The taint key; empty with operator Exists matches every taint.'),
    operator: oneOfStrings('Equal (the default: key and value match) or Exists (any value).', ['Equal', 'Exists']),
    value: str('The taint value to match with operator Equal.'),
    effect: oneOfStrings('The taint effect to match; empty matches all effects.', TAINT_EFFECTS),
    tolerationSeconds: int64('For NoExecute taints: how long the pod stays on a tainted node. Recorded; Bosun does not evict for taints.'),
  }),
  [`${CORE}LocalObjectReference`]: object('Names an object in the same namespace.', { name: str('The name of the object.') }, { atomic: true }),
  [`${CORE}HostAlias`]: object('An entry for the pod\'s hosts file.', { ip: str('The IP address.'), hostnames: strings('Host names for the address.') }, { required: ['ip'] }),
  [`${CORE}PodReadinessGate`]: object('A pod condition that readiness waits for.', { conditionType: str('The condition type.') }, { required: ['conditionType'] }),
  [`${CORE}PodSchedulingGate`]: object('A gate holding the pod back from scheduling.', { name: str('The name of the gate.') }, { required: ['name'] }),
  [`${CORE}PodOS`]: object('The operating system of a pod.', { name: str('"linux" or "windows".') }, { required: ['name'] }),

  [`${CORE}PodStatus`]: object('The observed state of a pod, written by the scheduler (PodScheduled) and the node agent (everything else).', {
    phase: oneOfStrings(
      'Where the pod is in its life: Pending (accepted, not all containers started — also while unscheduled), Running (bound and at least one container running or restarting), Succeeded (all containers exited 0 and will not restart), Failed (all stopped, at least one in failure), Unknown (its node stopped reporting).',
      POD_PHASES,
    ),
    conditions: list($ref(`${CORE}PodCondition`), 'PodScheduled, Initialized, ContainersReady and Ready.', mergedBy('type')),
    message: str('Why the pod is in this state, for people.'),
    reason: str('Why the pod is in this state, in CamelCase (e.g. DeadlineExceeded, NodeLost).'),
    nominatedNodeName: str('The node where the scheduler preempted lower-priority pods for this one, which it will be bound to once they are gone.'),
    hostIP: str('The address of the node the pod runs on.'),
    hostIPs: list($ref(`${CORE}HostIP`), 'The addresses of the node, hostIP first.', { type: 'atomic', mergeKey: 'ip', patch: 'merge' }),
    podIP: str('The address of the pod: on the node\'s bridge when the agent sandboxes pods, else the node\'s.'),
    podIPs: list($ref(`${CORE}PodIP`), 'The addresses of the pod, podIP first.', mergedBy('ip')),
    startTime: time('When the node agent accepted the pod, before its images were resolved.'),
    initContainerStatuses: list($ref(`${CORE}ContainerStatus`), 'One entry per init container.', atomic),
    containerStatuses: list($ref(`${CORE}ContainerStatus`), 'One entry per container.', atomic),
    qosClass: oneOfStrings('The quality-of-service class derived from requests and limits.', ['BestEffort', 'Burstable', 'Guaranteed']),
  }),
  [`${CORE}PodCondition`]: condition(
    'One aspect of a pod\'s state.',
    'PodScheduled, Initialized, ContainersReady or Ready.',
    { lastProbeTime: time('When the condition was last probed.') },
    {
      reason: 'Why the condition last changed, in CamelCase (e.g. Unschedulable).',
      message: 'Why the condition last changed, for people (e.g. the scheduler\'s "0/3 nodes are available: …").',
    },
  ),
  [`${CORE}PodIP`]: object('An address of a pod.', { ip: str('The address.') }, { required: ['ip'] }),
  [`${CORE}HostIP`]: object('An address of a pod\'s node.', { ip: str('The address.') }, { required: ['ip'] }),
  [`${CORE}ContainerStatus`]: object(
    'The observed state of one container.',
    {
      name: str('The container\'s name.'),
      state: ref(`${CORE}ContainerState`, 'What the container is doing now.'),
      lastState: ref(`${CORE}ContainerState`, 'How its previous run ended (after a restart).'),
      ready: bool('Whether the readiness probe passes (true without a probe once running).'),
      restartCount: int32('How often the node agent restarted the container.'),
      image: str('The image as given in the spec.'),
      imageID: str('What the node agent resolved the image to (bosun-process://<image>).'),
      containerID: str('An id of this run of the container (bosun://<pod uid>/<container>/<run>).'),
      started: bool('Whether the container has started (its startup probe, if any, passed).'),
    },
    { required: ['name', 'ready', 'restartCount', 'image', 'imageID'] },
  ),
  [`${CORE}ContainerState`]: object('One of waiting, running or terminated.', {
    waiting: ref(`${CORE}ContainerStateWaiting`, 'Not running yet, or waiting to restart.'),
    running: ref(`${CORE}ContainerStateRunning`, 'Running.'),
    terminated: ref(`${CORE}ContainerStateTerminated`, 'Exited.'),
  }),
  [`${CORE}ContainerStateWaiting`]: object('A container waiting to run.', {
    reason: str('Why, in CamelCase: ContainerCreating, PodInitializing, CrashLoopBackOff, ErrImagePull, …'),
    message: str('Why, for people.'),
  }),
  [`${CORE}ContainerStateRunning`]: object('A running container.', { startedAt: time('When this run started.') }),
  [`${CORE}ContainerStateTerminated`]: object(
    'A container that exited.',
    {
      exitCode: int32('The exit status of the process.'),
      signal: int32('The signal that ended it, if any.'),
      reason: str('Completed, Error, OOMKilled, …'),
      message: str('Details, for people.'),
      startedAt: time('When the run started.'),
      finishedAt: time('When it ended.'),
      containerID: str('The id of the run.'),
    },
    { required: ['exitCode'] },
  ),

  [`${CORE}PodTemplateSpec`]: object(
    'The pods a controller creates: their metadata and spec.',
    {
      metadata: ref(`${META}ObjectMeta`, 'Labels and annotations of the pods; the name is generated from the controller\'s.'),
      spec: ref(`${CORE}PodSpec`, 'The spec of the pods.'),
    },
    { required: ['spec'] },
  ),
  [`${CORE}PodExecOptions`]: object(
    'The query of a pods/exec request (kubectl exec): served over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io) or SPDY/3.1; the node agent runs the command in the pod\'s namespaces.',
    {
      ...typeMeta(),
      command: strings('The command and its arguments.'),
      container: str('The container; defaults to the only or the default one.'),
      stdin: bool('Pass standard input.'),
      stdout: bool('Return standard output.'),
      stderr: bool('Return standard error.'),
      tty: bool('Allocate a terminal.'),
    },
    { required: ['command'], gvk: coreGvk('PodExecOptions') },
  ),
};
// After the literal: it is built from the Container schema above.
POD_SCHEMAS[`${CORE}EphemeralContainer`] = ephemeralContainer();
