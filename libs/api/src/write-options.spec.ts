import { toStatus, type ApiError } from './api.errors';
import { checkDeleteOptions, checkWriteOptions, readDeleteOptions } from './write-options';

const refusal = (...args: Parameters<typeof checkWriteOptions>): unknown => {
  try {
    checkWriteOptions(...args);
  } catch (error) {
    return toStatus(error as ApiError);
  }
  return 'accepted';
};

describe('the options of a write, checked as kube-apiserver validates them', () => {
  it('accepts what clients send', () => {
    expect(refusal('create', { dryRun: 'All', fieldManager: 'kubectl-create', fieldValidation: 'Strict' })).toBe('accepted');
    expect(refusal('patch', { fieldManager: 'kubectl', force: 'true' }, 'application/apply-patch+yaml')).toBe('accepted');
    expect(refusal('update', {})).toBe('accepted');
  });

  it('refuses an apply patch without a field manager as ValidatePatchOptions does', () => {
    expect(refusal('patch', {}, 'application/apply-patch+yaml')).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      reason: 'Invalid',
      details: { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }] },
      code: 422,
    });
    expect(refusal('patch', { force: 'true' }, 'application/merge-patch+json')).toMatchObject({ message: 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch' });
  });

  it('refuses a dry run other than All, which would otherwise write, and an unknown fieldValidation', () => {
    expect(refusal('create', { dryRun: 'true' })).toMatchObject({ code: 422, message: 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"true"}: supported values: "All"' });
    expect(refusal('update', { fieldValidation: 'strict' })).toMatchObject({
      message: 'UpdateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "Ignore", "Strict", "Warn"',
    });
  });

  it('refuses a field manager longer than 128 bytes or with characters that do not print', () => {
    expect(refusal('create', { fieldManager: 'm'.repeat(129) })).toMatchObject({ message: 'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes' });
    expect(refusal('create', { fieldManager: 'é\t' })).toMatchObject({ message: 'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "é\\t": invalid character U+0009 (at position 2)' });
  });
});

describe('the options of a delete, checked as ValidateDeleteOptions does', () => {
  const refusal = (options: Parameters<typeof checkDeleteOptions>[0]): unknown => {
    try {
      checkDeleteOptions(options);
    } catch (error) {
      return (toStatus(error as ApiError) as { message: string }).message;
    }
    return 'accepted';
  };

  it('accepts the three propagation policies and a dry run of All', () => {
    for (const propagationPolicy of ['Foreground', 'Background', 'Orphan']) expect(refusal({ propagationPolicy, dryRun: ['All'] })).toBe('accepted');
    expect(refusal({ orphanDependents: true })).toBe('accepted');
  });

  it('refuses another policy, a policy beside orphanDependents, and a dry run other than All, which would otherwise delete', () => {
    expect(refusal({ propagationPolicy: 'Bogus' })).toBe('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Bogus": supported values: "Foreground", "Background", "Orphan", "nil"');
    expect(refusal({ propagationPolicy: 'Orphan', orphanDependents: false })).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
    );
    expect(refusal({ dryRun: ['true'] })).toBe('DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"true"}: supported values: "All"');
  });
});

describe('the options of a delete, read from its body and query', () => {
  it('takes the query over the body, and the body’s dryRun and orphanDependents', () => {
    expect(readDeleteOptions({ gracePeriodSeconds: 5, propagationPolicy: 'Foreground', preconditions: { uid: 'u' } }, { gracePeriodSeconds: '0' })).toEqual({
      gracePeriodSeconds: 0,
      propagationPolicy: 'Foreground',
      preconditions: { uid: 'u' },
    });
    expect(readDeleteOptions({ dryRun: ['All'], orphanDependents: true }, {})).toEqual({ dryRun: true, propagationPolicy: 'Orphan' });
    expect(readDeleteOptions(null, {})).toEqual({});
  });

  it('takes a negative grace period as 1 s, as rest.BeforeDelete does, and refuses one that is not a whole number', () => {
    expect(readDeleteOptions({ gracePeriodSeconds: -5 }, {})).toEqual({ gracePeriodSeconds: 1 });
    expect(readDeleteOptions({}, { gracePeriodSeconds: '-1' })).toEqual({ gracePeriodSeconds: 1 });
    expect(() => readDeleteOptions({}, { gracePeriodSeconds: 'soon' })).toThrow('invalid gracePeriodSeconds "soon"');
    expect(() => readDeleteOptions({ gracePeriodSeconds: 1.5 }, {})).toThrow('invalid gracePeriodSeconds "1.5"');
  });
});
