import { readinessGateMessages, withKubeletConditions } from './pod-conditions';

describe('pod conditions', () => {
  it('merges a node’s report as the kubelet does: the others’ conditions as they were, then the kubelet’s', () => {
    const current = [
      { type: 'Ready', status: 'False' },
      { type: 'example.com/lb', status: 'True' },
      { type: 'DisruptionTarget', status: 'True' },
    ];
    expect(withKubeletConditions(current, [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }])).toEqual([
      { type: 'example.com/lb', status: 'True' },
      { type: 'DisruptionTarget', status: 'True' },
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ]);
    expect(withKubeletConditions(undefined, [{ type: 'Ready' }])).toEqual([{ type: 'Ready' }]);
  });

  it('says which readiness gates hold a pod back, in the kubelet’s words', () => {
    const gates = [{ conditionType: 'a' }, { conditionType: 'b' }, { conditionType: 'c' }];
    expect(readinessGateMessages(gates, [{ type: 'b', status: 'Unknown' }, { type: 'c', status: 'True' }])).toEqual([
      'corresponding condition of pod readiness gate "a" does not exist.',
      'the status of pod readiness gate "b" is not "True", but Unknown',
    ]);
    expect(readinessGateMessages(undefined, [])).toEqual([]);
  });
});
