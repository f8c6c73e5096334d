/** Kubernetes timestamps are RFC 3339 at second precision: 2026-11-28T10:00:00Z. */
export function kubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
