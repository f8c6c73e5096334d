import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../../test/support/wait-for';
import { DEFAULT_IMAGE_MAP } from './image-map';
import { ContainerConfigError, containerEnv, crashBackOffMs, expandVariables, PodWorker, startBackOffMs } from './pod-worker';

jest.setTimeout(30_000);

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
  });
});

describe('pod worker probes', () => {
  const root = mkdtempSync(join(tmpdir(), 'bosun-pod-probes-'));
  const run = (name: string, container: Record<string, unknown>) => {
    const p = { metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox', ...container }] }, status: {} };
    const w: PodWorker = new PodWorker(`pods/default/${name}`, p.metadata.uid, {
      dir: join(root, name),
      imageMap: DEFAULT_IMAGE_MAP,
      baseEnv: () => ({ PATH: process.env.PATH ?? '' }),
      wake: () => void w.sync(p),
      podIP: '127.0.0.1',
    });
    return { w, p };
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
