// Named errors of the covenant domain, on the platform's DomainError so the one HTTP mapping in
// @cter/http serves them too. Messages name covenant vocabulary only, never personal data.
import { DomainError, type ErrorDetail } from '@cter/domain';

/** A candidate covenant version (covenant.json or policies) was refused at publication. */
export class CovenantInvalid extends DomainError {
  readonly status = 422;
  readonly code = 'CovenantInvalid';
  constructor(message: string, details: ErrorDetail[]) {
    super(message, details);
  }
}

/** A sharing request names something the covenant does not know (purpose, category, stage, type). */
export class SharingRequestInvalid extends DomainError {
  readonly status = 422;
  readonly code = 'SharingRequestInvalid';
  constructor(details: ErrorDetail[]) {
    super(`the sharing request is invalid: ${details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ')}`, details);
  }
}

export class UnknownCovenantVersion extends DomainError {
  readonly status = 404;
  readonly code = 'UnknownCovenantVersion';
  constructor(versionId: string, known: readonly string[]) {
    super(`covenant version ${versionId} is not published; published versions: ${known.join(', ')}`);
  }
}

/** The moment lies before the first covenant took effect: nothing may be shared under a covenant. */
export class NoCovenantInForce extends DomainError {
  readonly status = 409;
  readonly code = 'NoCovenantInForce';
  constructor(at: Date, first: string | undefined) {
    super(
      first === undefined
        ? 'no covenant version is published'
        : `no covenant version is in force at ${at.toISOString()}; the first one takes effect on ${first}`,
    );
  }
}

/**
 * Cedar could not evaluate a policy for a request. Cedar would count such a policy as not
 * satisfied and quietly deny, so we fail loudly instead: it means the schema, the request
 * builder and a published version disagree. A 500: the caller cannot fix it.
 */
export class CovenantEvaluationFailed extends DomainError {
  readonly status = 500;
  readonly code = 'CovenantEvaluationFailed';
}

/**
 * A disclosure the covenant in force does not allow (or a consent that does not cover it): 403 with
 * the articles in the message and one line per refused recipient and category in `details`.
 */
export class SharingRefused extends DomainError {
  readonly status = 403;
  readonly code = 'SharingRefused';
  constructor(message: string, details: ErrorDetail[]) {
    super(message, details);
  }
}
