import { addQuantities, compareQuantities, type Quantity } from './quantity';
import type { KubeObject } from './types';

export type PodQosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
type Container = { resources?: Resources };

/** Only these count for the QoS class, as in Kubernetes (isSupportedQoSComputeResource). */
const QOS_RESOURCES = ['cpu', 'memory'];

/**
 * A pod's QoS class as kube-apiserver computes it on create (ComputePodQOS): over all containers and
 * init containers, counting only positive cpu and memory amounts — BestEffort with none;
 * Guaranteed when every container limits both cpu and memory and the summed requests equal the
 * summed limits; Burstable otherwise. A request left out counts as its limit, as defaulting fills
 * it in, so the class is the same before and after defaulting.
 */
export function podQosClass(pod: KubeObject): PodQosClass {
  const spec = (pod as { spec?: { containers?: Container[]; initContainers?: Container[] } }).spec ?? {};
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const requests = new Map<string, Quantity | string>();
  const limits = new Map<string, Quantity | string>();
  const add = (sums: Map<string, Quantity | string>, name: string, amount: string): void => {
    const before = sums.get(name);
    sums.set(name, before === undefined ? amount : addQuantities(before, amount));
  };
  let guaranteed = true;
  for (const c of containers) {
    const given = c.resources ?? {};
    const limited = new Set<string>();
    for (const name of QOS_RESOURCES) {
      const limit = given.limits?.[name];
      const request = given.requests?.[name] ?? limit;
      if (request !== undefined && positive(request)) add(requests, name, request);
      if (limit !== undefined && positive(limit)) {
        add(limits, name, limit);
        limited.add(name);
      }
    }
    if (!QOS_RESOURCES.every((name) => limited.has(name))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (limit === undefined || compareQuantities(limit, request) !== 0) guaranteed = false;
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

function positive(amount: string): boolean {
  try {
    return compareQuantities(amount, '0') > 0;
  } catch {
    return false; // an invalid quantity is validation's to refuse
  }
}
