import { NAME_COLUMN, tableOf, type Column, type IncludeObject } from './tables';
import type { HealthResult } from './health';

/**
 * core/v1 ComponentStatus (`kubectl get componentstatuses`, `cs`): deprecated since 1.19 but still
 * served, get and list only. kube-apiserver answers it by probing the components it knows (the
 * scheduler, the controller manager, etcd); the gateway answers it from its own health checks —
 * the event log being Bosun's etcd — run at each request, as kube-apiserver probes at each.
 */
export interface ComponentStatus {
  kind: 'ComponentStatus';
  apiVersion: 'v1';
  /** Never stored: no creation time, which Go writes as null. */
  metadata: { name: string; creationTimestamp: null };
  conditions: { type: 'Healthy'; status: 'True' | 'False'; message?: string; error?: string }[];
}

/** kube-apiserver's warning on every ComponentStatus answer. */
export const COMPONENT_STATUS_DEPRECATION = 'v1 ComponentStatus is deprecated in v1.19+';

/** A component healthy with message ok, or unhealthy with its error, as kube-apiserver's probe reports it. */
export function componentStatusOf(result: HealthResult): ComponentStatus {
  const condition =
    result.error === undefined ? { type: 'Healthy' as const, status: 'True' as const, message: 'ok' } : { type: 'Healthy' as const, status: 'False' as const, error: result.error };
  return { kind: 'ComponentStatus', apiVersion: 'v1', metadata: { name: result.name, creationTimestamp: null }, conditions: [condition] };
}

/** printComponentStatus's columns: Name, Status (Healthy / Unhealthy / Unknown), Message, Error. */
export function componentStatusTable(items: readonly ComponentStatus[], options: { includeObject?: IncludeObject } = {}): Record<string, unknown> {
  const columns: Column[] = [
    NAME_COLUMN,
    { name: 'Status', type: 'string', description: 'Status of the component conditions' },
    { name: 'Message', type: 'string', description: 'Message of the component conditions' },
    { name: 'Error', type: 'string', description: 'Error of the component conditions' },
  ];
  return tableOf(
    items,
    columns,
    (c) => {
      const healthy = c.conditions.find((x) => x.type === 'Healthy');
      const status = healthy === undefined ? 'Unknown' : healthy.status === 'True' ? 'Healthy' : 'Unhealthy';
      return [c.metadata.name, status, healthy?.message ?? '', healthy?.error ?? ''];
    },
    options,
  );
}
