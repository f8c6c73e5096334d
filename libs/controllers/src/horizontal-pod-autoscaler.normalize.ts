import { withinRules } from './replica-calculator';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * What the horizontal pod autoscaler controller does with the metrics' recommendation before it
 * scales (kube's normalizeDesiredReplicas and normalizeDesiredReplicasWithBehaviors): stabilization
 * over the recent recommendations, then the replica bounds and scale rate. Recommendations and
 * scale events are the controller's memory, as in kube-controller-manager (a new leader starts
 * without them).
 */

/** --horizontal-pod-autoscaler-downscale-stabilization: a scale down waits for 5 minutes of lower recommendations. */
export const DOWNSCALE_STABILIZATION_MS = 300_000;

export interface Recommendation {
  readonly replicas: number;
  readonly atMs: number;
}

export interface ScaleEvent {
  readonly change: number;
  readonly atMs: number;
}

/** The controller's memory of one autoscaler. */
export interface AutoscalerMemory {
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

export const newMemory = (): AutoscalerMemory => ({ recommendations: [], scaleUpEvents: [], scaleDownEvents: [] });

export interface ScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodSeconds: number;
}

export interface ScalingRules {
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: 'Max' | 'Min' | 'Disabled';
  readonly policies: readonly ScalingPolicy[];
}

/** GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: a behavior's rules with kube's defaults for what it leaves out. */
export function behaviorRules(behavior: Anything): { up: ScalingRules; down: ScalingRules } {
  const rules = (given: Anything | undefined, defaults: ScalingRules): ScalingRules => ({
    stabilizationWindowSeconds: given?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: given?.selectPolicy ?? defaults.selectPolicy,
    policies: Array.isArray(given?.policies) && given.policies.length > 0 ? given.policies : defaults.policies,
  });
  return {
    up: rules(behavior.scaleUp, { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] }),
    down: rules(behavior.scaleDown, { stabilizationWindowSeconds: DOWNSCALE_STABILIZATION_MS / 1000, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] }),
  };
}

/** The longest period of a behavior's policies: how long its scale events matter. */
export function longestPeriodMs(behavior: Anything): number {
  const { up, down } = behaviorRules(behavior);
  return Math.max(0, ...[...up.policies, ...down.policies].map((p) => p.periodSeconds * 1000));
}

/** A condition the normalization sets (AbleToScale, ScalingLimited). */
export interface SetCondition {
  readonly type: 'AbleToScale' | 'ScalingLimited';
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
}

/** Records `replicas` as the newest recommendation, replacing one older than every window (kube keeps one slot per sync). */
function record(memory: AutoscalerMemory, replicas: number, nowMs: number, isOld: (r: Recommendation) => boolean): void {
  const old = memory.recommendations.findIndex(isOld);
  if (old >= 0) memory.recommendations[old] = { replicas, atMs: nowMs };
  else memory.recommendations.push({ replicas, atMs: nowMs });
}

/**
 * normalizeDesiredReplicas, without a behavior: the highest recommendation of the last five minutes
 * (a scale down waits; a scale up is at once), held within minReplicas and the lower of
 * maxReplicas and twice the current replicas (at least 4).
 */
