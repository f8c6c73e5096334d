import { healthCheckReport, healthReport } from './health';

describe('healthReport', () => {
  const checks = ['ping', 'event-log'];
  it('says ok, or with verbose each check and that the endpoint passed, as kube-apiserver does', () => {
    const results = [{ name: 'ping' }, { name: 'event-log' }];
    expect(healthReport('readyz', checks, results, { verbose: false, exclude: [] })).toEqual({ status: 200, body: 'ok' });
    expect(healthReport('readyz', checks, results, { verbose: true, exclude: [] })).toEqual({ status: 200, body: '[+]ping ok\n[+]event-log ok\nreadyz check passed\n' });
  });

  it('reports every check when one fails, withholding the reason', () => {
    const results = [{ name: 'ping' }, { name: 'event-log', error: 'broker down' }];
    expect(healthReport('livez', checks, results, { verbose: false, exclude: [] })).toEqual({ status: 500, body: '[+]ping ok\n[-]event-log failed: reason withheld\nlivez check failed\n' });
  });

  it('skips excluded checks and warns about exclusions that name none', () => {
    const results = [{ name: 'ping' }];
    expect(healthReport('healthz', checks, results, { verbose: true, exclude: ['event-log', 'etcd'] }).body).toBe(
      '[+]ping ok\n[+]event-log excluded: ok\nwarn: some health checks cannot be excluded: no matches for "etcd"\nhealthz check passed\n',
    );
  });

  it('answers one check by itself', () => {
    expect(healthCheckReport({ name: 'ping' })).toEqual({ status: 200, body: 'ok' });
    expect(healthCheckReport({ name: 'event-log', error: 'broker down' })).toEqual({ status: 500, body: 'internal server error: broker down\n' });
  });
});
