import { KEPT } from './pod.schemas';
import {
  $ref,
  atomic,
  bool,
  CORE,
  int32,
  int64,
  list,
  META,
  object,
  oneOfStrings,
  opaque,
  ref,
  str,
  stringMap,
  strings,
  type Schema,
} from './schema.builders';

/**
 * Pod fields Bosun keeps as given but does not act on (affinity, security contexts, lifecycle
 * hooks, DNS settings, spreading, environment and volume sources). Their shapes are described
 * anyway: kubectl computes client-side apply's strategic merge patch from these schemas, and it
 * cannot descend into an object whose fields are not described (it then falls back to its
 * compiled-in types, with a warning).
 */
const weight = int32('A weight from 1 to 100, added to the score of nodes that match.');

export const POD_KEPT_SCHEMAS: Record<string, Schema> = {
  [`${CORE}Affinity`]: object(`Where the pod prefers or needs to run, relative to node labels and to other pods. Bosun's scheduler honours the required node affinity; preferred terms and pod (anti-)affinity are kept as given and not acted on.`, {
    nodeAffinity: ref(`${CORE}NodeAffinity`, 'Rules on the labels of nodes.'),
    podAffinity: ref(`${CORE}PodAffinity`, 'Rules for running near certain pods.'),
    podAntiAffinity: ref(`${CORE}PodAntiAffinity`, 'Rules for running away from certain pods.'),
  }),
  [`${CORE}NodeAffinity`]: object('Rules on the labels of nodes.', {
    requiredDuringSchedulingIgnoredDuringExecution: ref(`${CORE}NodeSelector`, 'Nodes must match one of these terms.'),
    preferredDuringSchedulingIgnoredDuringExecution: list($ref(`${CORE}PreferredSchedulingTerm`), 'Nodes matching these terms score higher.', atomic),
  }),
  [`${CORE}NodeSelector`]: object(
    'A union of node selector terms.',
    { nodeSelectorTerms: list($ref(`${CORE}NodeSelectorTerm`), 'The terms; a node matching any of them matches.', atomic) },
    { required: ['nodeSelectorTerms'], atomic: true },
  ),
  [`${CORE}NodeSelectorTerm`]: object(
    'Requirements a node must all meet.',
    {
      matchExpressions: list($ref(`${CORE}NodeSelectorRequirement`), 'Requirements on node labels.', atomic),
      matchFields: list($ref(`${CORE}NodeSelectorRequirement`), 'Requirements on node fields.', atomic),
    },
    { atomic: true },
  ),
  [`${CORE}NodeSelectorRequirement`]: object(
    'A requirement on one label or field.',
    {
      key: str('The label key or field.'),
      operator: oneOfStrings('How values are compared.', ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn']),
      values: strings('The values.'),
    },
    { required: ['key', 'operator'] },
  ),
  [`${CORE}PreferredSchedulingTerm`]: object(
    'A weighted node selector term.',
    { weight, preference: ref(`${CORE}NodeSelectorTerm`, 'The term.') },
    { required: ['weight', 'preference'] },
  ),
  [`${CORE}PodAffinity`]: object('Rules for running near certain pods.', {
    requiredDuringSchedulingIgnoredDuringExecution: list($ref(`${CORE}PodAffinityTerm`), 'Terms that must hold.', atomic),
    preferredDuringSchedulingIgnoredDuringExecution: list($ref(`${CORE}WeightedPodAffinityTerm`), 'Terms that score.', atomic),
  }),
  [`${CORE}PodAntiAffinity`]: object('Rules for running away from certain pods.', {
    requiredDuringSchedulingIgnoredDuringExecution: list($ref(`${CORE}PodAffinityTerm`), 'Terms that must hold.', atomic),
    preferredDuringSchedulingIgnoredDuringExecution: list($ref(`${CORE}WeightedPodAffinityTerm`), 'Terms that score.', atomic),
  }),
  [`${CORE}PodAffinityTerm`]: object(
    'Pods (chosen by labels and namespaces) and the topology domain to be in or out of.',
    {
      labelSelector: ref(`${META}LabelSelector`, 'The pods.'),
      namespaces: strings('The namespaces of the pods; default the pod\'s own.'),
      topologyKey: str('The node label that defines the domain (e.g. kubernetes.io/hostname).'),
      namespaceSelector: ref(`${META}LabelSelector`, 'The namespaces of the pods, by label.'),
      matchLabelKeys: strings('Label keys whose values are taken from the pod itself.'),
      mismatchLabelKeys: strings('Label keys whose values must differ from the pod\'s.'),
    },
    { required: ['topologyKey'] },
  ),
  [`${CORE}WeightedPodAffinityTerm`]: object(
    'A weighted pod affinity term.',
    { weight, podAffinityTerm: ref(`${CORE}PodAffinityTerm`, 'The term.') },
    { required: ['weight', 'podAffinityTerm'] },
  ),
  [`${META}LabelSelector`]: object(
    'Selects objects by labels: all of matchLabels and all of matchExpressions.',
    {
      matchLabels: stringMap('Labels that must be present with these values.'),
      matchExpressions: list($ref(`${META}LabelSelectorRequirement`), 'Set-based requirements.', atomic),
    },
    { atomic: true },
  ),
  [`${META}LabelSelectorRequirement`]: object(
    'A set-based requirement on one label.',
    { key: str('The label key.'), operator: str('In, NotIn, Exists or DoesNotExist.'), values: strings('The values, for In and NotIn.') },
    { required: ['key', 'operator'] },
  ),
  [`${CORE}TopologySpreadConstraint`]: object(
    `How to spread matching pods over a topology domain. ${KEPT} Bosun's scheduler spreads a replication controller's pods over nodes on its own.`,
    {
      maxSkew: int32('The most the number of matching pods may differ between domains.'),
      topologyKey: str('The node label that defines the domain.'),
      whenUnsatisfiable: oneOfStrings('DoNotSchedule or ScheduleAnyway.', ['DoNotSchedule', 'ScheduleAnyway']),
      labelSelector: ref(`${META}LabelSelector`, 'The pods counted.'),
      minDomains: int32('The fewest eligible domains.'),
      nodeAffinityPolicy: str('Honor or Ignore.'),
      nodeTaintsPolicy: str('Honor or Ignore.'),
      matchLabelKeys: strings('Label keys whose values are taken from the pod itself.'),
    },
    { required: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'] },
  ),

  [`${CORE}PodSecurityContext`]: object('Security attributes of all containers of a pod. The node agent applies runAsUser, runAsGroup and runAsNonRoot (where it sandboxes pods); it keeps the rest as given.', {
    seLinuxOptions: ref(`${CORE}SELinuxOptions`, 'The SELinux context.'),
    windowsOptions: opaque('Windows-specific settings.'),
    runAsUser: int64('The user id processes run as.'),
    runAsGroup: int64('The group id processes run as.'),
    runAsNonRoot: bool('Refuse to start processes as root.'),
    supplementalGroups: list({ type: 'integer', format: 'int64' }, 'Extra group ids.', atomic),
    supplementalGroupsPolicy: str('Merge or Strict.'),
    fsGroup: int64('A group id that owns the pod\'s volumes.'),
    sysctls: list($ref(`${CORE}Sysctl`), 'Namespaced kernel parameters.', atomic),
    fsGroupChangePolicy: str('OnRootMismatch or Always.'),
    seccompProfile: ref(`${CORE}SeccompProfile`, 'The seccomp profile.'),
    appArmorProfile: opaque('The AppArmor profile.'),
    seLinuxChangePolicy: str('MountOption or Recursive.'),
  }),
  [`${CORE}SecurityContext`]: object('Security attributes of one container. The node agent applies runAsUser, runAsGroup and runAsNonRoot (where it sandboxes pods); it keeps the rest as given.', {
    capabilities: ref(`${CORE}Capabilities`, 'Capabilities to add or drop.'),
    privileged: bool('Run privileged.'),
    seLinuxOptions: ref(`${CORE}SELinuxOptions`, 'The SELinux context.'),
    windowsOptions: opaque('Windows-specific settings.'),
    runAsUser: int64('The user id the process runs as.'),
    runAsGroup: int64('The group id the process runs as.'),
    runAsNonRoot: bool('Refuse to start the process as root.'),
    readOnlyRootFilesystem: bool('Mount the root filesystem read-only.'),
    allowPrivilegeEscalation: bool('Whether a process may gain more privileges than its parent.'),
    procMount: str('Default or Unmasked.'),
    seccompProfile: ref(`${CORE}SeccompProfile`, 'The seccomp profile.'),
    appArmorProfile: opaque('The AppArmor profile.'),
  }),
  [`${CORE}Capabilities`]: object('Linux capabilities.', { add: strings('Capabilities to add.'), drop: strings('Capabilities to drop.') }),
  [`${CORE}SELinuxOptions`]: object('An SELinux context.', {
    user: str('The SELinux user.'),
    role: str('The SELinux role.'),
    type: str('The SELinux type.'),
    level: str('The SELinux level.'),
  }),
  [`${CORE}SeccompProfile`]: object(
    'A seccomp profile.',
    { type: oneOfStrings('Localhost, RuntimeDefault or Unconfined.', ['Localhost', 'RuntimeDefault', 'Unconfined']), localhostProfile: str('The profile file, for Localhost.') },
    { required: ['type'] },
  ),
  [`${CORE}Sysctl`]: object('A kernel parameter.', { name: str('The parameter.'), value: str('Its value.') }, { required: ['name', 'value'] }),

  [`${CORE}Lifecycle`]: object('Hooks the node agent runs when a container starts and before it stops.', {
    postStart: ref(`${CORE}LifecycleHandler`, 'Run right after the container started; if it fails the container is killed.'),
    preStop: ref(`${CORE}LifecycleHandler`, 'Run before the container is stopped, within its grace period.'),
    stopSignal: str(`The signal that stops the container. ${KEPT} (SIGTERM is sent.)`),
  }),
  [`${CORE}LifecycleHandler`]: object('One of exec, httpGet, tcpSocket or sleep.', {
    exec: ref(`${CORE}ExecAction`, 'Run a command.'),
    httpGet: ref(`${CORE}HTTPGetAction`, 'Send an HTTP GET.'),
    tcpSocket: ref(`${CORE}TCPSocketAction`, 'Deprecated; not run.'),
    sleep: ref(`${CORE}SleepAction`, 'Wait.'),
  }),
  [`${CORE}SleepAction`]: object('A pause.', { seconds: int64('How long.') }, { required: ['seconds'] }),

  [`${CORE}PodDNSConfig`]: object('DNS settings of a pod, added to those of its dnsPolicy in the resolv.conf the node agent writes for it.', {
    nameservers: strings('Name server addresses.'),
    searches: strings('Search domains.'),
    options: list($ref(`${CORE}PodDNSConfigOption`), 'Resolver options.', atomic),
  }),
  [`${CORE}PodDNSConfigOption`]: object('A resolver option.', { name: str('The option.'), value: str('Its value.') }),

  [`${CORE}EnvFromSource`]: object('A source of environment variables: every key of a ConfigMap or Secret.', {
    prefix: str('A prefix for every variable name.'),
    configMapRef: ref(`${CORE}ConfigMapEnvSource`, 'The ConfigMap.'),
    secretRef: ref(`${CORE}SecretEnvSource`, 'The Secret.'),
  }),
  [`${CORE}ConfigMapEnvSource`]: object('A ConfigMap as a source of variables.', { name: str('Its name.'), optional: bool('Whether it may be missing.') }),
  [`${CORE}SecretEnvSource`]: object('A Secret as a source of variables.', { name: str('Its name.'), optional: bool('Whether it may be missing.') }),
  [`${CORE}ContainerResizePolicy`]: object(
    'How a resource of a container may be resized.',
    { resourceName: str('cpu or memory.'), restartPolicy: str('NotRequired or RestartContainer.') },
    { required: ['resourceName', 'restartPolicy'] },
  ),

  [`${CORE}ConfigMapVolumeSource`]: object('A ConfigMap as files: one per key, written when a container starts.', {
    name: str('The ConfigMap.'),
    items: list($ref(`${CORE}KeyToPath`), 'Which keys, at which paths.', atomic),
    defaultMode: int32('File mode bits.'),
    optional: bool('Whether it may be missing.'),
  }),
  [`${CORE}SecretVolumeSource`]: object('A Secret as files: one per key, decoded, written when a container starts.', {
    secretName: str('The Secret.'),
    items: list($ref(`${CORE}KeyToPath`), 'Which keys, at which paths.', atomic),
    defaultMode: int32('File mode bits.'),
    optional: bool('Whether it may be missing.'),
  }),
  [`${CORE}KeyToPath`]: object(
    'A key and the file it becomes.',
    { key: str('The key.'), path: str('The relative file path.'), mode: int32('File mode bits.') },
    { required: ['key', 'path'] },
  ),
  [`${CORE}PersistentVolumeClaimVolumeSource`]: object(
    `A PersistentVolumeClaim. ${KEPT} (there are no PersistentVolumeClaims in Bosun).`,
    { claimName: str('The claim.'), readOnly: bool('Mount read-only.') },
    { required: ['claimName'] },
  ),
  [`${CORE}DownwardAPIVolumeSource`]: object('Pod fields as files: name, namespace, uid, labels and annotations.', {
    items: list($ref(`${CORE}DownwardAPIVolumeFile`), 'The files.', atomic),
    defaultMode: int32('File mode bits.'),
  }),
  [`${CORE}DownwardAPIVolumeFile`]: object(
    'A pod field as a file.',
    {
      path: str('The relative file path.'),
      fieldRef: ref(`${CORE}ObjectFieldSelector`, 'A field of the pod.'),
      resourceFieldRef: ref(`${CORE}ResourceFieldSelector`, 'A resource of a container.'),
      mode: int32('File mode bits.'),
    },
    { required: ['path'] },
  ),
};
