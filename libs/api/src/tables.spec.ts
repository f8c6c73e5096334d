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
