import type { Status, StatusDetails } from './types/status.types';

/** Stable codes of API errors; each maps onto a Kubernetes StatusReason and HTTP status. */
export type ApiErrorCode =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'IllegalTransition'
  | 'Forbidden'
  | 'Gone'
  | 'Expired'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'TooManyRequests'
  | 'InternalError'
  | 'Unknown';

/**
 * metav1.StatusReason values the codes map to (IllegalTransition is a Conflict to clients; Unknown
 * is StatusReasonUnknown, the empty reason, which a Status does not write).
 */
export type StatusReason = Exclude<ApiErrorCode, 'IllegalTransition' | 'Unknown'> | '';

const STATUS_OF: Record<ApiErrorCode, { reason: StatusReason; httpStatus: number }> = {
  NotFound: { reason: 'NotFound', httpStatus: 404 },
  AlreadyExists: { reason: 'AlreadyExists', httpStatus: 409 },
  Conflict: { reason: 'Conflict', httpStatus: 409 },
  Invalid: { reason: 'Invalid', httpStatus: 422 },
  BadRequest: { reason: 'BadRequest', httpStatus: 400 },
  IllegalTransition: { reason: 'Conflict', httpStatus: 409 },
  Forbidden: { reason: 'Forbidden', httpStatus: 403 },
  Gone: { reason: 'Gone', httpStatus: 410 },
  Expired: { reason: 'Expired', httpStatus: 410 },
  MethodNotAllowed: { reason: 'MethodNotAllowed', httpStatus: 405 },
  NotAcceptable: { reason: 'NotAcceptable', httpStatus: 406 },
  UnsupportedMediaType: { reason: 'UnsupportedMediaType', httpStatus: 415 },
  RequestEntityTooLarge: { reason: 'RequestEntityTooLarge', httpStatus: 413 },
  ServiceUnavailable: { reason: 'ServiceUnavailable', httpStatus: 503 },
  Timeout: { reason: 'Timeout', httpStatus: 504 },
  TooManyRequests: { reason: 'TooManyRequests', httpStatus: 429 },
  InternalError: { reason: 'InternalError', httpStatus: 500 },
  Unknown: { reason: '', httpStatus: 500 },
};

/** metav1.CauseType values for field errors (field.ErrorType's cause names). */
export type FieldCauseReason =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueForbidden'
  | 'FieldValueTypeInvalid'
  | 'FieldValueUnknown'
  | 'FieldValueNotFound';

/** One field error: `message` is the body without the field, as in a StatusCause. */
export interface FieldCause {
  reason: FieldCauseReason;
  message: string;
  field: string;
}

/** Base of API errors: carries all a Kubernetes Status needs. */
export class ApiError extends Error {
  readonly reason: StatusReason;
  readonly httpStatus: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: StatusDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    ({ reason: this.reason, httpStatus: this.httpStatus } = STATUS_OF[code]);
  }
}

export class NotFoundError extends ApiError {
  constructor(resource: string, name: string, group?: string) {
    super('NotFound', `${qualified(resource, group)} "${name}" not found`, details(resource, name, group));
  }
}

/**
 * A path the server does not serve (no such resource, group or subresource): kube-apiserver's
 * not-found handler, at the end of its handler chain, answers this Status — its message, naming no
 * path, and empty details (`"details":{}`, as its NotFound with no resource serialises) — and
 * kubectl prints it as it is.
 */
export class PathNotFoundError extends ApiError {
  constructor() {
    super('NotFound', 'the server could not find the requested resource', {});
  }
}

