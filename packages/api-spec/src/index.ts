// The API description: the OpenAPI 3.1 document and the API Gateway request models, generated from
// the route registry (@cter/routes) over the zod contract.
export * from './openapi';
export { modelViolations, gatewayModelSchema, type JsonSchema } from './json-schema';
