import { canonicalResourceList } from '../quantity';
import type { Container, ContainerPort, Pod, PodSpec, Probe, PullPolicy } from '../types/pod.types';

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

/**
 * The ServiceAccount admission plugin's part for a pod being created: a copy of `spec` whose
 * `serviceAccountName` (and its deprecated twin `serviceAccount`) name the ServiceAccount,
 * `default` unless one is given. Only at creation: the pod spec cannot change afterwards.
 */
export function admitServiceAccount(spec: PodSpec): PodSpec & { serviceAccountName: string } {
  const given = [spec.serviceAccountName, spec.serviceAccount].find((n): n is string => typeof n === 'string' && n !== '');
  const name = given ?? 'default';
  return { ...spec, serviceAccountName: name, serviceAccount: name };
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
