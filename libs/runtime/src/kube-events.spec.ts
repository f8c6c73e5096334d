import type { KubeObject } from '@bosun/api';
import type { DomainEvent } from '@bosun/objects';
import { deriveKubeEvents } from './kube-events';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const identity = { kind: 'Pod' as const, namespace: 'default', name: 'web-1' };
const event = (type: string, data: Record<string, unknown> = {}): DomainEvent => ({ type, data, metadata: { machineVersion: 1, commandId: 'c1', time: '2026-11-28T10:00:00Z', source: '/test' } });
const pod = (containerStatuses?: Anything[]): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', uid: 'u1', ownerReferences: [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: 'rc1', controller: true }] },
    spec: { nodeName: 'n1', containers: [{ name: 'web', image: 'python:3' }] },
    status: containerStatuses === undefined ? {} : { containerStatuses },
  }) as unknown as KubeObject;
const web = (state: Anything, restartCount = 0): Anything => ({ name: 'web', image: 'python:3', imageID: '', ready: false, restartCount, state });
/** The Events a status change yields, as `describe` lists them: type, reason, message. */
const derived = (before: KubeObject | null, after: KubeObject | null, type = 'PodStatusUpdated'): string[] =>
  deriveKubeEvents(identity, event(type), before, after, 7).map((e) => {
    const o = e.object as Anything;
    return `${o.type} ${o.reason} ${o.message}`;
  });

describe('Kubernetes Events derived from the log', () => {
  it('reports a container pulled, created and started, once per start', () => {
    const running = pod([web({ running: { startedAt: '2026-11-28T10:00:01Z' } })]);
    expect(derived(pod([web({ waiting: { reason: 'ContainerCreating' } })]), running)).toEqual([
      'Normal Pulled Container image "python:3" already present on machine',
      'Normal Created Created container web',
      'Normal Started Started container web',
    ]);
    expect(derived(running, running)).toEqual([]);
  });

  it('warns of a crash loop at each back-off, as the kubelet does', () => {
    const crashed = (restarts: number): KubeObject => pod([web({ waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } }, restarts)]);
    const warning = 'Warning BackOff Back-off restarting failed container web in pod web-1_default(u1)';
    expect(derived(pod([web({ running: { startedAt: 't' } })]), crashed(1))).toEqual([warning]);
    expect(derived(crashed(1), crashed(1))).toEqual([]);
    expect(derived(crashed(1), crashed(2))).toEqual([warning]);
  });

  it('reports an image that cannot be resolved, then its back-off', () => {
    const pull = pod([web({ waiting: { reason: 'ErrImagePull', message: 'no executable for image "python:3"' } })]);
    const backOff = pod([web({ waiting: { reason: 'ImagePullBackOff', message: 'no executable for image "python:3"' } })]);
    expect(derived(pod([]), pull)).toEqual(['Warning Failed Failed to pull image "python:3": no executable for image "python:3"', 'Warning Failed Error: ErrImagePull']);
    expect(derived(pull, backOff)).toEqual(['Normal BackOff Back-off pulling image "python:3"', 'Warning Failed Error: ImagePullBackOff']);
    expect(derived(backOff, backOff)).toEqual([]);
  });

  it('names the scheduler, the replication controller and the kubelet as their sources, about the right object', () => {
    const [scheduled] = deriveKubeEvents(identity, event('PodScheduled', { nodeName: 'n1' }), pod(), pod(), 3);
    expect(scheduled.object).toMatchObject({ reason: 'Scheduled', message: 'Successfully assigned default/web-1 to n1', source: { component: 'default-scheduler' }, involvedObject: { kind: 'Pod', name: 'web-1', uid: 'u1' } });
    const [created] = deriveKubeEvents(identity, event('PodCreated'), null, pod(), 4);
    expect(created.object).toMatchObject({ reason: 'SuccessfulCreate', message: 'Created pod: web-1', involvedObject: { kind: 'ReplicationController', name: 'web', uid: 'rc1' } });
    expect(derived(pod(), pod(), 'PodDeletionRequested')).toEqual(['Normal Killing Stopping container web']);
    expect(deriveKubeEvents(identity, event('PodDeletionRequested'), pod(), pod(), 5)[0].object).toMatchObject({ source: { component: 'kubelet', host: 'n1' } });
  });

  it('names the container a kubelet Event is about (involvedObject.fieldPath, kubectl’s SUBOBJECT), and nothing for pod-wide ones', () => {
    const fieldPaths = (before: KubeObject | null, after: KubeObject | null, type = 'PodStatusUpdated') =>
      deriveKubeEvents(identity, event(type, { nodeName: 'n1' }), before, after, 9).map((e) => (e.object as Anything).involvedObject.fieldPath);
    expect(fieldPaths(pod([]), pod([web({ running: { startedAt: 't' } })]))).toEqual(['spec.containers{web}', 'spec.containers{web}', 'spec.containers{web}']);
    expect(fieldPaths(pod(), pod(), 'PodDeletionRequested')).toEqual(['spec.containers{web}']);
    expect(fieldPaths(pod(), pod(), 'PodScheduled')).toEqual([undefined]);
  });

  it('reports init containers too, and a run that ended before a status showed it running', () => {
    const withInit = (init: Anything, app: Anything): KubeObject => {
      const p = pod([app]) as Anything;
      return { ...p, spec: { ...p.spec, initContainers: [{ name: 'setup', image: 'busybox' }] }, status: { ...p.status, initContainerStatuses: [init] } } as KubeObject;
    };
    const setup = (state: Anything): Anything => ({ name: 'setup', image: 'busybox', imageID: '', ready: false, restartCount: 0, state });
    const waiting = web({ waiting: { reason: 'PodInitializing' } });
    const done = withInit(setup({ terminated: { exitCode: 0, reason: 'Completed', startedAt: 't1', finishedAt: 't2' } }), waiting);
    const paths = (before: KubeObject, after: KubeObject) => deriveKubeEvents(identity, event('PodStatusUpdated'), before, after, 9).map((e) => `${(e.object as Anything).involvedObject.fieldPath} ${(e.object as Anything).message}`);
    expect(paths(withInit(setup({ waiting: { reason: 'PodInitializing' } }), waiting), done)).toEqual([
      'spec.initContainers{setup} Container image "busybox" already present on machine',
      'spec.initContainers{setup} Created container setup',
      'spec.initContainers{setup} Started container setup',
    ]);
    expect(paths(done, done)).toEqual([]);
    // Seen running first, then ended: one start.
    const running = withInit(setup({ running: { startedAt: 't1' } }), waiting);
    expect(paths(running, done)).toEqual([]);
  });
});
