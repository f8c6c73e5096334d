import { toTable } from './tables';

const nodeStatus = (conditions: { type: string; status: string }[]): unknown => {
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', creationTimestamp: '2024-01-01T00:00:00Z' }, status: { conditions } };
  const table = toTable('Node', [node as never], { now: Date.parse('2024-01-01T00:01:00Z') }) as { rows: { cells: unknown[] }[] };
  return table.rows[0].cells[1];
};

describe('the node table', () => {
  it('prints NotReady for a Ready condition that is False or Unknown, as kubectl does', () => {
    expect(nodeStatus([{ type: 'Ready', status: 'True' }])).toBe('Ready');
    expect(nodeStatus([{ type: 'Ready', status: 'False' }])).toBe('NotReady');
    expect(nodeStatus([{ type: 'Ready', status: 'Unknown' }])).toBe('NotReady');
  });

  it('prints Unknown for a node without a Ready condition', () => {
    expect(nodeStatus([])).toBe('Unknown');
  });
});

describe('the pod table', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  const cells = (spec: Record<string, unknown>, status: Record<string, unknown>, metadata: Record<string, unknown> = {}): unknown[] => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', creationTimestamp: '2024-01-01T00:00:00Z', ...metadata }, spec, status };
    return (toTable('Pod', [pod as never], { now }) as { rows: { cells: unknown[] }[] }).rows[0].cells.slice(1, 4);
  };
  const spec = { initContainers: [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'app' }] };
  const waiting = (name: string, reason = 'PodInitializing') => ({ name, ready: false, restartCount: 0, state: { waiting: { reason } } });
  const done = (name: string) => ({ name, ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
  const init = (conditions: string, ...initContainerStatuses: unknown[]) => ({ phase: 'Pending', conditions: [{ type: 'Initialized', status: conditions }], initContainerStatuses, containerStatuses: [waiting('app')] });

  it('prints the init containers’ progress as kubectl does', () => {
    expect(cells(spec, init('False', { name: 'a', ready: false, restartCount: 0, state: { running: {} } }, waiting('b')))).toEqual(['0/1', 'Init:0/2', '0']);
    expect(cells(spec, init('False', done('a'), waiting('b')))).toEqual(['0/1', 'Init:1/2', '0']);
    expect(cells(spec, init('False', done('a'), { ...waiting('b', 'CrashLoopBackOff'), restartCount: 3 }))).toEqual(['0/1', 'Init:CrashLoopBackOff', '3']);
    expect(cells(spec, { ...init('False', done('a'), { name: 'b', restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } }), phase: 'Failed' })).toEqual(['0/1', 'Init:Error', '0']);
    expect(cells(spec, { ...init('False', done('a'), { name: 'b', restartCount: 0, state: { terminated: { exitCode: 2 } } }), phase: 'Failed' })).toEqual(['0/1', 'Init:ExitCode:2', '0']);
    // Initialized: the app containers speak; an init container's restarts no longer count.
    const running = { name: 'app', ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { finishedAt: '2024-01-01T00:05:00Z' } } };
    expect(cells(spec, { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [done('a'), { ...done('b'), restartCount: 2 }], containerStatuses: [running] })).toEqual(['1/1', 'Running', '1 (5m ago)']);
  });

  it('counts a started sidecar as a container, and speaks for the first container with something to say', () => {
    const sidecar = { initContainers: [{ name: 's', restartPolicy: 'Always' }], containers: [{ name: 'x' }, { name: 'y' }] };
    const status = {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'False' }],
      initContainerStatuses: [{ name: 's', ready: true, started: true, restartCount: 0, state: { running: {} } }],
      containerStatuses: [waiting('x', 'CrashLoopBackOff'), waiting('y', 'ErrImagePull')],
    };
    expect(cells(sidecar, status)).toEqual(['1/3', 'CrashLoopBackOff', '0']);
    const oneLeft = { ...status, containerStatuses: [done('x'), { name: 'y', ready: true, restartCount: 0, state: { running: {} } }] };
    expect(cells(sidecar, oneLeft)[1]).toBe('NotReady'); // Completed beside a running one, the pod not Ready
  });

  it('prints Terminating for a pod being deleted, unless it has finished', () => {
    const app = { containers: [{ name: 'app' }] };
    expect(cells(app, { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] }, { deletionTimestamp: '2024-01-01T00:09:00Z' })[1]).toBe('Terminating');
    expect(cells(app, { phase: 'Succeeded', containerStatuses: [done('app')] }, { deletionTimestamp: '2024-01-01T00:09:00Z' })[1]).toBe('Completed');
  });
});

