import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import type { KubeObject, Lease } from '../types';
import { unknownFields, validateObject } from './validate';

const lease = (spec: Record<string, unknown> | undefined, name = 'operator-lock'): Lease => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name, namespace: 'default' },
  ...(spec === undefined ? {} : { spec }),
});
const causes = (l: Lease): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> => validateObject(l as KubeObject).map(({ reason, field, message }) => ({ reason, field, message }));

describe('Lease validation, as kube-apiserver validates a Lease', () => {
  it('accepts what client-go leader election writes, and a Lease with no spec', () => {
    const written = lease({ holderIdentity: 'op-7d9f_1b2c', leaseDurationSeconds: 15, acquireTime: '2026-11-29T09:00:00.123456Z', renewTime: '2026-11-29T09:00:02.000001Z', leaseTransitions: 0 });
    expect(causes(written)).toEqual([]);
    expect(unknownFields(written as KubeObject)).toEqual([]);
    expect(causes(lease(undefined))).toEqual([]);
  });

  it('names a Lease with a DNS-1123 subdomain (dots allowed, capitals not)', () => {
    expect(causes(lease({}, 'kube-controller-manager.example'))).toEqual([]);
    expect(causes(lease({}, 'Lock_1'))).toEqual([expect.objectContaining({ reason: 'FieldValueInvalid', field: 'metadata.name' })]);
  });

  it('wants leaseDurationSeconds above 0 and leaseTransitions not below 0, when set', () => {
    expect(causes(lease({ leaseDurationSeconds: 0, leaseTransitions: -1 }))).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.leaseDurationSeconds', message: 'Invalid value: 0: must be greater than 0' },
      { reason: 'FieldValueInvalid', field: 'spec.leaseTransitions', message: 'Invalid value: -1: must be greater than or equal to 0' },
    ]);
  });

  it('knows one strategy, and a preferred holder only with a strategy', () => {
    expect(causes(lease({ strategy: 'OldestEmulationVersion', preferredHolder: 'b' }))).toEqual([]);
    expect(causes(lease({ strategy: 'Newest' }))).toEqual([
      { reason: 'FieldValueNotSupported', field: 'spec.strategy', message: 'Unsupported value: "Newest": supported values: "OldestEmulationVersion"' },
    ]);
    expect(causes(lease({ preferredHolder: 'b' }))).toEqual([{ reason: 'FieldValueForbidden', field: 'spec.preferredHolder', message: 'Forbidden: may only be specified if `strategy` is defined' }]);
  });

  it('refuses times that are not RFC 3339', () => {
    expect(causes(lease({ renewTime: 'yesterday' }))).toEqual([expect.objectContaining({ reason: 'FieldValueTypeInvalid', field: 'spec.renewTime' })]);
  });
});

describe('Lease defaults', () => {
  it('store the times as MicroTime: UTC, six fraction digits, the client’s microseconds kept', () => {
    const stored = applyDefaults(lease({ acquireTime: '2026-11-29T10:00:00+01:00', renewTime: '2026-11-29T09:00:02.1234567Z' }) as KubeObject) as Lease;
    expect(stored.spec).toEqual({ acquireTime: '2026-11-29T09:00:00.000000Z', renewTime: '2026-11-29T09:00:02.123456Z' });
  });
});
