/** Base of every event-log error: a stable code, whether retrying may help, and the cause. */
export class LogError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A record or a batch is over the log's size limit; nothing of the batch was written. */
export class RecordTooLargeError extends LogError {
  constructor(message: string) {
    super('RecordTooLarge', message, false);
  }
}

/** The request itself is wrong (bad offset, bad partition, bad record); retrying cannot help. */
export class InvalidLogRequestError extends LogError {
  constructor(message: string) {
    super('InvalidRequest', message, false);
  }
}

/** The log was closed while the operation was pending or before it began. */
export class LogClosedError extends LogError {
  constructor(what: string) {
    super('LogClosed', `${what}: the event log is closed`, false);
  }
}

/** The backing store or broker could not be reached or refused the write; retrying may help. */
export class LogUnavailableError extends LogError {
  constructor(message: string, cause?: unknown) {
    super('LogUnavailable', message, true, { cause });
  }
}
