import { type EventLog, type KeyShard, type ReaderLocation } from '@bosun/event-log';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ClusterState, type ShardImage } from './cluster-state';
import { CLAIM_KEY_PREFIX, eventTime, PARTITION_CLAIMED } from './envelope';

/**
 * Fewer silent records than this are folded on one thread: a worker's start (its modules load in
 * about 0.2 s) and the hand-over of its objects would cost more than the shard saves.
 */
export const MIN_SHARDED_RECORDS = 100_000;
/** Threads a fold uses at most, this one included: past it the shards' reads of every row dominate. */
const MAX_THREADS = 4;
/**
 * A worker's young generation: the fold verbs' semi-space (FOLD_HEAP_FLAGS), which a worker can be
 * given even where the process's own heap was sized at its start.
 */
const WORKER_YOUNG_GENERATION_MB = 3 * 64;
/** How long a worker that has handed its state over has to end before it is terminated. */
const WORKER_EXIT_GRACE_MS = 5_000;
/** The compiled worker; absent when the sources run untranspiled (the unit tests), which fold on one thread. */
const WORKER_SCRIPT = join(__dirname, 'sharded-fold.worker.js');

/** What a thread needs to fold one shard of a log: plain data, to be a worker's workerData. */
export interface ShardTask {
  readonly shard: KeyShard;
  /** The end of the catch-up (ClusterState.catchUp): the shard's state is as silent as the whole one. */
  readonly end: number;
  /** The records to fold: those before this offset. */
  readonly to: number;
  readonly historyLimit: number;
  readonly derivedLimit: number;
  readonly commandLimit: number;
  /** Whether to find the latest decision time (eventTime) of the events folded. */
  readonly times: boolean;
}

/** A worker's workerData: the log to open again, and the shard to fold. */
export interface ShardWork {
  readonly location: ReaderLocation;
  readonly task: ShardTask;
}

/** One shard folded: its state, and the latest decision time of its events (-Infinity if not asked or none). */
export interface FoldedShard<S = ShardImage> {
  readonly state: S;
  readonly maxTime: number;
  /**
   * Settles once what folded the shard is gone (a worker thread exits after its last message).
   * Until then the messages it sent are still held in this thread's heap: the fold waits for it
   * after adopting, so that the state it leaves is measured (and promoted) alone.
   */
  readonly gone?: Promise<void>;
}

export interface ShardedFoldOptions {
  /**
   * Threads to fold with, this one included; 1 folds on this thread alone. Default: the
   * BOSUN_FOLD_THREADS environment variable, else the CPUs there are, at most 4.
   */
  readonly threads?: number;
  /** Fold in shards only from this many silent records on (default MIN_SHARDED_RECORDS). */
  readonly minRecords?: number;
  /** Whether to find the latest decision time of the records folded. */
  readonly times?: boolean;
  /** Folds one shard elsewhere; default in a worker thread that opens the log again. */
  readonly runShard?: (task: ShardTask) => Promise<FoldedShard>;
}

/**
 * Folds one shard of a log's records before `task.to` into a new state: the objects whose key the
 * shard holds, and every partition claim (each shard judges the fences the same way).
 */
export async function foldShard(log: EventLog, task: ShardTask): Promise<FoldedShard<ClusterState>> {
  const state = new ClusterState(task.historyLimit, task.derivedLimit, task.commandLimit);
  state.catchUp(task.end);
  let maxTime = -Infinity;
  for await (const records of log.events.read(0, { to: task.to, shard: task.shard })) {
    state.applyAll(records);
    if (!task.times) continue;
    for (const r of records) {
      if (r.type === PARTITION_CLAIMED) continue;
      const t = eventTime(r);
      if (t > maxTime) maxTime = t;
    }
  }
  return { state, maxTime };
}

/**
 * Folds the silent records of a new state's catch-up (ClusterState.silentBefore, with `end` the
 * end given to catchUp) in as many shards of the keys as threads, this thread folding one and a
 * worker each of the others, then has the state adopt them: the same state as one fold of those
 * records, sooner where the threads have cores to run on. JSON.parse of the stored records is half
 * of a fold on one thread, and it is what the shards share out; each shard still reads every row,
 * and this thread then reads the others' states (bench:actors on two cores: about 217,000 events/s
 * on one thread, 245,000-255,000 in two shards).
 *
 * Resolves with the latest decision time of the records folded (if asked) and the number of shards,
 * the state then being at the last of them; undefined when it did not fold — one thread, too few
 * records, a log no other thread can open, a shard that failed — and the state is untouched.
 */
