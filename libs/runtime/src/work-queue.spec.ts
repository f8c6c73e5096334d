import { WorkQueue } from './work-queue';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WorkQueue', () => {
  it('processes a key added twice before its turn once', async () => {
    const queue = new WorkQueue();
    const seen: string[] = [];
    queue.add('a');
    queue.add('b');
    queue.add('a');
    const running = queue.run(async (key) => void seen.push(key), () => undefined);
    await tick();
    queue.stop();
    await running;
    expect(seen).toEqual(['a', 'b']);
  });

  it('hands out keys in the order its comparator gives, equal ones first in first out; none: first in first out', async () => {
    const rank: Record<string, number> = { low1: 0, high: 9, low2: 0, mid: 5 };
    const order = async (queue: WorkQueue): Promise<string[]> => {
      const seen: string[] = [];
      for (const key of ['low1', 'high', 'low2', 'mid']) queue.add(key);
      const running = queue.run(async (key) => void seen.push(key), () => undefined);
      await tick();
      queue.stop();
      await running;
      return seen;
    };
    expect(await order(new WorkQueue(undefined, undefined, (a, b) => rank[b] - rank[a]))).toEqual(['high', 'mid', 'low1', 'low2']);
    expect(await order(new WorkQueue())).toEqual(['low1', 'high', 'low2', 'mid']);
  });

  it('runs different keys on concurrent workers but never one key on two workers', async () => {
    const queue = new WorkQueue();
    let active = 0;
    let most = 0;
    const activeKeys = new Set<string>();
    let overlap = false;
    const sync = async (key: string): Promise<void> => {
      if (activeKeys.has(key)) overlap = true;
      activeKeys.add(key);
      most = Math.max(most, ++active);
      await tick(5);
      if (key === 'a' && !readded) {
        readded = true;
        queue.add('a'); // added while processing: processed again afterwards, not in parallel
      }
      active--;
      activeKeys.delete(key);
      done.push(key);
    };
    let readded = false;
    const done: string[] = [];
    for (const key of ['a', 'b', 'c', 'd']) queue.add(key);
    const running = queue.run(sync, () => undefined, 4);
    while (done.length < 5) await tick(5);
    queue.stop();
    await running;
    expect(most).toBe(4);
    expect(overlap).toBe(false);
    expect(done.filter((k) => k === 'a')).toHaveLength(2);
  });

  it('retries a failing key with back-off and reports each failure', async () => {
    const queue = new WorkQueue(1, 10);
    const errors: string[] = [];
    let attempts = 0;
    queue.add('k');
    const running = queue.run(
      async () => {
        if (++attempts < 3) throw new Error(`attempt ${attempts}`);
      },
      (key, error) => errors.push(`${key}: ${(error as Error).message}`),
    );
    while (attempts < 3) await tick(2);
    queue.stop();
    await running;
    expect(errors).toEqual(['k: attempt 1', 'k: attempt 2']);
  });

  it('stops idle workers', async () => {
    const queue = new WorkQueue();
    const running = queue.run(async () => undefined, () => undefined, 3);
    queue.stop();
    await expect(running).resolves.toBeUndefined();
  });
});
