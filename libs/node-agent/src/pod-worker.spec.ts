import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../../test/support/wait-for';
import { DEFAULT_IMAGE_MAP } from './image-map';
import { existsSync } from 'node:fs';
import { Cgroups } from './container-cgroup';
import { podStatus } from './pod-status';
import { ContainerConfigError, containerEnv, crashBackOffMs, expandVariables, PodWorker, runAs, startBackOffMs, type PodWorkerDeps } from './pod-worker';

jest.setTimeout(30_000);

/**
 * A worker for pod `p`, its directory under `root`, woken to sync the pod it was last given again
 * (as the agent syncs the pod as it is now).
 */
function workerFor(root: string, p: { metadata: { name: string; uid: string } }, deps: Partial<PodWorkerDeps> = {}): PodWorker {
  let latest: Parameters<PodWorker['sync']>[0] = p;
  const w: PodWorker = new PodWorker(`pods/default/${p.metadata.name}`, p.metadata.uid, {
    dir: join(root, p.metadata.name),
    imageMap: DEFAULT_IMAGE_MAP,
    baseEnv: () => ({ PATH: process.env.PATH ?? '' }),
    wake: () => void sync(latest),
    podIP: '127.0.0.1',
    ...deps,
  });
  const sync = w.sync.bind(w);
  w.sync = (pod) => sync((latest = pod));
  return w;
}

const pod = (name: string, restartPolicy: string, command: string[], extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { restartPolicy, terminationGracePeriodSeconds: 30, containers: [{ name: 'c', image: 'busybox', command, ...extra }] },
  status: {},
});

