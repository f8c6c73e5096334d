/**
 * Kubernetes' IntOrString as a count or a percentage of a total (a Deployment's maxSurge and
 * maxUnavailable): intstr.GetScaledValueFromIntOrPercent. Undefined when the value is neither.
 */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^([0-9]+)%$/.exec(value);
  if (m === null) return undefined;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
