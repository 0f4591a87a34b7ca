// The API's zod schemas as values ('@cter/domain/schemas'): the route registry's documentation, the
// OpenAPI document, the generated validators' fallback and the tests import them from here.
export * from './schemas';
export * from './covenant-schemas';
export * from './responses';
export * from './advice-schemas';
export * from './process-report-schemas';
export * from './request-check';
