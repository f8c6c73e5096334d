import type { KubeObject } from './types';

interface Port {
  port?: number;
  protocol?: string;
  nodePort?: number;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: Port[];
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((x, i) => x === (b ?? [])[i]);

/**
 * What kube-apiserver's service storage makes of an update before validating it. First
 * patchAllocatedValues: an update that leaves out the cluster IPs or a port's node port keeps the
 * allocated ones (unless the service is or becomes an ExternalName, which has none). Then
 * normalizeClusterIPs: `clusterIP` and its plural are one field written twice, so an update that
 * changes only `clusterIP` changes `clusterIPs` with it — and is then refused for changing the
 * primary cluster IP (`spec.clusterIPs[0]: … may not change once set`, the message Helm users know),
 * rather than for the two disagreeing.
 */
export function normalizeServiceUpdate(current: KubeObject, next: KubeObject): KubeObject {
  if (current.kind !== 'Service') return next;
  const was = ((current as { spec?: ServiceSpec }).spec ?? {}) as ServiceSpec;
  const spec = { ...((next as { spec?: ServiceSpec }).spec ?? {}) } as ServiceSpec;
  if (was.type !== 'ExternalName' && spec.type !== 'ExternalName') {
    if (!spec.clusterIP && was.clusterIP) spec.clusterIP = was.clusterIP;
    if (!spec.clusterIPs?.length && was.clusterIPs?.length) spec.clusterIPs = was.clusterIPs;
    else if (!spec.clusterIPs?.length && was.clusterIP && spec.clusterIP === was.clusterIP) spec.clusterIPs = [was.clusterIP];
  }
  if (was.clusterIP !== spec.clusterIP) {
    // Cleared with its plural left as it was: cleared on the client's behalf.
    if (was.clusterIP && !spec.clusterIP && sameList(was.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    // Changed, its plural left as it was: the plural follows.
    else if (spec.clusterIP && sameList(was.clusterIPs, spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
  }
  spec.ports = (spec.ports ?? []).map((p) => {
    const old = (was.ports ?? []).find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
    return p.nodePort || !old?.nodePort ? p : { ...p, nodePort: old.nodePort };
  });
  return { ...next, spec } as KubeObject;
}
