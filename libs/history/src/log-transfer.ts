import { DEFAULT_LIMITS, recordSize, type EventLog, type LogRecord, type NewRecord } from '@bosun/event-log';
import type { HistorySource } from './history-source';
import { LogFileWriter, openLogFile } from './log-file';

type Progress = (done: number, total: number) => void;

/**
 * Writes the source's `bosun.events` to a file (`-`: stdout). Only the events move: they are the
 * cluster's history; commands and replies are requests in flight, whose outcomes the events hold.
 */
export async function exportLog(source: HistorySource, path: string, topic: string, onProgress?: Progress): Promise<number> {
  const end = await source.end();
  const writer = new LogFileWriter(path, { topic, source: source.description, exportedAt: new Date().toISOString() });
  try {
    for await (const batch of source.read(0, end)) {
      await writer.write(batch);
      onProgress?.(writer.count, end);
    }
  } finally {
    await writer.close();
  }
  return writer.count;
}

/**
 * Appends an exported file's events to an empty log, in order, so every event keeps its offset —
 * its resourceVersion. A log that already holds events is refused: the offsets would shift. The
 * records' timestamps become the import's time; `ce_time`, the decision time, is kept.
 */
export async function importLog(path: string, target: EventLog, onProgress?: Progress): Promise<number> {
  const already = await target.events.endOffset();
  if (already > 0) {
    throw new Error(`the target log already holds ${already} events: import only into an empty log (a new --data-dir, or another --topic-prefix on Kafka)`);
  }
  const file = await openLogFile(path);
  let imported = 0;
  let pending: NewRecord[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const written = await target.events.append(pending);
    if (written[0].offset !== imported) throw new Error(`import: the log gave offset ${written[0].offset} where ${imported} was expected (did something else write to it?)`);
    imported += written.length;
    pending = [];
    pendingBytes = 0;
    onProgress?.(imported, NaN);
  };
  try {
    for await (const batch of file.records) {
      for (const r of batch) {
        const record = toNew(r);
        const bytes = recordSize(record);
        if (pendingBytes + bytes > DEFAULT_LIMITS.maxBatchBytes / 2 || pending.length >= 2_000) await flush();
        pending.push(record);
        pendingBytes += bytes;
      }
    }
    await flush();
  } finally {
    file.close();
  }
  return imported;
}

function toNew(r: LogRecord): NewRecord {
  return { key: r.key, type: r.type, payload: r.payload, headers: r.headers };
}
