import { tailLines } from './log-endpoint';

describe('log endpoint', () => {
  it.each([
    ['a\nb\nc\n', 2, 'b\nc\n'],
    ['a\nb\nc', 2, 'b\nc'],
    ['a\n', 5, 'a\n'],
    ['a\nb\n', 0, ''],
    ['', 3, ''],
  ])('tails %j to %i lines', (text, n, expected) => {
    expect(tailLines(text, n)).toBe(expected);
  });
});
