/**
 * The local node agent of `bosun up`: pods are real processes. kubectl creates them, reads their
 * logs, sees them restart after kill -9 and finish by their restartPolicy; deleting a pod stops its
 * processes; Ctrl-C stops them all; started again, the pods come back and nothing runs twice.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { get as httpsGet } from 'node:https';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { goClientProgram } from './support/go-client';
import { killHard, spawnLines, type LineChild } from './support/child-process';
import { networkTraces } from './support/host-network';
import { podProcesses } from './support/pod-processes';
import { onTerminal } from './support/terminal';
import { waitFor } from './support/wait-for';

jest.setTimeout(180_000);

const marker = `bosun-e2e-${randomUUID().slice(0, 8)}`;
const tracesBefore = networkTraces();

/** Pids of this suite's container processes whose command line holds `tag`. */
const processes = (tag = marker): number[] => podProcesses(tag);

describe('pods as processes on the local node agent', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bosun-agent-e2e-'));
  const node = `agent-${marker.slice(-8)}`;
  let bosun: BosunUnderTest;
  const start = () => startBosun(dataDir, 0, ['--node-agent', 'local', '--node-name', node]);
  const ok = (args: string[], input?: string): string => bosun.ok(args, input);
  const jsonpath = (pod: string, path: string): string => bosun.kubectl(['get', 'pod', pod, '-o', `jsonpath={${path}}`]).stdout;
  const pod = (name: string, restartPolicy: string, script: string, tag = marker) =>
    JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { restartPolicy, terminationGracePeriodSeconds: 5, containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', script, tag] }] } });

  beforeAll(async () => {
    bosun = await start();
  });
  afterAll(async () => {
    await bosun?.stop();
    for (const pid of processes()) process.kill(pid, 'SIGKILL');
  });

  it('registers the node Ready and runs a pod, whose output kubectl logs shows', async () => {
    await waitFor('the node Ready', () => bosun.kubectl(['get', 'node', node, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']).stdout === 'True', 30_000);
    // Its ephemeral storage is the size of the filesystem it keeps pods on, as a kubelet reports it.
    expect(ok(['get', 'node', node, '-o', 'jsonpath={.status.capacity.ephemeral-storage}'])).toMatch(/^[1-9]\d*(Ki|Mi|Gi|Ti)$/);
    ok(['apply', '-f', '-'], pod('talker', 'Always', 'i=0; while true; do echo "line $i from $HOSTNAME"; i=$((i+1)); sleep 0.2; done'));
    await waitFor('talker Running', () => jsonpath('talker', '.status.phase') === 'Running', 30_000);
    expect(jsonpath('talker', '.spec.nodeName')).toBe(node);
    await waitFor('some output', () => ok(['logs', 'talker']).includes('line 2 from talker'), 30_000);
    expect(ok(['logs', 'talker', '--tail=1']).trim().split('\n')).toHaveLength(1);
    const followed = bosun.kubectl(['logs', '-f', 'talker', '--tail=1', '--request-timeout=2s']);
    expect(followed.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(1);
    // --timestamps: each line as the kubelet dates it, in order, within the pod's life.
    const started = Date.parse(jsonpath('talker', '.status.startTime'));
    const dated = ok(['logs', 'talker', '--timestamps']).trim().split('\n');
    const stamps = dated.map((l) => /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) line \d+ from talker$/.exec(l)?.[1]);
    expect(stamps.every((t) => t !== undefined)).toBe(true);
    const times = stamps.map((t) => Date.parse(t!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(started - 1_000);
    expect(times[times.length - 1]).toBeLessThanOrEqual(Date.now());
    // --since: only what the last second wrote (five lines a second), not the whole log.
    await new Promise((r) => setTimeout(r, 1_500));
    const recent = ok(['logs', 'talker', '--since=1s']).trim().split('\n');
    expect(recent.length).toBeGreaterThanOrEqual(2);
    expect(recent.length).toBeLessThan(ok(['logs', 'talker']).trim().split('\n').length);
    expect(ok(['logs', 'talker', `--since-time=${new Date(Date.now() + 60_000).toISOString()}`])).toBe('');
    expect(processes()).toHaveLength(1);
  });

  it('restarts a container killed with kill -9, and keeps the previous run’s log', async () => {
    const [pid] = processes();
    process.kill(pid, 'SIGKILL');
    await waitFor('restartCount 1 and Running again', () => jsonpath('talker', '.status.containerStatuses[0].restartCount') === '1' && jsonpath('talker', '.status.phase') === 'Running', 30_000);
    expect(JSON.parse(jsonpath('talker', '.status.containerStatuses[0].lastState'))).toMatchObject({ terminated: { exitCode: 137, reason: 'Error' } });
    expect(ok(['logs', 'talker', '--previous'])).toContain('line 0 from talker');
    await waitFor('one process again', () => processes().length === 1 && processes()[0] !== pid, 30_000);
  });

  it('finishes pods by their restartPolicy, and says why an image cannot run', async () => {
    ok(['apply', '-f', '-'], pod('ok-once', 'Never', 'echo done'));
    ok(['apply', '-f', '-'], pod('fails-once', 'Never', 'exit 3'));
    ok(['apply', '-f', '-'], pod('crashes', 'Always', 'exit 1'));
    ok(['run', 'no-image', '--image=example.com/not/known:1']);
    await waitFor('Succeeded', () => jsonpath('ok-once', '.status.phase') === 'Succeeded', 30_000);
    await waitFor('Failed with exit code 3', () => jsonpath('fails-once', '.status.phase') === 'Failed' && jsonpath('fails-once', '.status.containerStatuses[0].state.terminated.exitCode') === '3', 30_000);
    await waitFor('CrashLoopBackOff', () => jsonpath('crashes', '.status.containerStatuses[0].state.waiting.reason') === 'CrashLoopBackOff', 30_000);
    await waitFor('ErrImagePull', () => /ErrImagePull|ImagePullBackOff/.test(jsonpath('no-image', '.status.containerStatuses[0].state.waiting.reason')), 30_000);
    expect(ok(['get', 'pods'])).toMatch(/ok-once\s+0\/1\s+Completed/);
    // What the kubelet would have said, in kubectl describe.
    expect(ok(['describe', 'pod', 'crashes'])).toMatch(/Normal\s+Started\s+\S+\s+kubelet.*Started container main\n[\s\S]*Warning\s+BackOff\s+\S+\s+kubelet.*Back-off restarting failed container main in pod crashes_default/);
    // One Started Event per run, as the kubelet reports each: the first and every restart, also one
    // begun in the same second as the run before it.
    const startedEvents = (): number => ok(['get', 'events', '--field-selector=involvedObject.name=crashes,reason=Started', '-o', 'name']).trim().split('\n').filter(Boolean).length;
    await waitFor('a Started Event for each run', () => startedEvents() === Number(jsonpath('crashes', '.status.containerStatuses[0].restartCount')) + 1, 10_000);
    expect(ok(['describe', 'pod', 'no-image'])).toMatch(/Warning\s+Failed\s+\S+\s+kubelet.*Failed to pull image "example.com\/not\/known:1"/);
    // No log yet and no exec, and why, in the kubelet's words.
    expect(bosun.fails(['exec', 'no-image', '--', 'true'])).toBe('error: Internal error occurred: unable to upgrade connection: container not found ("no-image")\n');
    expect(bosun.fails(['logs', 'no-image'])).toMatch(/^Error from server \(BadRequest\): container "no-image" in pod "no-image" is waiting to start: (image can't be pulled|trying and failing to pull image)\n$/);
    ok(['delete', 'pod', 'ok-once', 'fails-once', 'crashes', 'no-image']);
  });

  it('gives containers values from ConfigMaps and Secrets, and waits for one that is missing', async () => {
    ok(['create', 'configmap', 'settings', '--from-literal=MODE=fast']);
    ok(['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cret']);
    const configured = (name: string, configMap: string) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo "$MODE $PASSWORD"', marker], envFrom: [{ configMapRef: { name: configMap } }], env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }] }],
        },
      });
    ok(['apply', '-f', '-'], configured('configured', 'settings'));
    await waitFor('configured done', () => jsonpath('configured', '.status.phase') === 'Succeeded', 30_000);
    expect(ok(['logs', 'configured'])).toBe('fast s3cret\n');
    ok(['apply', '-f', '-'], configured('waiting', 'later'));
    await waitFor('CreateContainerConfigError', () => jsonpath('waiting', '.status.containerStatuses[0].state.waiting.reason') === 'CreateContainerConfigError', 30_000);
    expect(jsonpath('waiting', '.status.containerStatuses[0].state.waiting.message')).toBe('configmap "later" not found');
    ok(['create', 'configmap', 'later', '--from-literal=MODE=late']);
    await waitFor('waiting done once the ConfigMap exists', () => jsonpath('waiting', '.status.phase') === 'Succeeded', 60_000);
    expect(ok(['logs', 'waiting'])).toBe('late s3cret\n');
    ok(['delete', 'pod', 'configured', 'waiting']);
    ok(['delete', 'configmap', 'settings', 'later']);
    ok(['delete', 'secret', 'creds']);
  });

  it('mounts ConfigMap, Secret and emptyDir volumes in the pod alone, and waits for a ConfigMap that is missing', async () => {
    ok(['create', 'configmap', 'web-files', '--from-literal=index.html=hello']);
    ok(['create', 'secret', 'generic', 'web-key', '--from-literal=key=k3y']);
    // Mount points the node does not have: the agent creates them (empty) on the node, and mounts in the pod only.
    const at = join(dataDir, `${marker}-mounts`);
    const volumesPod = (name: string, configMap: string) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: {
          restartPolicy: 'Never',
          volumes: [{ name: 'cfg', configMap: { name: configMap } }, { name: 'key', secret: { secretName: 'web-key' } }, { name: 'shared', emptyDir: {} }],
          containers: [
            { name: 'writer', image: 'busybox', command: ['sh', '-c', `echo from-writer > ${at}/shared/msg`, marker], volumeMounts: [{ name: 'shared', mountPath: `${at}/shared` }] },
            {
              name: 'reader',
              image: 'busybox',
              command: ['sh', '-c', `while [ ! -s ${at}/shared/msg ]; do sleep 0.1; done; echo "$(cat ${at}/cfg/index.html) $(cat ${at}/key/key) $(cat ${at}/shared/msg)"; touch ${at}/cfg/x 2>/dev/null && echo writable || echo read-only`, marker],
              volumeMounts: [{ name: 'cfg', mountPath: `${at}/cfg` }, { name: 'key', mountPath: `${at}/key` }, { name: 'shared', mountPath: `${at}/shared` }],
            },
          ],
        },
      });
    ok(['apply', '-f', '-'], volumesPod('mounted', 'web-files'));
    await waitFor('mounted done', () => jsonpath('mounted', '.status.phase') === 'Succeeded', 30_000);
    expect(ok(['logs', 'mounted', '-c', 'reader'])).toBe('hello k3y from-writer\nread-only\n');
    // On the node the mount points stay empty: the volumes were mounted in the pod's namespace only.
    expect(['cfg', 'key', 'shared'].map((d) => execFileSync('ls', ['-A', join(at, d)], { encoding: 'utf8' }))).toEqual(['', '', '']);

    // A running container sees its ConfigMap change, through the volume's ..data link.
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'watching' }, spec: { terminationGracePeriodSeconds: 1, volumes: [{ name: 'cfg', configMap: { name: 'web-files' } }], containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'sleep 3600', marker], volumeMounts: [{ name: 'cfg', mountPath: `${at}/cfg` }] }] } }));
    await waitFor('watching running', () => jsonpath('watching', '.status.phase') === 'Running', 30_000);
    expect(ok(['exec', 'watching', '--', 'cat', `${at}/cfg/index.html`])).toBe('hello');
    ok(['patch', 'configmap', 'web-files', '--type=merge', '-p', '{"data":{"index.html":"changed"}}']);
    await waitFor('the new data in the running pod', () => ok(['exec', 'watching', '--', 'cat', `${at}/cfg/index.html`]) === 'changed', 30_000);

    ok(['apply', '-f', '-'], volumesPod('unmounted', 'web-files-later'));
    const failedMount = (): string =>
      ok(['get', 'events', '--field-selector', 'involvedObject.name=unmounted,reason=FailedMount', '-o', 'jsonpath={.items[*].message}']);
    await waitFor('FailedMount', () => failedMount() !== '', 30_000);
    expect(failedMount()).toContain('MountVolume.SetUp failed for volume "cfg" : configmap "web-files-later" not found');
    expect(jsonpath('unmounted', '.status.containerStatuses[*].state.waiting.reason')).toContain('ContainerCreating');
    ok(['create', 'configmap', 'web-files-later', '--from-literal=index.html=later']);
    await waitFor('unmounted done once the ConfigMap exists', () => jsonpath('unmounted', '.status.phase') === 'Succeeded', 60_000);
    expect(ok(['logs', 'unmounted', '-c', 'reader'])).toBe('later k3y from-writer\nread-only\n');
    ok(['delete', 'pod', 'mounted', 'unmounted', 'watching']);
    ok(['delete', 'configmap', 'web-files', 'web-files-later']);
    ok(['delete', 'secret', 'web-key']);
  });

  it('leaves in the log why a pod of a scaled RC crash-loops: bosun history and explain', async () => {
    const rc = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'crashy' },
      spec: { replicas: 1, selector: { app: 'crashy' }, template: { metadata: { labels: { app: 'crashy' } }, spec: { containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo going down; exit 1', marker] }] } } },
    };
    ok(['apply', '-f', '-'], JSON.stringify(rc));
    const names = (): string[] => ok(['get', 'pods', '-l', 'app=crashy', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').filter(Boolean);
    const [first] = await waitFor('the first crashy pod', () => names().length === 1 && names(), 30_000);
    ok(['scale', 'rc', 'crashy', '--replicas=2']);
    const second = await waitFor('the scaled-in pod', () => names().find((n) => n !== first), 30_000);
    await waitFor('a restart of the scaled-in pod', () => Number(jsonpath(second, '.status.containerStatuses[0].restartCount') || 0) >= 1, 60_000);
    const bosunJson = (args: string[]): any => JSON.parse(execFileSync(process.execPath, [join(__dirname, '..', 'bin', 'bosun'), ...args, '--data-dir', dataDir, '-o', 'json'], { encoding: 'utf8' }));
    const { events } = bosunJson(['explain', `pod/${second}`]);
    expect(events[0].event).toMatchObject({ type: 'PodCreated', actor: 'controller:replication' });
    expect(events[0].causes[0]).toMatchObject({ type: 'ReplicationControllerUpdated', actor: 'user:admin', key: 'replicationcontrollers/default/crashy' });
    expect(events[0].causes[0].changes).toContainEqual({ path: 'spec.replicas', before: 1, after: 2 });
    const bound = events.find((e: any) => e.event.type === 'PodScheduled').event;
    expect(bound.actor).toBe('controller:scheduler');
    expect(bound.changes).toContainEqual({ path: 'spec.nodeName', after: node });
    // The node says what it saw: the container exited with code 1 and was restarted.
    const history = bosunJson(['history', `pod/${second}`]).events as any[];
    const restarted = history.find((e) => e.changes.some((c: any) => c.path === 'status.containerStatuses[name=main].restartCount' && c.after >= 1));
    expect(restarted).toMatchObject({ type: 'PodStatusUpdated', actor: `node:${node}`, command: 'UpdateStatus' });
    expect(history.some((e) => e.changes.some((c: any) => /status\.containerStatuses\[name=main\]\.(last)?[sS]tate\.terminated/.test(c.path) && (c.after?.exitCode === 1 || c.after === 1)))).toBe(true);
    ok(['delete', 'rc', 'crashy']);
    await waitFor('the crashy pods gone', () => names().length === 0, 60_000);
  });

  it('ends kubectl logs -f when its pod is deleted, also after a follower went away, and stays up', async () => {
    const tag = `${marker}-followed`;
    ok(['apply', '-f', '-'], pod('followed', 'Always', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.1; done', tag));
    await waitFor('followed running', () => jsonpath('followed', '.status.phase') === 'Running', 30_000);
    // One follower leaves early (as a user's Ctrl-C), one follows until the pod goes.
    const early = spawnLines('kubectl', ['--kubeconfig', bosun.kubeconfig, 'logs', '-f', 'followed']);
    const late = spawnLines('kubectl', ['--kubeconfig', bosun.kubeconfig, 'logs', '-f', 'followed']);
    await waitFor('both followers reading', () => early.lines.some((l) => l.startsWith('tick')) && late.lines.some((l) => l.startsWith('tick')), 30_000);
    await killHard(early);
    ok(['delete', 'pod', 'followed']);
    expect(await Promise.race([late.exited, new Promise((r) => setTimeout(() => r('still following'), 20_000))])).toBe(0);
    // The pod's log files went with it while the followers' reads were due: the server must still answer.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(ok(['get', 'namespace', 'default', '-o', 'name'])).toBe('namespace/default\n');
  });

  it('stops a deleted pod’s processes before the pod is gone', async () => {
    const tag = `${marker}-deleted`;
    ok(['apply', '-f', '-'], pod('doomed', 'Always', 'sleep 600', tag));
    await waitFor('doomed running', () => processes(tag).length === 1, 30_000);
    ok(['delete', 'pod', 'doomed']); // kubectl waits until the pod is gone
    expect(processes(tag)).toEqual([]);
  });

  it('gives each pod its own sandbox: containers share hostname, localhost and processes; pods have their own IPs; kubectl exec enters it', async () => {
    const duo = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'duo' },
      spec: {
        hostAliases: [{ ip: '10.1.2.3', hostnames: ['foo.remote', 'bar.remote'] }],
        containers: [
          { name: 'server', image: 'python:3.11', args: ['python3', '-m', 'http.server', '8080'] },
          { name: 'client', image: 'busybox', command: ['sh', '-c', `until wget -q -O /dev/null http://localhost:8080/; do sleep 0.2; done; echo "$(hostname) reached localhost"; ps -e -o comm= | sort | tr '\n' ' '; sleep 600`, `${marker}-duo`] },
        ],
      },
    };
    ok(['apply', '-f', '-'], JSON.stringify(duo));
    ok(['apply', '-f', '-'], pod('solo', 'Always', 'sleep 600'));
    await waitFor('duo’s client reached its server', () => ok(['logs', 'duo', '-c', 'client']).includes('duo reached localhost'), 60_000);
    expect(ok(['logs', 'duo', '-c', 'client'])).toMatch(/python3.*sleep/); // one PID namespace: the client sees the server
    await waitFor('solo running', () => jsonpath('solo', '.status.phase') === 'Running', 30_000);
    const ips = [jsonpath('duo', '.status.podIP'), jsonpath('solo', '.status.podIP')];
    expect(ips[0]).toMatch(/^10\.244\./);
    expect(ips[1]).toMatch(/^10\.244\./);
    expect(ips[0]).not.toBe(ips[1]);
    // kubectl exec runs in the container: its pod's namespaces, its environment, stdin, exit code.
    expect(ok(['exec', 'duo', '-c', 'client', '--', 'hostname'])).toBe('duo\n');
    // The kubelet's hosts file on /etc/hosts: the pod finds its own name, and its hostAliases,
    // without DNS; the node's own file is left alone.
    expect(ok(['exec', 'duo', '-c', 'client', '--', 'cat', '/etc/hosts'])).toBe(
      [
        '# Kubernetes-managed hosts file.',
        '127.0.0.1\tlocalhost',
        '::1\tlocalhost ip6-localhost ip6-loopback',
        'fe00::0\tip6-localnet',
        'fe00::0\tip6-mcastprefix',
        'fe00::1\tip6-allnodes',
        'fe00::2\tip6-allrouters',
        `${ips[0]}\tduo`,
        '',
        '# Entries added by HostAliases.',
        '10.1.2.3\tfoo.remote\tbar.remote',
        '',
      ].join('\n'),
    );
    expect(ok(['exec', 'duo', '-c', 'client', '--', 'getent', 'hosts', 'duo']).split(/\s+/)[0]).toBe(ips[0]);
    expect(readFileSync('/etc/hosts', 'utf8')).not.toContain('Kubernetes-managed');
    expect(ok(['exec', 'duo', '-c', 'client', '--', 'sh', '-c', 'wget -q -O /dev/null http://localhost:8080/ && echo reached $HOSTNAME'])).toBe('reached duo\n');
    expect(ok(['exec', '-i', 'solo', '--', 'sh', '-c', 'cat; echo to-stderr >&2'], 'from stdin\n')).toBe('from stdin\n');
    const failed = bosun.kubectl(['exec', 'solo', '--', 'sh', '-c', 'exit 3']);
    expect({ code: failed.code, stderr: failed.stderr }).toEqual({ code: 3, stderr: 'command terminated with exit code 3\n' });
    expect(bosun.kubectl(['exec', 'duo', '-c', 'nope', '--', 'true']).stderr).toContain('container nope is not valid for pod duo');
    // The same over SPDY, through client-go's remotecommand.NewSPDYExecutor (what most Go code
    // calls; test/go-client exec.go): stdin, stdout, stderr and the exit code.
    const goExec = (stdin: string, ...command: string[]): unknown =>
      JSON.parse(execFileSync(goClientProgram(), ['exec', bosun.kubeconfig, 'default', 'solo', stdin, ...command], { encoding: 'utf8', timeout: 30_000 }));
    expect(goExec('', 'hostname')).toEqual({ stdout: 'solo\n', stderr: '', exitCode: 0 });
    expect(goExec('line 1\nline 2\n', 'sh', '-c', 'cat; echo to-stderr >&2; exit 3')).toEqual({ stdout: 'line 1\nline 2\n', stderr: 'to-stderr\n', exitCode: 3 });
    // -it from a real terminal (a pty of Python's): the command's terminal has the client's size
    // from its first instruction on, and follows a resize (SIGWINCH).
    // (stty sets rows and columns one after the other: two SIGWINCH for one resize, so the trap
    // waits for both, and may still run twice. It is set before the size is printed: a resize
    // that came before it would go unheard.)
    const resized = onTerminal(
      ['kubectl', '--kubeconfig', bosun.kubeconfig, 'exec', '-it', 'solo', '--', 'sh', '-c', "trap 'sleep 0.3; stty size; exit 0' WINCH; stty size; sleep 10 & wait"],
      [33, 111],
      [{ after: '33 111', resize: [44, 120] }],
    );
    const sizes = resized.output.trim().split('\n');
    expect(sizes[0]).toBe('33 111');
    expect(new Set(sizes.slice(1))).toEqual(new Set(['44 120']));
    // An interactive shell: its prompt, and a clean exit.
    const shell = onTerminal(['kubectl', '--kubeconfig', bosun.kubeconfig, 'exec', '-it', 'solo', '--', 'sh'], [24, 80], [{ after: '# ', type: 'echo in-$HOSTNAME; exit\n' }]);
    expect(shell.output).toMatch(/^in-solo$/m);
    expect(shell.output).not.toMatch(/Cannot set tty process group/);
    expect(shell.code).toBe(0);
    ok(['delete', 'pod', 'duo', 'solo']);
  });

  it('forwards local ports to a pod with kubectl port-forward (SPDY, through the gateway and the agent)', async () => {
    // Answers with the pod's hostname and how many bytes it was sent.
    const server = `require('http').createServer((q, s) => { let n = 0; q.on('data', (d) => (n += d.length)); q.on('end', () => s.end(require('os').hostname() + ' got ' + n)); }).listen(8000, () => console.log('listening')); // ${marker}`;
    ok(['run', 'echo', '--image=node:20', '--restart=Never', '--', 'node', '-e', server]);
    // kubectl 1.31 gives up a whole port-forward at the first connection the pod refuses.
    await waitFor('echo listening', () => ok(['logs', 'echo']).includes('listening'), 30_000);
    const forward = (ports: string): LineChild => spawnLines('kubectl', ['--kubeconfig', bosun.kubeconfig, 'port-forward', 'pod/echo', ports]);
    const localPort = async (child: LineChild): Promise<number> => {
      await waitFor('kubectl forwarding', () => child.lines.some((l) => l.startsWith('Forwarding from 127.0.0.1:')), 30_000);
      return Number(/127\.0\.0\.1:(\d+)/.exec(child.lines.find((l) => l.startsWith('Forwarding from 127.0.0.1:'))!)![1]);
    };
    const forwarder = forward(':8000');
    try {
      const port = await localPort(forwarder);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('echo got 0');
      const big = Buffer.alloc(8 * 1024 * 1024, 7);
      const answers = await Promise.all([1, 2, 3].map(() => fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: big }).then((r) => r.text())));
      expect(answers).toEqual(Array(3).fill(`echo got ${big.length}`));
    } finally {
      await killHard(forwarder);
    }
    // Nothing listens on port 9 in the pod: kubectl hears why, as from the kubelet.
    const refused = forward(':9');
    try {
      const port = await localPort(refused);
      await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
      await waitFor('the refusal reported', () => refused.stderr().includes('error forwarding port 9 to pod echo'), 30_000);
      expect(refused.stderr()).toMatch(/ECONNREFUSED/);
    } finally {
      await killHard(refused);
    }
    ok(['delete', 'pod', 'echo', '--grace-period=0', '--force']);
  });

  it('attaches to a container’s stdin and output: kubectl run -i --rm, kubectl attach', async () => {
    // run -i sets stdin and stdinOnce: the command reads what was piped, then end-of-file.
    const once = bosun.kubectl(['run', '-i', '--rm', '--restart=Never', 'once', '--image=busybox', '--', 'sh', '-c', `echo start; cat; echo done # ${marker}`], 'hello\nworld\n');
    expect(once.stdout.split('\n')).toEqual(expect.arrayContaining(['start', 'hello', 'world', 'done']));
    expect(once.code).toBe(0);
    expect(bosun.kubectl(['get', 'pod', 'once']).code).not.toBe(0); // --rm deleted it
    const failing = bosun.kubectl(['run', '-i', '--rm', '--restart=Never', 'fails', '--image=busybox', '--', 'sh', '-c', `exit 3 # ${marker}`], '');
    expect(failing.code).toBe(3);
    // stdin without stdinOnce: attaches come and go, the command keeps its stdin open.
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'reader' }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox', stdin: true, command: ['sh', '-c', 'while read l; do echo "got $l"; done', marker] }] } }));
    await waitFor('reader Running', () => jsonpath('reader', '.status.phase') === 'Running', 30_000);
    // kubectl attach runs until the container ends (or Ctrl-C), its stdin's end notwithstanding.
    for (const word of ['one', 'two']) {
      const attached = spawnLines('kubectl', ['--kubeconfig', bosun.kubeconfig, 'attach', '-i', 'reader']);
      try {
        attached.process.stdin.write(`${word}\n`);
        await waitFor(`got ${word}`, () => attached.lines.includes(`got ${word}`), 30_000);
      } finally {
        await killHard(attached);
      }
    }
    // And through client-go's SPDY executor (test/go-client exec.go), for the two seconds it stays.
    const goAttach = JSON.parse(execFileSync(goClientProgram(), ['attach', bosun.kubeconfig, 'default', 'reader', 'three\n', '2'], { encoding: 'utf8', timeout: 30_000 }));
    expect(goAttach).toEqual({ stdout: 'got three\n' });
    expect(jsonpath('reader', '.status.containerStatuses[0].restartCount')).toBe('0');
    expect(ok(['logs', 'reader'])).toBe('got one\ngot two\ngot three\n');
    // run -it from a real terminal: a prompt, the client's size, a clean exit.
    let shell;
    try {
      shell = onTerminal(
        ['kubectl', '--kubeconfig', bosun.kubeconfig, 'run', '-it', '--rm', '--restart=Never', 'shell', '--image=busybox', '--', 'sh'],
        [33, 111],
        [
          { after: 'command prompt', type: 'echo sum-$((1+2)); stty size\n' },
          { after: '33 111', type: 'exit\n' },
        ],
      );
    } finally {
      // Gone already when the session ended as it should (--rm); left behind if it did not.
      bosun.kubectl(['delete', 'pod', 'shell', '--grace-period=0', '--force', '--ignore-not-found']);
    }
    const session = `${shell.output}exit ${shell.code}`;
    expect(session).toMatch(/^sum-3$/m);
    expect(session).toMatch(/^33 111$/m);
    expect(session).not.toMatch(/Cannot set tty process group/);
    expect(session).toMatch(/exit 0\s*$/);
    ok(['delete', 'pod', 'reader', '--grace-period=0', '--force']);
  });

  it('runs init containers one after the other before the app container, and its preStop hook before SIGTERM', async () => {
    const trail = join(dataDir, `${marker}-trail`);
    const gate = join(dataDir, `${marker}-gate`);
    const sh = (name: string, script: string, extra: Record<string, unknown> = {}) => ({ name, image: 'busybox', command: ['sh', '-c', script, marker], ...extra });
    ok(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'initialized' },
      spec: {
        terminationGracePeriodSeconds: 5,
        initContainers: [sh('first', `echo first >> ${trail}; while [ ! -e ${gate} ]; do sleep 0.1; done`), sh('second', `echo second >> ${trail}; echo from second`)],
        containers: [sh('app', `trap 'echo TERM >> ${trail}; exit 0' TERM; echo app >> ${trail}; while true; do sleep 0.1; done`, { lifecycle: { preStop: { exec: { command: ['sh', '-c', `echo preStop >> ${trail}`] } } } })],
      },
    }));
    await waitFor('Init:0/2', () => /^initialized\s+0\/1\s+Init:0\/2\s/m.test(ok(['get', 'pod', 'initialized'])), 30_000);
    expect(jsonpath('initialized', '.status.phase')).toBe('Pending');
    writeFileSync(gate, '');
    await waitFor('Running', () => /^initialized\s+1\/1\s+Running\s/m.test(ok(['get', 'pod', 'initialized'])), 30_000);
    expect(jsonpath('initialized', '.status.initContainerStatuses[*].state.terminated.reason')).toBe('Completed Completed');
    expect(ok(['logs', 'initialized', '-c', 'second'])).toBe('from second\n');
    expect(bosun.kubectl(['logs', 'initialized', '-c', 'nope']).stderr).toContain('container nope is not valid for pod initialized');
    ok(['delete', 'pod', 'initialized']);
    expect(readFileSync(trail, 'utf8')).toBe('first\nsecond\napp\npreStop\nTERM\n');
    // An init container that fails under restartPolicy Never fails the pod; the app container never runs.
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'uninitialized' }, spec: { restartPolicy: 'Never', initContainers: [sh('setup', 'exit 3')], containers: [sh('app', `echo ran >> ${trail}`)] } }));
    await waitFor('Init:Error', () => /^uninitialized\s+0\/1\s+Init:Error\s/m.test(ok(['get', 'pod', 'uninitialized'])), 30_000);
    expect(jsonpath('uninitialized', '.status.phase')).toBe('Failed');
    expect(readFileSync(trail, 'utf8')).not.toContain('ran');
    ok(['delete', 'pod', 'uninitialized']);
  });

  it('stops and fails a pod that runs past its activeDeadlineSeconds', async () => {
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'deadline' }, spec: { activeDeadlineSeconds: 2, terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'while true; do sleep 0.2; done', `${marker}-deadline`] }] } }));
    await waitFor('deadline running', () => jsonpath('deadline', '.status.phase') === 'Running' && processes(`${marker}-deadline`).length === 1, 30_000);
    await waitFor('DeadlineExceeded', () => jsonpath('deadline', '.status.reason') === 'DeadlineExceeded', 30_000);
    expect(jsonpath('deadline', '.status.phase')).toBe('Failed');
    expect(jsonpath('deadline', '.status.message')).toBe('Pod was active on the node longer than the specified deadline');
    expect(processes(`${marker}-deadline`)).toEqual([]);
    expect(ok(['describe', 'pod', 'deadline'])).toMatch(/Warning\s+DeadlineExceeded\s+\S+\s+kubelet\s+Pod was active on the node longer than the specified deadline/);
    ok(['delete', 'pod', 'deadline']);
  });

  it('enforces a container’s memory limit: over it the kernel kills it, and kubectl says OOMKilled', async () => {
    const limited = (name: string, mib: number) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'python:3.11', command: ['python3', '-c', 'import sys; x = bytearray(int(sys.argv[1]) * 2**20); print("allocated", len(x) >> 20)', String(mib), marker], resources: { limits: { memory: '40Mi' } } }] },
    });
    ok(['apply', '-f', '-'], JSON.stringify(limited('greedy', 200)));
    ok(['apply', '-f', '-'], JSON.stringify(limited('modest', 1)));
    await waitFor('greedy OOMKilled', () => /^greedy\s+0\/1\s+OOMKilled\s/m.test(ok(['get', 'pod', 'greedy'])), 30_000);
    expect(jsonpath('greedy', '.status.containerStatuses[0].state.terminated.exitCode')).toBe('137');
    await waitFor('modest done', () => jsonpath('modest', '.status.phase') === 'Succeeded', 30_000);
    expect(ok(['logs', 'modest'])).toBe('allocated 1\n');
    ok(['delete', 'pod', 'greedy', 'modest']);
  });

  it('runs containers as their securityContext’s user and group, exec too, and refuses root under runAsNonRoot', async () => {
    ok(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'unprivileged' },
      spec: {
        terminationGracePeriodSeconds: 1,
        securityContext: { runAsUser: 1000, runAsGroup: 3000, runAsNonRoot: true },
        volumes: [{ name: 'scratch', emptyDir: {} }],
        containers: [{ name: 'main', image: 'busybox', volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }], command: ['sh', '-c', 'echo "$(id -u):$(id -g)"; echo hi > /scratch/f && echo wrote; while true; do sleep 1; done', marker] }],
      },
    }));
    await waitFor('unprivileged wrote', () => ok(['logs', 'unprivileged']).includes('wrote'), 30_000);
    expect(ok(['logs', 'unprivileged'])).toBe('1000:3000\nwrote\n');
    expect(ok(['exec', 'unprivileged', '--', 'id', '-u'])).toBe('1000\n');
    ok(['delete', 'pod', 'unprivileged']);
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'rootful' }, spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'sleep 600', marker] }] } }));
    await waitFor('CreateContainerConfigError', () => /^rootful\s+0\/1\s+CreateContainerConfigError\s/m.test(ok(['get', 'pod', 'rootful'])), 30_000);
    expect(jsonpath('rootful', '.status.containerStatuses[0].state.waiting.message')).toMatch(/^container has runAsNonRoot and image will run as root \(pod: "rootful_default\(/);
    ok(['delete', 'pod', 'rootful']);
  });

  it('runs kubectl debug’s ephemeral container in the pod, on a terminal, once', async () => {
    ok(['run', 'target', '--image=busybox', '--', 'sh', '-c', 'while true; do sleep 1; done', marker]);
    await waitFor('target running', () => jsonpath('target', '.status.phase') === 'Running', 30_000);
    const session = onTerminal(
      ['kubectl', '--kubeconfig', bosun.kubeconfig, 'debug', '-it', 'target', '--image=busybox', '--container=dbg', '--', 'sh'],
      [24, 80],
      [{ after: 'try pressing enter', type: 'echo in-$HOSTNAME; exit\n' }],
    );
    expect(session.output).toMatch(/^in-target\s*$/m);
    await waitFor('dbg ended', () => jsonpath('target', '.status.ephemeralContainerStatuses[0].state.terminated.exitCode') === '0', 30_000);
    // Not started again, and the pod runs on.
    expect(jsonpath('target', '.status.ephemeralContainerStatuses[0].restartCount')).toBe('0');
    expect(jsonpath('target', '.status.phase')).toBe('Running');
    ok(['delete', 'pod', 'target']);
  });

  it('runs a pod on the host’s network: the node’s address and hostname, its port on the node', async () => {
    const port = 25000 + Math.floor(Math.random() * 4000);
    const server = `import socket, http.server; print(socket.gethostname(), flush=True); http.server.HTTPServer(("127.0.0.1", ${port}), http.server.SimpleHTTPRequestHandler).serve_forever()`;
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'onhost' }, spec: { hostNetwork: true, terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'python:3.11', command: ['python3', '-c', server, marker] }] } }));
    await waitFor('onhost serving on the node', async () => (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0)) === 200, 30_000);
    expect(ok(['logs', 'onhost']).split('\n')[0]).toBe(hostname());
    expect(jsonpath('onhost', '.status.podIP')).toBe(jsonpath('onhost', '.status.hostIP'));
    ok(['delete', 'pod', 'onhost']);
  });

  it('keeps a pod out of its Service’s Endpoints until its readiness probe passes', async () => {
    const flag = join(dataDir, `${marker}-ready`);
    const probed = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probed', labels: { app: 'probed' } },
      spec: { containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'exec sleep 600', `${marker}-probed`], readinessProbe: { exec: { command: ['test', '-e', flag] }, periodSeconds: 1 } }] },
    };
    ok(['apply', '-f', '-'], JSON.stringify(probed));
    ok(['expose', 'pod', 'probed', '--port=80']);
    const addresses = () => bosun.kubectl(['get', 'endpoints', 'probed', '-o', 'jsonpath={.subsets[*].addresses[*].ip}/{.subsets[*].notReadyAddresses[*].ip}']).stdout;
    await waitFor('probed running but not ready', () => jsonpath('probed', '.status.phase') === 'Running' && addresses() === `/${jsonpath('probed', '.status.podIP')}`, 30_000);
    expect(ok(['get', 'pod', 'probed'])).toMatch(/probed\s+0\/1\s+Running/);
    // Three failures in a row (the failureThreshold) and the kubelet says so, once.
    await waitFor('the Unhealthy Event', () => /Warning\s+Unhealthy\s+\S+\s+kubelet.*Readiness probe failed: command exited with 1/.test(ok(['describe', 'pod', 'probed'])), 30_000);
    writeFileSync(flag, '');
    await waitFor('probed ready in the Endpoints', () => addresses() === `${jsonpath('probed', '.status.podIP')}/`, 30_000);
    expect(ok(['get', 'pod', 'probed'])).toMatch(/probed\s+1\/1\s+Running/);
    ok(['delete', 'service', 'probed']);
    ok(['delete', 'pod', 'probed']);
  });

  it('serves a Service on its cluster IP and node port, and tells later pods where it is', async () => {
    const port = 20000 + Math.floor(Math.random() * 5000);
    ok(['run', 'served', '--image=python:3.11', '--labels=app=served', `--port=${port}`, '--', 'python3', '-m', 'http.server', String(port)]);
    ok(['expose', 'pod', 'served', '--port=80', `--target-port=${port}`, '--type=NodePort']);
    await waitFor('served ready in its Endpoints', () => jsonpath('served', '.status.podIP') !== '' && bosun.kubectl(['get', 'endpoints', 'served', '-o', 'jsonpath={.subsets[*].addresses[*].ip}']).stdout === jsonpath('served', '.status.podIP'), 30_000);
    const clusterIP = ok(['get', 'service', 'served', '-o', 'jsonpath={.spec.clusterIP}']);
    const nodePort = ok(['get', 'service', 'served', '-o', 'jsonpath={.spec.ports[0].nodePort}']);
    const status = async (url: string): Promise<number | string> => fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, (e: Error) => `${e.message} (${String((e.cause as Error | undefined)?.message ?? '')})`);
    // A failure says what the last try got and what the service proxy said.
    const answers200 = async (url: string) => {
      const got = await status(url);
      if (got === 200) return true;
      throw new Error(`last answer: ${got}; the agent said: ${bosun.child.lines.filter((l) => l.includes('service proxy')).join(' | ')}`);
    };
    await waitFor(`HTTP 200 through ${clusterIP}:80`, () => answers200(`http://${clusterIP}/`), 30_000);
    await waitFor(`HTTP 200 through node port ${nodePort}`, () => answers200(`http://127.0.0.1:${nodePort}/`), 30_000);
    // Through the API server's proxy (kubectl proxy, get --raw): to the pod, and to the Service's endpoint.
    expect(ok(['get', '--raw', `/api/v1/namespaces/default/pods/served:${port}/proxy/`])).toContain('Directory listing for /');
    // No port named (kubectl proxy's usual URL): the pod's first declared container port, as kube-apiserver picks it.
    expect(ok(['get', '--raw', '/api/v1/namespaces/default/pods/served/proxy/'])).toContain('Directory listing for /');
    expect(ok(['get', '--raw', '/api/v1/namespaces/default/services/served:80/proxy/?x=1'])).toContain('Directory listing for /?x=1');
    expect(bosun.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/served:9/proxy/']).stderr).toMatch(/ServiceUnavailable.*ECONNREFUSED/);

    ok(['apply', '-f', '-'], pod('env-reader', 'Never', 'echo "$SERVED_SERVICE_HOST:$SERVED_SERVICE_PORT $SERVED_PORT"'));
    await waitFor('env-reader done', () => jsonpath('env-reader', '.status.phase') === 'Succeeded', 30_000);
    expect(ok(['logs', 'env-reader'])).toBe(`${clusterIP}:80 tcp://${clusterIP}:80\n`);
    // And by name, as with cluster DNS: the node answers the pods' questions about Services.
    ok(['apply', '-f', '-'], pod('dns-reader', 'Never', 'head -1 /etc/resolv.conf; getent hosts served.default.svc.cluster.local; wget -q -O /dev/null http://served/ && echo reached served; getent hosts nope || echo no nope'));
    await waitFor('dns-reader done', () => jsonpath('dns-reader', '.status.phase') === 'Succeeded', 30_000);
    expect(ok(['logs', 'dns-reader']).split('\n').map((l) => l.trim().replace(/\s+/g, ' '))).toEqual([
      'search default.svc.cluster.local svc.cluster.local cluster.local',
      `${clusterIP} served.default.svc.cluster.local`,
      'reached served',
      'no nope',
      '',
    ]);

    ok(['delete', 'service', 'served']);
    await waitFor('the cluster IP no longer served', async () => (await status(`http://${clusterIP}/`)) !== 200, 30_000);
    ok(['delete', 'pod', 'served', 'env-reader', 'dns-reader']);
  });

  it('gives a pod of any namespace its service account token, the cluster CA and its namespace, with which it calls the API over HTTPS through the kubernetes Service, as in-cluster clients do', async () => {
    ok(['create', 'namespace', 'in-cluster']);
    // kube-controller-manager's root-ca-cert-publisher: every namespace has the CA pods trust.
    await waitFor('kube-root-ca.crt in the new namespace', () => bosun.kubectl(['get', 'cm', 'kube-root-ca.crt', '-n', 'in-cluster']).code === 0, 10_000);
    expect(ok(['get', 'cm', 'kube-root-ca.crt', '-n', 'in-cluster'])).toMatch(/^NAME\s+DATA\s+AGE\nkube-root-ca\.crt\s+1\s+\d+s\n$/);
    const ca = ok(['get', 'cm', 'kube-root-ca.crt', '-n', 'in-cluster', '-o', 'jsonpath={.data.ca\\.crt}']);
    expect(ca).toBe(readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8'));
    // What an in-cluster client does (client-go's InClusterConfig, the Python client's load_incluster_config):
    // the mounted token and CA, https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT. Then it waits, to be looked at.
    const client = [
      'import json, os, ssl, sys, time, urllib.request',
      "d = '/var/run/secrets/kubernetes.io/serviceaccount'",
      "token, ns = open(d + '/token').read(), open(d + '/namespace').read()",
      "ctx = ssl.create_default_context(cafile=d + '/ca.crt')",
      "base = 'https://%s:%s' % (os.environ['KUBERNETES_SERVICE_HOST'], os.environ['KUBERNETES_SERVICE_PORT'])",
      "auth = {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'}",
      "r = urllib.request.urlopen(urllib.request.Request(base + '/api/v1/namespaces/%s/pods' % ns, headers=auth), context=ctx)",
      "print(base, ns, r.status, [p['metadata']['name'] for p in json.load(r)['items']])",
      "review = json.dumps({'apiVersion': 'authentication.k8s.io/v1', 'kind': 'SelfSubjectReview'}).encode()",
      "r = urllib.request.urlopen(urllib.request.Request(base + '/apis/authentication.k8s.io/v1/selfsubjectreviews', data=review, headers=auth), context=ctx)",
      "print(r.status, json.load(r)['status']['userInfo']['username'])",
      'sys.stdout.flush()',
      'time.sleep(600)',
    ].join('\n');
    const caller = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-caller', namespace: 'in-cluster' }, spec: { terminationGracePeriodSeconds: 1, enableServiceLinks: false, containers: [{ name: 'main', image: 'python:3', command: ['python3', '-c', client, marker] }] } };
    ok(['apply', '-f', '-'], JSON.stringify(caller));
    await waitFor('api-caller to have called', () => bosun.kubectl(['logs', 'api-caller', '-n', 'in-cluster']).stdout.split('\n').length >= 3, 30_000);
    const [listed, whoami] = ok(['logs', 'api-caller', '-n', 'in-cluster']).split('\n');
    expect(listed).toBe("https://10.96.0.1:443 in-cluster 200 ['api-caller']");
    expect(whoami).toBe('201 system:serviceaccount:in-cluster:default');
    // The pod as the ServiceAccount admission made it: kube's volume and mount.
    const spec = JSON.parse(ok(['get', 'pod', 'api-caller', '-n', 'in-cluster', '-o', 'jsonpath={.spec}']));
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.containers[0].volumeMounts).toEqual([{ name: spec.volumes[0].name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    expect(spec.volumes[0].name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    // Inside the pod's mount namespace the files are at the absolute path, 0644 through the atomic writer's links.
    const listing = ok(['exec', 'api-caller', '-n', 'in-cluster', '--', 'sh', '-c', 'cd /var/run/secrets/kubernetes.io/serviceaccount && ls && stat -L -c %a token ca.crt namespace']);
    expect(listing).toBe('ca.crt\nnamespace\ntoken\n644\n644\n644\n');
    const token = ok(['exec', 'api-caller', '-n', 'in-cluster', '--', 'cat', '/var/run/secrets/kubernetes.io/serviceaccount/token']);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    const uid = ok(['get', 'pod', 'api-caller', '-n', 'in-cluster', '-o', 'jsonpath={.metadata.uid}']);
    expect(claims['kubernetes.io']).toMatchObject({ namespace: 'in-cluster', serviceaccount: { name: 'default' }, pod: { name: 'api-caller', uid } });
    expect(claims.exp - claims.iat).toBe(3607);
    // The real kubectl, configured as an in-cluster client is (that token, that CA, the in-cluster endpoint).
    const inClusterUrl = bosun.child.lines.find((l) => l.includes('in-cluster API'))!.replace(/^.* at /, '');
    const kubeconfig = (name: string, user: Record<string, string>): string => {
      const path = join(dataDir, `${name}.kubeconfig`);
      writeFileSync(path, JSON.stringify({
        apiVersion: 'v1', kind: 'Config', 'current-context': 'pod',
        clusters: [{ name: 'in', cluster: { server: inClusterUrl, 'certificate-authority-data': Buffer.from(ca).toString('base64') } }],
        users: [{ name: 'pod', user }],
        contexts: [{ name: 'pod', context: { cluster: 'in', user: 'pod', namespace: 'in-cluster' } }],
      }));
      return path;
    };
    const kubectlWith = (config: string, args: string[]) => spawnSync('kubectl', ['--kubeconfig', config, '--cache-dir', join(dataDir, 'in-cluster-cache'), ...args], { encoding: 'utf8', timeout: 60_000 });
    const inCluster = kubeconfig('in-cluster', { token });
    const asPod = (args: string[]) => kubectlWith(inCluster, args);
    expect(asPod(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']).stdout).toBe('system:serviceaccount:in-cluster:default');
    expect(asPod(['get', 'pods', '-o', 'name']).stdout).toBe('pod/api-caller\n');
    // No token, no entry: the in-cluster endpoint answers anonymous requests only with public information.
    const anonymous = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        httpsGet(`${inClusterUrl}${path}`, { ca }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', reject);
      });
    expect(await anonymous('/api/v1/namespaces/in-cluster/pods')).toEqual({ status: 401, body: expect.stringContaining('"reason":"Unauthorized"') });
    expect((await anonymous('/version')).status).toBe(200);
    expect(kubectlWith(kubeconfig('forged', { token: `${token.slice(0, -4)}AAAA` }), ['get', 'pods']).stderr).toContain('(Unauthorized)');
    // The official Python client, configured as in a cluster (load_incluster_config: the same files and variables).
    const official = [
      'from kubernetes import client, config',
      'config.load_incluster_config()',
      "print(sorted(p.metadata.name for p in client.CoreV1Api().list_namespaced_pod('in-cluster').items))",
      'print(client.AuthenticationV1Api().create_self_subject_review(client.V1SelfSubjectReview()).status.user_info.username)',
    ].join('\n');
    const python = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'python-client', namespace: 'in-cluster' }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'python:3', command: [join(__dirname, '..', '.venv-test', 'bin', 'python'), '-c', official, marker] }] } };
    ok(['apply', '-f', '-'], JSON.stringify(python));
    await waitFor('python-client done', () => /^(Succeeded|Failed)$/.test(ok(['get', 'pod', 'python-client', '-n', 'in-cluster', '-o', 'jsonpath={.status.phase}'])), 60_000);
    expect(ok(['logs', 'python-client', '-n', 'in-cluster'])).toBe("['api-caller', 'python-client']\nsystem:serviceaccount:in-cluster:default\n");
    // client-go, as an operator runs: rest.InClusterConfig (test/go-client incluster.go).
    const goPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'go-client', namespace: 'in-cluster' }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'golang', command: [goClientProgram(), 'incluster', marker] }] } };
    ok(['apply', '-f', '-'], JSON.stringify(goPod));
    await waitFor('go-client done', () => /^(Succeeded|Failed)$/.test(ok(['get', 'pod', 'go-client', '-n', 'in-cluster', '-o', 'jsonpath={.status.phase}'])), 60_000);
    expect(JSON.parse(ok(['logs', 'go-client', '-n', 'in-cluster']))).toEqual({ host: 'https://10.96.0.1:443', namespace: 'in-cluster', pods: ['api-caller', 'go-client', 'python-client'], user: 'system:serviceaccount:in-cluster:default' });
    // A token bound to a pod dies with it.
    ok(['delete', 'pod', 'api-caller', '-n', 'in-cluster']);
    const after = asPod(['auth', 'whoami']);
    expect(after.status).not.toBe(0);
    expect(after.stderr).toContain('Unauthorized');
    ok(['delete', 'namespace', 'in-cluster']);
  });

  it('stops every pod on Ctrl-C, and brings them back once when started again, init containers first', async () => {
    // A pod with an init container: in a new sandbox it is initialised again, as the kubelet does.
    const inits = join(dataDir, `${marker}-inits`);
    ok(['run', 'reinit', '--image', 'busybox', '--overrides', JSON.stringify({ spec: { initContainers: [{ name: 'setup', image: 'busybox', command: ['sh', '-c', `echo setup >> ${inits}`] }] } }), '--', 'sleep', '600']);
    await waitFor('reinit Running', () => jsonpath('reinit', '.status.phase') === 'Running', 30_000);
    expect(processes()).toHaveLength(1);
    expect(await bosun.stop('SIGINT')).toBe(0);
    expect(processes()).toEqual([]);
    // The node's bridge, the pods' veths, the service addresses and the black-hole routes go with it:
    // what is left is what was there before the suite started.
    expect(networkTraces()).toEqual(tracesBefore);
    bosun = await start();
    await waitFor('talker running again, once', () => {
      const seen = `phase ${jsonpath('talker', '.status.phase')}, processes ${JSON.stringify(processes())}, state ${jsonpath('talker', '.status.containerStatuses[0].state')}`;
      if (jsonpath('talker', '.status.phase') !== 'Running' || processes().length !== 1) throw new Error(seen);
      return true;
    }, 60_000);
    // At least the one restart the stop caused; a sandbox that dies meanwhile adds restarts (see the closing note).
    expect(Number(jsonpath('talker', '.status.containerStatuses[0].restartCount'))).toBeGreaterThanOrEqual(2);
    await waitFor('reinit Running again', () => jsonpath('reinit', '.status.phase') === 'Running' && jsonpath('reinit', '.status.containerStatuses[0].state.running') !== '', 60_000);
    expect(readFileSync(inits, 'utf8')).toBe('setup\nsetup\n');
    expect(Number(jsonpath('reinit', '.status.initContainerStatuses[0].restartCount'))).toBeGreaterThanOrEqual(1);
  });
});