export class AlreadyExistsError extends ApiError {
  constructor(resource: string, name: string, group?: string) {
    super('AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, details(resource, name, group));
  }
}

export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/** Optimistic-concurrency failure (stale resourceVersion) or another conflicting state. */
export class ConflictError extends ApiError {
  constructor(resource: string, name: string, why: string = OBJECT_MODIFIED, group?: string) {
    super('Conflict', `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": ${why}`, details(resource, name, group));
  }
}

/** Validation failure. Kubernetes puts the Kind (not the resource) in details.kind here. */
export class InvalidError extends ApiError {
  constructor(
    kind: string,
    name: string,
    readonly causes: FieldCause[],
    group?: string,
  ) {
    super('Invalid', `${qualified(kind, group)} "${name}" is invalid: ${aggregateMessage(causes)}`, {
      name,
      ...(group ? { group } : {}),
      kind,
      // metav1.StatusCause's field is omitempty: a cause at the root names none.
      causes: causes.map(({ field, ...c }) => (field === '' ? { ...c } : { ...c, field })),
    });
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string) {
    super('BadRequest', message);
  }
}

/**
 * A create or update body kube-apiserver's decoder cannot read into its kind, refused before
 * validation (`ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal …`).
 */
export class DecodeError extends BadRequestError {
  constructor(kind: string, why: string, apiVersion = 'v1') {
    super(`${kind} in version "${apiVersion}" cannot be handled as a ${kind}: ${why}`);
  }
}

/**
 * A body with fields its kind does not have, under fieldValidation=Strict: kube-apiserver's decoder
 * refuses it before validation, on create and update (`Pod in version "v1" cannot be handled as a
 * Pod: strict decoding error: unknown field "spec.foo"`).
 */
export class StrictDecodingError extends DecodeError {
  constructor(kind: string, unknownFields: readonly string[], apiVersion = 'v1') {
    super(kind, `strict decoding error: ${unknownFields.map((f) => `unknown field "${f}"`).join(', ')}`, apiVersion);
  }
}

export class ForbiddenError extends ApiError {
  constructor(resource: string, name: string, why: string, group?: string) {
    super('Forbidden', `${qualified(resource, group)} "${name}" is forbidden: ${why}`, details(resource, name, group));
  }
}

export class GoneError extends ApiError {
  constructor(message: string) {
    super('Gone', message);
  }
}

/**
 * A watch or list continues from a resourceVersion that was compacted away. A list's may offer a
 * continue token that goes on from the same place at the current state (`Status.metadata.continue`).
 */
export class ExpiredError extends ApiError {
  constructor(
    message: string,
    readonly continueToken?: string,
  ) {
    super('Expired', message);
  }
}

/** kube-apiserver's message for a continue token whose resourceVersion was compacted away. */
export const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, ' +
  'or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an ' +
  'inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/**
 * A read at a resourceVersion the server has not reached (kube-apiserver's
 * NewTooLargeResourceVersionError: a Timeout whose cause says ResourceVersionTooLarge).
 */
export class ResourceVersionTooLargeError extends ApiError {
  constructor(requested: number, current: number) {
    super('Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    });
  }
}

/**
 * A verb the resource's storage cannot do on a path that is served (a watch of what cannot be
 * watched; a write to one of Bosun's read-only views): kube-apiserver's MethodNotSupported.
 */
export class MethodNotAllowedError extends ApiError {
  constructor(resource: string, action: string) {
    super('MethodNotAllowed', `${action} is not supported on resources of kind "${resource}"`, { kind: resource });
  }
}

/**
 * An HTTP method no route takes on a path (PUT on a collection, POST on an object, DELETE of a
 * status): kube-apiserver's router answers this generic 405, its details empty.
 */
export class MethodNotRoutedError extends ApiError {
  constructor() {
    super('MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
  }
}

export class NotAcceptableError extends ApiError {
  constructor(accepted: readonly string[]) {
    super('NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  constructor(
    readonly contentType: string,
    accepted: readonly string[] = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
  ) {
    super('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
  }
}

export class RequestEntityTooLargeError extends ApiError {
  constructor(message = 'Request entity too large') {
    super('RequestEntityTooLarge', message);
  }
}

export class ServiceUnavailableError extends ApiError {
  constructor(message: string) {
    super('ServiceUnavailable', message);
  }
}

/** errors.NewTooManyRequests: a 429 whose details carry only the causes given and, when above 0, when to retry. */
export class TooManyRequestsError extends ApiError {
  constructor(message: string, retryAfterSeconds: number, causes: { reason: string; message: string }[] = []) {
    super('TooManyRequests', message, { ...(causes.length > 0 ? { causes } : {}), ...(retryAfterSeconds > 0 ? { retryAfterSeconds } : {}) });
  }
}

export class InternalError extends ApiError {
  constructor(message: string, cause?: unknown) {
    super('InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }, { cause });
  }
}

/**
 * An error kube-apiserver's storage returns that is no API Status (a storage.InvalidError, say):
 * its handlers answer it as ErrorToAPIStatus does any such error — 500, no reason, the error's own
 * message.
 */
export class UnclassifiedError extends ApiError {
  constructor(message: string) {
    super('Unknown', message);
  }
}

/** An actor's state machine refused the event in its current state; clients see a Conflict. */
export class IllegalTransitionError extends ApiError {
  constructor(
    readonly kind: string,
    readonly objectName: string,
    readonly from: string,
    readonly event: string,
  ) {
    super('IllegalTransition', `Operation cannot be fulfilled on ${kind} "${objectName}": cannot ${event} in state ${from}`, {
      name: objectName,
      kind,
    });
  }
}

/** metav1.Status for a failed call, exactly as the API server would serialise it. */
export function toStatus(error: ApiError): Status {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: error instanceof ExpiredError && error.continueToken !== undefined ? { continue: error.continueToken } : {},
    status: 'Failure',
    message: error.message,
    ...(error.reason === '' ? {} : { reason: error.reason }),
  };
  // metav1.StatusDetails' fields are omitempty: an empty name, group or kind is not written.
  if (error.details) status.details = Object.fromEntries(Object.entries(error.details).filter(([, v]) => v !== '')) as StatusDetails;
  status.code = error.httpStatus;
  return status;
}

// --- field errors, in k8s.io/apimachinery/pkg/util/validation/field's wording ---

/** How field.Error prints a bad value: strings quoted, numbers and booleans bare, string lists and maps as Go's %#v. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  // Go's %#v of a []string (a Service's clusterIPs, say).
  if (Array.isArray(value) && value.every((x) => typeof x === 'string')) return `[]string{${value.map((x) => JSON.stringify(x)).join(', ')}}`;
  if (isStringMap(value)) {
    // Go's %#v of a map[string]string, keys sorted, which is how label maps appear in messages.
    const body = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(value[k])}`);
    return `map[string]string{${body.join(', ')}}`;
  }
  return JSON.stringify(value);
}

function isStringMap(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

const withDetail = (body: string, detail?: string): string => (detail ? `${body}: ${detail}` : body);

export const fieldErrors = {
  required: (field: string, detail?: string): FieldCause => ({
    reason: 'FieldValueRequired',
    field,
    message: withDetail('Required value', detail),
  }),
  invalid: (field: string, value: unknown, detail?: string): FieldCause => ({
    reason: 'FieldValueInvalid',
    field,
    message: withDetail(`Invalid value: ${formatValue(value)}`, detail),
  }),
  notSupported: (field: string, value: unknown, supported: readonly string[]): FieldCause => ({
    reason: 'FieldValueNotSupported',
    field,
    message: withDetail(
      `Unsupported value: ${formatValue(value)}`,
      supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : undefined,
    ),
  }),
  duplicate: (field: string, value: unknown): FieldCause => ({
    reason: 'FieldValueDuplicate',
    field,
    message: `Duplicate value: ${formatValue(value)}`,
  }),
  tooLong: (field: string, max: number): FieldCause => ({
    reason: 'FieldValueTooLong',
    field,
    message: `Too long: may not be more than ${max} bytes`,
  }),
  forbidden: (field: string, detail?: string): FieldCause => ({
    reason: 'FieldValueForbidden',
    field,
    message: withDetail('Forbidden', detail),
  }),
  typeInvalid: (field: string, value: unknown, detail?: string): FieldCause => ({
    reason: 'FieldValueTypeInvalid',
    field,
    message: withDetail(`Invalid value: ${formatValue(value)}`, detail),
  }),
  notFound: (field: string, value: unknown): FieldCause => ({
    reason: 'FieldValueNotFound',
    field,
    message: `Not found: ${formatValue(value)}`,
  }),
  unknown: (field: string): FieldCause => ({
    reason: 'FieldValueUnknown',
    field,
    message: `unknown field "${field}"`,
  }),
};

/** `field: body`, as field.Error.Error() prints it. */
export function causeToString(cause: FieldCause): string {
  return cause.field ? `${cause.field}: ${cause.message}` : cause.message;
}

/** utilerrors.Aggregate's message: one error bare, several in brackets; duplicates dropped. */
export function aggregateMessage(causes: readonly FieldCause[]): string {
  const msgs = [...new Set(causes.map(causeToString))];
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
}

function qualified(resource: string, group?: string): string {
  return group ? `${resource}.${group}` : resource;
}

function details(resource: string, name: string, group?: string): StatusDetails {
  return { name, ...(group ? { group } : {}), kind: resource };
}
