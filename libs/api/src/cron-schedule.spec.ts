import { cronScheduleError, isKnownTimeZone, parseCronSchedule, rfc3339In } from './cron-schedule';

const at = (iso: string): number => Date.parse(iso);
const next = (spec: string, after: string, timeZone?: string): string | undefined => {
  const t = parseCronSchedule(spec, timeZone).next(at(after));
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe('cron schedules, as robfig/cron ParseStandard reads them for kube', () => {
  it('runs a five-field schedule at its next matching minute, strictly after the time given', () => {
    expect(next('*/1 * * * *', '2026-11-28T10:00:00Z')).toBe('2026-11-28T10:01:00.000Z');
    expect(next('*/1 * * * *', '2026-11-28T10:00:30Z')).toBe('2026-11-28T10:01:00.000Z');
    expect(next('*/15 * * * *', '2026-11-28T10:16:00Z')).toBe('2026-11-28T10:30:00.000Z');
    expect(next('30 6-16/4 * * 1-5', '2026-11-28T10:00:00Z')).toBe('2026-11-30T06:30:00.000Z'); // a Saturday: Monday next
    expect(next('0 0 1 jan *', '2026-11-28T10:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 12 * * SUN', '2026-11-28T10:00:00Z')).toBe('2026-11-29T12:00:00.000Z');
  });

  it('takes day of month or day of week when neither is *, both when one is', () => {
    expect(next('0 0 1 * MON', '2026-11-28T10:00:00Z')).toBe('2026-11-30T00:00:00.000Z'); // Monday comes before the 1st
    expect(next('0 0 1 * *', '2026-11-28T10:00:00Z')).toBe('2026-12-01T00:00:00.000Z');
  });

  it('knows the descriptors kube accepts, @every among them', () => {
    expect(next('@hourly', '2026-11-28T10:20:00Z')).toBe('2026-11-28T11:00:00.000Z');
    expect(next('@daily', '2026-11-28T10:20:00Z')).toBe('2026-11-29T00:00:00.000Z');
    expect(next('@midnight', '2026-11-28T10:20:00Z')).toBe('2026-11-29T00:00:00.000Z');
    expect(next('@weekly', '2026-11-28T10:20:00Z')).toBe('2026-11-29T00:00:00.000Z');
    expect(next('@monthly', '2026-11-28T10:20:00Z')).toBe('2026-12-01T00:00:00.000Z');
    expect(next('@yearly', '2026-11-28T10:20:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('@annually', '2026-11-28T10:20:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('@every 90s', '2026-11-28T10:20:00.500Z')).toBe('2026-11-28T10:21:30.000Z');
    expect(next('@every 1h30m', '2026-11-28T10:20:00Z')).toBe('2026-11-28T11:50:00.000Z');
  });

  it('reckons in a time zone of the tz database, across its DST change', () => {
    expect(next('0 9 * * *', '2026-11-28T10:00:00Z', 'Europe/Paris')).toBe('2026-11-29T08:00:00.000Z');
    expect(next('0 9 * * *', '2026-07-01T10:00:00Z', 'Europe/Paris')).toBe('2026-07-02T07:00:00.000Z');
    expect(next('30 1 * * *', '2026-03-28T12:00:00Z', 'America/New_York')).toBe('2026-03-29T05:30:00.000Z');
    expect(next('0 0 * * *', '2026-11-28T10:00:00Z', 'Asia/Kolkata')).toBe('2026-11-28T18:30:00.000Z');
  });

  it('finds none for a date that never comes', () => {
    expect(next('0 0 31 2 *', '2026-11-28T10:00:00Z')).toBeUndefined();
  });

  it('words what it refuses as robfig/cron does', () => {
    expect(cronScheduleError('error')).toBe('expected exactly 5 fields, found 1: [error]');
    expect(cronScheduleError('* * * *')).toBe('expected exactly 5 fields, found 4: [* * * *]');
    expect(cronScheduleError('0 * * * * *')).toBe('expected exactly 5 fields, found 6: [0 * * * * *]');
    expect(cronScheduleError('60 * * * *')).toBe('end of range (60) above maximum (59): 60');
    expect(cronScheduleError('* * 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(cronScheduleError('* * * * 7')).toBe('end of range (7) above maximum (6): 7');
    expect(cronScheduleError('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1');
    expect(cronScheduleError('*/0 * * * *')).toBe('step of range should be a positive number: */0');
    expect(cronScheduleError('x * * * *')).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    expect(cronScheduleError('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3');
    expect(cronScheduleError('@fortnightly')).toBe('unrecognized descriptor: @fortnightly');
    expect(cronScheduleError('@every 5')).toBe('failed to parse duration @every 5: time: missing unit in duration "5"');
    expect(cronScheduleError('@every 5d')).toBe('failed to parse duration @every 5d: time: unknown unit "d" in duration "5d"');
    expect(cronScheduleError('0 0 * * mon-fri')).toBeUndefined();
    expect(cronScheduleError('? * * * *')).toBeUndefined();
  });

  it('knows the zones of the tz database, spelt as it spells them', () => {
    expect(isKnownTimeZone('Europe/Paris')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Etc/GMT+5')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isKnownTimeZone('europe/paris')).toBe(false);
  });

  it('writes a scheduled time as Go writes time.RFC3339 in the zone', () => {
    expect(rfc3339In(at('2026-11-28T10:00:00Z'))).toBe('2026-11-28T10:00:00Z');
    expect(rfc3339In(at('2026-11-28T10:00:00Z'), 'Europe/Paris')).toBe('2026-11-28T11:00:00+01:00');
    expect(rfc3339In(at('2026-11-28T10:00:00Z'), 'America/New_York')).toBe('2026-11-28T05:00:00-05:00');
    expect(rfc3339In(at('2026-11-28T10:00:00Z'), 'Asia/Kolkata')).toBe('2026-11-28T15:30:00+05:30');
  });
});
