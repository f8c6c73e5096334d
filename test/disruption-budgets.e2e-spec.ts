/**
 * policy/v1 PodDisruptionBudgets with the real kubectl against `bosun up` with simulated nodes: the
 * kind as kube-apiserver serves it, the disruption controller keeping its status, and the eviction
 * subresource spending it — so `kubectl drain` waits for a budget as it does on Kubernetes.
 */
import { bosunForSuite } from './support/bosun-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

describe('PodDisruptionBudgets with kubectl against bosun up with simulated nodes', () => {
  const bosun = bosunForSuite(['--simulated-nodes', '2']);
  const { ok, fails } = bosun;
  const jsonpath = (args: string[], path: string): string => bosun.kubectl([...args, '-o', `jsonpath=${path}`]).stdout;
  /** Two Ready pods of Deployment `web`, both on sim-node-1 (sim-node-2 cordoned while they are placed). */
  const twoPodsOnOneNode = async (): Promise<void> => {
    ok(['cordon', 'sim-node-2']);
    ok(['create', 'deployment', 'web', '--image=busybox', '--replicas=2', '--', 'sleep', '3600']);
    await waitFor('both pods Ready', () => jsonpath(['get', 'deploy', 'web'], '{.status.readyReplicas}') === '2', 20_000);
    ok(['uncordon', 'sim-node-2']);
  };

  it('serves PodDisruptionBudgets: discovery (pdb), create pdb, the status the disruption controller keeps, the Table, apply, patch, refusals, delete', async () => {
    expect(ok(['api-resources', '--api-group=policy'])).toMatch(/^poddisruptionbudgets\s+pdb\s+policy\/v1\s+true\s+PodDisruptionBudget$/m);
    expect(ok(['explain', 'pdb.spec.minAvailable'])).toContain('An eviction is allowed if at least "minAvailable" pods selected by');
    await twoPodsOnOneNode();
    expect(ok(['create', 'pdb', 'web', '--selector=app=web', '--min-available=1'])).toBe('poddisruptionbudget.policy/web created\n');
    await waitFor('disruptions allowed', () => jsonpath(['get', 'pdb', 'web'], '{.status.disruptionsAllowed}') === '1', 10_000);
    const pdb = JSON.parse(ok(['get', 'pdb', 'web', '-o', 'json']));
    expect(pdb).toMatchObject({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { generation: 1 },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
      status: { observedGeneration: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 1, conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1 }] },
    });
    expect(ok(['get', 'pdb'])).toMatch(/^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nweb\s+1\s+N\/A\s+1\s+\d+s\n$/);
    // maxUnavailable counts from the Deployment's scale.
    ok(['patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":null,"maxUnavailable":"50%"}}']);
    await waitFor('generation 2 observed', () => jsonpath(['get', 'pdb', 'web'], '{.status.observedGeneration}') === '2', 10_000);
    expect(ok(['get', 'pdb', 'web'])).toMatch(/^web\s+N\/A\s+50%\s+1\s/m);
    ok(['scale', 'deploy', 'web', '--replicas=4']);
    await waitFor('four expected, two allowed', () => jsonpath(['get', 'pdb', 'web'], '{.status.expectedPods} {.status.disruptionsAllowed}') === '4 2', 20_000);
    // What kube-apiserver refuses.
    expect(fails(['patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":1}}'])).toContain('minAvailable and maxUnavailable cannot be both set');
    expect(fails(['patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"maxUnavailable":"150%"}}'])).toContain('spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%');
    const applied = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'all' }, spec: { selector: {}, maxUnavailable: 0 } };
    expect(ok(['apply', '-f', '-'], JSON.stringify(applied))).toBe('poddisruptionbudget.policy/all created\n');
    expect(ok(['delete', 'pdb', 'web', 'all'])).toBe('poddisruptionbudget.policy "web" deleted\npoddisruptionbudget.policy "all" deleted\n');
    ok(['delete', 'deploy', 'web']);
    await waitFor('pods gone', () => ok(['get', 'pods', '-o', 'name']) === '', 20_000);
  });

  it('refuses an eviction the budget does not allow (429), so kubectl drain retries and waits; with one disruption allowed it drains pod by pod', async () => {
    await twoPodsOnOneNode();
    ok(['create', 'pdb', 'web', '--selector=app=web', '--min-available=2']);
    await waitFor('the budget observed', () => jsonpath(['get', 'pdb', 'web'], '{.status.currentHealthy}') === '2', 10_000);
    const blocked = bosun.kubectl(['drain', 'sim-node-1', '--ignore-daemonsets', '--timeout=8s']);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toMatch(/error when evicting pods\/"web-[a-z0-9-]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
    expect(jsonpath(['get', 'deploy', 'web'], '{.status.readyReplicas}')).toBe('2');
    // One disruption allowed: the first pod goes, its replacement becomes Ready on sim-node-2, then the second goes.
    ok(['patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":1}}']);
    const drained = bosun.kubectl(['drain', 'sim-node-1', '--ignore-daemonsets', '--timeout=60s']);
    expect({ code: drained.code, stderr: drained.stderr }).toEqual({ code: 0, stderr: expect.stringContaining("Cannot evict pod as it would violate the pod's disruption budget.") });
    expect(drained.stdout.match(/pod\/web-\S+ evicted\n/g)).toHaveLength(2);
    expect(drained.stdout).toMatch(/node\/sim-node-1 drained\n$/);
    expect(jsonpath(['get', 'pods', '-l', 'app=web'], '{.items[*].spec.nodeName}')).toBe('sim-node-2 sim-node-2');
  });
});
