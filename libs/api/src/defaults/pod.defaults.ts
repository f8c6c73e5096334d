import { canonicalResourceList } from '../quantity';
import { randomNameSuffix } from '../conventions';
import type { Container, ContainerPort, Pod, PodSpec, Probe, PullPolicy, Volume } from '../types/pod.types';

// Kubernetes' SetDefaults_* for pods (pkg/apis/core/v1/defaults.go). Each function mutates the
// (already cloned) object it is given; applyDefaults is the public, non-mutating entry point.

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const unset = (v: unknown): boolean => v === undefined || v === null || v === '';

/** `:latest` or no tag means "moving": always pull. A digest or other tag: pull if absent. */
export function defaultPullPolicy(image: unknown): PullPolicy {
  if (typeof image !== 'string' || !image) return 'Always'; // malformed (a YAML `y` is a boolean): validation says so
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export function defaultProbe(p: Probe): void {
  if (!isObj(p)) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  if (isObj(p.httpGet)) {
    if (unset(p.httpGet.path)) p.httpGet.path = '/';
    if (unset(p.httpGet.scheme)) p.httpGet.scheme = 'HTTP';
  }
}

export function defaultContainer(c: Container, hostNetwork: boolean): void {
  if (!isObj(c)) return;
  if (unset(c.terminationMessagePath)) c.terminationMessagePath = '/dev/termination-log';
  if (unset(c.terminationMessagePolicy)) c.terminationMessagePolicy = 'File';
  if (unset(c.imagePullPolicy)) c.imagePullPolicy = defaultPullPolicy(c.image);
  if (Array.isArray(c.ports))
    for (const port of c.ports as ContainerPort[]) {
      if (!isObj(port)) continue;
      if (unset(port.protocol)) port.protocol = 'TCP';
      // On the host network the container port is the host port.
      if (hostNetwork && !port.hostPort) port.hostPort = port.containerPort;
    }
  for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
  if (Array.isArray(c.env))
    for (const e of c.env) if (isObj(e?.valueFrom?.fieldRef) && unset(e.valueFrom!.fieldRef!.apiVersion)) e.valueFrom!.fieldRef!.apiVersion = 'v1';
  // Go serialises the non-pointer struct as {}; quantities are stored canonical.
  if (!isObj(c.resources)) c.resources = {};
  for (const list of ['limits', 'requests'] as const) if (isObj(c.resources[list])) c.resources[list] = canonicalResourceList(c.resources[list]);
}

/** Requests default to limits per resource — on a Pod only, never on an RC's pod template, as SetDefaults_Pod says. */
function defaultRequestsFromLimits(c: Container): void {
  if (!isObj(c) || !isObj(c.resources)) return;
  const { limits } = c.resources;
  if (isObj(limits) && Object.keys(limits).length) {
    const requests = isObj(c.resources.requests) ? c.resources.requests : {};
    for (const [name, q] of Object.entries(limits)) if (requests[name] === undefined) requests[name] = q;
    c.resources.requests = requests;
  }
}

export function defaultPodSpec(spec: PodSpec): void {
  if (!isObj(spec)) return;
  if (unset(spec.dnsPolicy)) spec.dnsPolicy = 'ClusterFirst';
  if (unset(spec.restartPolicy)) spec.restartPolicy = 'Always';
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (spec.securityContext === undefined || spec.securityContext === null) spec.securityContext = {};
  if (unset(spec.schedulerName)) spec.schedulerName = 'default-scheduler';
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  // serviceAccount is the deprecated twin of serviceAccountName: kube-apiserver reads it only when
  // serviceAccountName is empty and always writes it back as serviceAccountName (its v1 conversion),
  // for pod templates as for pods.
  if (unset(spec.serviceAccountName) && !unset(spec.serviceAccount)) spec.serviceAccountName = spec.serviceAccount;
  if (unset(spec.serviceAccountName)) delete spec.serviceAccount;
  else spec.serviceAccount = spec.serviceAccountName;
  const hostNetwork = spec.hostNetwork === true;
  for (const list of [spec.initContainers, spec.containers]) if (Array.isArray(list)) for (const c of list) defaultContainer(c, hostNetwork);
  // A volume with no source is an emptyDir.
  if (Array.isArray(spec.volumes))
    for (const v of spec.volumes) if (isObj(v) && Object.keys(v).every((k) => k === 'name')) v['emptyDir'] = {};
}

/** Where the ServiceAccount admission plugin mounts the API credentials in every container (DefaultAPITokenMountPath). */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The prefix of that volume's name (ServiceAccountVolumeName); five random characters follow. */
export const SERVICE_ACCOUNT_VOLUME_PREFIX = 'kube-api-access-';
/** The ConfigMap kube-controller-manager's root-ca-cert-publisher keeps in every namespace. */
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
/** How long the projected token asks to live (serviceaccount.WarnOnlyBoundTokenExpirationSeconds: an hour and 7 s). */
export const SERVICE_ACCOUNT_TOKEN_EXPIRATION_SECONDS = 3607;

/** The projected volume of a pod's API credentials, as the plugin's TokenVolumeSource writes it. */
export function serviceAccountTokenVolume(name: string): Volume {
  return {
    name,
    projected: {
      // Explicit, as kube-apiserver sets it (kubernetes#104464): 0644.
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: SERVICE_ACCOUNT_TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: ROOT_CA_CONFIG_MAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  } as Volume;
}

/**
 * The ServiceAccount admission plugin's part for a pod being created (plugin/pkg/admission/
 * serviceaccount): a copy of `spec` whose `serviceAccountName` (and its deprecated twin
 * `serviceAccount`) name the ServiceAccount, `default` unless one is given; and, unless the pod —
 * or else its ServiceAccount `account` — says `automountServiceAccountToken: false`, the projected
 * volume `kube-api-access-<5 random characters>` (a token, the cluster's CA, the namespace) mounted
 * read-only at /var/run/secrets/kubernetes.io/serviceaccount in every init container and container
 * that has no mount at that path already. A volume already named `kube-api-access-…` is used
 * rather than a new one. Ephemeral containers get nothing (they are added later, through their
 * subresource, which the plugin does not mount for). Only at creation: the pod spec cannot change
 * afterwards. The caller looks the account up (it must exist, but for a namespace's `default`,
 * which may not be made yet: then the pod's own say decides, as for an account that says nothing).
 * A pod that names no imagePullSecrets takes its account's.
 */
export function admitServiceAccount(
  spec: PodSpec,
  account?: AdmittedAccount | null,
  suffix: () => string = () => randomNameSuffix(),
): PodSpec & { serviceAccountName: string } {
  const given = [spec.serviceAccountName, spec.serviceAccount].find((n): n is string => typeof n === 'string' && n !== '');
  const name = given ?? 'default';
  const admitted: PodSpec & { serviceAccountName: string } = { ...spec, serviceAccountName: name, serviceAccount: name };
  // A pod that names no image pull secrets takes its account's.
  const pullSecrets = account?.imagePullSecrets;
  if ((!Array.isArray(spec.imagePullSecrets) || spec.imagePullSecrets.length === 0) && Array.isArray(pullSecrets) && pullSecrets.length > 0) {
    admitted.imagePullSecrets = pullSecrets.map((s) => ({ ...s }));
  }
  return automounts(spec, account) ? withTokenVolume(admitted, suffix) : admitted;
}

/** What the ServiceAccount admission reads of a pod's ServiceAccount. */
export interface AdmittedAccount {
  readonly automountServiceAccountToken?: boolean | null;
  readonly imagePullSecrets?: readonly { name?: string }[] | null;
}

/** shouldAutomount: the pod's preference, else the account's, else true. */
function automounts(spec: PodSpec, account: AdmittedAccount | null | undefined): boolean {
  if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
  if (typeof account?.automountServiceAccountToken === 'boolean') return account.automountServiceAccountToken;
  return true;
}

/** mountServiceAccountToken: the mount in each container without one at the path, the volume if one was mounted. */
function withTokenVolume<S extends PodSpec>(spec: S, suffix: () => string): S {
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  const existing = volumes.find((v) => isObj(v) && typeof v.name === 'string' && v.name.startsWith(SERVICE_ACCOUNT_VOLUME_PREFIX));
  const volumeName = existing?.name ?? `${SERVICE_ACCOUNT_VOLUME_PREFIX}${suffix()}`;
  let mounted = false;
  const mount = (list: Container[] | undefined): Container[] | undefined => {
    if (!Array.isArray(list)) return list;
    return list.map((c) => {
      if (!isObj(c)) return c;
      const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
      // An existing mount at the path keeps the container as it is (the plugin's existingContainerMount).
      if (mounts.some((m) => isObj(m) && m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) return c;
      mounted = true;
      return { ...c, volumeMounts: [...mounts, { name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }] };
    });
  };
  const initContainers = mount(spec.initContainers);
  const containers = mount(spec.containers);
  const result = { ...spec, ...(initContainers === undefined ? {} : { initContainers }), ...(containers === undefined ? {} : { containers }) } as S;
  if (mounted && existing === undefined) result.volumes = [...volumes, serviceAccountTokenVolume(volumeName)];
  return result;
}

/** How long a pod stays bound to a node that is not ready or unreachable (kube-apiserver's --default-*-toleration-seconds). */
export const DEFAULT_TOLERATION_SECONDS = 300;

/**
 * The DefaultTolerationSeconds admission plugin's part for a pod being created or updated: a copy
 * of `spec` that tolerates the node.kubernetes.io/not-ready and /unreachable NoExecute taints for
 * 300 s, unless it already tolerates them (a toleration without a key or an effect counts).
 * kubectl describe pod shows them as "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s".
 */
export function admitDefaultTolerations<S extends PodSpec>(spec: S): S {
  const given = (Array.isArray(spec.tolerations) ? spec.tolerations : []) as { key?: string; effect?: string }[];
  const tolerated = (key: string): boolean => given.some((t) => isObj(t) && (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute'));
  const added = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']
    .filter((key) => !tolerated(key))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS }));
  return added.length === 0 ? spec : ({ ...spec, tolerations: [...given, ...added] } as S);
}

export function defaultPod(pod: Pod): void {
  if (!isObj(pod.spec)) return;
  defaultPodSpec(pod.spec);
  for (const list of [pod.spec.initContainers, pod.spec.containers]) if (Array.isArray(list)) for (const c of list) defaultRequestsFromLimits(c);
}
