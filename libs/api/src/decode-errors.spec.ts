import { base64ErrorOffset, undecodable } from './decode-errors';

describe('what kube-apiserver’s decoder cannot read', () => {
  it('finds where Go’s base64 decoder gives up', () => {
    expect(base64ErrorOffset('aGVsbG8=')).toBeUndefined();
    expect(base64ErrorOffset('aGVs\nbG8=')).toBeUndefined();
    expect(base64ErrorOffset('')).toBeUndefined();
    expect(base64ErrorOffset('not base64!')).toBe(3);
    expect(base64ErrorOffset('aGVsbG8')).toBe(4); // padding missing: the last quantum is short
    expect(base64ErrorOffset('aGVsbG8=x')).toBe(8); // bytes after the padding
    expect(base64ErrorOffset('a===')).toBe(1);
  });

  it('words a ConfigMap or Secret it cannot read as encoding/json does', () => {
    expect(undecodable({ kind: 'ConfigMap', data: { a: 'b', n: 1 } })).toBe('json: cannot unmarshal number into Go struct field ConfigMap.data of type string');
    expect(undecodable({ kind: 'ConfigMap', data: { on: true } })).toBe('json: cannot unmarshal bool into Go struct field ConfigMap.data of type string');
    expect(undecodable({ kind: 'Secret', data: { a: 'not base64!' } })).toBe('illegal base64 data at input byte 3');
    expect(undecodable({ kind: 'Secret', data: { a: 5 } })).toBe('json: cannot unmarshal number into Go struct field Secret.data of type []uint8');
    expect(undecodable({ kind: 'Secret', stringData: { a: ['x'] } })).toBe('json: cannot unmarshal array into Go struct field Secret.stringData of type string');
    expect(undecodable({ kind: 'ConfigMap', data: { a: 'b', none: null }, binaryData: { z: 'aGk=' } })).toBeUndefined();
    expect(undecodable({ kind: 'Pod', data: { a: 1 } })).toBeUndefined();
  });
});
