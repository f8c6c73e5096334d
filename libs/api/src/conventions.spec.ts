import { kubeTime, parseDuration } from './conventions';

describe('conventions', () => {
  it('prints times at second precision, as Kubernetes does', () => {
    expect(kubeTime(new Date('2026-11-28T10:00:00.123Z'))).toBe('2026-11-28T10:00:00Z');
  });

  it.each([
    ['40s', 40_000],
    ['5m', 300_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5s', 1_500],
    ['2h', 7_200_000],
  ])('reads the duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '5x', 's', '5m junk', '-5s'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/not a duration/);
  });
});
