/**
 * A CronJob's schedule, read as kube-apiserver and kube-controller-manager read it: robfig/cron's
 * ParseStandard — five fields (minute, hour, day of month, month, day of week; names jan–dec and
 * sun–sat; `*` or `?`; ranges, lists and steps) or a descriptor (@yearly, @annually, @monthly,
 * @weekly, @daily, @midnight, @hourly, `@every <Go duration>`) — with its error messages, which
 * kube-apiserver returns word for word. Written here rather than taken from an npm cron library
 * because none accepts exactly robfig's set (no day of week 7, no seconds field) nor words its
 * errors as it does. Times are reckoned in a time zone through Intl (Node's ICU tz database);
 * without one in UTC, the zone of kube-controller-manager's images.
 */

export interface CronSchedule {
  /** The first activation strictly after `after` (ms since the epoch), or undefined if none within five years. */
  next(after: number): number | undefined;
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) };
const DOW: Bounds = { min: 0, max: 6, names: Object.fromEntries(DAY_NAMES.map((n, i) => [n, i])) };

/** A field: which values match, and whether it was `*` (robfig's star bit, which changes how day of month and week combine). */
interface Field {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

/** Go's strconv.Atoi, with robfig's wording around it. */
function parseUint(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, bounds: Bounds): number {
  const named = bounds.names?.[expr.toLowerCase()];
  return named ?? parseUint(expr);
}

/** robfig's getRange: `*`, `N`, `N-M`, each with an optional `/step` (`N/step` runs to the maximum). */
function parseRange(expr: string, bounds: Bounds, into: Set<number>): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end, star] = [bounds.min, bounds.max, true];
  } else {
    start = parseIntOrName(lowAndHigh[0]!, bounds);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, bounds);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseUint(rangeAndStep[1]!);
    if (lowAndHigh.length === 1) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new Error(`too many slashes: ${expr}`);
  }
  if (start < bounds.min) throw new Error(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new Error(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.add(v);
  return star;
}

function parseField(expr: string, bounds: Bounds): Field {
  const values = new Set<number>();
  let star = false;
  for (const part of expr.split(',')) star = parseRange(part, bounds, values) || star;
  return { values, star };
}

const every = (b: Bounds): Field => ({ values: new Set(Array.from({ length: b.max - b.min + 1 }, (_, i) => b.min + i)), star: true });
const only = (v: number): Field => ({ values: new Set([v]), star: false });

const DESCRIPTORS: Readonly<Record<string, readonly Field[]>> = {
  '@yearly': [only(0), only(0), only(1), only(1), every(DOW)],
  '@annually': [only(0), only(0), only(1), only(1), every(DOW)],
  '@monthly': [only(0), only(0), only(1), every(MONTHS), every(DOW)],
  '@weekly': [only(0), only(0), every(DOM), every(MONTHS), only(0)],
  '@daily': [only(0), only(0), every(DOM), every(MONTHS), every(DOW)],
  '@midnight': [only(0), only(0), every(DOM), every(MONTHS), every(DOW)],
  '@hourly': [only(0), every(HOURS), every(DOM), every(MONTHS), every(DOW)],
};

/**
 * Parses a schedule as robfig/cron's ParseStandard does (a `TZ=`/`CRON_TZ=` prefix is not taken:
 * kube-apiserver refuses it; the zone comes from spec.timeZone). Throws an Error with its message.
 */
export function parseCronSchedule(spec: string, timeZone?: string): CronSchedule {
  if (spec.length === 0) throw new Error('empty spec string');
  if (spec.startsWith('@every ')) {
    const ms = parseGoDuration(spec.slice('@every '.length), spec);
    // robfig's Every: whole seconds, at least one; each activation a delay after the one before.
    const delay = Math.max(1000, Math.floor(ms / 1000) * 1000);
    return { next: (after) => after - (after % 1000) + delay };
  }
  if (spec.startsWith('@')) {
    const fields = DESCRIPTORS[spec];
    if (fields === undefined) throw new Error(`unrecognized descriptor: ${spec}`);
    return specSchedule(fields, timeZone);
  }
  const parts = spec.split(/\s+/).filter((f) => f !== '');
  if (parts.length !== 5) throw new Error(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const bounds = [MINUTES, HOURS, DOM, MONTHS, DOW];
  return specSchedule(
    parts.map((p, i) => parseField(p, bounds[i]!)),
    timeZone,
  );
}

/** The schedule's first error, as kube-apiserver reports it, or undefined when it parses. */
export function cronScheduleError(spec: string): string | undefined {
  try {
    parseCronSchedule(spec);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const GO_UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in ms, with robfig's wording of its errors. */
function parseGoDuration(text: string, spec: string): number {
  const fail = (why: string): never => {
    throw new Error(`failed to parse duration ${spec}: time: ${why}`);
  };
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') fail(`invalid duration ${JSON.stringify(text)}`);
  let total = 0;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    if (m[0] === '' || m[0] === '.') fail(`invalid duration ${JSON.stringify(text)}`);
    rest = rest.slice(m[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') fail(`missing unit in duration ${JSON.stringify(text)}`);
    const scale = GO_UNITS[unit];
    if (scale === undefined) fail(`unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`);
    total += Number(m[0]) * scale!;
    rest = rest.slice(unit.length);
  }
  return sign * total;
}

interface Wall {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly weekday: number; // 0 = Sunday
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in a zone at an instant. */
function wallAt(ms: number, timeZone: string | undefined): Wall {
  if (timeZone === undefined || timeZone === 'UTC') {
    const d = new Date(ms);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday: d.getUTCDay() };
  }
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(ms).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), weekday: WEEKDAYS[parts.weekday!]! };
}

/** The instant a wall-clock midnight (or the first moment after it, across a DST gap) happens in a zone. */
function midnight(year: number, month: number, day: number, timeZone: string | undefined): number {
  const asUtc = Date.UTC(year, month - 1, day);
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallAt(guess, timeZone);
    guess += asUtc - Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  }
  return guess;
}

/** Go's time.RFC3339 of an instant in a zone (`Z` in UTC, else the zone's offset then), to the second. */
export function rfc3339In(ms: number, timeZone?: string): string {
  const w = wallAt(ms, timeZone);
  const seconds = Math.floor((((ms % 60_000) + 60_000) % 60_000) / 1000);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, seconds);
  const offset = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const zone = offset === 0 ? 'Z' : `${offset > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(seconds)}${zone}`;
}

const FIVE_YEARS_MS = 5 * 366 * 86_400_000;

/**
 * robfig's SpecSchedule.Next, over the wall clock of the zone: the month, then the day (day of
 * month and of week both, or either when neither is `*`), then the hour and the minute, each
 * skipping ahead to the start of the next candidate.
 */
function specSchedule([minute, hour, dom, month, dow]: readonly Field[], timeZone: string | undefined): CronSchedule {
  const dayMatches = (w: Wall): boolean => {
    const domMatch = dom!.values.has(w.day);
    const dowMatch = dow!.values.has(w.weekday);
    return dom!.star || dow!.star ? domMatch && dowMatch : domMatch || dowMatch;
  };
  return {
    next(after: number): number | undefined {
      let t = after - (((after % 60_000) + 60_000) % 60_000) + 60_000;
      const limit = after + FIVE_YEARS_MS;
      while (t <= limit) {
        const w = wallAt(t, timeZone);
        if (!month!.values.has(w.month)) t = midnight(w.month === 12 ? w.year + 1 : w.year, w.month === 12 ? 1 : w.month + 1, 1, timeZone);
        else if (!dayMatches(w)) t = midnight(w.year, w.month, w.day + 1, timeZone);
        else if (!hour!.values.has(w.hour)) t += (60 - w.minute) * 60_000;
        else if (!minute!.values.has(w.minute)) t += 60_000;
        else return t;
      }
      return undefined;
    },
  };
}

/**
 * Whether a zone is one of the tz database's, as Go's time.LoadLocation finds it: known to ICU,
 * and spelt with the database's case (LoadLocation reads a file by that name).
 */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone === 'UTC') return true;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
    return resolved === timeZone || resolved.toLowerCase() !== timeZone.toLowerCase();
  } catch {
    return false;
  }
}
