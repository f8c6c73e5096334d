import {
  addQuantities,
  compareQuantities,
  formatQuantity,
  milliQuantity,
  parseQuantity,
  quantityError,
  quantityToMilli,
  quantityToValue,
  subtractQuantities,
} from './quantity';

const G = 1_000_000_000n;

describe('parseQuantity', () => {
  it.each([
    ['100m', 100_000_000n, 'DecimalSI'],
    ['0.5', 500_000_000n, 'DecimalSI'],
    ['1', G, 'DecimalSI'],
    ['128Mi', 128n * 2n ** 20n * G, 'BinarySI'],
    ['1Gi', 2n ** 30n * G, 'BinarySI'],
    ['1e3', 1000n * G, 'DecimalExponent'],
    ['1.5Gi', 3n * 2n ** 29n * G, 'BinarySI'],
    ['500k', 500_000n * G, 'DecimalSI'],
    ['1E', 10n ** 18n * G, 'DecimalSI'],
    ['1Ei', 2n ** 60n * G, 'BinarySI'],
    ['2.5M', 2_500_000n * G, 'DecimalSI'],
    ['1E3', 1000n * G, 'DecimalExponent'],
    ['1e-3', 1_000_000n, 'DecimalExponent'],
    ['.5', 500_000_000n, 'DecimalSI'],
    ['1.', G, 'DecimalSI'],
    ['-1', -G, 'DecimalSI'],
    ['+2k', 2000n * G, 'DecimalSI'],
    ['3n', 3n, 'DecimalSI'],
    ['7u', 7000n, 'DecimalSI'],
    ['0', 0n, 'DecimalSI'],
  ])('%s is exact', (s, nano, format) => {
    expect(parseQuantity(s)).toEqual({ nano, format });
  });

  it.each(['1.2.3', 'Mi', 'abc', '-1x', '', '.', '1 ', ' 1', '1mi', '1KI', '1e', '1e+', '1Ki3', '--1', '1e99999'])(
    'rejects %j',
    (s) => {
      expect(() => parseQuantity(s)).toThrow(/quantities must match/);
      expect(quantityError(s)).toMatch(/quantities must match/);
    },
  );

  it('has no float error where floats would', () => {
    expect(parseQuantity('0.1').nano + parseQuantity('0.2').nano).toBe(parseQuantity('0.3').nano);
    expect(formatQuantity(addQuantities('0.1', '0.2'))).toBe('300m');
  });

  it('rounds precision finer than nano up (magnitude), like Kubernetes', () => {
    expect(parseQuantity('0.1n').nano).toBe(1n);
    expect(parseQuantity('1.0000000001').nano).toBe(G + 1n);
    expect(parseQuantity('-0.1n').nano).toBe(-1n);
  });
});

describe('quantityToMilli / quantityToValue', () => {
  it('converts to milli-units, rounding sub-milli up', () => {
    expect(quantityToMilli('100m')).toBe(100n);
    expect(quantityToMilli('0.5')).toBe(500n);
    expect(quantityToMilli('2')).toBe(2000n);
    expect(quantityToMilli('1n')).toBe(1n);
    expect(quantityToMilli('1.0001')).toBe(1001n);
    expect(quantityToMilli('-1n')).toBe(-1n);
    expect(quantityToMilli(2)).toBe(2000n);
  });
  it('converts to whole units, rounding up', () => {
    expect(quantityToValue('128Mi')).toBe(134_217_728n);
    expect(quantityToValue('100m')).toBe(1n);
    expect(quantityToValue('1.5')).toBe(2n);
    expect(quantityToValue('1Ei')).toBe(2n ** 60n);
  });
});

describe('compare / add / subtract', () => {
  it('compares across formats', () => {
    expect(compareQuantities('1Gi', '1G')).toBe(1);
    expect(compareQuantities('1000m', '1')).toBe(0);
    expect(compareQuantities('999m', '1')).toBe(-1);
    expect(compareQuantities('1e3', '1k')).toBe(0);
  });
  it('adds and subtracts exactly, keeping the first format', () => {
    expect(formatQuantity(addQuantities('1Gi', '512Mi'))).toBe('1536Mi');
    expect(formatQuantity(addQuantities('0', '512Mi'))).toBe('512Mi');
    expect(formatQuantity(subtractQuantities('1', '250m'))).toBe('750m');
    expect(formatQuantity(milliQuantity(1500))).toBe('1500m');
  });
});

describe('formatQuantity', () => {
  it.each([
    ['100m', '100m'],
    ['0.5', '500m'],
    ['1', '1'],
    ['1000', '1k'],
    ['1200', '1200'],
    ['128Mi', '128Mi'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['1e3', '1e3'],
    ['1e-3', '1e-3'],
    ['1500e3', '1500e3'],
    ['500k', '500k'],
    ['2.5M', '2500k'],
    ['1E', '1E'],
    ['1000E', '1000E'],
    ['1Ei', '1Ei'],
    ['0.5Ki', '512'],
    ['1.5', '1500m'],
    ['-100m', '-100m'],
    ['0Mi', '0'],
    ['1n', '1n'],
  ])('%s → %s', (input, out) => {
    expect(formatQuantity(input)).toBe(out);
  });
  it('round-trips', () => {
    for (const s of ['100m', '1536Mi', '1e3', '2500k', '7u']) expect(formatQuantity(formatQuantity(s))).toBe(s);
  });
});
