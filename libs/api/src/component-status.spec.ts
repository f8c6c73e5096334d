import { componentStatusOf, componentStatusTable } from './component-status';

describe('ComponentStatus', () => {
  it('is healthy with message ok, or unhealthy with the check’s error, as kube-apiserver’s probes report', () => {
    expect(componentStatusOf({ name: 'event-log' })).toEqual({ kind: 'ComponentStatus', apiVersion: 'v1', metadata: { name: 'event-log', creationTimestamp: null }, conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] });
    expect(componentStatusOf({ name: 'event-log', error: 'timed out' }).conditions).toEqual([{ type: 'Healthy', status: 'False', error: 'timed out' }]);
  });

  it('prints as printComponentStatus: Name, Status, Message, Error', () => {
    const table = componentStatusTable([componentStatusOf({ name: 'a' }), componentStatusOf({ name: 'b', error: 'down' })]) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Status', 'Message', 'Error']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['a', 'Healthy', 'ok', ''],
      ['b', 'Unhealthy', '', 'down'],
    ]);
  });
});
