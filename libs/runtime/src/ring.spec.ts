import { Ring } from './ring';

describe('Ring', () => {
  it('keeps items in order until it is full', () => {
    const ring = new Ring<number>(3);
    expect(ring.push(1)).toBeUndefined();
    expect(ring.push(2)).toBeUndefined();
    expect([...ring]).toEqual([1, 2]);
    expect(ring.size).toBe(2);
  });

  it('evicts the oldest item for each new one once full, oldest first', () => {
    const ring = new Ring<number>(3);
    const evicted = [1, 2, 3, 4, 5, 6, 7].map((n) => ring.push(n));
    expect(evicted).toEqual([undefined, undefined, undefined, 1, 2, 3, 4]);
    expect([...ring]).toEqual([5, 6, 7]);
    expect(ring.at(0)).toBe(5);
    expect(ring.at(2)).toBe(7);
    expect(ring.slice(1)).toEqual([6, 7]);
    expect(ring.slice(3)).toEqual([]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});
