// Resolves the CloudFormation intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub) of a synthesized
// template to fixed local values: one account, the stack's region, local physical names.
// Not cfn-resolver-lib: it wants every Ref and GetAtt value listed up front, and those values (the
// naming below) are the part the twin has to decide anyway; the intrinsics themselves are few lines.
import { createHash } from 'node:crypto';
import type { StackArtifact } from './assembly';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_PARTITION = 'aws';

/** A stable, API-Gateway-shaped id (10 lowercase alphanumerics) for a stack's REST API. */
export function localApiId(stackName: string, logicalId: string): string {
  return createHash('sha256').update(`${stackName}/${logicalId}`).digest('hex').replace(/[^a-z0-9]/g, '').slice(0, 10);
}

export class CfnResolver {
  constructor(readonly stack: StackArtifact) {}

  get region(): string {
    return this.stack.awsRegion;
  }

  /** The physical id (what `Ref` returns) of a resource, as the twin names it. */
  physicalId(logicalId: string): string {
    const resource = this.stack.template.Resources[logicalId];
    if (!resource) throw new Error(`${this.stack.stackName}: no resource ${logicalId}`);
    const props = resource.Properties ?? {};
    const named = (prop: string) => (typeof props[prop] === 'string' ? (props[prop] as string) : `${this.stack.stackName}-${logicalId}`);
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        return named('TableName');
      case 'AWS::Lambda::Function':
        return named('FunctionName');
      case 'AWS::IAM::Role':
        return named('RoleName');
      case 'AWS::Logs::LogGroup':
        return named('LogGroupName');
      case 'AWS::Events::EventBus':
        return named('Name');
      case 'AWS::SQS::Queue':
        return named('QueueName');
      case 'AWS::StepFunctions::StateMachine':
        // Ref of a state machine is its ARN.
        return `arn:${LOCAL_PARTITION}:states:${this.region}:${LOCAL_ACCOUNT}:stateMachine:${named('StateMachineName')}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:${LOCAL_PARTITION}:iam::${LOCAL_ACCOUNT}:policy/${named('ManagedPolicyName')}`;
      case 'AWS::ApiGateway::RestApi':
        return localApiId(this.stack.stackName, logicalId);
      case 'AWS::KMS::Key':
        return createHash('sha256').update(`${this.stack.stackName}/${logicalId}`).digest('hex').slice(0, 32).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
      default:
        return `${this.stack.stackName}-${logicalId}`;
    }
  }

  attribute(logicalId: string, attribute: string): string {
    const resource = this.stack.template.Resources[logicalId];
    if (!resource) throw new Error(`${this.stack.stackName}: no resource ${logicalId}`);
    const p = LOCAL_PARTITION;
    const { region } = this;
    const a = LOCAL_ACCOUNT;
    if (attribute === 'Arn') {
      const id = this.physicalId(logicalId);
      switch (resource.Type) {
        case 'AWS::DynamoDB::Table':
          return `arn:${p}:dynamodb:${region}:${a}:table/${id}`;
        case 'AWS::Lambda::Function':
          return `arn:${p}:lambda:${region}:${a}:function:${id}`;
        case 'AWS::IAM::Role': {
          const rolePath = typeof resource.Properties?.Path === 'string' ? resource.Properties.Path : '/';
          return `arn:${p}:iam::${a}:role${rolePath}${id}`;
        }
        case 'AWS::KMS::Key':
          return `arn:${p}:kms:${region}:${a}:key/${id}`;
        case 'AWS::Logs::LogGroup':
          return `arn:${p}:logs:${region}:${a}:log-group:${id}:*`;
        case 'AWS::Events::EventBus':
          return `arn:${p}:events:${region}:${a}:event-bus/${id}`;
        case 'AWS::StepFunctions::StateMachine':
          return id;
        case 'AWS::SQS::Queue':
          return `arn:${p}:sqs:${region}:${a}:${id}`;
        default:
          return `arn:${p}:local:${region}:${a}:${id}`;
      }
    }
    if (attribute === 'RootResourceId') return `${logicalId}-root`;
    if (attribute === 'StreamArn') return `${this.attribute(logicalId, 'Arn')}/stream/local`;
    if (attribute === 'Name' || attribute === 'QueueName') return this.physicalId(logicalId);
    if (attribute === 'QueueUrl') return this.queueUrl(logicalId);
    return `${this.physicalId(logicalId)}.${attribute}`;
  }

  private ref(name: string): string {
    switch (name) {
      case 'AWS::AccountId':
        return LOCAL_ACCOUNT;
      case 'AWS::Region':
        return this.region;
      case 'AWS::Partition':
        return LOCAL_PARTITION;
      case 'AWS::StackName':
        return this.stack.stackName;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackId':
        return `arn:${LOCAL_PARTITION}:cloudformation:${this.region}:${LOCAL_ACCOUNT}:stack/${this.stack.stackName}/local`;
      default:
        // Ref of a queue is its URL.
        return this.stack.template.Resources[name]?.Type === 'AWS::SQS::Queue' ? this.queueUrl(name) : this.physicalId(name);
    }
  }

  private queueUrl(logicalId: string): string {
    return `https://sqs.${this.region}.amazonaws.com/${LOCAL_ACCOUNT}/${this.physicalId(logicalId)}`;
  }

  /** Resolves every intrinsic inside `value`; plain values pass through. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, arg] = entries[0]!;
      switch (key) {
        case 'Ref':
          return this.ref(String(arg));
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
          return this.attribute(String(logicalId), String(attribute));
        }
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, unknown[]];
          return (this.resolve(parts) as unknown[]).map(String).join(separator);
        }
        case 'Fn::Sub': {
          const [template, variables] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
          const vars = this.resolve(variables) as Record<string, unknown>;
          return template.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
            if (name in vars) return String(vars[name]);
            if (name.includes('.')) {
              const [id, attribute] = name.split('.');
              return this.attribute(id!, attribute!);
            }
            return this.ref(name);
          });
        }
        default:
          // The stacks need no other function (Fn::If, Fn::ImportValue, Fn::Select, …) resolved.
          if (key.startsWith('Fn::')) throw new Error(`${this.stack.stackName}: ${key} is not supported by the twin`);
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }
}
