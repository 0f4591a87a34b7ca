// Reads the event buses, rules and (simple) EventBridge Scheduler schedules of a synthesized stack,
// resolving their references with the stack's CfnResolver so ARNs match the twin's functions.
import { resourcesOfType, type StackArtifact } from '../assembly';
import { LOCAL_ACCOUNT, LOCAL_PARTITION, type CfnResolver } from '../cfn-resolver';
import { isPlainObject } from './pattern';
import type { EventBusSpec, RetryPolicySpec, RuleSpec, TargetSpec } from './types';

export interface EventBridgeResources {
  buses: EventBusSpec[];
  rules: RuleSpec[];
  /** Resources the twin does not run, with the reason (e.g. a schedule in a non-UTC time zone). */
  skipped: Array<{ logicalId: string; reason: string }>;
}

export function eventBusArn(region: string, name: string, account = LOCAL_ACCOUNT): string {
  return `arn:${LOCAL_PARTITION}:events:${region}:${account}:event-bus/${name}`;
}

/** Rule ARNs name the bus unless it is the default one, as AWS writes them. */
export function ruleArn(region: string, busName: string, ruleName: string, account = LOCAL_ACCOUNT): string {
  return `arn:${LOCAL_PARTITION}:events:${region}:${account}:rule/${busName === 'default' ? '' : `${busName}/`}${ruleName}`;
}

/** The buses (always including the region's `default` bus) and rules of one stack. */
export function eventBridgeOf(stack: StackArtifact, resolver: CfnResolver): EventBridgeResources {
  const region = stack.awsRegion;
  const buses: EventBusSpec[] = [{ name: 'default', arn: eventBusArn(region, 'default'), regionId: stack.stageName }];
  const busByLogicalId = new Map<string, EventBusSpec>();
  const skipped: EventBridgeResources['skipped'] = [];

  for (const [id, bus] of resourcesOfType(stack, 'AWS::Events::EventBus')) {
    const declared = bus.Properties?.Name;
    const name = typeof declared === 'string' ? declared : resolver.physicalId(id);
    const spec = { name, arn: eventBusArn(region, name), regionId: stack.stageName };
    busByLogicalId.set(id, spec);
    buses.push(spec);
  }

  // The generic resolver names a bus `<stack>-<id>` and knows no rule ARNs; answer those references first.
  const ruleNames = new Map<string, { name: string; busName: string }>();
  const resolve = (value: unknown): unknown => resolver.resolve(substitute(value));
  const substitute = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(substitute);
    if (!isPlainObject(value)) return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, arg] = entries[0]!;
      if (key === 'Ref' && typeof arg === 'string') {
        const bus = busByLogicalId.get(arg);
        if (bus) return bus.name;
      }
      if (key === 'Fn::GetAtt') {
        const [logicalId, attribute] = Array.isArray(arg) ? (arg as unknown[]).map(String) : String(arg).split('.');
        const known = reference(String(logicalId), String(attribute));
        if (known !== undefined) return known;
      }
      if (key === 'Fn::Sub') {
        const [text, variables] = Array.isArray(arg) ? (arg as [unknown, unknown]) : [arg, undefined];
        if (typeof text === 'string') {
          const replaced = text.replace(/\$\{([^}!][^}]*)\}/g, (whole, name: string) => {
            const [logicalId, attribute] = name.split('.');
            const known = attribute === undefined ? busByLogicalId.get(logicalId!)?.name : reference(logicalId!, attribute);
            return known ?? whole;
          });
          return { 'Fn::Sub': variables === undefined ? replaced : [replaced, substitute(variables)] };
        }
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, substitute(v)]));
  };
  const reference = (logicalId: string, attribute: string): string | undefined => {
    const bus = busByLogicalId.get(logicalId);
    if (bus) return attribute === 'Arn' ? bus.arn : attribute === 'Name' ? bus.name : undefined;
    const rule = ruleNames.get(logicalId);
    if (rule && attribute === 'Arn') return ruleArn(region, rule.busName, rule.name);
    return undefined;
  };

  const rules: RuleSpec[] = [];
  const ruleResources = resourcesOfType(stack, 'AWS::Events::Rule');
  // Names first, so a rule's target may refer to another rule's ARN.
  for (const [id, rule] of ruleResources) {
    try {
      const props = rule.Properties ?? {};
      const name = props.Name !== undefined ? String(resolve(props.Name)) : resolver.physicalId(id);
      ruleNames.set(id, { name, busName: busNameOf(props.EventBusName === undefined ? 'default' : String(resolve(props.EventBusName))) });
    } catch (error) {
      skipped.push({ logicalId: id, reason: (error as Error).message });
    }
  }
  for (const [id, rule] of ruleResources) {
    const names = ruleNames.get(id);
    if (!names) continue;
    try {
      const props = rule.Properties ?? {};
      const busName = props.EventBusName === undefined ? 'default' : String(resolve(props.EventBusName));
      const pattern = props.EventPattern === undefined ? undefined : resolve(props.EventPattern);
      const spec: RuleSpec = {
        name: names.name,
        arn: ruleArn(region, names.busName, names.name),
        busName,
        state: props.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
        targets: ((props.Targets as unknown[] | undefined) ?? []).map((t) => targetOf(resolve(t))),
        ...(pattern !== undefined ? { eventPattern: (typeof pattern === 'string' ? JSON.parse(pattern) : pattern) as object } : {}),
        ...(props.ScheduleExpression !== undefined ? { scheduleExpression: String(resolve(props.ScheduleExpression)) } : {}),
      };
      rules.push(spec);
    } catch (error) {
      skipped.push({ logicalId: id, reason: (error as Error).message });
    }
  }

  // EventBridge Scheduler: a schedule is a rule with one target and no bus, in its own time zone.
  for (const [id, schedule] of resourcesOfType(stack, 'AWS::Scheduler::Schedule')) {
    try {
      const props = schedule.Properties ?? {};
      const name = props.Name !== undefined ? String(resolve(props.Name)) : resolver.physicalId(id);
      const group = props.GroupName !== undefined ? String(resolve(props.GroupName)) : 'default';
      const target = resolve(props.Target) as Record<string, unknown>;
      const retry = isPlainObject(target.RetryPolicy) ? retryPolicyOf(target.RetryPolicy) : undefined;
      const deadLetter = isPlainObject(target.DeadLetterConfig) ? target.DeadLetterConfig.Arn : undefined;
      rules.push({
        name: `${group}/${name}`,
        arn: `arn:${LOCAL_PARTITION}:scheduler:${region}:${LOCAL_ACCOUNT}:schedule/${group}/${name}`,
        busName: 'default',
        scheduleExpression: String(resolve(props.ScheduleExpression)),
        ...(props.ScheduleExpressionTimezone !== undefined ? { scheduleTimezone: String(resolve(props.ScheduleExpressionTimezone)) } : {}),
        state: props.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
        // Scheduler sends the target's Input as is, not an event envelope.
        targets: [{ id: 'Target', arn: String(target.Arn), input: typeof target.Input === 'string' ? target.Input : '{}', ...(retry ? { retryPolicy: retry } : {}), ...(typeof deadLetter === 'string' ? { deadLetterArn: deadLetter } : {}) }],
      });
    } catch (error) {
      skipped.push({ logicalId: id, reason: (error as Error).message });
    }
  }
  return { buses, rules, skipped };
}

