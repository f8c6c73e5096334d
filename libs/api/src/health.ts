/** One health check's outcome: `error` says why it failed (kept out of the public report, as kube-apiserver does). */
export interface HealthResult {
  readonly name: string;
  readonly error?: string;
}

export interface HealthReport {
  readonly status: number;
  readonly body: string;
}

/**
 * kube-apiserver's answer on `/healthz`, `/livez` and `/readyz` for `results` (the checks not
 * excluded) in the order the checks are declared: `ok` when all passed; with `verbose` (or on any
 * failure) a line per check — `[+]name ok`, `[+]name excluded: ok`, `[-]name failed: reason
 * withheld` — then `<endpoint> check passed` (200) or `<endpoint> check failed` (500). Exclusions that
 * name no check are warned about in the verbose report.
 */
export function healthReport(
  endpoint: 'healthz' | 'livez' | 'readyz',
  checks: readonly string[],
  results: readonly HealthResult[],
  options: { readonly verbose: boolean; readonly exclude: readonly string[] },
): HealthReport {
  const excluded = new Set(options.exclude);
  const byName = new Map(results.map((r) => [r.name, r]));
  let lines = '';
  let failed = false;
  for (const name of checks) {
    if (excluded.delete(name)) {
      lines += `[+]${name} excluded: ok\n`;
      continue;
    }
    if (byName.get(name)?.error !== undefined) {
      failed = true;
      lines += `[-]${name} failed: reason withheld\n`;
    } else {
      lines += `[+]${name} ok\n`;
    }
  }
  if (excluded.size > 0) lines += `warn: some health checks cannot be excluded: no matches for ${[...excluded].sort().map((n) => JSON.stringify(n)).join(',')}\n`;
  if (failed) return { status: 500, body: `${lines}${endpoint} check failed\n` };
  return { status: 200, body: options.verbose ? `${lines}${endpoint} check passed\n` : 'ok' };
}

/** The answer on `/<endpoint>/<check>`: `ok`, or kube-apiserver's 500 with the check's error. */
export function healthCheckReport(result: HealthResult): HealthReport {
  return result.error === undefined ? { status: 200, body: 'ok' } : { status: 500, body: `internal server error: ${result.error}\n` };
}
