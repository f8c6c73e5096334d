import type { KubeObject } from './types';

interface Port {
  name?: string;
  port?: number;
  protocol?: string;
  nodePort?: number;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  ports?: Port[];
  externalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  allocateLoadBalancerNodePorts?: boolean;
  loadBalancerClass?: string;
}

const sameList = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((x, i) => x === (b ?? [])[i]);
const needsClusterIP = (s: ServiceSpec): boolean => s.type !== 'ExternalName';
const needsNodePorts = (s: ServiceSpec): boolean => s.type === 'NodePort' || s.type === 'LoadBalancer';
const nodePorts = (s: ServiceSpec): number[] => (s.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : [])).sort((a, b) => a - b);

/**
 * What kube-apiserver's service storage makes of an update before validating it.
 * - patchAllocatedValues: an update that leaves out the cluster IPs or a port's node port keeps the
 *   allocated ones, while the type still needs them (node ports by port name).
 * - normalizeClusterIPs: `clusterIP` and its plural are one field written twice, so an update that
 *   changes only `clusterIP` changes `clusterIPs` with it — and is then refused for changing the
 *   primary cluster IP (`spec.clusterIPs[0]: … may not change once set`, the message Helm users know),
 *   rather than for the two disagreeing.
 * - dropTypeDependentFields: a Service changed to a type that does not need its cluster IPs, IP
 *   families, node ports, external traffic policy or load-balancer fields loses the ones the update
 *   left as they were (LoadBalancer → ClusterIP, ClusterIP → ExternalName just work).
 */
export function normalizeServiceUpdate(current: KubeObject, next: KubeObject): KubeObject {
  if (current.kind !== 'Service') return next;
  const was = ((current as { spec?: ServiceSpec }).spec ?? {}) as ServiceSpec;
  const spec = { ...((next as { spec?: ServiceSpec }).spec ?? {}) } as ServiceSpec;
  if (needsClusterIP(was) && needsClusterIP(spec)) {
    if (!spec.clusterIP && was.clusterIP) spec.clusterIP = was.clusterIP;
    if (!spec.clusterIPs?.length && was.clusterIPs?.length) spec.clusterIPs = was.clusterIPs;
    else if (!spec.clusterIPs?.length && was.clusterIP && spec.clusterIP === was.clusterIP) spec.clusterIPs = [was.clusterIP];
  }
  if (needsNodePorts(was) && needsNodePorts(spec)) {
    // Matched by the port's name, as patchAllocatedValues does: a port renumbered (kubectl apply of
    // a changed `port`) keeps its node port; one the update itself gives a port is not handed twice.
    const given = nodePorts(spec);
    const used = new Set(nodePorts(was).filter((n) => given.includes(n)));
    const byName = new Map((was.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    spec.ports = (spec.ports ?? []).map((p) => {
      const old = byName.get(p.name ?? '') ?? 0;
      return p.nodePort || !old || used.has(old) ? p : { ...p, nodePort: old };
    });
  }
  if (was.clusterIP !== spec.clusterIP) {
    // Cleared with its plural left as it was: cleared on the client's behalf.
    if (was.clusterIP && !spec.clusterIP && sameList(was.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    // Changed, its plural left as it was: the plural follows.
    else if (spec.clusterIP && sameList(was.clusterIPs, spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
  }
  if (needsClusterIP(was) && !needsClusterIP(spec)) {
    if (sameList(was.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(was.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (was.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePorts(was) && !needsNodePorts(spec)) {
    if (sameList(nodePorts(was), nodePorts(spec))) spec.ports = (spec.ports ?? []).map(({ nodePort: _, ...p }) => p);
    if (was.healthCheckNodePort === spec.healthCheckNodePort) delete spec.healthCheckNodePort;
    if (was.externalTrafficPolicy === spec.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  }
  if (was.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (was.allocateLoadBalancerNodePorts === spec.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (was.loadBalancerClass === spec.loadBalancerClass) delete spec.loadBalancerClass;
  }
  return { ...next, spec } as KubeObject;
}
