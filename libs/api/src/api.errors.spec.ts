import {
  AlreadyExistsError,
  ApiError,
  BadRequestError,
  ConflictError,
  ExpiredError,
  INCONSISTENT_CONTINUE,
  fieldErrors,
  IllegalTransitionError,
  InternalError,
  InvalidError,
  NotFoundError,
  PathNotFoundError,
  MethodNotRoutedError,
  MethodNotAllowedError,
  StrictDecodingError,
  toStatus,
} from './api.errors';

describe('API errors', () => {
  it('NotFound', () => {
    const e = new NotFoundError('pods', 'x');
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('NotFoundError');
    expect(e.message).toBe('pods "x" not found');
    expect(toStatus(e)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "x" not found',
      reason: 'NotFound',
      details: { name: 'x', kind: 'pods' },
      code: 404,
    });
  });

  it('NotFound with a group qualifies the resource', () => {
    expect(new NotFoundError('deployments', 'd', 'apps').message).toBe('deployments.apps "d" not found');
  });

  it('NotFound for a path nothing serves: kube-apiserver’s not-found handler, naming no path, its details empty', () => {
    expect(toStatus(new PathNotFoundError())).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
  });

  it('MethodNotAllowed for a method no route takes: the router’s generic 405, details empty; for a verb the storage lacks, naming it', () => {
    expect(toStatus(new MethodNotRoutedError())).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server does not allow this method on the requested resource',
      reason: 'MethodNotAllowed',
      details: {},
      code: 405,
    });
    expect(toStatus(new MethodNotAllowedError('componentstatuses', 'watch'))).toMatchObject({ message: 'watch is not supported on resources of kind "componentstatuses"', details: { kind: 'componentstatuses' } });
  });

  it('AlreadyExists', () => {
    const s = toStatus(new AlreadyExistsError('pods', 'x'));
    expect(s).toMatchObject({ message: 'pods "x" already exists', reason: 'AlreadyExists', code: 409, details: { name: 'x', kind: 'pods' } });
  });

  it('Conflict', () => {
    const e = new ConflictError('pods', 'x');
    expect(e.message).toBe(
      'Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(toStatus(e)).toMatchObject({ reason: 'Conflict', code: 409 });
    expect(new ConflictError('pods', 'x', 'it is terminating').message).toBe('Operation cannot be fulfilled on pods "x": it is terminating');
  });

  it('Invalid with one cause prints it bare', () => {
    const e = new InvalidError('Pod', 'x', [fieldErrors.required('spec.containers[0].name')]);
    expect(e.message).toBe('Pod "x" is invalid: spec.containers[0].name: Required value');
    expect(toStatus(e)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Pod "x" is invalid: spec.containers[0].name: Required value',
      reason: 'Invalid',
      details: {
        name: 'x',
        kind: 'Pod',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].name' }],
      },
      code: 422,
    });
  });

  it('Invalid with several causes brackets them', () => {
    const e = new InvalidError('Service', 's', [
      fieldErrors.invalid('spec.ports[0].port', 0, 'must be between 1 and 65535, inclusive'),
      fieldErrors.notSupported('spec.ports[0].protocol', 'FOO', ['SCTP', 'TCP', 'UDP']),
    ]);
    expect(e.message).toBe(
      'Service "s" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, ' +
        'spec.ports[0].protocol: Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"]',
    );
  });

  it('a body with unknown fields under Strict is a BadRequest worded as kube-apiserver’s decoder words it', () => {
    expect(toStatus(new StrictDecodingError('ConfigMap', ['foo', 'data.bar']))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "foo", unknown field "data.bar"',
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('field error messages follow field.Error', () => {
    expect(fieldErrors.required('a').message).toBe('Required value');
    expect(fieldErrors.required('a', 'must specify a handler type').message).toBe('Required value: must specify a handler type');
    expect(fieldErrors.invalid('a', 'x', 'bad').message).toBe('Invalid value: "x": bad');
    expect(fieldErrors.invalid('a', 5).message).toBe('Invalid value: 5');
    expect(fieldErrors.invalid('a', { b: 'c', a: 'd' }, 'no').message).toBe('Invalid value: map[string]string{"a":"d", "b":"c"}: no');
    expect(fieldErrors.duplicate('a', 'web')).toEqual({ reason: 'FieldValueDuplicate', field: 'a', message: 'Duplicate value: "web"' });
    expect(fieldErrors.forbidden('a', 'not allowed on this type').message).toBe('Forbidden: not allowed on this type');
    expect(fieldErrors.tooLong('a', 63).reason).toBe('FieldValueTooLong');
    expect(fieldErrors.unknown('spec.foo')).toEqual({ reason: 'FieldValueUnknown', field: 'spec.foo', message: 'unknown field "spec.foo"' });
  });

  it('leaves out the empty fields of details, as metav1.StatusDetails’ omitempty does', () => {
    expect(toStatus(new NotFoundError('', ''))).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: ' "" not found', reason: 'NotFound', details: {}, code: 404 });
    expect(toStatus(new InvalidError('ListOptions', '', [fieldErrors.required('limit')], 'meta.k8s.io')).details).toEqual({
      group: 'meta.k8s.io',
      kind: 'ListOptions',
      causes: [{ reason: 'FieldValueRequired', field: 'limit', message: 'Required value' }],
    });
  });

  it('IllegalTransition is a Conflict to clients but keeps its own code', () => {
    const e = new IllegalTransitionError('pods', 'x', 'Succeeded', 'bind');
    expect(e.code).toBe('IllegalTransition');
    expect(e.reason).toBe('Conflict');
    expect(e.httpStatus).toBe(409);
    expect(e).toMatchObject({ from: 'Succeeded', event: 'bind', objectName: 'x' });
    expect(toStatus(e)).toMatchObject({ reason: 'Conflict', code: 409, details: { name: 'x', kind: 'pods' } });
  });

  it.each([
    [new BadRequestError('bad'), 'BadRequest', 400],
    [new ExpiredError('too old resource version: 1 (5)'), 'Expired', 410],
    [new InternalError('boom'), 'InternalError', 500],
  ])('%s maps to %s %d', (e, reason, code) => {
    expect(toStatus(e)).toMatchObject({ reason, code, status: 'Failure' });
  });

  it('offers the continue token of an expired list in the Status, as kube-apiserver does', () => {
    expect(toStatus(new ExpiredError(INCONSISTENT_CONTINUE, 'next'))).toMatchObject({ metadata: { continue: 'next' }, reason: 'Expired', code: 410 });
    expect(toStatus(new ExpiredError('too old resource version: 1 (5)')).metadata).toEqual({});
  });
});