describe('the Job Table, as printJob prints it (1.31)', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  const job = (spec: Record<string, unknown>, status: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', creationTimestamp: '2024-01-01T00:00:00Z', ...metadata },
    spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, template: { spec: { containers: [{ name: 'pi', image: 'busybox' }] } }, ...spec },
    status,
  });
  const table = (...jobs: unknown[]) => toTable('Job', jobs as never[], { now }) as { columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[] }[] };

  it('has the columns Name, Status, Completions, Duration, Age, and wide Containers, Images, Selector', () => {
    expect(table().columnDefinitions.map((c) => `${c.name}${c.priority ? '*' : ''}`)).toEqual(['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers*', 'Images*', 'Selector*']);
  });

  it('prints a finished Job Complete with its duration from start to completion', () => {
    const complete = job({ completions: 1 }, { succeeded: 1, startTime: '2024-01-01T00:00:01Z', completionTime: '2024-01-01T00:00:06Z', conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] });
    expect(table(complete).rows[0]!.cells).toEqual(['pi', 'Complete', '1/1', '5s', '10m', 'pi', 'busybox', 'batch.kubernetes.io/controller-uid=u']);
  });

  it('prints a running Job Running, its duration up to now; a failed one Failed; a work queue as of its parallelism', () => {
    expect(table(job({ completions: 3 }, { succeeded: 1, startTime: '2024-01-01T00:09:00Z' })).rows[0]!.cells.slice(1, 4)).toEqual(['Running', '1/3', '60s']);
    expect(table(job({ completions: 1 }, { failed: 7, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] })).rows[0]!.cells.slice(1, 4)).toEqual(['Failed', '0/1', '']);
    expect(table(job({ parallelism: 2 }, {})).rows[0]!.cells[2]).toBe('0/1 of 2');
    expect(table(job({ completions: 1 }, {}, { deletionTimestamp: '2024-01-01T00:09:00Z' })).rows[0]!.cells[1]).toBe('Terminating');
  });
});

describe('the DaemonSet Table, as printDaemonSet prints it', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  const ds = (nodeSelector?: Record<string, string>) => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { spec: { ...(nodeSelector ? { nodeSelector } : {}), containers: [{ name: 'agent', image: 'busybox' }, { name: 'log', image: 'alpine' }] } } },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 2, numberMisscheduled: 0 },
  });
  const table = (...sets: unknown[]) => toTable('DaemonSet', sets as never[], { now }) as { columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[] }[] };

  it('has the columns Name, Desired, Current, Ready, Up-to-date, Available, Node Selector, Age, and wide Containers, Images, Selector', () => {
    expect(table().columnDefinitions.map((c) => `${c.name}${c.priority ? '*' : ''}`)).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers*', 'Images*', 'Selector*']);
  });

  it('prints the status counts, the template nodeSelector as labels (<none> without), the containers and the selector', () => {
    expect(table(ds()).rows[0]!.cells).toEqual(['agent', 3, 3, 2, 1, 2, '<none>', '10m', 'agent,log', 'busybox,alpine', 'app=agent']);
    expect(table(ds({ zone: 'a', disk: 'ssd' })).rows[0]!.cells[6]).toBe('disk=ssd,zone=a');
  });
});

