import { conditionOf, kubeletNodeConditions, kubeletNodeLabels, NODE_DELETION_SETTLE_MS, objectKey, readinessGateMessages, READINESS_GATES_NOT_READY, withKubeletConditions, type KubeObject } from '@bosun/api';
import type { CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import type { Plan, Reconciler } from './controller';

/** How often a simulated node refreshes its Ready condition (a kubelet's default node-status update is 10 s). */
export const NODE_HEARTBEAT_INTERVAL_MS = 10_000;

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Simulated nodes, like KWOK: registers nodes that report Ready, and marks the pods bound to them
 * Running and Ready without running anything (and confirms their deletion NODE_DELETION_SETTLE_MS
 * after it sees it, as a kubelet would at the soonest). For scale tests,
 * benchmarks and trying the control plane without a node agent — never for real workloads.
 */
export function simulatedNodesReconciler(names: readonly string[], options: { heartbeatIntervalMs?: number; now?: () => number } = {}): Reconciler {
  const ours = new Set(names);
  const interval = options.heartbeatIntervalMs ?? NODE_HEARTBEAT_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const sinceHeartbeat = (node: Anything): number => {
    const ready = conditionOf(node, 'Ready');
    return ready?.status === 'True' && ready.lastHeartbeatTime ? now() - Date.parse(ready.lastHeartbeatTime) : Infinity;
  };
  const index = new Map(names.map((n, i) => [n, i]));
  /** Pods whose deletion was seen, and when: confirmed once NODE_DELETION_SETTLE_MS has passed. */
  const deleting = new Map<string, number>();
  const settling = (key: string): number => {
    let seen = deleting.get(key);
    if (seen === undefined) deleting.set(key, (seen = now()));
    return seen + NODE_DELETION_SETTLE_MS - now();
  };
  return {
    name: 'simulated-nodes',
    // Each pod is its own key: report many at once, as many kubelets would.
    workers: 32,

    initialKeys: (state) => [
      ...names.map((n) => objectKey('Node', undefined, n)),
      ...names.flatMap((n) => state.podsOnNode(n).map((p) => objectKey('Pod', p.metadata.namespace, p.metadata.name ?? ''))),
    ],

    keysFor(change: ObjectChange): string[] {
      const o = change.object as Anything;
      if (o.kind === 'Node' && ours.has(o.metadata.name)) return [change.key];
      if (o.kind === 'Pod' && change.type !== 'DELETED' && ours.has(o.spec?.nodeName)) return [change.key];
      return [];
    },

    plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
      const object = state.getObject(key) as Anything | null;
      if (key.startsWith('nodes/')) {
        const name = key.slice('nodes/'.length);
        const time = meta().time;
        const status = nodeStatus(name, index.get(name) ?? 0, time, object);
        if (object === null) {
          const node = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: randomUUID(), labels: { ...kubeletNodeLabels(name, 'linux', 'amd64'), type: 'simulated' } }, spec: {}, status } as unknown as KubeObject;
          return [{ kind: 'Node', name, command: { type: 'Create', data: { object: node }, metadata: meta() } }];
        }
        // A heartbeat: the Ready condition's lastHeartbeatTime, refreshed each interval (see docs/operations.md).
        if (sinceHeartbeat(object) < interval) return [];
        return [{ kind: 'Node', name, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } }];
      }
      if (object === null || !ours.has(object.spec?.nodeName)) return [];
      const target = { kind: 'Pod' as const, namespace: object.metadata.namespace as string, name: object.metadata.name as string };
      if (object.metadata.deletionTimestamp) {
        if (settling(key) > 0) return []; // looked at again then (requeueAfterMs)
        deleting.delete(key);
        return [{ ...target, command: { type: 'ConfirmDeletion', data: {}, metadata: meta() } }];
      }
      // Ready, as a kubelet reports it, once the readiness gates' conditions (set by others) are True.
      const gates = readinessGateMessages(object.spec?.readinessGates, object.status?.conditions);
      const ready = gates.length === 0 ? { status: 'True' } : { status: 'False', reason: READINESS_GATES_NOT_READY, message: gates.join(', ') };
      const time = meta().time;
      if (object.status?.phase === 'Running') {
        // Reported once, a simulated pod is left alone (tests play its readiness by hand), unless
        // a readiness gate's condition moves its Ready.
        if ((object.spec?.readinessGates ?? []).length === 0) return [];
        const current = conditionOf(object, 'Ready');
        if (current?.status === ready.status && current?.message === (ready as { message?: string }).message) return [];
        const conditions = (object.status.conditions as Anything[]).map((c) =>
          c.type === 'Ready' ? { type: 'Ready', ...ready, lastProbeTime: null, lastTransitionTime: c.status === ready.status ? c.lastTransitionTime : time } : c,
        );
        return [{ ...target, command: { type: 'UpdateStatus', data: { status: { ...object.status, conditions } }, metadata: meta() } }];
      }
      const n = index.get(object.spec.nodeName) ?? 0;
      // A pod on the host's network has the node's address, as a kubelet (and Bosun's node agent) reports it.
      const ip = object.spec?.hostNetwork === true ? hostIP(n) : `10.244.${n}.${1 + (hash(object.metadata.uid) % 253)}`;
      const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: time });
      const status = {
        ...(object.status ?? {}),
        phase: 'Running',
        hostIP: hostIP(n),
        hostIPs: [{ ip: hostIP(n) }],
        podIP: ip,
        podIPs: [{ ip }],
        startTime: time,
        // The conditions a kubelet does not own (a readiness gate's, DisruptionTarget) stay as they are.
        conditions: withKubeletConditions(object.status?.conditions as Anything[] | undefined, [
          condition('PodReadyToStartContainers'),
          condition('Initialized'),
          { ...condition('Ready'), ...ready },
          condition('ContainersReady'),
          condition('PodScheduled'),
        ]),
        containerStatuses: ((object.spec?.containers ?? []) as Anything[]).map((c) => ({
          name: c.name,
          image: c.image,
          imageID: '',
          containerID: `simulated://${object.metadata.uid}/${c.name}`,
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: time } },
          // Go writes the struct even when it is empty, as the node agent does.
          lastState: {},
        })),
      };
      return [{ ...target, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } }];
    },

    requeueAfterMs(key: string, state: ClusterState): number | undefined {
      if (!key.startsWith('nodes/')) return deleting.has(key) ? Math.max(1, settling(key)) : undefined;
      const node = state.getObject(key);
      return node === null ? undefined : Math.max(100, interval - sinceHeartbeat(node));
    },
  };
}

const hostIP = (n: number): string => `10.240.0.${n + 10}`;

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

function nodeStatus(name: string, n: number, time: string, existing: Anything | null): Anything {
  const capacity = { cpu: '4', memory: '16Gi', pods: '110' };
  return {
    capacity,
    allocatable: capacity,
    addresses: [
      { type: 'InternalIP', address: hostIP(n) },
      { type: 'Hostname', address: name },
    ],
    conditions: kubeletNodeConditions(existing, 'simulated node is ready', time),
    nodeInfo: {
      machineID: name,
      systemUUID: name,
      bootID: name,
      kernelVersion: 'simulated',
      osImage: 'Bosun simulated node',
      containerRuntimeVersion: 'simulated://0',
      kubeletVersion: 'v1.31.0-bosun',
      kubeProxyVersion: 'v1.31.0-bosun',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}
