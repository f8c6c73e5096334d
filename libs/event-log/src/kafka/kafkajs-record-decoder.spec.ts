import { decodeRecord } from './kafkajs-record-decoder';

/* eslint-disable @typescript-eslint/no-require-imports */
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => never;
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: object) => { buffer: Buffer };
const kafkajsDecodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (decoder: never, context?: object) => unknown;
const Long = require('kafkajs/src/utils/long') as { fromString(s: string): unknown };
const TimestampTypes = require('kafkajs/src/protocol/timestampTypes') as { CREATE_TIME: number; LOG_APPEND_TIME: number };
/* eslint-enable @typescript-eslint/no-require-imports */

/** A record's body as the record batch decoder hands it to the record decoder (length prefix read). */
function body(record: object): Buffer {
  const framed = new Decoder(encodeRecord(record).buffer) as unknown as { readVarIntBytes(): Buffer };
  return framed.readVarIntBytes();
}

const context = {
  firstOffset: '41',
  firstTimestamp: '1795885365616',
  magicByte: 2,
  isControlBatch: false,
  timestampType: TimestampTypes.CREATE_TIME,
  maxTimestamp: '1795885365999',
};

type Decoded = { headers: Record<string, unknown> };

/** kafkajs' record with its header values as text, as decodeRecord gives them. */
function asText(record: unknown): unknown {
  const text = (v: unknown) => (Buffer.isBuffer(v) ? v.toString('utf8') : v);
  const { headers } = record as Decoded;
  return { ...(record as object), headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.map(text) : text(v)])) };
}

describe('decodeRecord (kafkajs record decoder without the quadratic headers)', () => {
  const cases: Array<[string, object, object]> = [
    [
      'an event with its envelope headers',
      {
        offsetDelta: 7,
        timestampDelta: 12,
        key: Buffer.from('pods/default/web-1'),
        value: Buffer.from('{"nodeName":"n1"}'),
        headers: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`ce_h${i}`, Buffer.from(`value-${i}-é`)])),
      },
      context,
    ],
    [
      'repeated headers, as arrays in order',
      { key: Buffer.from('k'), value: Buffer.from('v'), headers: { a: [Buffer.from('1'), Buffer.from('2'), Buffer.from('3')], b: Buffer.from('x'), c: [Buffer.from('y'), Buffer.from('z')] } },
      context,
    ],
    ['no key, no value, no headers', { key: null, value: null }, context],
    ['an empty header value', { key: Buffer.from('k'), value: Buffer.from('{}'), headers: { empty: Buffer.alloc(0) } }, context],
    ['a negative timestamp delta', { timestampDelta: -5, key: Buffer.from('k'), value: Buffer.from('1') }, context],
    [
      'a timestamp delta beyond a double’s exact integers',
      { timestampDelta: Long.fromString('9007199254740993'), key: Buffer.from('k'), value: Buffer.from('1') },
      { ...context, firstTimestamp: '1' },
    ],
    ['an offset beyond a double’s exact integers', { offsetDelta: 3, key: Buffer.from('k'), value: Buffer.from('1') }, { ...context, firstOffset: '9007199254740993' }],
    ['log append time', { timestampDelta: 3, key: Buffer.from('k'), value: Buffer.from('1') }, { ...context, timestampType: TimestampTypes.LOG_APPEND_TIME }],
    ['a control batch', { key: Buffer.from('k'), value: Buffer.from('1') }, { ...context, isControlBatch: true }],
  ];

  it.each(cases)('decodes %s exactly as kafkajs does', (_name, record, batchContext) => {
    const bytes = body(record);
    const mine = decodeRecord(new Decoder(bytes) as never, batchContext);
    const theirs = kafkajsDecodeRecord(new Decoder(bytes) as never, batchContext);
    expect(mine).toEqual(asText(theirs));
    expect(Object.keys((mine as Decoded).headers)).toEqual(Object.keys((theirs as Decoded).headers));
  });

  it('tells apart header names of the same length at the same place in consecutive records', () => {
    const records = [
      { key: Buffer.from('k'), value: Buffer.from('1'), headers: { ce_id: Buffer.from('a'), ce_xy: Buffer.from('b') } },
      { key: Buffer.from('k'), value: Buffer.from('2'), headers: { ce_ix: Buffer.from('c'), ce_xy: Buffer.from('d'), extra: Buffer.from('e') } },
      { key: Buffer.from('k'), value: Buffer.from('3'), headers: { ce_id: Buffer.from('f') } },
    ];
    for (const record of records) {
      const bytes = body(record);
      expect(decodeRecord(new Decoder(bytes) as never, context)).toEqual(asText(kafkajsDecodeRecord(new Decoder(bytes) as never, context)));
    }
  });

  it('gives each record its own header values where they change, the same string where they repeat', () => {
    const values = ['pods/default/a', 'pods/default/b', 'pods/default/b', 'nœud-1', 'nœud-1', 'pods/default/a', '\u00e9t\u00e9', 'x'.repeat(100), 'x'.repeat(100)];
    const decoded = values.map((v, i) => {
      const bytes = body({ key: Buffer.from('k'), value: Buffer.from(String(i)), headers: { ce_specversion: Buffer.from('1.0'), ce_subject: Buffer.from(v) } });
      return decodeRecord(new Decoder(bytes) as never, context) as unknown as { headers: Record<string, string> };
    });
    expect(decoded.map((d) => d.headers.ce_subject)).toEqual(values);
    expect(decoded.every((d) => d.headers.ce_specversion === '1.0')).toBe(true);
  });

  it('decodes bytes that are not UTF-8 as kafkajs does, never as a remembered value', () => {
    const bytes = (value: Buffer) => body({ key: Buffer.from('k'), value: Buffer.from('1'), headers: { h: value } });
    decodeRecord(new Decoder(bytes(Buffer.from('\ufffd'))) as never, context);
    const invalid = Buffer.from([0xff]);
    expect(decodeRecord(new Decoder(bytes(invalid)) as never, context)).toEqual(asText(kafkajsDecodeRecord(new Decoder(bytes(invalid)) as never, context)));
    const plain = decodeRecord(new Decoder(bytes(Buffer.from('a'))) as never, context) as unknown as Decoded;
    expect(plain.headers.h).toBe('a');
  });
});