function busNameOf(nameOrArn: string): string {
  const match = /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(nameOrArn);
  return match ? match[1]! : nameOrArn;
}

function targetOf(raw: unknown): TargetSpec {
  if (!isPlainObject(raw)) throw new Error('a rule target must be an object');
  const target: TargetSpec = { id: String(raw.Id), arn: String(raw.Arn) };
  if (typeof raw.Input === 'string') target.input = raw.Input;
  if (typeof raw.InputPath === 'string') target.inputPath = raw.InputPath;
  if (isPlainObject(raw.InputTransformer)) {
    const t = raw.InputTransformer;
    target.inputTransformer = {
      inputTemplate: String(t.InputTemplate),
      ...(isPlainObject(t.InputPathsMap) ? { inputPathsMap: Object.fromEntries(Object.entries(t.InputPathsMap).map(([k, v]) => [k, String(v)])) } : {}),
    };
  }
  if (isPlainObject(raw.DeadLetterConfig) && typeof raw.DeadLetterConfig.Arn === 'string') target.deadLetterArn = raw.DeadLetterConfig.Arn;
  if (isPlainObject(raw.RetryPolicy)) target.retryPolicy = retryPolicyOf(raw.RetryPolicy);
  return target;
}

function retryPolicyOf(raw: Record<string, unknown>): RetryPolicySpec {
  return {
    ...(raw.MaximumRetryAttempts !== undefined ? { maximumRetryAttempts: Number(raw.MaximumRetryAttempts) } : {}),
    ...(raw.MaximumEventAgeInSeconds !== undefined ? { maximumEventAgeInSeconds: Number(raw.MaximumEventAgeInSeconds) } : {}),
  };
}
