// The region's REST API: every method uses IAM (SigV4) authorization, every call is access-logged
// (without bodies or personal data) and throttled. Routes are `METHOD /path/{param}` strings.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { RegionConfig } from '@cter/config';
import { requestModel } from '@cter/api-spec';
import { splitRoute } from '@cter/routes';

export const API_STAGE = 'v1';

/**
 * Stage throttling, per method (API Gateway counts each method on its own): reads and every method
 * by default, tighter for writes, so a partner flooding one route cannot use up another route's
 * share. Rendered into the AWS::ApiGateway::Stage MethodSettings: one entry for all methods, one per write.
 */
export const THROTTLE_DEFAULT = { rateLimit: 50, burstLimit: 100 };
export const THROTTLE_WRITES = { rateLimit: 10, burstLimit: 20 };

/** What a body refused by a request model gets: the API's error shape (validationErrorString would echo input). */
export const BAD_REQUEST_BODY_TEMPLATE = JSON.stringify({
  error: { code: 'ValidationFailed', message: 'the request body does not have the structure this route takes (see its OpenAPI document)', details: [], requestId: '$context.requestId' },
});

export interface ApiRoute {
  route: string;
  handler: IFunction;
}

export class RegionApi extends Construct {
  readonly api: apigateway.RestApi;

  constructor(scope: Construct, id: string, props: { region: RegionConfig; logKey: kms.IKey; routes: ApiRoute[] }) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.region.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: `cter-${props.region.id}`,
      description: `CTER case platform API of ${props.region.name}`,
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
      deployOptions: {
        stageName: API_STAGE,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields({
          caller: true,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: true,
        }),
        // Execution logs without request/response data: bodies hold personal data.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: THROTTLE_DEFAULT.rateLimit,
        throttlingBurstLimit: THROTTLE_DEFAULT.burstLimit,
        methodOptions: Object.fromEntries(
          props.routes
            .map(({ route }) => splitRoute(route))
            .filter(({ method }) => method !== 'GET')
            .map(({ method, path }) => [`${path}/${method}`, { throttlingRateLimit: THROTTLE_WRITES.rateLimit, throttlingBurstLimit: THROTTLE_WRITES.burstLimit }]),
        ),
      },
    });
    const validator = this.api.addRequestValidator('Parameters', { validateRequestParameters: true, validateRequestBody: true });
    // The gateway checks the structure of JSON bodies against request models made from the same zod
    // schemas as the OpenAPI document (@cter/api-spec); the function's zod validation stays the
    // authority for content. A refusal answers in the API's error shape, without echoing the input.
    this.api.addGatewayResponse('BadRequestBody', {
      type: apigateway.ResponseType.BAD_REQUEST_BODY,
      statusCode: '422',
      templates: { 'application/json': BAD_REQUEST_BODY_TEMPLATE },
    });
    for (const { route, handler } of props.routes) {
      const { method, path } = splitRoute(route);
      const resource = this.api.root.resourceForPath(path);
      const model = requestModel(route);
      // No console test-invoke permission (one Lambda::Permission per method less): only the deployed
      // stage invokes the functions, and the region's stack stays under CloudFormation's 500 resources.
      resource.addMethod(method, new apigateway.LambdaIntegration(handler, { proxy: true, allowTestInvoke: false }), {
        authorizationType: apigateway.AuthorizationType.IAM,
        requestValidator: validator,
        ...(model
          ? { requestModels: { 'application/json': this.api.addModel(model.name, { contentType: 'application/json', modelName: model.name, schema: model.schema as apigateway.JsonSchema }) } }
          : {}),
      });
    }
  }

  /** The execute-api ARN of a route, with the concrete API id (wildcards for path parameters). */
  methodArn(route: string): string {
    const { method, path } = splitRoute(route);
    return this.api.arnForExecuteApi(method, path.replace(/\{[^}]+\}/g, '*'), API_STAGE);
  }

  /** The part of methodArn after the API id: `v1/GET/cases/*`. */
  methodSuffix(route: string): string {
    const { method, path } = splitRoute(route);
    return `${API_STAGE}/${method}${path.replace(/\{[^}]+\}/g, '*')}`;
  }
}
