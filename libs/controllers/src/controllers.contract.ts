/**
 * The control loops end to end on a real log: actor host, replication, scheduler and simulated
 * nodes in one process (controllers.spec.ts embedded, controllers.int-spec.ts on Kafka).
 */
import type { KubeObject } from '@bosun/api';
import type { EventLog } from '@bosun/event-log';
import type { AddressedCommand } from '@bosun/objects';
import type { Subscription } from '@bosun/event-log';
import { ActorHost, ClusterState, CommandClient, ReplyRouter } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import { waitFor } from '../../../test/support/wait-for';
import { Controller, type Reconciler } from './controller';
import { endpointsReconciler } from './endpoints.reconciler';
import { eventTtlReconciler } from './event-ttl.reconciler';
import { garbageCollectorReconciler } from './garbage-collector.reconciler';
import { nodeLifecycleReconciler } from './node-lifecycle.reconciler';
import { replicationReconciler } from './replication.reconciler';
import { schedulerReconciler } from './scheduler.reconciler';
import { simulatedNodesReconciler } from './simulated-nodes.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ControllersTarget {
  open(prefix: string): Promise<EventLog>;
  readonly sessionTimeoutMs: number;
}

export function describeControllers(name: string, target: ControllersTarget): void {
  describe(`control loops: ${name}`, () => {
    let log: EventLog;
    let host: ActorHost;
    let tail: Subscription;
    let state: ClusterState;
    let client: CommandClient;
    const controllers: Controller[] = [];
    const run = (r: Reconciler): Controller => {
      const c = new Controller(r, state, client, () => undefined);
      controllers.push(c);
      c.start();
      return c;
    };
    // Fast heartbeats, so that the node lifecycle test can use a short grace period.
    const simulated = (names: string[]) => simulatedNodesReconciler(names, { heartbeatIntervalMs: 300 });
    const send = async (c: AddressedCommand) => {
      const reply = await client.send(c);
      if (!reply.accepted) throw reply.error;
      await state.reached(reply.offset);
      return reply.object as Anything;
    };
    const meta = () => ({ commandId: randomUUID(), time: new Date().toISOString(), source: '/test' });
    const pods = (): Anything[] => state.list('Pod', 'default') as Anything[];
    const running = (): Anything[] => pods().filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
    const rc = (replicas: number): KubeObject =>
      ({
        apiVersion: 'v1',
        kind: 'ReplicationController',
        metadata: { name: 'web', namespace: 'default', uid: 'rc-1' },
        spec: { replicas, selector: { app: 'web' }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'python:3' }] } } },
      }) as unknown as KubeObject;
    // As a client does (kubectl scale goes through a patch the API server retries): the controller
    // writes the RC's status concurrently, so a replace may meet a Conflict and is retried fresh.
    const scale = async (replicas: number): Promise<void> => {
      for (let attempt = 0; ; attempt++) {
        const current = state.getObject('replicationcontrollers/default/web') as Anything;
        try {
          await send({ kind: 'ReplicationController', namespace: 'default', name: 'web', command: { type: 'Replace', data: { object: { ...current, spec: { ...current.spec, replicas } } as KubeObject }, metadata: meta() } });
          return;
        } catch (error) {
          if ((error as { code?: string }).code !== 'Conflict' || attempt > 10) throw error;
        }
      }
    };

    beforeEach(async () => {
      log = await target.open(`c${randomUUID().slice(0, 8)}`);
      const replies = new ReplyRouter();
      host = new ActorHost(log, replies, { sessionTimeoutMs: target.sessionTimeoutMs });
      await host.start();
      state = new ClusterState();
      tail = await log.events.subscribe(0, async (r) => state.applyAll(r));
      client = new CommandClient(log, replies);
      await send({ kind: 'Namespace', name: 'default', command: { type: 'Create', data: { object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'ns' } } as KubeObject }, metadata: meta() } });
      run(replicationReconciler);
      run(schedulerReconciler());
      run(simulated(['sim-1', 'sim-2']));
      run(garbageCollectorReconciler);
    });
    afterEach(async () => {
      await Promise.all(controllers.splice(0).map((c) => c.stop()));
      await tail.close();
      await host.stop();
      await log.close();
    });

    it('runs an RC of 3 over 2 nodes, replaces a deleted pod, and scales 3 → 10 → 1', async () => {
      await send({ kind: 'ReplicationController', namespace: 'default', name: 'web', command: { type: 'Create', data: { object: rc(3) }, metadata: meta() } });
      await waitFor('3 running pods', () => running().length === 3 && pods().length === 3, 20_000);
      expect(new Set(running().map((p) => p.spec.nodeName))).toEqual(new Set(['sim-1', 'sim-2']));
      await waitFor('RC status', () => (state.getObject('replicationcontrollers/default/web') as Anything).status?.readyReplicas === 3, 20_000);

      const victim = running()[0].metadata.name as string;
      await send({ kind: 'Pod', namespace: 'default', name: victim, command: { type: 'Delete', data: {}, metadata: meta() } });
      await waitFor('a replacement', () => running().length === 3 && !running().some((p) => p.metadata.name === victim), 20_000);

      await scale(10);
      await waitFor('10 running pods', () => running().length === 10 && pods().length === 10, 30_000);
      await scale(1);
      await waitFor('1 pod left', () => pods().length === 1, 30_000);
      // (Which one stays is the reconciler spec's business: creation times here share a second.)
      expect(running()).toHaveLength(1);

      await send({ kind: 'ReplicationController', namespace: 'default', name: 'web', command: { type: 'Delete', data: {}, metadata: meta() } });
      await waitFor('the RC’s pods deleted with it', () => pods().length === 0, 20_000);
    });

    it('confirms a held deletion once, not again and again, and lets the pod go when the orphan finalizer is processed', async () => {
      const held = (name: string, finalizer: string) =>
        ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `u-${name}`, finalizers: [finalizer] }, spec: { containers: [{ name: 'c', image: 'i' }] } }) as unknown as KubeObject;
      const commands = async (): Promise<number> => {
        let n = 0;
        for (let p = 0; p < log.commands.partitions; p++) n += await log.commands.endOffset(p);
        return n;
      };
      for (const [name, finalizer] of [['held', 'example.com/hold'], ['orphaned', 'orphan']]) {
        await send({ kind: 'Pod', namespace: 'default', name, command: { type: 'Create', data: { object: held(name, finalizer) }, metadata: meta() } });
      }
      await waitFor('both running', () => running().length === 2, 20_000);
      for (const name of ['held', 'orphaned']) await send({ kind: 'Pod', namespace: 'default', name, command: { type: 'Delete', data: {}, metadata: meta() } });
      // The garbage collector takes the orphan finalizer off (the pod owns nothing), the node confirms: gone.
      await waitFor('the orphaned pod gone', () => state.getObject('pods/default/orphaned') === null, 20_000);
      // Another's finalizer holds the pod at grace 0; the node has confirmed, and waits for a change.
      await waitFor('held at grace 0', () => (state.getObject('pods/default/held') as Anything).metadata.deletionGracePeriodSeconds === 0, 20_000);
      const before = await commands();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Node heartbeats only: tens (300 ms here, and their times are whole seconds, so more often).
      // Confirming again at once after each no-op confirmation sent thousands.
      expect((await commands()) - before).toBeLessThan(100);
    });

    it('keeps a pod that fits nowhere pending with the reason, and schedules it when a node arrives', async () => {
      const lonely = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'lonely', namespace: 'default', uid: 'l' }, spec: { nodeSelector: { 'kubernetes.io/hostname': 'sim-3' }, containers: [{ name: 'c', image: 'i' }] } } as unknown as KubeObject;
      await send({ kind: 'Pod', namespace: 'default', name: 'lonely', command: { type: 'Create', data: { object: lonely }, metadata: meta() } });
      await waitFor('the Unschedulable verdict', () => {
        const c = ((state.getObject('pods/default/lonely') as Anything).status?.conditions ?? []).find((x: Anything) => x.type === 'PodScheduled');
        return c?.status === 'False' && c.message === "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
      }, 20_000);
      run(simulated(['sim-3']));
      await waitFor('lonely running on sim-3', () => {
        const p = state.getObject('pods/default/lonely') as Anything;
        return p.spec.nodeName === 'sim-3' && p.status.phase === 'Running';
      }, 20_000);
    });

    it('marks a node that stops heartbeating Unknown and recreates its pods on the other nodes', async () => {
      run(nodeLifecycleReconciler({ gracePeriodMs: 2_000, evictionTimeoutMs: 1_000 }));
      const doomed = run(simulated(['sim-3']));
      await waitFor('3 nodes', () => state.list('Node').length === 3, 20_000);
      const template = { ...rc(6), spec: { ...(rc(6) as Anything).spec, template: { metadata: { labels: { app: 'web' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'web', image: 'python:3' }] } } } } as KubeObject;
      await send({ kind: 'ReplicationController', namespace: 'default', name: 'web', command: { type: 'Create', data: { object: template }, metadata: meta() } });
      await waitFor('6 running pods, some on sim-3', () => running().length === 6 && running().some((p) => p.spec.nodeName === 'sim-3'), 20_000);

      await doomed.stop(); // sim-3's "kubelet" dies: no more heartbeats
      await waitFor('sim-3 Unknown', () => {
        const ready = ((state.getObject('nodes/sim-3') as Anything).status.conditions as Anything[]).find((c) => c.type === 'Ready') as Anything;
        return ready.status === 'Unknown' && ready.message === 'Kubelet stopped posting node status.';
      }, 20_000);
      await waitFor('6 running pods on sim-1 and sim-2, none left on sim-3', () =>
        running().length === 6 && running().every((p) => p.spec.nodeName !== 'sim-3') && state.podsOnNode('sim-3').length === 0, 30_000);
      const healthy = (name: string) => (((state.getObject(`nodes/${name}`) as Anything).status.conditions as Anything[]).find((c) => c.type === 'Ready') as Anything).status;
      expect([healthy('sim-1'), healthy('sim-2')]).toEqual(['True', 'True']);
    });

    it('deletes an Event once it has not been written for the TTL, and keeps one written since', async () => {
      const event = (name: string, last: Date): KubeObject =>
        ({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace: 'default' },
          involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
          reason: 'Unhealthy',
          message: 'Readiness probe failed',
          type: 'Warning',
          firstTimestamp: last.toISOString(),
          lastTimestamp: last.toISOString(),
        }) as unknown as KubeObject;
      const now = Date.now();
      await send({ kind: 'Event', namespace: 'default', name: 'stale', command: { type: 'Create', data: { object: event('stale', new Date(now - 2_000)) }, metadata: meta() } });
      await send({ kind: 'Event', namespace: 'default', name: 'fresh', command: { type: 'Create', data: { object: event('fresh', new Date(now + 60_000)) }, metadata: meta() } });
      run(eventTtlReconciler({ ttlMs: 1_500 }));
      await waitFor('the stale Event deleted', () => state.getObject('events/default/stale') === null, 20_000);
      expect(state.getObject('events/default/fresh')).not.toBeNull();
    });

    it('keeps a Service’s Endpoints equal to its pods’ readiness', async () => {
      run(endpointsReconciler);
      await send({ kind: 'ReplicationController', namespace: 'default', name: 'web', command: { type: 'Create', data: { object: rc(2) }, metadata: meta() } });
      const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'svc' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } } as unknown as KubeObject;
      await send({ kind: 'Service', namespace: 'default', name: 'web', command: { type: 'Create', data: { object: service }, metadata: meta() } });
      const subsets = (): Anything[] => ((state.getObject('endpoints/default/web') as Anything | null)?.subsets ?? []) as Anything[];
      const ips = (field: 'addresses' | 'notReadyAddresses'): string[] => subsets().flatMap((s) => ((s[field] ?? []) as Anything[]).map((a) => a.ip)).sort();
      await waitFor('both pods ready in the Endpoints', () => running().length === 2 && ips('addresses').length === 2, 20_000);
      expect(subsets()[0].ports).toEqual([expect.objectContaining({ port: 8080, protocol: 'TCP' })]);

      // One pod stops being ready (its readiness probe fails): it moves to notReadyAddresses.
      const sick = running()[0];
      const status = { ...sick.status, conditions: (sick.status.conditions as Anything[]).map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c)) };
      await send({ kind: 'Pod', namespace: 'default', name: sick.metadata.name, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } });
      await waitFor('the sick pod among notReadyAddresses', () => ips('notReadyAddresses').join() === sick.status.podIP && ips('addresses').length === 1, 20_000);
      expect(ips('addresses')).not.toContain(sick.status.podIP);
    });
  });
}
