/**
 * A worker thread of foldSilentRecords: opens the log again, read-only, folds its shard and posts
 * the result as one JSON string.
 */
import { openReader } from '@bosun/event-log';
import { parentPort, workerData } from 'node:worker_threads';
import { foldShard, type ShardWork } from './sharded-fold';

async function main({ location, task }: ShardWork): Promise<void> {
  const log = openReader(location);
  try {
    const { state, maxTime } = await foldShard(log, task);
    parentPort!.postMessage(JSON.stringify({ state: state.toShard(), maxTime }));
  } finally {
    await log.close();
  }
}

// A rejection ends the worker with an 'error' event in the thread that started it.
void main(workerData as ShardWork);
