/**
 * autoscaling/v2 HorizontalPodAutoscalers (also autoscaling/v1) with the real kubectl against
 * `bosun up` with simulated nodes: `kubectl autoscale`, the Table, the controller keeping the
 * target within minReplicas and maxReplicas (pods without CPU requests: their utilization stays
 * unknown, as kube's replica calculator says), and scaling on the CPU the simulated nodes report
 * (`simulated.bosun.io/cpu-usage`): up at once, down at the pace of a behavior's policy. Real usage
 * from a node agent: resource-metrics.e2e-spec.ts.
 */
import { bosunForSuite } from './support/bosun-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

describe('HorizontalPodAutoscalers with kubectl against bosun up with simulated nodes', () => {
  const bosun = bosunForSuite(['--simulated-nodes', '1']);
  const { ok, fails } = bosun;
  const jsonpath = (args: string[], path: string): string => bosun.kubectl([...args, '-o', `jsonpath=${path}`]).stdout;

  it('kubectl autoscale makes an autoscaler (v1 and v2 views) that keeps the Deployment within its bounds and reports cpu: <unknown>', async () => {
    expect(ok(['api-resources', '--api-group=autoscaling'])).toMatch(/^horizontalpodautoscalers\s+hpa\s+autoscaling\/v2\s+true\s+HorizontalPodAutoscaler$/m);
    expect(ok(['explain', 'hpa.spec.minReplicas'])).toContain('minReplicas is the lower limit for the number of replicas');
    ok(['create', 'deployment', 'web', '--image=busybox', '--replicas=1', '--', 'sleep', '3600']);
    expect(ok(['autoscale', 'deployment', 'web', '--cpu-percent=50', '--min=1', '--max=5'])).toBe('horizontalpodautoscaler.autoscaling/web autoscaled\n');
    await waitFor('the autoscaler cannot measure cpu', () => jsonpath(['get', 'hpa', 'web'], '{.status.conditions[?(@.type=="ScalingActive")].reason}') === 'FailedGetResourceMetric', 10_000);
    expect(ok(['get', 'hpa'])).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\nweb\s+Deployment\/web\s+cpu: <unknown>\/50%\s+1\s+5\s+1\s+\d+s\n$/);
    expect(JSON.parse(ok(['get', 'hpa', 'web', '-o', 'json']))).toMatchObject({
      apiVersion: 'autoscaling/v2',
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
      status: { currentReplicas: 1, conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' }, { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric' }] },
    });
    expect(JSON.parse(ok(['get', 'horizontalpodautoscalers.v1.autoscaling', 'web', '-o', 'json']))).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { maxReplicas: 5, minReplicas: 1, targetCPUUtilizationPercentage: 50 }, status: { currentReplicas: 1 } });
    expect(ok(['get', 'all'])).toMatch(/^horizontalpodautoscaler\.autoscaling\/web\s+Deployment\/web\s+cpu: <unknown>\/50%\s/m);
    // minReplicas above the replicas scales the Deployment up; replicas above maxReplicas are brought down.
    ok(['patch', 'hpa', 'web', '--type=merge', '-p', '{"spec":{"minReplicas":3}}']);
    await waitFor('scaled up to minReplicas', () => jsonpath(['get', 'deploy', 'web'], '{.spec.replicas}') === '3', 10_000);
    expect(jsonpath(['get', 'hpa', 'web'], '{.status.conditions[?(@.type=="AbleToScale")].message}')).toMatch(/the HPA controller was able to (update the target scale to 3|get the target's current scale)/);
    ok(['scale', 'deploy', 'web', '--replicas=9']);
    await waitFor('scaled down to maxReplicas', () => jsonpath(['get', 'deploy', 'web'], '{.spec.replicas}') === '5', 10_000);
    // The rescale's status (and so its Event) lands beside the Deployment's write, not before it.
    const described = await waitFor('the second rescale described', () => {
      const text = ok(['describe', 'hpa', 'web']);
      return text.includes('New size: 5') ? text : undefined;
    }, 10_000);
    expect(described).toMatch(/ScalingActive\s+False\s+FailedGetResourceMetric\s+the HPA was unable to compute the replica count/);
    expect(described).toMatch(/Normal\s+SuccessfulRescale\s+\S+\s+horizontal-pod-autoscaler\s+New size: 3; reason: Current number of replicas below Spec.MinReplicas/);
    expect(described).toMatch(/Normal\s+SuccessfulRescale\s+\S+\s+horizontal-pod-autoscaler\s+New size: 5; reason: Current number of replicas above Spec.MaxReplicas/);
    // Pods measured less than a window after they became Ready do not count (kube's replica calculator); once they do, their containers request no CPU.
    expect(described).toMatch(/Warning\s+FailedGetResourceMetric\s+\S+\s+horizontal-pod-autoscaler\s+failed to get cpu utilization: (unable to get metrics for resource cpu|did not receive metrics for targeted pods \(pods might be unready\)|missing request for cpu in container busybox of Pod web-)/);
    // What kube-apiserver refuses.
    expect(fails(['patch', 'hpa', 'web', '--type=merge', '-p', '{"spec":{"minReplicas":0}}'])).toContain('spec.minReplicas: Invalid value: 0: must be greater than or equal to 1');
    expect(fails(['patch', 'hpa', 'web', '--type=merge', '-p', '{"spec":{"maxReplicas":2}}'])).toContain('spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
    expect(ok(['delete', 'hpa', 'web'])).toBe('horizontalpodautoscaler.autoscaling "web" deleted\n');
    // A manifest at v2, created then applied again with a change.
    const manifest = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 4 } };
    expect(ok(['apply', '-f', '-'], JSON.stringify(manifest))).toBe('horizontalpodautoscaler.autoscaling/api created\n');
    expect(ok(['apply', '-f', '-'], JSON.stringify({ ...manifest, spec: { ...manifest.spec, maxReplicas: 3 } }))).toBe('horizontalpodautoscaler.autoscaling/api configured\n');
    await waitFor('brought to the new maxReplicas', () => jsonpath(['get', 'deploy', 'web'], '{.spec.replicas}') === '3', 10_000);
    expect(ok(['get', 'hpa', 'api'])).toMatch(/^api\s+Deployment\/web\s+cpu: <unknown>\/80%\s+2\s+3\s+\d+\s/m);
  });

  it('scales a Deployment up on the CPU its pods use against their requests (simulated usage), and down as its behavior allows, with kube\'s conditions and Events', async () => {
    const deployment = (usage: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'busy' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'busy' } },
        template: {
          metadata: { labels: { app: 'busy' }, annotations: { 'simulated.bosun.io/cpu-usage': usage } },
          spec: { containers: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'], resources: { requests: { cpu: '100m', memory: '32Mi' } } }] },
        },
      },
    });
    ok(['apply', '-f', '-'], JSON.stringify(deployment('40m')));
    ok(['autoscale', 'deployment', 'busy', '--cpu-percent=50', '--min=1', '--max=4']);
    // 40 % against 50 %: measured, nothing to do (and one replica is the minimum).
    await waitFor('the autoscaler measures 40 %', () => ok(['get', 'hpa', 'busy']).match(/cpu: 40%\/50%/) !== null, 60_000);
    expect(jsonpath(['get', 'hpa', 'busy'], '{.status.conditions[?(@.type=="ScalingActive")].reason}')).toBe('ValidMetricFound');
    expect(ok(['top', 'pod', '-l', 'app=busy'])).toMatch(/^busy-\S+\s+40m\s+32Mi\s*$/m);
    expect(jsonpath(['get', 'deploy', 'busy'], '{.spec.replicas}')).toBe('1');
    // The load rises to 200 % (a rollout brings pods that use 200m): four times the target: 4 (also its maxReplicas).
    ok(['apply', '-f', '-'], JSON.stringify(deployment('200m')));
    await waitFor('scaled to 4', () => jsonpath(['get', 'deploy', 'busy'], '{.spec.replicas}') === '4', 90_000);
    const described = await waitFor('the rescale described', () => {
      const text = ok(['describe', 'hpa', 'busy']);
      return text.includes('New size: 4') ? text : undefined;
    }, 15_000);
    expect(described).toMatch(/Normal\s+SuccessfulRescale\s+\S+\s+horizontal-pod-autoscaler\s+New size: 4; reason: cpu resource utilization \(percentage of request\) above target/);
    expect(JSON.parse(ok(['get', 'hpa', 'busy', '-o', 'json'])).status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: expect.objectContaining({ averageUtilization: expect.any(Number) }) } }]);
    // A behavior without a scale-down window, at most 2 pods per 15 s; the load falls to 10 %: down to 1 in two steps.
    ok(['patch', 'hpa', 'busy', '--type=merge', '-p', JSON.stringify({ spec: { behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 2, periodSeconds: 15 }] } } } })]);
    ok(['patch', 'deploy', 'busy', '--type=merge', '-p', JSON.stringify({ spec: { template: { metadata: { annotations: { 'simulated.bosun.io/cpu-usage': '10m' } } } } })]);
    await waitFor('scaled down to 1', () => jsonpath(['get', 'deploy', 'busy'], '{.spec.replicas}') === '1', 120_000);
    const down = await waitFor('the scale down described', () => {
      const text = ok(['describe', 'hpa', 'busy']);
      return text.includes('New size: 1') ? text : undefined;
    }, 15_000);
    expect(down).toMatch(/New size: 2; reason: All metrics below target/);
    expect(down).toMatch(/New size: 1; reason: All metrics below target/);
    ok(['delete', 'hpa', 'busy']);
  }, 240_000);
});
