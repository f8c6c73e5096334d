import { decodeKubeProtobuf } from './kube-protobuf';
import fixtures from './kube-protobuf.fixtures.json';

// Each fixture is one object as client-go's protobuf serializer writes it and as Go's encoding/json
// writes it (scripts/kube-protobuf-schema -fixtures): the decoder must turn the first into the second.
const cases = Object.entries(fixtures as Record<string, { protobuf: string; json: Record<string, unknown> }>);

describe('decodeKubeProtobuf', () => {
  it.each(cases)('reads the %s client-go sends as the JSON Go would have sent', (_name, { protobuf, json }) => {
    expect(decodeKubeProtobuf(Buffer.from(protobuf, 'base64'))).toEqual(json);
  });

  it('keeps the zero values that were set: replicas 0, a grace period of 0, enableServiceLinks false', () => {
    const rc = decodeKubeProtobuf(Buffer.from(fixtures.rc.protobuf, 'base64')) as { spec: { replicas?: number } };
    expect(rc.spec.replicas).toBe(0);
    const options = decodeKubeProtobuf(Buffer.from(fixtures.deleteOptions.protobuf, 'base64'));
    expect(options).toMatchObject({ gracePeriodSeconds: 0, propagationPolicy: 'Foreground', dryRun: ['All'] });
    const pod = decodeKubeProtobuf(Buffer.from(fixtures.pod.protobuf, 'base64')) as { spec: Record<string, unknown> };
    expect(pod.spec).toMatchObject({ enableServiceLinks: false, terminationGracePeriodSeconds: 0 });
    expect(pod.spec).not.toHaveProperty('hostNetwork'); // a zero that was never set, as JSON omits it
  });

  it('reads DeleteOptions in a named group version, as client-go sends them with a Lease’s delete', () => {
    // The fixture's envelope with its typeMeta (field 1) replaced: {apiVersion: coordination.k8s.io/v1, kind: DeleteOptions}.
    const v1 = Buffer.from(fixtures.deleteOptions.protobuf, 'base64');
    const rest = v1.subarray(4 + 2 + v1[5]!);
    const field = (n: number, text: string): Buffer => Buffer.concat([Buffer.from([(n << 3) | 2, text.length]), Buffer.from(text)]);
    const typeMeta = Buffer.concat([field(1, 'coordination.k8s.io/v1'), field(2, 'DeleteOptions')]);
    const grouped = Buffer.concat([v1.subarray(0, 4), Buffer.from([0x0a, typeMeta.length]), typeMeta, rest]);
    expect(decodeKubeProtobuf(grouped)).toMatchObject({ apiVersion: 'coordination.k8s.io/v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Foreground' });
  });

  it('refuses a body without the magic number, a truncated one, and a kind it has no schema for, as 400 BadRequest', () => {
    const pod = Buffer.from(fixtures.pod.protobuf, 'base64');
    expect(() => decodeKubeProtobuf(Buffer.from('{"kind":"Pod"}'))).toThrow(expect.objectContaining({ httpStatus: 400 }));
    expect(() => decodeKubeProtobuf(pod.subarray(0, pod.length - 3))).toThrow(expect.objectContaining({ httpStatus: 400 }));
    // The envelope of a kind nobody registered: typeMeta {apiVersion: "v1", kind: "Nope"}.
    const typeMeta = Buffer.concat([Buffer.from([0x0a, 2]), Buffer.from('v1'), Buffer.from([0x12, 4]), Buffer.from('Nope')]);
    const nope = Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, typeMeta.length]), typeMeta]);
    expect(() => decodeKubeProtobuf(nope)).toThrow(/no kind "Nope" is registered for version "v1"/);
  });
});
