// Rebuilds a REST API's routes from the template: Resource path parts and parents, Methods with
// their authorization type and the function their proxy integration invokes.
import type { StackArtifact } from './assembly';
import { resourcesOfType } from './assembly';
import { CfnResolver } from './cfn-resolver';

export interface ApiRoute {
  method: string;
  /** Template path, e.g. `/cases/{caseId}`. */
  resourcePath: string;
  resourceId: string;
  authorizationType: string;
  /** Logical id of the Lambda function of the AWS_PROXY integration. */
  functionLogicalId: string;
  segments: string[];
}

export interface RestApiDefinition {
  logicalId: string;
  apiId: string;
  stageName: string;
  routes: ApiRoute[];
}

function logicalIdOf(ref: unknown): string | undefined {
  if (ref && typeof ref === 'object') {
    const r = ref as Record<string, unknown>;
    if (typeof r.Ref === 'string') return r.Ref;
    if (Array.isArray(r['Fn::GetAtt'])) return String(r['Fn::GetAtt'][0]);
  }
  return undefined;
}

function integrationFunction(uri: unknown): string | undefined {
  // arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<fn arn>/invocations
  const found = JSON.stringify(uri).match(/"Fn::GetAtt":\["([^"]+)","Arn"\]/);
  return found?.[1];
}

export function restApisOf(stack: StackArtifact): RestApiDefinition[] {
  const resolver = new CfnResolver(stack);
  const resources = new Map(resourcesOfType(stack, 'AWS::ApiGateway::Resource'));
  const pathOf = (resourceId: string | undefined, apiLogicalId: string): string => {
    if (!resourceId || resourceId === apiLogicalId) return '';
    const resource = resources.get(resourceId);
    if (!resource) return '';
    const parent = resource.Properties?.ParentId as Record<string, unknown> | undefined;
    const parentIsRoot = Array.isArray(parent?.['Fn::GetAtt']) && (parent['Fn::GetAtt'] as string[])[1] === 'RootResourceId';
    return `${parentIsRoot ? '' : pathOf(logicalIdOf(parent), apiLogicalId)}/${String(resource.Properties?.PathPart)}`;
  };
  return resourcesOfType(stack, 'AWS::ApiGateway::RestApi').map(([apiLogicalId]) => {
    const stage = resourcesOfType(stack, 'AWS::ApiGateway::Stage').find(([, s]) => logicalIdOf(s.Properties?.RestApiId) === apiLogicalId);
    const routes: ApiRoute[] = [];
    for (const [, method] of resourcesOfType(stack, 'AWS::ApiGateway::Method')) {
      const props = method.Properties ?? {};
      if (logicalIdOf(props.RestApiId) !== apiLogicalId || props.HttpMethod === 'OPTIONS') continue;
      const resourceRef = props.ResourceId as Record<string, unknown>;
      const isRoot = Array.isArray(resourceRef?.['Fn::GetAtt']);
      const resourceId = isRoot ? apiLogicalId : logicalIdOf(resourceRef)!;
      const resourcePath = pathOf(isRoot ? undefined : resourceId, apiLogicalId) || '/';
      const integration = props.Integration as { Type?: string; Uri?: unknown } | undefined;
      const functionLogicalId = integration?.Type === 'AWS_PROXY' ? integrationFunction(integration.Uri) : undefined;
      if (!functionLogicalId) throw new Error(`${stack.stackName}: ${String(props.HttpMethod)} ${resourcePath} is not a Lambda proxy integration; the twin serves only those`);
      routes.push({
        method: String(props.HttpMethod),
        resourcePath,
        resourceId,
        authorizationType: String(props.AuthorizationType ?? 'NONE'),
        functionLogicalId,
        segments: resourcePath.split('/').filter(Boolean),
      });
    }
    return {
      logicalId: apiLogicalId,
      apiId: resolver.physicalId(apiLogicalId),
      stageName: String(stage?.[1].Properties?.StageName ?? 'prod'),
      routes,
    };
  });
}

/** Matches a concrete path to a route: `{param}` takes one segment. */
export function matchRoute(routes: ApiRoute[], method: string, path: string): { route: ApiRoute; pathParameters: Record<string, string> } | { methodNotAllowed: true } | undefined {
  // An empty segment (`/cases/x/audit/`, `//`) names no resource, as in API Gateway: dropping it
  // would route the request to a method whose IAM resource (the method ARN) it does not match.
  const segments = path === '/' ? [] : path.slice(1).split('/');
  if (!path.startsWith('/') || segments.includes('')) return undefined;
  let pathMatched = false;
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = route.segments.every((part, i) => {
      const value = segments[i]!;
      if (part.startsWith('{') && part.endsWith('}')) {
        params[part.slice(1, -1)] = decodeURIComponent(value);
        return true;
      }
      return part === value;
    });
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method || route.method === 'ANY') return { route, pathParameters: params };
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}
