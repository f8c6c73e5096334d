import Module from 'node:module';

/**
 * A drop-in for kafkajs 2.2.4's record decoder (`src/protocol/recordBatch/record/v0/decoder.js`),
 * which builds a record's headers with `reduce((obj, h) => ({ ...obj, [h.key]: … }), {})`: one new
 * object per header, each copying all the previous ones. Bosun's events carry ~15 headers, so that
 * loop was the largest single cost of reading bosun.events from Kafka (a quarter of a replay's CPU,
 * plus the garbage). kafkajs is no longer released, so the fix lives here: the same function,
 * returning the same record — headers in the same order, a repeated header as an array of its values
 * in order — with the headers built in one object and offsets/timestamps added in plain numbers while
 * they are exact. One difference: header values come as strings (UTF-8), not Buffers. kafkajs hands
 * consumed headers only to its user, Bosun's headers are text (docs/events.md), and a Buffer per
 * header (fifteen a record) was most of what decoding allocated; a value equal to the one seen at
 * the same place in the previous record is that same string. `kafkajs-record-decoder.spec.ts`
 * compares it with kafkajs' own.
 *
 * It is installed by putting it in the module cache under kafkajs' path before kafkajs first loads
 * that module (kafkajs requires its fetch response decoders lazily, on the first fetch).
 */

interface KafkajsDecoder {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readVarInt(): number;
  readVarLong(): { toString(): string };
  readVarIntBytes(): Buffer | null;
}

interface BatchContext {
  readonly firstOffset?: string;
  readonly firstTimestamp?: string;
  readonly magicByte?: number;
  readonly isControlBatch?: boolean;
  readonly timestampType?: number;
  readonly maxTimestamp?: string;
}

type Headers = Record<string, string | null | Array<string | null>>;

/* eslint-disable @typescript-eslint/no-require-imports */
const Long = require('kafkajs/src/utils/long') as { fromValue(v: unknown): { add(o: unknown): { toString(): string } } };
const TimestampTypes = require('kafkajs/src/protocol/timestampTypes') as { LOG_APPEND_TIME: number };
/* eslint-enable @typescript-eslint/no-require-imports */

const KAFKAJS_RECORD_DECODER = 'kafkajs/src/protocol/recordBatch/record/v0/decoder';
const MAX_EXACT_VARLONG_BYTES = 7; // 49 bits of payload: well inside a double's exact integers

/** `first + delta` in decimal, as kafkajs' Long arithmetic gives it. */
function addToDecimal(first: string | undefined, delta: number | { toString(): string }): string {
  const base = Number(first);
  if (typeof delta === 'number' && Number.isSafeInteger(base) && Number.isSafeInteger(base + delta)) return String(base + delta);
  return Long.fromValue(first).add(typeof delta === 'number' ? Long.fromValue(delta) : delta).toString();
}

/** A zig-zag varlong as a number when it has at most 7 bytes; otherwise kafkajs' Long. */
function readVarLong(decoder: KafkajsDecoder): number | { toString(): string } {
  const { buffer } = decoder;
  const start = decoder.offset;
  let result = 0;
  let scale = 1;
  for (let i = start; i < start + MAX_EXACT_VARLONG_BYTES && i < buffer.length; i++) {
    const byte = buffer[i];
    result += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      decoder.offset = i + 1;
      return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
    }
    scale *= 128;
  }
  return decoder.readVarLong();
}

/**
 * Header names and values as strings, remembered by position: a record's headers come in the same
 * order as the previous record's, and most names and many values are those seen last at that place.
 * Reusing a name — already a property key — spares V8 hashing a fresh string into its string table
 * on each use as a key (measured: the largest cost of building the headers object); reusing a value
 * spares a string. Only ASCII strings are remembered (their UTF-8 bytes are their char codes,
 * compared in place): a copy of the bytes would cost an allocation for every value that changes.
 */
const recentNames: Array<string | undefined> = [];
const recentValues: Array<string | undefined> = [];
const MAX_REMEMBERED = 64;

function readRemembered(decoder: KafkajsDecoder, recent: Array<string | undefined>, position: number): string | null {
  const length = decoder.readVarInt();
  if (length === -1) return null;
  const { buffer } = decoder;
  const start = decoder.offset;
  decoder.offset += length;
  const last = recent[position];
  if (last !== undefined && last.length === length) {
    let i = 0;
    while (i < length && last.charCodeAt(i) === buffer[start + i]) i++;
    if (i === length) return last;
  }
  const text = buffer.toString('utf8', start, start + length);
  // A string as long as its UTF-8 bytes is ASCII (any other character takes more bytes than units),
  // or stands for bytes that are not UTF-8 (U+FFFD), which never compare equal to them.
  if (position < MAX_REMEMBERED) recent[position] = text.length === length && length <= MAX_REMEMBERED ? text : undefined;
  return text;
}

export function decodeRecord(decoder: KafkajsDecoder, batchContext: BatchContext = {}) {
  const { firstOffset, firstTimestamp, magicByte, isControlBatch = false, timestampType, maxTimestamp } = batchContext;
  const attributes = decoder.readInt8();
  const timestampDelta = readVarLong(decoder);
  const timestamp =
    timestampType === TimestampTypes.LOG_APPEND_TIME && maxTimestamp ? maxTimestamp : addToDecimal(firstTimestamp, timestampDelta);
  const offset = addToDecimal(firstOffset, decoder.readVarInt());
  const key = decoder.readVarIntBytes();
  const value = decoder.readVarIntBytes();
  const headers: Headers = {};
  const count = decoder.readVarInt();
  for (let i = 0; i < count; i++) {
    const name = String(readRemembered(decoder, recentNames, i));
    const headerValue = readRemembered(decoder, recentValues, i);
    const seen = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
    const next = seen === undefined ? headerValue : Array.isArray(seen) ? seen.concat([headerValue]) : [seen, headerValue];
    // kafkajs defines properties with a computed key in a literal: `__proto__` is an own property there too.
    if (name === '__proto__') Object.defineProperty(headers, name, { value: next, enumerable: true, writable: true, configurable: true });
    else headers[name] = next;
  }
  return { magicByte, attributes, timestamp, offset, key, value, headers, isControlRecord: isControlBatch, batchContext };
}

/**
 * Makes kafkajs use `decodeRecord`. Returns false when kafkajs had already loaded its own decoder
 * in this process (then it keeps it: slower, same records).
 */
export function installRecordDecoder(): boolean {
  let path: string;
  try {
    path = require.resolve(KAFKAJS_RECORD_DECODER);
  } catch {
    return false;
  }
  const cached = require.cache[path];
  if (cached !== undefined) return cached.exports === decodeRecord;
  const entry = new Module(path);
  entry.filename = path;
  entry.loaded = true;
  entry.exports = decodeRecord;
  require.cache[path] = entry;
  return true;
}
