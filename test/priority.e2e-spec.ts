/**
 * scheduling.k8s.io/v1 PriorityClasses, pod priority and preemption with the real kubectl against
 * `bosun up` with one simulated node (4 cpu): the kind and its system classes as kube-apiserver
 * serves them, the Priority admission, and kube-scheduler's preemption of a lower-priority pod.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bosunForSuite } from './support/bosun-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

/** A pod asking for 3 of the node's 4 cpu, of a priority class (or none). */
const bigPod = (name: string, priorityClassName?: string): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      ...(priorityClassName === undefined ? {} : { priorityClassName }),
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'], resources: { requests: { cpu: '3' } } }],
    },
  });

describe('PriorityClasses and preemption with kubectl against bosun up with a simulated node', () => {
  const bosun = bosunForSuite(['--simulated-nodes', '1']);
  const { ok, fails } = bosun;
  const jsonpath = (args: string[], path: string): string => bosun.kubectl([...args, '-o', `jsonpath=${path}`]).stdout;

  it('serves priorityclasses (pc) with the two system classes, kube\'s table, validation and refusals', async () => {
    expect(ok(['api-resources', '--api-group=scheduling.k8s.io'])).toMatch(/^priorityclasses\s+pc\s+scheduling\.k8s\.io\/v1\s+false\s+PriorityClass$/m);
    await waitFor('the system classes', () => jsonpath(['get', 'pc'], '{.items[*].metadata.name}') === 'system-cluster-critical system-node-critical', 20_000);
    expect(ok(['create', 'priorityclass', 'high', '--value=1000', '--description=important'])).toBe('priorityclass.scheduling.k8s.io/high created\n');
    expect(ok(['create', 'priorityclass', 'low', '--value=10', '--global-default'])).toBe('priorityclass.scheduling.k8s.io/low created\n');
    expect(ok(['get', 'pc'])).toMatch(
      /^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY\nhigh\s+1000\s+false\s+\d+s\s+PreemptLowerPriority\nlow\s+10\s+true\s+\d+s\s+PreemptLowerPriority\nsystem-cluster-critical\s+2000000000\s+false\s+\d+\w+\s+PreemptLowerPriority\nsystem-node-critical\s+2000001000\s+false\s+\d+\w+\s+PreemptLowerPriority\n$/,
    );
    // What kube-apiserver refuses, in its words.
    expect(fails(['create', 'priorityclass', 'huge', '--value=1000000001'])).toBe(
      'error: failed to create priorityclass: PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000\n',
    );
    expect(fails(['create', 'priorityclass', 'system-mine', '--value=1'])).toContain("metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class");
    expect(fails(['create', 'priorityclass', 'other-default', '--value=5', '--global-default'])).toBe(
      'error: failed to create priorityclass: priorityclasses.scheduling.k8s.io "other-default" is forbidden: PriorityClass low is already marked as default. Only one default can exist\n',
    );
    expect(fails(['patch', 'pc', 'high', '--type=merge', '-p', '{"value":2000}'])).toContain('value: Forbidden: may not be changed in an update.');
    expect(fails(['delete', 'pc', 'system-node-critical'])).toBe(
      'Error from server (Forbidden): priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted\n',
    );
    // The Priority admission: a class's value, the global default's, and an unknown class refused.
    expect(fails(['apply', '-f', '-'], bigPod('x', 'nope'))).toContain('pods "x" is forbidden: no PriorityClass with name nope was found');
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'defaulted' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }));
    expect(jsonpath(['get', 'pod', 'defaulted'], '{.spec.priorityClassName} {.spec.priority} {.spec.preemptionPolicy}')).toBe('low 10 PreemptLowerPriority');
    ok(['delete', 'pod', 'defaulted', '--grace-period=0', '--force']);
    ok(['delete', 'pc', 'low']);
  });

  it('preempts a low-priority pod for a high-priority one that fits nowhere: DisruptionTarget, Preempted Event, nominated node, then bound', async () => {
    ok(['apply', '-f', '-'], bigPod('low-pod'));
    await waitFor('low-pod Running', () => jsonpath(['get', 'pod', 'low-pod'], '{.status.phase}') === 'Running', 20_000);
    const lowUid = jsonpath(['get', 'pod', 'low-pod'], '{.metadata.uid}');
    expect(jsonpath(['get', 'pod', 'low-pod'], '{.spec.priority}')).toBe('0');
    ok(['apply', '-f', '-'], bigPod('high-pod', 'high'));
    expect(jsonpath(['get', 'pod', 'high-pod'], '{.spec.priority}')).toBe('1000');
    // The victim is deleted gracefully with the scheduler's condition, then goes.
    await waitFor('high-pod bound to sim-node-1', () => jsonpath(['get', 'pod', 'high-pod'], '{.spec.nodeName}') === 'sim-node-1', 30_000);
    expect(jsonpath(['get', 'pod', 'high-pod'], '{.status.nominatedNodeName}')).toBe('sim-node-1');
    await waitFor('low-pod gone', () => bosun.kubectl(['get', 'pod', 'low-pod']).code !== 0, 30_000);
    await waitFor('high-pod Running', () => jsonpath(['get', 'pod', 'high-pod'], '{.status.phase}') === 'Running', 20_000);
    const highUid = jsonpath(['get', 'pod', 'high-pod'], '{.metadata.uid}');
    const preempted = JSON.parse(ok(['get', 'events', '--field-selector', `involvedObject.uid=${lowUid},reason=Preempted`, '-o', 'json'])) as { items: Record<string, unknown>[] };
    expect(preempted.items).toEqual([expect.objectContaining({ type: 'Normal', reason: 'Preempted', message: `Preempted by pod ${highUid} on node sim-node-1`, source: { component: 'default-scheduler' } })]);
    expect(ok(['get', 'events', '--field-selector', `involvedObject.name=high-pod`])).toMatch(/FailedScheduling\s+pod\/high-pod\s+0\/1 nodes are available: 1 Insufficient cpu\./);
    // The DisruptionTarget condition was on the victim as it went: the log keeps it.
    const history = spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'bosun'), 'history', 'pod/low-pod', '--data-dir', bosun.dataDir, '-o', 'json'], { encoding: 'utf8', timeout: 60_000 });
    expect(history.status).toBe(0);
    expect(history.stdout).toContain('PreemptionByScheduler');
  });

  it('leaves the low pod alone for a preemptionPolicy Never class, and says why', async () => {
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'polite' }, value: 2000, preemptionPolicy: 'Never' }));
    ok(['apply', '-f', '-'], bigPod('polite-pod', 'polite'));
    await waitFor('polite-pod unschedulable', () => jsonpath(['get', 'pod', 'polite-pod'], '{.status.conditions[?(@.type=="PodScheduled")].message}') !== '', 20_000);
    expect(jsonpath(['get', 'pod', 'polite-pod'], '{.status.conditions[?(@.type=="PodScheduled")].message}')).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
    expect(jsonpath(['get', 'pod', 'high-pod'], '{.status.phase}')).toBe('Running');
    ok(['delete', 'pod', 'polite-pod', 'high-pod', '--wait=false']);
  });

  it('gives the pods a Deployment makes their template class\'s priority (the controllers\' creations pass the admission too)', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'important' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'important' } }, template: { metadata: { labels: { app: 'important' } }, spec: { priorityClassName: 'high', containers: [{ name: 'c', image: 'busybox' }] } } },
    };
    expect(ok(['apply', '-f', '-'], JSON.stringify(deployment))).toBe('deployment.apps/important created\n');
    await waitFor('its pod', () => jsonpath(['get', 'pods', '-l', 'app=important'], '{.items[*].spec.priority}') === '1000', 20_000);
    expect(jsonpath(['get', 'pods', '-l', 'app=important'], '{.items[0].spec.priorityClassName} {.items[0].spec.preemptionPolicy}')).toBe('high PreemptLowerPriority');
    ok(['delete', 'deployment', 'important']);
  });

  it('gives a pod its class before the quotas count it: a quota scoped to the global default class holds classless pods, through the API and from a Deployment', async () => {
    ok(['create', 'namespace', 'scoped']);
    const n = ['-n', 'scoped'];
    ok(['create', 'priorityclass', 'everyday', '--value=5', '--global-default']);
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '1' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['everyday'] }] } } };
    ok([...n, 'apply', '-f', '-'], JSON.stringify(quota));
    ok([...n, 'create', 'deployment', 'web', '--image=busybox', '--replicas=2']);
    await waitFor('one pod', () => jsonpath([...n, 'get', 'rs'], '{.items[0].status.replicas}') === '1', 20_000);
    await waitFor('FailedCreate', () => jsonpath([...n, 'get', 'rs'], '{.items[0].status.conditions[0].message}').includes('exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1'), 20_000);
    expect(jsonpath([...n, 'get', 'pods'], '{.items[*].spec.priorityClassName}')).toBe('everyday');
    expect(fails([...n, 'run', 'bare', '--image=busybox'])).toContain('pods "bare" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1');
    ok(['delete', 'pc', 'everyday']);
    ok(['delete', 'namespace', 'scoped', '--wait=false']);
  });
});
