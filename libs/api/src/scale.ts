import { BadRequestError, InvalidError } from './api.errors';
import { AGE_COLUMN, humanDuration, NAME_COLUMN, tableOf, type Column, type IncludeObject } from './tables';
import { podSelectorOf } from './pod-selector';
import type { Deployment, ObjectMeta, ReplicaSet, ReplicationController, StatefulSet } from './types';

/** The kinds with a scale subresource (ResourceInfo.scale). */
export type Scalable = ReplicationController | ReplicaSet | Deployment | StatefulSet;

/** autoscaling/v1 Scale: what the `scale` subresource of a replication controller, a ReplicaSet or a Deployment reads and writes. */
export interface Scale {
  kind: 'Scale';
  apiVersion: 'autoscaling/v1';
  metadata: Pick<ObjectMeta, 'name' | 'namespace' | 'uid' | 'resourceVersion' | 'creationTimestamp'>;
  spec: { replicas: number };
  status: { replicas: number; selector: string };
}

/**
 * The Scale of a replication controller, ReplicaSet or Deployment, as kube-apiserver's scale storage builds it:
 * the selector in label-selector syntax, requirements sorted by key (labels.Set and
 * LabelSelectorAsSelector both print so).
 */
export function scaleOf(rc: Scalable): Scale {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: rc.metadata.name,
      namespace: rc.metadata.namespace,
      uid: rc.metadata.uid,
      resourceVersion: rc.metadata.resourceVersion,
      creationTimestamp: rc.metadata.creationTimestamp,
    },
    spec: { replicas: rc.spec?.replicas ?? 1 },
    status: {
      replicas: rc.status?.replicas ?? 0,
      selector: podSelectorOf(rc).toString(),
    },
  };
}

/**
 * The replicas a Scale written to `name` asks for. A count that is not a whole number cannot be
 * decoded (400); a negative one fails ValidateScale (422, `Scale.autoscaling "web" is invalid`).
 */
export function scaleReplicas(scale: unknown, name: string): number {
  const replicas = (scale as { spec?: { replicas?: unknown } } | null)?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw new BadRequestError('spec.replicas of a Scale must be a non-negative integer');
  if (replicas < 0) {
    throw new InvalidError('Scale', name, [{ reason: 'FieldValueInvalid', message: `Invalid value: ${replicas}: must be greater than or equal to 0`, field: 'spec.replicas' }], 'autoscaling');
  }
  return replicas;
}

/** The Table `kubectl get --subresource=scale` prints: Kubernetes' printScale (Name, Desired, Available, Age). */
export function scaleTable(scales: readonly Scale[], options: { includeObject?: IncludeObject; now?: number } = {}): Record<string, unknown> {
  const columns: Column[] = [
    NAME_COLUMN,
    { name: 'Desired', type: 'integer', description: 'replicas is the desired number of instances for the scaled object.' },
    { name: 'Available', type: 'integer', description: 'replicas is the actual number of observed instances of the scaled object.' },
    AGE_COLUMN,
  ];
  return tableOf(
    scales,
    columns,
    (s, now) => [s.metadata.name, s.spec.replicas, s.status.replicas, s.metadata.creationTimestamp ? humanDuration(now - Date.parse(s.metadata.creationTimestamp)) : '<unknown>'],
    options,
  );
}
