import { base64ErrorOffset, goJsonObjectError, undecodable } from './decode-errors';

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

  it('words labels, annotations and selectors YAML read as numbers or booleans as encoding/json does, the first in the body’s order', () => {
    expect(undecodable({ kind: 'Pod', metadata: { name: 'p', labels: { app: 'web', version: 1.5 } } })).toBe('json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string');
    expect(undecodable({ kind: 'Namespace', metadata: { annotations: { enabled: true } } })).toBe('json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.annotations of type string');
    expect(undecodable({ kind: 'Service', metadata: { labels: 'web' } })).toBe('json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string');
    const rc = { kind: 'ReplicationController', metadata: { name: 'r' }, spec: { replicas: 1, selector: { app: false }, template: { metadata: { labels: { app: false } }, spec: { nodeSelector: { ssd: true } } } } };
    expect(undecodable(rc)).toBe('json: cannot unmarshal bool into Go struct field ReplicationControllerSpec.spec.selector of type string');
    expect(undecodable({ ...rc, spec: { ...rc.spec, selector: { app: 'n' } } })).toBe('json: cannot unmarshal bool into Go struct field ObjectMeta.spec.template.metadata.labels of type string');
    expect(undecodable({ kind: 'Pod', spec: { nodeSelector: { gpu: 1 } } })).toBe('json: cannot unmarshal number into Go struct field PodSpec.spec.nodeSelector of type string');
    expect(undecodable({ kind: 'Service', spec: { selector: { app: 2 } }, metadata: { labels: { a: true } } })).toBe('json: cannot unmarshal number into Go struct field ServiceSpec.spec.selector of type string');
    expect(undecodable({ kind: 'Pod', metadata: { labels: { app: 'web', gone: null } }, spec: { containers: [{ name: 1 }] } })).toBeUndefined();
  });

  it('words JSON that does not read into a map as Go’s json.Unmarshal does', () => {
    expect(goJsonObjectError('{"auths":{"r.io":{"auth":"dTpw"}}}')).toBeUndefined();
    expect(goJsonObjectError(' null ')).toBeUndefined();
    expect(goJsonObjectError('{bad')).toBe("invalid character 'b' looking for beginning of object key string");
    expect(goJsonObjectError('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(goJsonObjectError('{"a":1 "b":2}')).toBe("invalid character '\"' after object key:value pair");
    expect(goJsonObjectError('{"a":[1 2]}')).toBe("invalid character '2' after array element");
    expect(goJsonObjectError('{"a":tru}')).toBe("invalid character '}' in literal true (expecting 'e')");
    expect(goJsonObjectError('{"a":-x}')).toBe("invalid character 'x' in numeric literal");
    expect(goJsonObjectError('{"a":1.}')).toBe("invalid character '}' after decimal point in numeric literal");
    expect(goJsonObjectError('{"a":1}x')).toBe("invalid character 'x' after top-level value");
    expect(goJsonObjectError('{"a":')).toBe('unexpected end of JSON input');
    expect(goJsonObjectError('')).toBe('unexpected end of JSON input');
    expect(goJsonObjectError("'")).toBe("invalid character '\\'' looking for beginning of value");
    expect(goJsonObjectError('[1]')).toBe('json: cannot unmarshal array into Go value of type map[string]interface {}');
    expect(goJsonObjectError('"s"')).toBe('json: cannot unmarshal string into Go value of type map[string]interface {}');
  });
});
