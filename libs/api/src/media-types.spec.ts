import { acceptable, partialObjectMetadataList, responseShape, answerEncoding, toKubeYaml } from './media-types';

describe('responseShape', () => {
  it('answers tables to kubectl get and objects to plain JSON clients', () => {
    expect(responseShape('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toBe('table');
    expect(responseShape('application/json')).toBe('object');
    expect(responseShape(undefined)).toBe('object');
    expect(responseShape('*/*')).toBe('object');
  });

  it("answers metadata only to client-go's metadata client, skipping the protobuf alternative it names first", () => {
    expect(responseShape('application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json')).toBe('metadata');
    expect(responseShape('application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json')).toBe('metadata');
  });

  it('skips alternatives it does not serve: another group or version of a shape, protobuf', () => {
    expect(responseShape('application/json;as=Table;v=v2;g=meta.k8s.io,application/json')).toBe('object');
    expect(responseShape('application/json;as=Scale;g=autoscaling;v=v1,application/json')).toBe('object');
    expect(responseShape('application/vnd.kubernetes.protobuf,application/json')).toBe('object');
  });

  it('lists metadata as PartialObjectMetadataList with each item typed', () => {
    expect(partialObjectMetadataList([{ metadata: { name: 'a' } }], { resourceVersion: '7' })).toEqual({
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '7' },
      items: [{ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'a' } }],
    });
  });
});

describe('acceptable', () => {
  it('accepts what kube-apiserver serves: no header, JSON, YAML, protobuf, wildcards, tables and metadata of meta.k8s.io v1 and v1beta1', () => {
    for (const accept of [
      undefined,
      '',
      'application/json',
      'application/json, */*',
      'application/yaml',
      'application/vnd.kubernetes.protobuf',
      'application/vnd.kubernetes.protobuf;stream=watch',
      '*/*',
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
      'application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
      'text/html, application/json;charset=utf-8',
    ]) {
      expect([accept, acceptable(accept)]).toEqual([accept, true]);
    }
  });

  it('refuses what it does not: other types, and only shapes it does not serve', () => {
    for (const accept of ['application/xml', 'text/plain, text/html', 'application/json;as=Table;v=v2;g=meta.k8s.io', 'application/json;as=Scale;g=autoscaling;v=v1']) {
      expect([accept, acceptable(accept)]).toEqual([accept, false]);
    }
  });
});

describe('answerEncoding', () => {
  it('answers YAML when the first served alternative is application/yaml, JSON otherwise', () => {
    expect(answerEncoding('application/yaml')).toBe('yaml');
    expect(answerEncoding('text/html, application/yaml;q=0.9')).toBe('yaml');
    expect(answerEncoding('application/json, application/yaml')).toBe('json');
    expect(answerEncoding('application/vnd.kubernetes.protobuf, application/yaml')).toBe('json');
    expect(answerEncoding('*/*')).toBe('json');
    expect(answerEncoding(undefined)).toBe('json');
  });
});

describe('toKubeYaml', () => {
  it('writes keys sorted, sequences unindented, and quotes what YAML 1.1 would read otherwise, as go-yaml does', () => {
    expect(toKubeYaml({ metadata: { name: 'x', creationTimestamp: '2026-11-29T19:44:07Z' }, apiVersion: 'v1', data: { n: 'y', port: '80' }, items: [{ b: 1, a: null }], empty: {} })).toBe(
      'apiVersion: v1\ndata:\n  "n": "y"\n  port: "80"\nempty: {}\nitems:\n- a: null\n  b: 1\nmetadata:\n  creationTimestamp: "2026-11-29T19:44:07Z"\n  name: x\n',
    );
  });
});
