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

  it('keeps the conditions the kubelet does not own, and holds Ready back until the readiness gates’ conditions are True', () => {
    const target = { type: 'DisruptionTarget', status: 'True', lastTransitionTime: 'then', reason: 'EvictionByEvictionAPI' };
    const gated = (status: string | undefined) => ({
      metadata: { name: 'p' },
      spec: { restartPolicy: 'Always', readinessGates: [{ conditionType: 'example.com/lb' }] },
      status: { conditions: [target, ...(status === undefined ? [] : [{ type: 'example.com/lb', status }]), { type: 'Ready', status: 'False' }] },
    });
    const ready = (status: ReturnType<typeof podStatus>) => status.conditions.find((c: { type: string }) => c.type === 'Ready');
    const missing = podStatus(gated(undefined), [running], { hostIP: 'h', podIP: 'p' }, 'now');
    expect(missing.conditions.map((c: { type: string }) => c.type)).toEqual(['DisruptionTarget', 'PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    expect(missing.conditions[0]).toEqual(target);
    expect(ready(missing)).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.' });
    expect(missing.conditions.find((c: { type: string }) => c.type === 'ContainersReady')).toMatchObject({ status: 'True' });
    expect(ready(podStatus(gated('False'), [running], { hostIP: 'h', podIP: 'p' }, 'now'))).toMatchObject({
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: 'the status of pod readiness gate "example.com/lb" is not "True", but False',
    });
    const open = podStatus(gated('True'), [running], { hostIP: 'h', podIP: 'p' }, 'now');
    expect(ready(open)).toMatchObject({ status: 'True' });
    expect(open.conditions.map((c: { type: string }) => c.type).slice(0, 2)).toEqual(['DisruptionTarget', 'example.com/lb']);
  });
});