describe('the StatefulSet and ControllerRevision Tables, as printStatefulSet and printControllerRevision print them', () => {
  const now = Date.parse('2024-01-01T00:01:00Z');
  const table = (kind: 'StatefulSet' | 'ControllerRevision', o: unknown) =>
    toTable(kind, [o as never], { now }) as { columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[] }[] };

  it('prints a StatefulSet\'s ready of desired; wide, its containers and images (no selector)', () => {
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', creationTimestamp: '2024-01-01T00:00:00Z' }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1' }] } } }, status: { replicas: 2, readyReplicas: 1 } };
    const t = table('StatefulSet', sts);
    expect(t.columnDefinitions.map((c) => `${c.name}${c.priority ? '†' : ''}`)).toEqual(['Name', 'Ready', 'Age', 'Containers†', 'Images†']);
    expect(t.rows[0]!.cells).toEqual(['web', '1/3', '60s', 'nginx', 'nginx:1']);
  });

  it('prints a revision\'s controller as kind.group/name, and its revision number', () => {
    const cr = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-65d468f5c', creationTimestamp: '2024-01-01T00:00:00Z', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] }, data: {}, revision: 2 };
    const t = table('ControllerRevision', cr);
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Controller', 'Revision', 'Age']);
    expect(t.rows[0]!.cells).toEqual(['web-65d468f5c', 'statefulset.apps/web', 2, '60s']);
    expect(table('ControllerRevision', { ...cr, metadata: { ...cr.metadata, ownerReferences: undefined } }).rows[0]!.cells[1]).toBe('<none>');
  });
});

describe('the CronJob Table, as printCronJob prints it', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  const cronJob = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox' }] } } } }, ...spec },
    status,
  });
  const table = (...cjs: unknown[]) => toTable('CronJob', cjs as never[], { now }) as { columnDefinitions: { name: string; type: string; priority: number }[]; rows: { cells: unknown[] }[] };

  it('has the columns Name, Schedule, Timezone, Suspend, Active, Last Schedule, Age, and wide Containers, Images, Selector', () => {
    expect(table().columnDefinitions.map((c) => `${c.name}${c.priority ? '*' : ''}`)).toEqual(['Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age', 'Containers*', 'Images*', 'Selector*']);
    expect(table().columnDefinitions[3]!.type).toBe('boolean');
  });

  it('prints <none> for no time zone and no schedule yet, then the active Jobs and how long ago the last was scheduled', () => {
    expect(table(cronJob({})).rows[0]!.cells).toEqual(['hello', '*/1 * * * *', '<none>', 'False', 0, '<none>', '10m', 'hello', 'busybox', '<none>']);
    const running = cronJob({ timeZone: 'Europe/Paris', suspend: true }, { active: [{ kind: 'Job', name: 'hello-28400000' }], lastScheduleTime: '2024-01-01T00:09:00Z' });
    expect(table(running).rows[0]!.cells.slice(0, 7)).toEqual(['hello', '*/1 * * * *', 'Europe/Paris', 'True', 1, '60s', '10m']);
  });
});

describe('the PodDisruptionBudget Table, as printPodDisruptionBudget prints it', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  const pdb = (spec: Record<string, unknown>, disruptionsAllowed: number) => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', creationTimestamp: '2024-01-01T00:00:00Z' },
    spec,
    status: { disruptionsAllowed, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 },
  });
  const table = (...pdbs: unknown[]) => toTable('PodDisruptionBudget', pdbs as never[], { now }) as { columnDefinitions: { name: string; type: string }[]; rows: { cells: unknown[] }[] };

  it('has the columns Name, Min Available, Max Unavailable, Allowed Disruptions, Age; N/A for the bound not set', () => {
    expect(table().columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age']);
    expect(table(pdb({ minAvailable: 1 }, 1)).rows[0]!.cells).toEqual(['web', '1', 'N/A', 1, '10m']);
    expect(table(pdb({ maxUnavailable: '25%' }, 0)).rows[0]!.cells).toEqual(['web', 'N/A', '25%', 0, '10m']);
  });
});

describe('the HorizontalPodAutoscaler Table, as printHorizontalPodAutoscaler prints it', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  const cpu = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } };
  const hpa = (spec: Record<string, unknown>, status: Record<string, unknown> = { desiredReplicas: 0 }) => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
    status,
  });
  const table = (...hpas: unknown[]) => toTable('HorizontalPodAutoscaler', hpas as never[], { now }) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };

  it('has the columns Name, Reference, Targets, MinPods, MaxPods, Replicas, Age', () => {
    expect(table().columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
  });

  it('prints each resource metric as name: current/target, <unknown> before a measurement; <unset> without minReplicas', () => {
    expect(table(hpa({ minReplicas: 1, metrics: [cpu] })).rows[0]!.cells).toEqual(['web', 'Deployment/web', 'cpu: <unknown>/50%', '1', 5, 0, '10m']);
    const measured = hpa({ metrics: [cpu, { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } }] }, {
      currentReplicas: 2,
      desiredReplicas: 2,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 20 } } }],
    });
    expect(table(measured).rows[0]!.cells).toEqual(['web', 'Deployment/web', 'cpu: 20%/50%, memory: <unknown>/100Mi', '<unset>', 5, 2, '10m']);
    expect(table(hpa({ metrics: [] })).rows[0]!.cells[2]).toBe('<none>');
  });
});

