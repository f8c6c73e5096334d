import type { ConditionStatus, ObjectMeta, Time } from './meta.types';

/** The object whose scale subresource an autoscaler drives. */
export interface CrossVersionObjectReference {
  kind: string;
  name: string;
  apiVersion?: string;
}

export interface MetricTarget {
  type: 'Utilization' | 'Value' | 'AverageValue' | string;
  value?: string;
  averageValue?: string;
  /** Percent of the pods' requests. */
  averageUtilization?: number;
}

/** One metric to scale on; Bosun's controller knows Resource metrics (cpu, memory) only. */
export interface MetricSpec {
  type: 'Resource' | 'Pods' | 'Object' | 'External' | 'ContainerResource' | string;
  resource?: { name: string; target: MetricTarget };
  [source: string]: unknown;
}

export interface HorizontalPodAutoscalerSpec {
  scaleTargetRef: CrossVersionObjectReference;
  /** At least 1; 1 when unset. */
  minReplicas?: number;
  maxReplicas: number;
  /** cpu at 80% utilization when none is given. */
  metrics?: MetricSpec[];
  behavior?: Record<string, unknown>;
}

export interface HorizontalPodAutoscalerCondition {
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited' | string;
  status: ConditionStatus;
  lastTransitionTime?: Time;
  reason?: string;
  message?: string;
}

export interface HorizontalPodAutoscalerStatus {
  observedGeneration?: number;
  lastScaleTime?: Time;
  currentReplicas?: number;
  desiredReplicas: number;
  currentMetrics?: Record<string, unknown>[];
  conditions?: HorizontalPodAutoscalerCondition[];
}

/** autoscaling/v2 HorizontalPodAutoscaler (also served as autoscaling/v1): keeps a scalable object's replicas within bounds, by its metrics. */
export interface HorizontalPodAutoscaler {
  apiVersion: 'autoscaling/v2';
  kind: 'HorizontalPodAutoscaler';
  metadata: ObjectMeta;
  spec?: HorizontalPodAutoscalerSpec;
  status?: HorizontalPodAutoscalerStatus;
}
