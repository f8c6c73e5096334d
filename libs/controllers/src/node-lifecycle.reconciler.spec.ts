import type { KubeObject } from '@bosun/api';
import { nodeLifecycleReconciler, withControllerTaints } from './node-lifecycle.reconciler';
import { cacheOf, meta, plan, summary } from './testing/cache.given';
import { pod } from './testing/objects.fixtures';

const NOW = Date.parse('2026-11-28T10:10:00Z');
const lifecycle = nodeLifecycleReconciler({ gracePeriodMs: 40_000, evictionTimeoutMs: 300_000, now: () => NOW });
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

// A node as the controller keeps it: already tainted for its state (the tainting has its own cases below).
const node = (ready: { status: string; heartbeat: number; since: number }): KubeObject => {
  const n = untainted(ready) as any;
  return { ...n, spec: { ...n.spec, ...(withControllerTaints(n, ago(ready.since)) ? { taints: withControllerTaints(n, ago(ready.since)) } : {}) } } as KubeObject;
};
const untainted = (ready: { status: string; heartbeat: number; since: number }): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1', uid: 'uid-n1', creationTimestamp: ago(3600) },
    spec: {},
    status: {
      conditions: [
        { type: 'Ready', status: ready.status, reason: 'KubeletReady', lastHeartbeatTime: ago(ready.heartbeat), lastTransitionTime: ago(ready.since) },
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: ago(ready.heartbeat), lastTransitionTime: ago(3600) },
      ],
    },
  }) as unknown as KubeObject;
/** A pod as admission gives it the not-ready and unreachable tolerations (`seconds`, 300 by default; null: for ever). */
const tolerant = (name: string, seconds: number | null = 300, node = 'n1'): KubeObject => {
  const p = pod(name, { node }) as any;
  const toleration = (key: string) => ({ key, operator: 'Exists', effect: 'NoExecute', ...(seconds === null ? {} : { tolerationSeconds: seconds }) });
  return { ...p, spec: { ...p.spec, tolerations: [toleration('node.kubernetes.io/not-ready'), toleration('node.kubernetes.io/unreachable')] } } as KubeObject;
};
const terminating = (name: string, secondsAgo: number): KubeObject => {
  const p = pod(name, { node: 'n1', phase: 'Running' }) as any;
  return { ...p, metadata: { ...p.metadata, deletionTimestamp: ago(secondsAgo), deletionGracePeriodSeconds: 30 } } as KubeObject;
};