describe('the RBAC and networking Tables, as kube-apiserver prints them', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  const meta = { name: 'x', creationTimestamp: '2024-01-01T00:00:00.000Z' };
  type Table = { columnDefinitions: { name: string; type: string; priority: number }[]; rows: { cells: unknown[] }[] };
  const table = (kind: Parameters<typeof toTable>[0], ...objects: unknown[]) => toTable(kind, objects as never[], { now }) as Table;
  const columns = (kind: Parameters<typeof toTable>[0]) => table(kind).columnDefinitions.map((c) => `${c.name}${c.priority ? '*' : ''}`);

  it('prints a role with its creation time (printRole), a binding with its role and, wide, its subjects by kind', () => {
    expect(columns('Role')).toEqual(['Name', 'Created At']);
    expect(columns('ClusterRole')).toEqual(['Name', 'Created At']);
    expect(table('Role', { metadata: meta }).rows[0]!.cells).toEqual(['x', '2024-01-01T00:00:00Z']);
    expect(columns('RoleBinding')).toEqual(['Name', 'Role', 'Age', 'Users*', 'Groups*', 'ServiceAccounts*']);
    expect(columns('ClusterRoleBinding')).toEqual(['Name', 'Role', 'Age', 'Users*', 'Groups*', 'ServiceAccounts*']);
    const subjects = [{ kind: 'User', name: 'jane' }, { kind: 'User', name: 'joe' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default' }];
    expect(table('RoleBinding', { metadata: meta, roleRef: { kind: 'Role', name: 'pod-reader' }, subjects }).rows[0]!.cells).toEqual(['x', 'Role/pod-reader', '10m', 'jane, joe', 'devs', 'default/default']);
  });

  it('prints an ingress with its class, up to three hosts, addresses and ports (printIngress)', () => {
    expect(columns('Ingress')).toEqual(['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
    expect(table('Ingress', { metadata: meta, spec: { rules: [{ http: {} }] } }).rows[0]!.cells).toEqual(['x', '<none>', '*', '', '80', '10m']);
    const hosts = ['a.com', 'b.com', 'c.com', 'd.com'].map((host) => ({ host }));
    const busy = { metadata: meta, spec: { ingressClassName: 'nginx', rules: hosts, tls: [{ hosts: ['a.com'] }] }, status: { loadBalancer: { ingress: [{ ip: '10.0.0.2' }, { hostname: 'lb.example.com' }] } } };
    expect(table('Ingress', busy).rows[0]!.cells).toEqual(['x', 'nginx', 'a.com,b.com,c.com + 1 more...', '10.0.0.2,lb.example.com', '80, 443', '10m']);
  });

  it('prints an ingress class with its controller and parameters, a network policy with its pod selector', () => {
    expect(columns('IngressClass')).toEqual(['Name', 'Controller', 'Parameters', 'Age']);
    expect(table('IngressClass', { metadata: meta, spec: { controller: 'k8s.io/nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p' } } }).rows[0]!.cells).toEqual(['x', 'k8s.io/nginx', 'Params.k8s.example.com/p', '10m']);
    expect(table('IngressClass', { metadata: meta, spec: { controller: 'k8s.io/nginx' } }).rows[0]!.cells[2]).toBe('<none>');
    expect(columns('NetworkPolicy')).toEqual(['Name', 'Pod-Selector', 'Age']);
    expect(table('NetworkPolicy', { metadata: meta, spec: { podSelector: {} } }).rows[0]!.cells).toEqual(['x', '<none>', '10m']);
    expect(table('NetworkPolicy', { metadata: meta, spec: { podSelector: { matchLabels: { app: 'db' } } } }).rows[0]!.cells[1]).toBe('app=db');
  });
});
