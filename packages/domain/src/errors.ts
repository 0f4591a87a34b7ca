// Named domain errors. Each carries its HTTP status; the one mapping to a response lives in
// @cter/http. Messages of errors below 500 reach the caller, so they never contain personal data.

export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `subject.bsn`; empty for the whole request. */
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details: ErrorDetail[];
  constructor(message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class MalformedRequest extends DomainError {
  readonly status = 400;
  readonly code = 'MalformedRequest';
}

export class NotAuthenticated extends DomainError {
  readonly status = 403;
  readonly code = 'NotAuthenticated';
}

export class NotAllowed extends DomainError {
  readonly status = 403;
  readonly code = 'NotAllowed';
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly code = 'NotFound';
}

export class CaseNotFound extends NotFound {
  constructor(caseId: string) {
    super(`case ${caseId} not found`);
  }
}

export class StaleVersion extends DomainError {
  readonly status = 409;
  readonly code = 'StaleVersion';
  constructor(expected: number, actual?: number) {
    super(
      actual === undefined
        ? `version ${expected} is not the current version`
        : `version ${expected} is not the current version ${actual}; read the case again and retry`,
    );
  }
}

export class Conflict extends DomainError {
  readonly status = 409;
  readonly code = 'Conflict';
}

export class InvalidTransition extends DomainError {
  readonly status = 409;
  readonly code = 'InvalidTransition';
}

export class PayloadTooLarge extends DomainError {
  readonly status = 413;
  readonly code = 'PayloadTooLarge';
}

export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  readonly code = 'UnsupportedMediaType';
}

export class ValidationFailed extends DomainError {
  readonly status = 422;
  readonly code = 'ValidationFailed';
}

export class IdempotencyKeyReused extends DomainError {
  readonly status = 422;
  readonly code = 'IdempotencyKeyReused';
  constructor() {
    super('this Idempotency-Key was used before with a different request body');
  }
}

export class ServiceUnavailable extends DomainError {
  readonly status = 503;
  readonly code = 'ServiceUnavailable';
  constructor(
    message = 'a backing service is unavailable; retry later',
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}
