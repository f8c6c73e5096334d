import { podPhase, podStatus, restarts, type ContainerView } from './pod-status';

const view = (state: ContainerView['state'], lastState: ContainerView['lastState'] = {}, ready = false): ContainerView => ({
  name: 'c',
  image: 'busybox',
  imageID: 'bosun-process://busybox',
  restartCount: 0,
  state,
  lastState,
  ready,
});
const running = view({ running: { startedAt: 't' } }, {}, true);
const exited = (exitCode: number) => view({ terminated: { exitCode } });
const waiting = view({ waiting: { reason: 'ContainerCreating' } });
const crashLooping = view({ waiting: { reason: 'CrashLoopBackOff' } }, { terminated: { exitCode: 1 } });

describe('pod status', () => {
  it('restarts by the pod’s restartPolicy', () => {
    expect([restarts('Always', 0), restarts('OnFailure', 0), restarts('OnFailure', 2), restarts('Never', 2)]).toEqual([true, false, true, false]);
  });

  it.each([
    ['Always', [waiting], 'Pending'],
    ['Always', [running], 'Running'],
    ['Always', [crashLooping], 'Running'],
    ['Always', [exited(0)], 'Running'],
    ['OnFailure', [exited(0)], 'Succeeded'],
    ['OnFailure', [exited(1)], 'Running'],
    ['Never', [exited(0), exited(0)], 'Succeeded'],
    ['Never', [exited(0), exited(3)], 'Failed'],
    ['Never', [exited(0), running], 'Running'],
  ] as const)('with %s and %j the phase is %s', (policy, containers, phase) => {
    expect(podPhase(policy, containers)).toBe(phase);
  });

  it('reports Ready only when every container runs and is ready, keeping unchanged transition times', () => {
    const pod = { metadata: { name: 'p' }, spec: { restartPolicy: 'Always' }, status: { conditions: [{ type: 'Initialized', status: 'True', lastTransitionTime: 'earlier' }] } };
    const status = podStatus(pod, [running], { hostIP: '127.0.0.1', podIP: '127.0.0.1' }, 'now');
    expect(status).toMatchObject({ phase: 'Running', podIP: '127.0.0.1', hostIP: '127.0.0.1', startTime: 'now' });
    expect(status.conditions).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'Ready', status: 'True', lastTransitionTime: 'now' }),
      expect.objectContaining({ type: 'Initialized', status: 'True', lastTransitionTime: 'earlier' }),
    ]));
    const notReady = podStatus(pod, [running, crashLooping], { hostIP: 'h', podIP: 'p' }, 'now');
    expect(notReady.conditions.find((c: { type: string }) => c.type === 'ContainersReady').status).toBe('False');
    expect(notReady.containerStatuses.map((c: { started: boolean }) => c.started)).toEqual([true, false]);
  });
});
