import { AppendBatcher } from './append-batcher';
import { DEFAULT_LIMITS, encodeBatch } from './limits';
import type { EncodedRecord, LogRecord } from './log-record';

/** A chunk writer whose writes the test answers by hand, in any order. */
function manualWriter() {
  const writes: { keys: string[][]; answer: () => void; fail: (error: Error) => void }[] = [];
  let offset = 0;
  const write = (batches: ReadonlyArray<readonly EncodedRecord[]>) =>
    new Promise<LogRecord[][]>((resolve, reject) => {
      writes.push({
        keys: batches.map((b) => b.map((r) => r.record.key)),
        answer: () => resolve(batches.map((b) => b.map((r) => ({ ...r.record, headers: {}, topic: 't', partition: 0, offset: offset++, timestamp: 0 })))),
        fail: reject,
      });
    });
  return { writes, write };
}

const batch = (...keys: string[]) => encodeBatch('t', keys.map((key) => ({ key, type: 'T', payload: {} })), DEFAULT_LIMITS);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AppendBatcher', () => {
  it('writes the appends of one tick as one chunk', async () => {
    const { writes, write } = manualWriter();
    const batcher = new AppendBatcher(write, Number.MAX_SAFE_INTEGER);
    const a = batcher.append(batch('a1', 'a2'));
    const b = batcher.append(batch('b'));
    await tick();
    expect(writes.map((w) => w.keys)).toEqual([[['a1', 'a2'], ['b']]]);
    writes[0].answer();
    expect((await a).map((r) => r.offset)).toEqual([0, 1]);
    expect((await b).map((r) => r.offset)).toEqual([2]);
  });

  it('with one write in flight, gathers what comes meanwhile into the next chunk', async () => {
    const { writes, write } = manualWriter();
    const batcher = new AppendBatcher(write, Number.MAX_SAFE_INTEGER);
    const first = batcher.append(batch('a'));
    await tick();
    const later = [batcher.append(batch('b')), tick().then(() => batcher.append(batch('c')))];
    await tick();
    await tick();
    expect(writes).toHaveLength(1);
    writes[0].answer();
    await first;
    await tick();
    expect(writes.map((w) => w.keys)).toEqual([[['a']], [['b'], ['c']]]);
    writes[1].answer();
    await Promise.all(later);
  });

  it('fails only the callers of the chunk that failed', async () => {
    const { writes, write } = manualWriter();
    const batcher = new AppendBatcher(write, Number.MAX_SAFE_INTEGER);
    const a = batcher.append(batch('a'));
    await tick();
    const b = batcher.append(batch('b'));
    writes[0].fail(new Error('disk full'));
    await expect(a).rejects.toThrow('disk full');
    await tick();
    writes[1].answer();
    expect((await b)[0].key).toBe('b');
  });

  it('splits chunks at maxChunkBytes, never a caller’s batch', async () => {
    const { writes, write } = manualWriter();
    const one = batch('x').bytes;
    const batcher = new AppendBatcher(write, one * 2);
    const all = [batcher.append(batch('a', 'b', 'c')), batcher.append(batch('d')), batcher.append(batch('e'))];
    await tick();
    writes[0].answer();
    await tick();
    writes[1].answer();
    await Promise.all(all);
    expect(writes.map((w) => w.keys)).toEqual([[['a', 'b', 'c']], [['d'], ['e']]]);
  });

  it('closes once the writes under way and queued are answered, and refuses appends from then on', async () => {
    const { writes, write } = manualWriter();
    const batcher = new AppendBatcher(write, Number.MAX_SAFE_INTEGER);
    const a = batcher.append(batch('a'));
    let closed = false;
    const closing = batcher.close().then(() => (closed = true));
    await expect(batcher.append(batch('late'))).rejects.toThrow();
    await tick();
    expect(closed).toBe(false);
    writes[0].answer();
    await closing;
    expect((await a)[0].key).toBe('a');
    expect(writes).toHaveLength(1);
  });
});
