import type { LogRecord } from '../log-record';
import { RecentRecords, type Envelope } from './recent-records';

/** Records from..from+n-1 as writeChunk hands them over: envelopes with frozen headers, and payloads as stored. */
const written = (from: number, n: number): [Envelope[], string[]] => [
  Array.from({ length: n }, (_, i) => ({ topic: 't', partition: 0, offset: from + i, key: `k${from + i}`, type: 'T', headers: Object.freeze({ h: 'v' }), timestamp: 1 })),
  Array.from({ length: n }, (_, i) => JSON.stringify({ n: from + i })),
];
const offsets = (records: LogRecord[] | undefined) => records?.map((r) => r.offset);

describe('RecentRecords', () => {
  it('serves a consecutive run from any offset it holds, within [from, to) and max', () => {
    const recent = new RecentRecords(100);
    recent.add(...written(5, 3));
    recent.add(...written(8, 2));
    expect(offsets(recent.read(5, Infinity, 100))).toEqual([5, 6, 7, 8, 9]);
    expect(offsets(recent.read(7, 9, 100))).toEqual([7, 8]);
    expect(offsets(recent.read(6, Infinity, 2))).toEqual([6, 7]);
    expect(recent.read(4, Infinity, 100)).toBeUndefined(); // before the window: SQLite answers
    expect(recent.read(10, Infinity, 100)).toBeUndefined(); // past it: maybe another process wrote
  });

  it('gives each reader its own payload, parsed from the stored text, and the frozen headers shared', () => {
    const recent = new RecentRecords(10);
    recent.add(...written(0, 1));
    const [a] = recent.read(0, 1, 1)!;
    const [b] = recent.read(0, 1, 1)!;
    expect(a.payload).toEqual({ n: 0 });
    expect(a.payload).not.toBe(b.payload);
    expect(a.headers).toEqual({ h: 'v' });
    expect(Object.isFrozen(a.headers)).toBe(true);
  });

  it('starts a new run when a write does not continue the last (another process wrote between)', () => {
    const recent = new RecentRecords(10);
    recent.add(...written(0, 3));
    recent.add(...written(5, 2));
    expect(recent.read(0, Infinity, 10)).toBeUndefined();
    expect(offsets(recent.read(5, Infinity, 10))).toEqual([5, 6]);
  });

  it('keeps at most `capacity` records, dropping the oldest', () => {
    const recent = new RecentRecords(4);
    for (let i = 0; i < 20; i += 2) recent.add(...written(i, 2));
    expect(recent.read(15, Infinity, 10)).toBeUndefined();
    expect(offsets(recent.read(16, Infinity, 10))).toEqual([16, 17, 18, 19]);
  });
});
