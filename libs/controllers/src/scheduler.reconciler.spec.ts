import { cacheOf, meta, plan, summary } from './testing/cache.given';
import { node, pod } from './testing/objects.fixtures';
import { feasibleNodesToFind, schedulerReconciler } from './scheduler.reconciler';

const KEY = 'pods/default/p';
const p = (objects: Parameters<typeof plan>[1]) => plan(schedulerReconciler(), objects, KEY);
const bindTarget = (objects: Parameters<typeof plan>[1]) => (p(objects)[0]?.command as { type: string; data: { nodeName?: string } }) ?? undefined;

describe('scheduler reconciler', () => {
  it('binds a pending pod to a ready node', () => {
    expect(bindTarget([pod('p', { owned: false }), node('n1')])).toEqual(expect.objectContaining({ type: 'Bind', data: { nodeName: 'n1' } }));
  });

  it('leaves a pod its scheduling gates hold, and places it once they are gone', () => {
    const gated = pod('p', { owned: false }) as any;
    gated.spec.schedulingGates = [{ name: 'example.com/wait' }];
    expect(p([gated, node('n1')])).toEqual([]);
    expect(schedulerReconciler().initialKeys!(cacheOf([gated, node('n1')]))).toEqual([]);
    gated.spec.schedulingGates = [];
    expect(bindTarget([gated, node('n1')])).toMatchObject({ type: 'Bind', data: { nodeName: 'n1' } });
  });

  it('skips nodes that are not ready, unschedulable or do not match the nodeSelector', () => {
    const objects = [pod('p', { owned: false, selector: { disk: 'ssd' } }), node('a', { ready: false }), node('b', { unschedulable: true }), node('c'), node('d', { labels: { disk: 'ssd' } })];
    expect(bindTarget(objects)).toMatchObject({ type: 'Bind', data: { nodeName: 'd' } });
  });

  it('honours required node affinity: a daemon pod’s matchFields metadata.name, on a cordoned node it tolerates', () => {
    const daemon = pod('p', { owned: false }) as any;
    daemon.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } };
    daemon.spec.tolerations = [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }];
    expect(bindTarget([daemon, node('a'), node('b', { unschedulable: true }), node('c')])).toMatchObject({ type: 'Bind', data: { nodeName: 'b' } });
    daemon.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms = [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] }];
    expect(bindTarget([daemon, node('a', { labels: { zone: 'z1' } }), node('c', { labels: { zone: 'z2' } })])).toMatchObject({ type: 'Bind', data: { nodeName: 'c' } });
    expect(bindTarget([daemon, node('a', { labels: { zone: 'z1' } })])).toMatchObject({ type: 'UpdateStatus' });
  });

  it('keeps pods off nodes whose NoSchedule and NoExecute taints they do not tolerate, in kube-scheduler’s words', () => {
    const tainted = (name: string, taints: unknown[], unschedulable = false) => {
      const n = node(name, { unschedulable }) as any;
      n.spec = { ...n.spec, taints };
      return n;
    };
    const gpu = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    const withTolerations = (tolerations: unknown[]) => {
      const q = pod('p', { owned: false }) as any;
      q.spec.tolerations = tolerations;
      return q;
    };
    // A PreferNoSchedule taint only scores; the others filter.
    expect(bindTarget([pod('p', { owned: false }), tainted('a', [gpu]), tainted('b', [{ key: 'x', effect: 'NoExecute' }]), tainted('c', [{ key: 'soft', effect: 'PreferNoSchedule' }])])).toMatchObject({ data: { nodeName: 'c' } });
    const refused = p([pod('p', { owned: false }), tainted('a', [gpu])]);
    expect((refused[0].command as { data: { status: any } }).data.status.conditions[0].message).toBe(
      '0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    for (const toleration of [
      { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      { key: 'dedicated', value: 'gpu' },
      { key: 'dedicated', operator: 'Exists' },
      { operator: 'Exists' },
    ]) {
      expect(bindTarget([withTolerations([toleration]), tainted('a', [gpu])])).toMatchObject({ type: 'Bind', data: { nodeName: 'a' } });
    }
    for (const toleration of [{ key: 'dedicated', value: 'cpu' }, { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, { key: 'other', operator: 'Exists' }]) {
      expect(bindTarget([withTolerations([toleration]), tainted('a', [gpu])])).toMatchObject({ type: 'UpdateStatus' });
    }
    // A cordoned node takes the pods that tolerate node.kubernetes.io/unschedulable, as DaemonSet pods do.
    expect(bindTarget([withTolerations([{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }]), tainted('a', [], true)])).toMatchObject({ data: { nodeName: 'a' } });
  });

  it('prefers the least allocated node, and spreads the pods of one controller', () => {
    expect(bindTarget([pod('p', { owned: false, cpu: '1' }), node('busy'), node('idle'), pod('x', { owned: false, node: 'busy', cpu: '3' })])).toMatchObject({ data: { nodeName: 'idle' } });
    expect(bindTarget([pod('p'), node('n1'), node('n2'), pod('sibling', { node: 'n1' })])).toMatchObject({ data: { nodeName: 'n2' } });
  });

  it('packs onto the fullest node that fits with the most-allocated policy', () => {
    const objects = [pod('p', { owned: false, cpu: '1' }), node('busy'), node('idle'), pod('x', { owned: false, node: 'busy', cpu: '2' })];
    expect(plan(schedulerReconciler({ policy: 'most-allocated' }), objects, KEY)[0]?.command).toMatchObject({ data: { nodeName: 'busy' } });
    expect(bindTarget(objects)).toMatchObject({ data: { nodeName: 'idle' } });
  });

  it('marks a pod that fits nowhere Unschedulable with kube-scheduler’s message', () => {
    const commands = p([pod('p', { owned: false, cpu: '3', selector: { zone: 'a' } }), node('a', { labels: { zone: 'a' }, cpu: '2' }), node('b'), node('c', { ready: false })]);
    expect(summary(commands)).toEqual(['UpdateStatus Pod/p']);
    const status = (commands[0].command as { data: { status: any } }).data.status;
    expect(status.conditions).toEqual([
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message:
          "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. " +
          'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
      }),
    ]);
  });

  it('lists every resource a node lacks, and sorts the reasons as kube-scheduler’s FitError does: by the whole "N reason" string', () => {
    const hungry = pod('p', { owned: false }) as any;
    hungry.spec.containers[0].resources = { requests: { cpu: '3', memory: '64Gi' } };
    const message = (objects: unknown[]): string => ((p(objects as never)[0].command as { data: { status: any } }).data.status.conditions[0].message as string);
    expect(message([hungry, node('a', { cpu: '2' })])).toBe(
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
    // "1 node(s) were unschedulable" sorts before "2 Insufficient cpu", though "Insufficient" comes first as a word.
    const cordoned = { ...(node('c', { cpu: '2' }) as any), spec: { unschedulable: true } };
    expect(message([pod('p', { owned: false, cpu: '3' }), node('a', { cpu: '2' }), node('b', { cpu: '2' }), cordoned])).toBe(
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('says so when there are no nodes, and does not repeat an unchanged verdict', () => {
    const commands = p([pod('p', { owned: false })]);
    expect((commands[0].command as { data: { status: any } }).data.status.conditions[0].message).toBe('no nodes available to schedule pods');
    const marked = pod('p', { owned: false });
    (marked as any).status.conditions = [{ type: 'PodScheduled', status: 'False', message: 'no nodes available to schedule pods' }];
    expect(p([marked])).toEqual([]);
  });

  it('leaves bound and terminating pods alone', () => {
    expect(p([pod('p', { node: 'n1' }), node('n1')])).toEqual([]);
  });

  it('counts a pod it has just bound on its node before the log shows the binding', () => {
    const state = cacheOf([pod('a', { owned: false, cpu: '3' }), pod('b', { owned: false, cpu: '3' }), node('n1'), node('n2')]);
    const scheduler = schedulerReconciler();
    const first = scheduler.plan('pods/default/a', state, meta)[0].command as { data: { nodeName: string } };
    const second = scheduler.plan('pods/default/b', state, meta)[0].command as { data: { nodeName: string } };
    expect([first.data.nodeName, second.data.nodeName].sort()).toEqual(['n1', 'n2']);
  });

  it('forgets an assumption whose Bind did not land when it plans the pod again', () => {
    const state = cacheOf([pod('a', { owned: false, cpu: '3' }), node('n1')]);
    const scheduler = schedulerReconciler();
    expect(summary(scheduler.plan('pods/default/a', state, meta))).toEqual(['Bind Pod/a']);
    // The pod is still unbound in the cache: the Bind was rejected; n1 must not count it twice.
    expect(summary(scheduler.plan('pods/default/a', state, meta))).toEqual(['Bind Pod/a']);
  });

  it('looks at a sample of large clusters, as kube-scheduler’s percentageOfNodesToScore', () => {
    expect(feasibleNodesToFind(50)).toBe(50);
    expect(feasibleNodesToFind(1000)).toBe(420);
    expect(feasibleNodesToFind(5000)).toBe(500);
    expect(feasibleNodesToFind(100_000)).toBe(5000);
  });

  it('keeps looking past the sample when few nodes fit', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(`n${String(i).padStart(3, '0')}`, { labels: i === 199 ? { disk: 'ssd' } : {} }));
    expect(bindTarget([pod('p', { owned: false, selector: { disk: 'ssd' } }), ...nodes])).toMatchObject({ data: { nodeName: 'n199' } });
  });
});