describe('pod worker', () => {
  const root = mkdtempSync(join(tmpdir(), 'bosun-pod-worker-'));
  const worker = (p: ReturnType<typeof pod>) => {
    let wakes = 0;
    const w = new PodWorker(`pods/default/${p.metadata.name}`, p.metadata.uid, {
      dir: join(root, p.metadata.name),
      imageMap: DEFAULT_IMAGE_MAP,
      baseEnv: () => ({ PATH: process.env.PATH ?? '', HOSTNAME: p.metadata.name }),
      wake: () => {
        wakes++;
        void w.sync(p);
      },
      podIP: '127.0.0.1',
    });
    return { w, wakes: () => wakes };
  };

  it('backs off like Kubernetes: at once, then 10 s doubling to 5 minutes', () => {
    expect([1, 2, 3, 4, 7, 20].map(crashBackOffMs)).toEqual([0, 10_000, 20_000, 40_000, 300_000, 300_000]);
    expect([1, 2, 6].map(startBackOffMs)).toEqual([10_000, 20_000, 300_000]);
  });

  it('expands $(VAR) from the environment and fills fieldRef values', () => {
    const p = { metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, status: { podIP: '10.0.0.5' } };
    const env = containerEnv(p, { env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }, { name: 'GREETING', value: 'hi $(POD) $$(POD)' }] }, {});
    expect(env).toEqual({ POD: 'web', APP: 'web', GREETING: 'hi web $(POD)' });
    expect(expandVariables('$(MISSING)', {})).toBe('$(MISSING)');
  });

  it('runs a container as its securityContext says, the pod’s filling in, and refuses root under runAsNonRoot', () => {
    const p = { metadata: { name: 'p', namespace: 'ns', uid: 'u' }, spec: { securityContext: { runAsUser: 1000, runAsGroup: 3000 } } };
    expect(runAs(p, { name: 'c' })).toEqual({ uid: 1000, gid: 3000 });
    expect(runAs(p, { name: 'c', securityContext: { runAsUser: 2000 } })).toEqual({ uid: 2000, gid: 3000 });
    expect(runAs({ spec: {} }, { name: 'c' })).toEqual({});
    expect(runAs({ spec: { securityContext: { runAsNonRoot: true, runAsUser: 5 } } }, { name: 'c' })).toEqual({ uid: 5 });
    expect(() => runAs({ metadata: p.metadata, spec: { securityContext: { runAsNonRoot: true } } }, { name: 'c' })).toThrow(new ContainerConfigError('container has runAsNonRoot and image will run as root (pod: "p_ns(u)", container: c)'));
    expect(() => runAs({ metadata: p.metadata, spec: {} }, { name: 'c', securityContext: { runAsNonRoot: true, runAsUser: 0 } })).toThrow('container\'s runAsUser breaks non-root policy (pod: "p_ns(u)", container: c)');
  });

  it('takes values from ConfigMaps and Secrets: envFrom first, env over it, and says what is missing', () => {
    const p = { metadata: { name: 'web', namespace: 'shop' } };
    const objects: Record<string, Record<string, unknown>> = {
      'ConfigMap/shop/cfg': { data: { MODE: 'fast', LEVEL: '3' } },
      'Secret/shop/creds': { data: { password: Buffer.from('s3cret').toString('base64') } },
    };
    const lookup = (kind: string, ns: string, name: string) => objects[`${kind}/${ns}/${name}`] ?? null;
    const container = {
      envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 'creds' }, prefix: 'DB_' }, { configMapRef: { name: 'gone', optional: true } }],
      env: [
        { name: 'LEVEL', value: 'override' },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        { name: 'MAYBE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'absent', optional: true } } },
      ],
    };
    expect(containerEnv(p, container, {}, lookup)).toEqual({ MODE: 'fast', LEVEL: 'override', DB_password: 's3cret', PASSWORD: 's3cret' });
    expect(() => containerEnv(p, { envFrom: [{ configMapRef: { name: 'gone' } }] }, {}, lookup)).toThrow(new ContainerConfigError('configmap "gone" not found'));
    expect(() => containerEnv(p, { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nope' } } }] }, {}, lookup)).toThrow(new ContainerConfigError("couldn't find key nope in ConfigMap shop/cfg"));
    expect(() => containerEnv(p, { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'other', key: 'k' } } }] }, {}, lookup)).toThrow(new ContainerConfigError('secret "other" not found'));
  });

  it('runs a container with its environment and keeps its output in the log file', async () => {
    const p = pod('env', 'Never', ['sh', '-c', 'echo "$HOSTNAME $GREETING"'], { env: [{ name: 'GREETING', value: 'hello' }] });
    const { w } = worker(p);
    await w.sync(p);
    await waitFor('the container to end', () => w.views()[0].state.terminated);
    expect(w.views()[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(readFileSync(w.logFile('c')!, 'utf8')).toBe('env hello\n');
  });

  it('restarts a failing container under OnFailure, counting restarts, and leaves it ended under Never', async () => {
    const again = pod('again', 'OnFailure', ['sh', '-c', 'exit 3']);
    const a = worker(again);
    await a.w.sync(again);
    await waitFor('a crash loop', () => a.w.views()[0].state.waiting?.reason === 'CrashLoopBackOff');
    expect(a.w.views()[0]).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 3, reason: 'Error' } } });

    const once = pod('once', 'Never', ['sh', '-c', 'exit 3']);
    const b = worker(once);
    await b.w.sync(once);
    await waitFor('the end', () => b.w.views()[0].state.terminated);
    await b.w.sync(once);
    expect(b.w.views()[0]).toMatchObject({ restartCount: 0, state: { terminated: { exitCode: 3 } } });
  });

  it('stops a container with SIGTERM, and with SIGKILL when it ignores SIGTERM past the grace period', async () => {
    const polite = pod('polite', 'Always', ['sleep', '600']);
    const a = worker(polite);
    await a.w.sync(polite);
    await a.w.terminate(5);
    expect(a.w.views()[0].state.terminated).toMatchObject({ exitCode: 143, signal: 15 });

    const stubborn = pod('stubborn', 'Always', ['sh', '-c', 'trap "" TERM; echo ready; while true; do sleep 0.1; done']);
    const b = worker(stubborn);
    await b.w.sync(stubborn);
    await waitFor('the trap to be set', () => readFileSync(b.w.logFile('c')!, 'utf8').includes('ready'));
    const t = Date.now();
    await b.w.terminate(1);
    expect(Date.now() - t).toBeGreaterThanOrEqual(900);
    expect(b.w.views()[0].state.terminated).toMatchObject({ exitCode: 137, signal: 9 });
  });

  it('reports an image it cannot run as ErrImagePull', async () => {
    const p = { ...pod('pull', 'Always', []), spec: { restartPolicy: 'Always', containers: [{ name: 'c', image: 'example/unknown:1' }] } };
    const { w } = worker(p as never);
    await w.sync(p);
    expect(w.views()[0].state.waiting).toMatchObject({ reason: 'ErrImagePull', message: expect.stringContaining('example/unknown:1') });
    // kubectl exec into it is told what Kubernetes 1.31 tells: the kubelet found no such container.
    expect(w.commandIn('c', ['true'])).toBe('Internal error occurred: unable to upgrade connection: container not found ("c")');
    expect(w.waitingReason('c')).toBe('ErrImagePull');
  });
});