describe('node lifecycle', () => {
  it('does nothing for a node that heartbeats', () => {
    expect(plan(lifecycle, [node({ status: 'True', heartbeat: 5, since: 600 }), pod('a', { node: 'n1' }), tolerant('b')], 'nodes/n1')).toEqual([]);
  });

  it('sets every condition of a node silent past the grace period to Unknown', () => {
    const commands = plan(lifecycle, [node({ status: 'True', heartbeat: 41, since: 600 })], 'nodes/n1');
    expect(summary(commands)).toEqual(['UpdateStatus Node/n1']);
    const conditions = (commands[0].command as { data: { status: any } }).data.status.conditions;
    expect(conditions).toEqual([
      expect.objectContaining({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: ago(41), lastTransitionTime: ago(0) }),
      expect.objectContaining({ type: 'MemoryPressure', status: 'Unknown', reason: 'NodeStatusUnknown' }),
    ]);
  });

  it('keeps the pods of a node not Ready that tolerate it, for less than their tolerationSeconds and the eviction timeout', () => {
    expect(plan(lifecycle, [node({ status: 'Unknown', heartbeat: 200, since: 160 }), tolerant('a')], 'nodes/n1')).toEqual([]);
  });

  it('evicts by the pods’ tolerations of the NoExecute taints: at once without one, after tolerationSeconds, never without a time', () => {
    const unreachable = node({ status: 'Unknown', heartbeat: 200, since: 60 });
    const commands = plan(lifecycle, [unreachable, pod('bare', { node: 'n1' }), tolerant('quick', 30), tolerant('patient', 300), tolerant('forever', null)], 'nodes/n1');
    expect(summary(commands).sort()).toEqual(['Delete Pod/bare', 'Delete Pod/quick']);
    // Past the eviction timeout, all but the one that tolerates the taint for ever.
    const long = node({ status: 'Unknown', heartbeat: 400, since: 360 });
    expect(summary(plan(lifecycle, [long, tolerant('patient', 300), tolerant('forever', null)], 'nodes/n1'))).toEqual(['Delete Pod/patient']);
    // A user's NoExecute taint on a Ready node evicts the pods that do not tolerate it.
    const ready = node({ status: 'True', heartbeat: 5, since: 600 }) as any;
    const tainted = { ...ready, spec: { ...ready.spec, taints: [{ key: 'maintenance', effect: 'NoExecute', timeAdded: ago(1) }] } } as KubeObject;
    expect(summary(plan(lifecycle, [tainted, tolerant('a')], 'nodes/n1'))).toEqual(['Delete Pod/a']);
  });

  it('evicts the pods of a node not Ready for the eviction timeout, NotReady as much as Unknown', () => {
    for (const status of ['Unknown', 'False']) {
      const commands = plan(lifecycle, [node({ status, heartbeat: status === 'False' ? 5 : 400, since: 301 }), tolerant('a'), tolerant('b', 300, 'n2')], 'nodes/n1');
      expect(summary(commands)).toEqual(['Delete Pod/a']);
      expect(commands[0].command.data).toEqual({});
    }
  });

  it('deletes at once an evicted pod whose grace period ran out with no node to confirm it', () => {
    const commands = plan(lifecycle, [node({ status: 'Unknown', heartbeat: 400, since: 360 }), terminating('gone', 5), terminating('waiting', -20)], 'nodes/n1');
    expect(summary(commands)).toEqual(['Delete Pod/gone']);
    expect(commands[0].command.data).toEqual({ gracePeriodSeconds: 0 });
  });

  it('looks again when the heartbeat or the eviction falls due', () => {
    expect(lifecycle.requeueAfterMs!('nodes/n1', cacheOf([node({ status: 'True', heartbeat: 10, since: 600 })]))).toBe(30_050);
    expect(lifecycle.requeueAfterMs!('nodes/n1', cacheOf([node({ status: 'Unknown', heartbeat: 100, since: 60 }), tolerant('a')]))).toBe(240_050);
    expect(lifecycle.requeueAfterMs!('nodes/n1', cacheOf([node({ status: 'Unknown', heartbeat: 100, since: 60 }), tolerant('a', 90)]))).toBe(30_050);
  });

  it('taints a cordoned node node.kubernetes.io/unschedulable:NoSchedule, and takes the taint off when it is uncordoned, leaving the users’ taints', () => {
    const ready = untainted({ status: 'True', heartbeat: 5, since: 600 }) as any;
    const cordoned = { ...ready, spec: { unschedulable: true, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } };
    const commands = plan(lifecycle, [cordoned], 'nodes/n1');
    expect(summary(commands)).toEqual(['Replace Node/n1']);
    const replaced = (commands[0].command as { data: { object: any } }).data.object;
    expect(replaced.spec).toEqual({
      unschedulable: true,
      taints: [
        { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: ago(0) },
      ],
    });
    expect(replaced.metadata.resourceVersion).toMatch(/^\d+$/); // written against the version it read
    expect(plan(lifecycle, [replaced], 'nodes/n1')).toEqual([]);
    const uncordoned = { ...replaced, spec: { taints: replaced.spec.taints } };
    expect((plan(lifecycle, [uncordoned], 'nodes/n1')[0].command as { data: { object: any } }).data.object.spec).toEqual({ taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
  });

  it('taints a node that is not Ready not-ready, and one whose status is Unknown unreachable, NoSchedule and NoExecute, and untaints it once Ready', () => {
    const taintsOf = (status: string): unknown => (plan(lifecycle, [untainted({ status, heartbeat: 5, since: 10 })], 'nodes/n1')[0].command as { data: { object: any } }).data.object.spec.taints;
    expect(taintsOf('False')).toEqual([
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: ago(0) },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: ago(0) },
    ]);
    const unreachable = node({ status: 'Unknown', heartbeat: 100, since: 60 }) as any;
    expect(unreachable.spec.taints.map((t: any) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    const back = { ...unreachable, status: (untainted({ status: 'True', heartbeat: 1, since: 1 }) as any).status };
    const commands = plan(lifecycle, [back], 'nodes/n1');
    expect((commands[0].command as { data: { object: any } }).data.object.spec).toEqual({});
  });

  it('ignores a node that is gone', () => {
    expect(lifecycle.plan('nodes/ghost', cacheOf([]), meta)).toEqual([]);
  });
});