export function normalizeDesiredReplicas(memory: AutoscalerMemory, current: number, desired: number, min: number, max: number, nowMs: number): { replicas: number; conditions: SetCondition[] } {
  const cutoff = nowMs - DOWNSCALE_STABILIZATION_MS;
  let stabilized = desired;
  for (const r of memory.recommendations) if (r.atMs >= cutoff && r.replicas > stabilized) stabilized = r.replicas;
  record(memory, desired, nowMs, (r) => r.atMs < cutoff);
  const able: SetCondition =
    stabilized !== desired
      ? { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }
      : { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
  const ruled = withinRules(current, stabilized, min, max);
  return { replicas: ruled.replicas, conditions: [able, { type: 'ScalingLimited', status: ruled.replicas === stabilized ? 'False' : 'True', reason: ruled.reason, message: ruled.message }] };
}

const changeInPeriod = (periodSeconds: number, events: readonly ScaleEvent[], nowMs: number): number =>
  events.filter((e) => e.atMs > nowMs - periodSeconds * 1000).reduce((sum, e) => sum + e.change, 0);

/** calculateScaleUpLimitWithScalingRules: the most replicas the policies allow now, from the replicas at the start of each policy's period. */
export function scaleUpLimitWithRules(current: number, memory: AutoscalerMemory, rules: ScalingRules, nowMs: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = rules.policies.map((p) => {
    const start = current - changeInPeriod(p.periodSeconds, memory.scaleUpEvents, nowMs) + changeInPeriod(p.periodSeconds, memory.scaleDownEvents, nowMs);
    return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
}

/** calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow now. */
export function scaleDownLimitWithRules(current: number, memory: AutoscalerMemory, rules: ScalingRules, nowMs: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = rules.policies.map((p) => {
    const start = current - changeInPeriod(p.periodSeconds, memory.scaleUpEvents, nowMs) + changeInPeriod(p.periodSeconds, memory.scaleDownEvents, nowMs);
    return p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
}

/**
 * normalizeDesiredReplicasWithBehaviors: the recommendation stabilized between the lowest of the
 * scale-up window and the highest of the scale-down window, then held within the replica bounds
 * and the rate the policies allow.
 */
export function normalizeWithBehavior(memory: AutoscalerMemory, behavior: Anything, current: number, desired: number, min: number, max: number, nowMs: number): { replicas: number; conditions: SetCondition[] } {
  const { up, down } = behaviorRules(behavior);
  const upCutoff = nowMs - up.stabilizationWindowSeconds * 1000;
  const downCutoff = nowMs - down.stabilizationWindowSeconds * 1000;
  let upRecommendation = desired;
  let downRecommendation = desired;
  for (const r of memory.recommendations) {
    if (r.atMs > upCutoff) upRecommendation = Math.min(r.replicas, upRecommendation);
    if (r.atMs > downCutoff) downRecommendation = Math.max(r.replicas, downRecommendation);
  }
  let stabilized = Math.max(current, upRecommendation);
  stabilized = Math.min(stabilized, downRecommendation);
  record(memory, desired, nowMs, (r) => r.atMs < upCutoff && r.atMs < downCutoff);
  const able: SetCondition =
    stabilized === desired
      ? { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' }
      : desired >= current
        ? { type: 'AbleToScale', status: 'True', reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
        : { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
  let replicas = stabilized;
  let reason = 'DesiredWithinRange';
  let message = 'the desired count is within the acceptable range';
  if (stabilized > current) {
    const limit = Math.max(current, scaleUpLimitWithRules(current, memory, up, nowMs));
    const [maximum, why, words] =
      max > limit ? [limit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'] : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    if (stabilized > maximum) [replicas, reason, message] = [maximum, why, words];
  } else if (stabilized < current) {
    const limit = Math.min(current, scaleDownLimitWithRules(current, memory, down, nowMs));
    const [minimum, why, words] =
      min < limit ? [limit, 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate'] : [min, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
    if (stabilized < minimum) [replicas, reason, message] = [minimum, why, words];
  }
  return { replicas, conditions: [able, { type: 'ScalingLimited', status: replicas === stabilized ? 'False' : 'True', reason, message }] };
}

/** storeScaleEvent: a rescale remembered for the behavior's rate policies. */
export function rememberScale(memory: AutoscalerMemory, from: number, to: number, nowMs: number, longestPeriodMs: number): void {
  const keep = (events: ScaleEvent[]) => events.filter((e) => e.atMs > nowMs - longestPeriodMs);
  memory.scaleUpEvents = keep(memory.scaleUpEvents);
  memory.scaleDownEvents = keep(memory.scaleDownEvents);
  if (to > from) memory.scaleUpEvents.push({ change: to - from, atMs: nowMs });
  else if (to < from) memory.scaleDownEvents.push({ change: from - to, atMs: nowMs });
}