describe('pod worker probes', () => {
  const root = mkdtempSync(join(tmpdir(), 'bosun-pod-probes-'));
  const run = (name: string, container: Record<string, unknown>) => {
    const p = { metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox', ...container }] }, status: {} };
    return { w: workerFor(root, p), p };
  };

  it('is ready only once its readiness probe passes, and not ready when it fails again', async () => {
    const flag = join(root, 'ready-flag');
    const { w, p } = run('readiness', { command: ['sleep', '600'], readinessProbe: { exec: { command: ['test', '-e', flag] }, periodSeconds: 0.05, failureThreshold: 1 } });
    await w.sync(p);
    expect(w.views()[0]).toMatchObject({ ready: false, state: { running: expect.anything() } });
    writeFileSync(flag, '');
    await waitFor('ready', () => w.views()[0].ready);
    rmSync(flag);
    await waitFor('not ready again', () => !w.views()[0].ready);
    expect(w.views()[0].restartCount).toBe(0);
    await w.terminate(1);
  });

  it('restarts a container whose liveness probe fails', async () => {
    const { w, p } = run('liveness', { command: ['sleep', '600'], livenessProbe: { exec: { command: ['false'] }, periodSeconds: 0.05, failureThreshold: 2 } });
    await w.sync(p);
    await waitFor('a restart', () => w.views()[0].restartCount >= 1, 20_000);
    expect(w.views()[0].lastState.terminated).toMatchObject({ exitCode: 143, signal: 15 });
    await w.terminate(1);
  });
});

describe('pod worker: init containers, startup probes and lifecycle hooks', () => {
  const root = mkdtempSync(join(tmpdir(), 'bosun-pod-init-'));
  type Spec = { restartPolicy?: string; initContainers?: Record<string, unknown>[]; containers: Record<string, unknown>[] };
  const run = (name: string, spec: Spec) => {
    const p = { metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 2, ...spec }, status: {} };
    const events: string[] = [];
    const w = workerFor(root, p, { record: (e) => events.push(`${e.reason}: ${e.message}`) });
    const status = () => podStatus(p, w.views(), { hostIP: '127.0.0.1', podIP: '127.0.0.1' }, 'now', w.initViews());
    const condition = (type: string) => status().conditions.find((c: { type: string }) => c.type === type);
    return { w, p, events, status, condition };
  };
  const c = (name: string, script: string, extra: Record<string, unknown> = {}) => ({ name, image: 'busybox', command: ['sh', '-c', script], ...extra });

  it('runs the init containers one after the other to completion, then the app containers', async () => {
    const trail = join(root, 'trail');
    const gate = join(root, 'gate');
    const { w, p, status, condition } = run('inits', {
      initContainers: [c('first', `echo first >> ${trail}; while [ ! -e ${gate} ]; do sleep 0.05; done`), c('second', `echo second >> ${trail}`)],
      containers: [c('app', `echo app >> ${trail}; exec sleep 600`)],
    });
    await w.sync(p);
    await waitFor('the first init container running', () => w.initViews().views[0]?.state.running);
    expect(status().phase).toBe('Pending');
    expect(w.views()[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(w.initViews().views[1].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(condition('Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [first second]' });
    writeFileSync(gate, '');
    await waitFor('the app container running', () => w.views()[0].state.running);
    await waitFor('the app container’s line', () => readFileSync(trail, 'utf8').endsWith('app\n'));
    expect(readFileSync(trail, 'utf8')).toBe('first\nsecond\napp\n');
    expect(status().initContainerStatuses.map((s: { state: { terminated?: { reason: string } } }) => s.state.terminated?.reason)).toEqual(['Completed', 'Completed']);
    expect(status().phase).toBe('Running');
    expect(condition('Initialized').status).toBe('True');
    expect(readFileSync(w.logFile('first')!, 'utf8')).toBe('');
    await w.terminate(1);
  });

  it('restarts a failing init container with back-off, or fails the pod under restartPolicy Never', async () => {
    const again = run('init-again', { initContainers: [c('setup', 'exit 2')], containers: [c('app', 'exec sleep 600')] });
    await again.w.sync(again.p);
    await waitFor('a crash loop of the init container', () => again.w.initViews().views[0]?.state.waiting?.reason === 'CrashLoopBackOff');
    expect(again.status().phase).toBe('Pending');
    expect(again.w.views()[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    await again.w.terminate(1);

    const never = run('init-never', { restartPolicy: 'Never', initContainers: [c('setup', 'exit 2')], containers: [c('app', 'exec sleep 600')] });
    await never.w.sync(never.p);
    await waitFor('the init container ended', () => never.w.initViews().views[0]?.state.terminated);
    await never.w.sync(never.p);
    expect(never.status().phase).toBe('Failed');
    expect(never.w.initViews().views[0].state.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(never.w.views()[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
  });

  it('starts a sidecar init container and keeps it running beside the app containers', async () => {
    const { w, p, status } = run('sidecar', { initContainers: [c('proxy', 'exec sleep 600', { restartPolicy: 'Always' })], containers: [c('app', 'exec sleep 600')] });
    await w.sync(p);
    await waitFor('the app container running', () => w.views()[0].state.running);
    expect(w.initViews().views[0].state.running).toBeDefined();
    expect(status()).toMatchObject({ phase: 'Running', conditions: expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'True' })]) });
    await w.terminate(1);
  });

  /**
   * A container that writes its name to `trail` when told to stop, and then exits; `<trail>.<name>`
   * exists once it listens for the signal (a loaded machine may take a while to get there).
   */
  const stoppable = (name: string, trail: string, extra: Record<string, unknown> = {}) =>
    c(name, `trap "echo ${name} >> ${trail}; exit 0" TERM; touch ${trail}.${name}; while :; do sleep 0.05; done`, extra);
  const listening = (trail: string, names: string[]) => names.every((n) => existsSync(`${trail}.${n}`));

  it('starts a sidecar that ended again, beside the app containers', async () => {
    const { w, p } = run('sidecar-restart', { initContainers: [c('proxy', 'sleep 0.2; exit 3', { restartPolicy: 'Always' })], containers: [c('app', 'exec sleep 600')] });
    await w.sync(p);
    await waitFor('the sidecar started again', () => w.initViews().views[0].restartCount >= 1 && w.initViews().views[0].state.running);
    expect(w.views()[0].state.running).toBeDefined();
    await w.terminate(1);
  });

  it('stops the sidecars, last declared first, once the app containers of a pod that does not restart them are done', async () => {
    const trail = join(root, 'sidecar-done-trail');
    const { w, p, status } = run('sidecar-done', {
      restartPolicy: 'Never',
      initContainers: [stoppable('first', trail, { restartPolicy: 'Always' }), stoppable('second', trail, { restartPolicy: 'Always' })],
      containers: [c('job', `while [ ! -e ${trail}.first ] || [ ! -e ${trail}.second ]; do sleep 0.05; done`)],
    });
    await w.sync(p);
    await waitFor('the pod succeeded', () => status().phase === 'Succeeded' && w.initViews().views.every((v) => v.state.terminated));
    expect(readFileSync(trail, 'utf8')).toBe('second\nfirst\n');
    expect(w.initViews().views.map((v) => v.state.terminated?.exitCode)).toEqual([0, 0]);
    await w.terminate(1);
  });

  it('stops the app containers first when the pod is deleted, then the sidecars, last declared first', async () => {
    const trail = join(root, 'sidecar-stop-trail');
    const { w, p } = run('sidecar-stop', {
      initContainers: [stoppable('first', trail, { restartPolicy: 'Always' }), stoppable('second', trail, { restartPolicy: 'Always' })],
      containers: [c('app', `trap "sleep 0.3; echo app >> ${trail}; exit 0" TERM; touch ${trail}.app; while :; do sleep 0.05; done`)],
    });
    await w.sync(p);
    await waitFor('all listening', () => listening(trail, ['first', 'second', 'app']));
    await w.terminate(5);
    expect(readFileSync(trail, 'utf8')).toBe('app\nsecond\nfirst\n');
  });

  it('holds liveness and readiness back until the startup probe passes', async () => {
    const flag = join(root, 'started-flag');
    const { w, p } = run('startup', {
      containers: [c('app', 'exec sleep 600', { startupProbe: { exec: { command: ['test', '-e', flag] }, periodSeconds: 0.05, failureThreshold: 1000 }, livenessProbe: { exec: { command: ['test', '-e', flag] }, periodSeconds: 0.05, failureThreshold: 1 } })],
    });
    await w.sync(p);
    await new Promise((r) => setTimeout(r, 300)); // the liveness probe would have killed it by now
    expect(w.views()[0]).toMatchObject({ started: false, ready: false, restartCount: 0, state: { running: expect.anything() } });
    writeFileSync(flag, '');
    await waitFor('started and ready', () => w.views()[0].started && w.views()[0].ready);
    expect(w.views()[0].restartCount).toBe(0);
    await w.terminate(1);
  });

  it('restarts a running container whose image was changed, even under restartPolicy Never', async () => {
    const first = run('reimaged', { restartPolicy: 'Never', containers: [c('app', 'exec sleep 600')] });
    await first.w.sync(first.p);
    expect(first.w.views()[0]).toMatchObject({ image: 'busybox', state: { running: expect.anything() } });
    const changed = { ...first.p, spec: { ...first.p.spec, containers: [{ ...first.p.spec.containers[0], image: 'busybox:1.36' }] } };
    await first.w.sync(changed);
    await waitFor('running again with the new image', () => first.w.views()[0].restartCount === 1 && first.w.views()[0].state.running !== undefined);
    expect(first.w.views()[0]).toMatchObject({ image: 'busybox:1.36', lastState: { terminated: { exitCode: 143 } } });
    expect(first.events).toContain('Killing: Container app definition changed, will be restarted');
    await first.w.terminate(1);
  });

  it('restarts a container that fails its startup probe', async () => {
    const { w, p, events } = run('startup-fails', { containers: [c('app', 'exec sleep 600', { startupProbe: { exec: { command: ['false'] }, periodSeconds: 0.05, failureThreshold: 2 } })] });
    await w.sync(p);
    await waitFor('a restart', () => w.views()[0].restartCount >= 1, 20_000);
    expect(events).toContain('Killing: Container app failed startup probe, will be restarted');
    await w.terminate(1);
  });

  it('runs preStop before SIGTERM, and kills a container whose postStart hook fails', async () => {
    const trail = join(root, 'stop-trail');
    const stopping = run('prestop', {
      containers: [c('app', `trap 'echo TERM >> ${trail}; exit 0' TERM; echo up; while true; do sleep 0.05; done`, { lifecycle: { preStop: { exec: { command: ['sh', '-c', `echo preStop >> ${trail}`] } } } })],
    });
    await stopping.w.sync(stopping.p);
    await waitFor('the trap set', () => readFileSync(stopping.w.logFile('app')!, 'utf8').includes('up'));
    await stopping.w.terminate(2);
    expect(readFileSync(trail, 'utf8')).toBe('preStop\nTERM\n');
    expect(stopping.w.views()[0].state.terminated).toMatchObject({ exitCode: 0 });

    const failing = run('poststart', { containers: [c('app', 'exec sleep 600', { lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 7'] } } } })] });
    await failing.w.sync(failing.p);
    await waitFor('the container killed and restarted', () => failing.w.views()[0].restartCount >= 1, 20_000);
    expect(failing.events.some((e) => e.startsWith('FailedPostStartHook: Exec lifecycle hook ([sh -c exit 7]) for Container "app" in Pod "poststart_default(uid-poststart)" failed - error: command exited with 7'))).toBe(true);
    await failing.w.terminate(1);
  });
});

describe('pod worker: resource limits', () => {
  const cgroups = Cgroups.detect();
  const root = mkdtempSync(join(tmpdir(), 'bosun-pod-limits-'));
  // Real cgroups: as root, on a kernel with the memory controller (this machine and CI's).
  (cgroups ? it : it.skip)('reports a container the kernel killed over its memory limit as OOMKilled, and removes its cgroup with the pod', async () => {
    const uid = `uid-oom-${process.pid}`;
    const script = 'import sys; x = bytearray(int(sys.argv[1]) * 2**20); print("allocated", len(x) >> 20)';
    const c = (name: string, mib: number) => ({ name, image: 'python:3.11', command: ['python3', '-c', script, String(mib)], resources: { limits: { memory: '40Mi', cpu: '500m' } } });
    const p = { metadata: { name: 'oom', namespace: 'default', uid }, spec: { restartPolicy: 'Never', containers: [c('over', 200), c('under', 1)] }, status: {} };
    const w = workerFor(root, p, { cgroups: cgroups! });
    await w.sync(p);
    await waitFor('both containers ended', () => w.views().every((v) => v.state.terminated), 20_000);
    expect(w.views().map((v) => [v.state.terminated?.reason, v.state.terminated?.exitCode])).toEqual([['OOMKilled', 137], ['Completed', 0]]);
    expect(readFileSync(w.logFile('under')!, 'utf8')).toBe('allocated 1\n');
    await w.terminate(1);
    expect(['memory', 'cpu'].map((h) => existsSync(`/sys/fs/cgroup/${h}/bosun/${uid}`) || existsSync(`/sys/fs/cgroup/bosun/${uid}`))).toEqual([false, false]);
  });
});
