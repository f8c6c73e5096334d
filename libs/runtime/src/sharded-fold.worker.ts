/**
 * A worker thread of foldSilentRecords: opens the log again, read-only, folds its shard and posts
 * the result as JSON strings (HandOver): its objects a chunk at a time, then the rest.
 */
import { openReader } from '@bosun/event-log';
import { parentPort, workerData } from 'node:worker_threads';
import { foldShard, HANDOVER_CHUNK, type HandOver, type ShardWork } from './sharded-fold';

async function main({ location, task }: ShardWork): Promise<void> {
  const log = openReader(location);
  try {
    const { state, maxTime } = await foldShard(log, task);
    const { objects, ...rest } = state.toShard();
    const post = (message: HandOver): void => parentPort!.postMessage(message);
    for (let i = 0; i < objects.length; i += HANDOVER_CHUNK) post({ objects: JSON.stringify(objects.slice(i, i + HANDOVER_CHUNK)) });
    post({ rest: JSON.stringify({ state: rest, maxTime }) });
  } finally {
    await log.close();
  }
}

// A rejection ends the worker with an 'error' event in the thread that started it.
void main(workerData as ShardWork);
