// The API description: the route table over the zod contract, and what is generated from it (the
// OpenAPI 3.1 document, API Gateway request models).
export * from './routes';
export * from './openapi';
export { modelViolations, gatewayModelSchema, type JsonSchema } from './json-schema';
