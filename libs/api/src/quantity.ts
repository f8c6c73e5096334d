/**
 * Kubernetes resource quantities (apimachinery resource.Quantity), exact: the amount is a bigint
 * count of nano-units, the finest scale Kubernetes keeps. "1m" CPU and "1Ei" bytes both fit.
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The amount in units of 10^-9. */
  readonly nano: bigint;
  /** The suffix family it was written in; formatting stays in that family, as Kubernetes does. */
  readonly format: QuantityFormat;
}

export class QuantityFormatError extends Error {
  constructor(readonly input: string) {
    super(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
    this.name = 'QuantityFormatError';
  }
}

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXP = new Map(Object.entries(DECIMAL_SUFFIX).map(([s, e]) => [e, s]));
const BINARY_BY_EXP = new Map(Object.entries(BINARY_SUFFIX).map(([s, e]) => [e, s]));
// Bounds the work a hostile exponent ("1e999999999") could cause; real quantities are far inside.
const MAX_EXPONENT = 1000;
const NUMBER = /^([+-]?)(\d+\.?\d*|\.\d+)(.*)$/;

const pow10 = (n: number): bigint => 10n ** BigInt(n);
/** Division rounding the magnitude up (away from zero), as Kubernetes rounds lost precision. */
function divUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  if (a % b === 0n) return q;
  return a < 0n ? q - 1n : q + 1n;
}

/** Parse a quantity string exactly; precision finer than 1n is rounded up. Throws QuantityFormatError. */
export function parseQuantity(input: string): Quantity {
  if (typeof input !== 'string') throw new QuantityFormatError(String(input));
  const m = NUMBER.exec(input.trim() === input ? input : '');
  if (!m) throw new QuantityFormatError(input);
  const [, sign, num, suffix] = m as unknown as [string, string, string, string];
  const [intPart, fracPart = ''] = num.split('.') as [string, string?];
  let mantissa = BigInt((intPart || '0') + fracPart);
  if (sign === '-') mantissa = -mantissa;

  let format: QuantityFormat;
  let nano: bigint;
  if (suffix in DECIMAL_SUFFIX) {
    format = 'DecimalSI';
    nano = scaleDecimal(mantissa, DECIMAL_SUFFIX[suffix]! - fracPart.length + 9);
  } else if (suffix in BINARY_SUFFIX) {
    format = 'BinarySI';
    nano = scaleDecimal(mantissa << BigInt(BINARY_SUFFIX[suffix]!), 9 - fracPart.length);
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    const exp = Number(suffix.slice(1));
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_EXPONENT) throw new QuantityFormatError(input);
    format = 'DecimalExponent';
    nano = scaleDecimal(mantissa, exp - fracPart.length + 9);
  } else {
    throw new QuantityFormatError(input);
  }
  return Object.freeze({ nano, format });
}

function scaleDecimal(mantissa: bigint, exp10: number): bigint {
  return exp10 >= 0 ? mantissa * pow10(exp10) : divUp(mantissa, pow10(-exp10));
}

/** Field-validation message for a would-be quantity, or undefined when it parses. */
export function quantityError(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return undefined; // JSON numbers are accepted too
  try {
    parseQuantity(value as string);
    return undefined;
  } catch (e) {
    return e instanceof QuantityFormatError ? e.message : String(e);
  }
}

export type QuantityLike = Quantity | string | number;

/** Accepts a parsed quantity, a string, or a JSON number (Kubernetes accepts `cpu: 2`). */
export function toQuantity(q: QuantityLike): Quantity {
  if (typeof q === 'string') return parseQuantity(q);
  if (typeof q === 'number') return parseQuantity(numberToString(q));
  return q;
}

function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityFormatError(String(n));
  // String(1e21) is "1e+21": the exponent sign is allowed, so this round-trips.
  return String(n);
}

/** MilliValue(): the amount in thousandths, rounded up (away from zero) — "1n" CPU is 1m. */
export function quantityToMilli(q: QuantityLike): bigint {
  return divUp(toQuantity(q).nano, 1_000_000n);
}

/** Value(): the amount in whole units, rounded up — "1.5" is 2, "100m" is 1. */
export function quantityToValue(q: QuantityLike): bigint {
  return divUp(toQuantity(q).nano, 1_000_000_000n);
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareQuantities(a: QuantityLike, b: QuantityLike): -1 | 0 | 1 {
  const x = toQuantity(a).nano;
  const y = toQuantity(b).nano;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Sum; keeps a's format unless a is zero (Kubernetes' Add). */
export function addQuantities(a: QuantityLike, b: QuantityLike): Quantity {
  const x = toQuantity(a);
  const y = toQuantity(b);
  return Object.freeze({ nano: x.nano + y.nano, format: x.nano === 0n ? y.format : x.format });
}

export function subtractQuantities(a: QuantityLike, b: QuantityLike): Quantity {
  const x = toQuantity(a);
  const y = toQuantity(b);
  return Object.freeze({ nano: x.nano - y.nano, format: x.nano === 0n ? y.format : x.format });
}

/** A quantity from a count of milli-units (e.g. summed CPU requests). */
export function milliQuantity(milli: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return Object.freeze({ nano: BigInt(milli) * 1_000_000n, format });
}

/**
 * Canonical string, as Kubernetes serialises a Quantity: the largest suffix that keeps an integer
 * mantissa, within the quantity's own family ("1.5Gi" → "1536Mi", "0.5" → "500m", "1e3" → "1e3").
 * BinarySI falls back to DecimalSI below 1024 or for fractional values, as Kubernetes does.
 */
export function formatQuantity(q: QuantityLike): string {
  const { nano, format } = toQuantity(q);
  if (nano === 0n) return '0';
  const sign = nano < 0n ? '-' : '';
  const abs = nano < 0n ? -nano : nano;
  const NANO = 1_000_000_000n;
  if (format === 'BinarySI' && abs >= 1024n * NANO && abs % NANO === 0n) {
    let units = abs / NANO;
    let exp = 0;
    while (exp < 60 && units % 1024n === 0n) {
      units /= 1024n;
      exp += 10;
    }
    return `${sign}${units}${BINARY_BY_EXP.get(exp) ?? ''}`;
  }
  // Largest power of 1000 (from nano up) that divides the amount exactly.
  let mantissa = abs;
  let exp = -9;
  const cap = format === 'DecimalExponent' ? Infinity : 18;
  while (exp < cap && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  if (format === 'DecimalExponent') return `${sign}${mantissa}${exp === 0 ? '' : `e${exp}`}`;
  return `${sign}${mantissa}${DECIMAL_BY_EXP.get(exp)!}`;
}

/**
 * A ResourceList as kube-apiserver stores and answers it: each quantity as its canonical string
 * (`cpu: 0.5` is "500m", `memory: 1024Mi` is "1Gi", `cpu: 1` is "1"); what does not parse is left
 * for validation to report.
 */
export function canonicalResourceList<T>(list: T): T {
  if (typeof list !== 'object' || list === null || Array.isArray(list)) return list;
  const canonical = (v: unknown): unknown => ((typeof v === 'string' || typeof v === 'number') && quantityError(v) === undefined ? formatQuantity(v) : v);
  return Object.fromEntries(Object.entries(list).map(([name, q]) => [name, canonical(q)])) as T;
}
