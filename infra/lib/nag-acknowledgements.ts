// Every cdk-nag finding we accept, each with its reason. Anything not listed here fails the synth.
import { Stack, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IConstruct } from 'constructs';

function ack(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

export function acknowledgeRegionFindings(stack: Stack): void {
  ack(stack, 'AwsSolutions-COG4', 'Partners are organisations, not people: every method uses IAM (SigV4) authorization with one role per partner organisation; a Cognito user pool would add a second identity store.');
  ack(stack, 'AwsSolutions-L1', 'Functions run nodejs22.x, the runtime the platform is built and tested for; moving to a newer runtime is a tested change, not an automatic one.');
  ack(stack, 'AwsSolutions-IAM5[Resource::*]', 'Only X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords) is granted on *: X-Ray has no resource-level permissions.');
  ack(stack, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]', "API Gateway's account-level logging role needs exactly this AWS managed policy; it is not used by any function or partner.");
  ack(stack, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]', "AWS Backup's role for the region's backup plan needs exactly this AWS managed policy (kept current by AWS as services change); only AWS Backup can assume it.");

  // NIST 800-53 R5
  ack(stack, 'NIST.800.53.R5-IAMNoInlinePolicy', "Every role has its own policy, written for it and deleted with it (a function's grants, a partner's routes). Inline keeps that one-to-one: a managed policy would be reusable, which none of these must be. Shared limits are in the region's managed permission boundary.");
  ack(stack, 'NIST.800.53.R5-LambdaConcurrency', 'Concurrency is bounded upstream: API stage throttling per method (50 rps, burst 100; writes 10 rps, burst 20), the WAF rate limit per source, one execution per case. Reserving concurrency for ~40 functions per region would take it from the account pool and fails to deploy in accounts at the default quota; the Throttles alarm watches the account limit.');
  ack(stack, 'NIST.800.53.R5-LambdaInsideVPC', 'Functions talk only to AWS APIs (DynamoDB, Step Functions, EventBridge, Scheduler, X-Ray, CloudWatch) over TLS with SigV4, and IAM per function names the exact resources; there is no network-reachable data store for a VPC to protect. A VPC would add NAT or interface endpoints without narrowing access (docs/decisions.md).');
  ack(stack, 'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted', 'No response is cached on purpose: every read of personal data must reach the function so it is shaped to the caller and written to the audit trail; a gateway cache would serve it without either.');
  ack(stack, 'NIST.800.53.R5-APIGWSSLEnabled', "A stage's client certificate lets HTTP backends authenticate API Gateway; every integration here is a Lambda proxy, invoked by AWS's own signed call, so there is no backend to present it to.");

  // Serverless
  ack(stack, 'Serverless-LambdaLatestVersion', 'Functions run nodejs22.x, the runtime the platform is built and tested for; moving to a newer runtime is a tested change, not an automatic one.');
}

/**
 * Partner roles: `*` in their execute-api ARNs stands for a path parameter of one route, and the
 * boundary covers this one API. cdk-nag v3 acknowledges each finding by its exact resource, as it
 * renders it (`<LogicalId>` for references), so the ids are derived from the same route list.
 */
export function acknowledgePartnerAccessFindings(scope: IConstruct, api: RestApi, resourcePaths: string[]): void {
  const stack = Stack.of(api);
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
  const apiId = `<${stack.getLogicalId(api.node.defaultChild as CfnElement)}>`;
  const arn = (suffix: string) => `arn:${partition}:execute-api:${stack.region}:${account}:${apiId}/${suffix}`;
  ack(scope, `AwsSolutions-IAM5[Resource::${arn('*/*/*')}]`, "The permission boundary is this region's API, every stage, method and route: the roles' own policies narrow it per route.");
  for (const suffix of new Set(resourcePaths.filter((p) => p.includes('*')))) {
    ack(scope, `AwsSolutions-IAM5[Resource::${arn(suffix)}]`, "`*` stands for a path parameter such as {caseId} of one method of one route; routes the pattern would also cover but the capability matrix does not grant are explicitly denied.");
  }
}

/** State machines invoke their step functions, including published versions (`<arn>:*`). */
export function acknowledgeWorkflowFindings(scope: IConstruct, functions: IConstruct[]): void {
  for (const fn of functions) {
    const logicalId = Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement);
    ack(scope, `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`, 'Step Functions may invoke this one function in any of its versions or aliases (the LambdaInvoke grant); no other function.');
  }
}
