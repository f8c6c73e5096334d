/**
 * The latest `capacity` items, oldest first. A bounded history kept in an array with `shift()`
 * copied the whole array once the bound was reached — once per event of a long replay.
 */
export class Ring<T> {
  private readonly items: (T | undefined)[] = [];
  /** Index in `items` of the oldest item once the ring is full. */
  private head = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`a ring needs a capacity of at least 1, not ${capacity}`);
  }

  get size(): number {
    return this.items.length;
  }

  /** Adds an item; returns the oldest one if it had to make room, else undefined. */
  push(item: T): T | undefined {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return undefined;
    }
    const evicted = this.items[this.head];
    this.items[this.head] = item;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    return evicted;
  }

  /** The item `i` places after the oldest (0 = oldest). */
  at(i: number): T {
    const j = this.head + i;
    return this.items[j < this.items.length ? j : j - this.items.length] as T;
  }

  /** Items from the `from`-th oldest to the newest, oldest first. */
  slice(from = 0): T[] {
    const out: T[] = [];
    for (let i = Math.max(0, from); i < this.items.length; i++) out.push(this.at(i));
    return out;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.items.length; i++) yield this.at(i);
  }
}