export async function foldSilentRecords(
  log: EventLog,
  state: ClusterState,
  end: number,
  options: ShardedFoldOptions = {},
): Promise<{ maxTime: number; shards: number } | undefined> {
  const threads = options.threads ?? defaultThreads();
  const to = state.silentBefore;
  const location = log.readerLocation;
  const runShard = options.runShard ?? (location !== undefined && existsSync(WORKER_SCRIPT) ? (task: ShardTask) => inWorker(location, task) : undefined);
  if (state.offset !== -1 || threads < 2 || to < (options.minRecords ?? MIN_SHARDED_RECORDS) || runShard === undefined) return undefined;
  const task = (index: number): ShardTask => ({
    shard: { index, count: threads, shared: [CLAIM_KEY_PREFIX] },
    end,
    to,
    historyLimit: state.historyLimit,
    derivedLimit: state.derivedLimit,
    commandLimit: state.commandLimit,
    times: options.times ?? false,
  });
  const others = Array.from({ length: threads - 1 }, (_, i) => runShard(task(i + 1)));
  const [mine, ...theirs] = await Promise.allSettled([foldShard(log, task(0)), ...others]);
  // A shard that failed (a worker out of memory, say) leaves the fold to one thread, which meets
  // any fault of the log itself again and reports it.
  if (mine.status === 'rejected' || mine.value.state.keyedOtherwise || theirs.some((s) => s.status === 'rejected' || s.value.state.keyedOtherwise)) return undefined;
  const images = theirs.map((s) => (s as PromiseFulfilledResult<FoldedShard>).value);
  state.adoptShards(mine.value.state, images.map((s) => s.state));
  await Promise.all(images.map((s) => s.gone));
  return { maxTime: Math.max(mine.value.maxTime, ...images.map((s) => s.maxTime)), shards: threads };
}

function defaultThreads(): number {
  const given = process.env.BOSUN_FOLD_THREADS;
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 1) throw new Error(`BOSUN_FOLD_THREADS must be a whole number of threads (1 or more), not "${given}"`);
    return n;
  }
  return Math.min(availableParallelism(), MAX_THREADS);
}

/**
 * Objects a worker hands over per message. The thread that adopts them parses each chunk while the
 * worker still writes the next: with the state as one string, the worker's JSON.stringify and this
 * thread's JSON.parse of it (0.2 s and 0.45 s for half of bench:actors' 200,000 pods) came one after
 * the other.
 */
export const HANDOVER_CHUNK = 10_000;

/** What a worker posts: chunks of its objects (ShardImage.objects as JSON), then the rest as JSON. */
export type HandOver = { readonly objects: string } | { readonly rest: string };

/** Folds a shard in a worker thread, which hands its state over as JSON (cheaper to read than a structured clone). */
function inWorker(location: ReaderLocation, task: ShardTask): Promise<FoldedShard> {
  return new Promise((resolve, reject) => {
    const work: ShardWork = { location, task };
    const worker = new Worker(WORKER_SCRIPT, { workerData: work, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    const chunks: ShardImage['objects'][] = [];
    let failed: Error | undefined;
    let settled = false;
    const gone = new Promise<void>((exited) => worker.once('exit', () => exited()));
    worker.on('message', (message: HandOver) => {
      if (failed !== undefined || settled) return;
      try {
        if ('objects' in message) {
          chunks.push(JSON.parse(message.objects) as ShardImage['objects']);
          return;
        }
        const parsed = JSON.parse(message.rest) as { state: Omit<ShardImage, 'objects'>; maxTime: number | null };
        settled = true;
        // JSON has no -Infinity: it comes back as null.
        resolve({ state: { ...parsed.state, objects: chunks.flat() }, maxTime: parsed.maxTime ?? -Infinity, gone });
        // It has nothing more to do than close the log: one that does not end is ended.
        const stop = setTimeout(() => void worker.terminate(), WORKER_EXIT_GRACE_MS).unref();
        void gone.then(() => clearTimeout(stop));
      } catch (error) {
        failed = error as Error;
      }
    });
    worker.once('error', (error) => (failed ??= error));
    // The worker ends on its own once it has posted everything (or failed); adopting its state need
    // not wait for that.
    worker.once('exit', (code) => {
      if (!settled) reject(failed ?? new Error(`the fold of shard ${task.shard.index} ended (exit code ${code}) before handing its state over`));
    });
  });
}
