import { toStatus, type ApiError } from './api.errors';
import { checkPodLogOptions } from './pod-log-options';

describe('checkPodLogOptions', () => {
  const refusal = (query: Record<string, string>): unknown => {
    try {
      checkPodLogOptions('web', query);
    } catch (error) {
      return toStatus(error as ApiError);
    }
    return 'accepted';
  };

  it('accepts what ValidatePodLogOptions accepts', () => {
    expect(refusal({})).toBe('accepted');
    expect(refusal({ tailLines: '0', limitBytes: '1', sinceSeconds: '1', follow: 'true', timestamps: 'true', previous: 'true' })).toBe('accepted');
    expect(refusal({ sinceTime: '2026-11-29T00:00:00Z' })).toBe('accepted');
  });

  it('refuses a negative tailLines, limitBytes and sinceSeconds below 1, and both sinceSeconds and sinceTime, as 422 PodLogOptions', () => {
    expect(refusal({ tailLines: '-1' })).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
      reason: 'Invalid',
      details: { name: 'web', kind: 'PodLogOptions', causes: [{ reason: 'FieldValueInvalid', field: 'tailLines', message: 'Invalid value: -1: must be greater than or equal to 0' }] },
      code: 422,
    });
    expect(refusal({ limitBytes: '0', sinceSeconds: '0' })).toMatchObject({
      message: 'PodLogOptions "web" is invalid: [limitBytes: Invalid value: 0: must be greater than 0, sinceSeconds: Invalid value: 0: must be greater than 0]',
    });
    expect(refusal({ sinceSeconds: '5', sinceTime: '2026-11-29T00:00:00Z' })).toMatchObject({
      code: 422,
      details: { causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' }] },
    });
    // The root path names no field (StatusCause.field is omitempty).
    expect((refusal({ sinceSeconds: '5', sinceTime: '2026-11-29T00:00:00Z' }) as { details: { causes: object[] } }).details.causes[0]).not.toHaveProperty('field');
  });
});
