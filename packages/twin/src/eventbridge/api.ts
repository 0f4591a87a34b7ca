// The EventBridge AWS JSON 1.1 API the twin serves (X-Amz-Target: AWSEvents.<Operation>): PutEvents,
// the read operations a client or the CLI uses to look around, and TestEventPattern.
import { compileEventPattern, InvalidEventPatternError, isPlainObject } from './pattern';
import { checkRequest, EventBridgeServiceError } from './put-events';
import type { Bus, BusRegistry, CompiledRule } from './registry';
import type { PutEventsResultEntry } from './types';

export interface ApiContext {
  registry: BusRegistry;
  /** Entries already checked at request level; `region` resolves bus names. */
  putEvents(entries: unknown[], region: string): PutEventsResultEntry[];
}

export interface ApiReply {
  status: number;
  body: string;
  errorType?: string;
}

const TARGET_PREFIX = 'AWSEvents.';

export function handleApiRequest(ctx: ApiContext, target: string | undefined, rawBody: string, region: string): ApiReply {
  try {
    if (!target?.startsWith(TARGET_PREFIX)) throw new EventBridgeServiceError('UnknownOperationException', `missing or unknown X-Amz-Target ${target ?? ''}`);
    let input: Record<string, unknown>;
    try {
      const parsed: unknown = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
      if (!isPlainObject(parsed)) throw new Error('not an object');
      input = parsed;
    } catch {
      throw new EventBridgeServiceError('SerializationException', 'the request body is not a JSON object');
    }
    const output = operation(ctx, target.slice(TARGET_PREFIX.length), input, region);
    return { status: 200, body: JSON.stringify(output) };
  } catch (error) {
    if (error instanceof EventBridgeServiceError) return { status: error.status, errorType: error.code, body: JSON.stringify({ __type: error.code, message: error.message }) };
    if (error instanceof InvalidEventPatternError) return { status: 400, errorType: error.code, body: JSON.stringify({ __type: error.code, message: error.message }) };
    return { status: 500, errorType: 'InternalException', body: JSON.stringify({ __type: 'InternalException', message: 'internal error' }) };
  }
}

function operation(ctx: ApiContext, name: string, input: Record<string, unknown>, region: string): unknown {
  switch (name) {
    case 'PutEvents': {
      checkRequest(input.Entries);
      const entries = ctx.putEvents(input.Entries, region);
      return { FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, Entries: entries };
    }
    case 'ListEventBuses': {
      const prefix = optionalString(input.NamePrefix);
      const buses = ctx.registry.buses.filter((b) => b.region === region && (!prefix || b.spec.name.startsWith(prefix)));
      const page = paginate(buses, input);
      return { EventBuses: page.items.map((b) => ({ Name: b.spec.name, Arn: b.spec.arn })), ...page.next };
    }
    case 'DescribeEventBus': {
      const bus = requireBus(ctx, input.Name, region);
      return { Name: bus.spec.name, Arn: bus.spec.arn };
    }
    case 'ListRules': {
      const bus = requireBus(ctx, input.EventBusName, region);
      const prefix = optionalString(input.NamePrefix);
      const rules = listedRules(bus).filter((r) => !prefix || r.spec.name.startsWith(prefix));
      const page = paginate(rules, input);
      return { Rules: page.items.map(describeRule), ...page.next };
    }
    case 'DescribeRule':
      return { ...describeRule(requireRule(ctx, input.Name, input.EventBusName, region)), CreatedBy: ctx.registry.accountId };
    case 'ListTargetsByRule': {
      const rule = requireRule(ctx, input.Rule, input.EventBusName, region);
      const page = paginate(rule.spec.targets, input);
      return {
        Targets: page.items.map((t) => ({
          Id: t.id,
          Arn: t.arn,
          ...(t.input !== undefined ? { Input: t.input } : {}),
          ...(t.inputPath !== undefined ? { InputPath: t.inputPath } : {}),
          ...(t.inputTransformer ? { InputTransformer: { InputTemplate: t.inputTransformer.inputTemplate, ...(t.inputTransformer.inputPathsMap ? { InputPathsMap: t.inputTransformer.inputPathsMap } : {}) } } : {}),
          ...(t.deadLetterArn ? { DeadLetterConfig: { Arn: t.deadLetterArn } } : {}),
          ...(t.retryPolicy ? { RetryPolicy: { MaximumRetryAttempts: t.retryPolicy.maximumRetryAttempts, MaximumEventAgeInSeconds: t.retryPolicy.maximumEventAgeInSeconds } } : {}),
        })),
        ...page.next,
      };
    }
    case 'TestEventPattern': {
      const matches = compileEventPattern(typeof input.EventPattern === 'string' ? input.EventPattern : '');
      let event: unknown;
      try {
        event = JSON.parse(String(input.Event));
      } catch {
        throw new EventBridgeServiceError('InvalidEventPatternException', 'Event is not valid JSON.');
      }
      if (!isPlainObject(event)) throw new EventBridgeServiceError('ValidationException', 'Parameter Event is not valid: the event must be a JSON object.');
      return { Result: matches(event) };
    }
    default:
      throw new EventBridgeServiceError('UnknownOperationException', `the twin does not implement ${name}`);
  }
}

function listedRules(bus: Bus): CompiledRule[] {
  return bus.rules.filter((r) => r.kind === 'rule');
}

function describeRule(rule: CompiledRule): Record<string, unknown> {
  const { spec } = rule;
  return {
    Name: spec.name,
    Arn: spec.arn,
    ...(spec.eventPattern ? { EventPattern: JSON.stringify(spec.eventPattern) } : {}),
    ...(spec.scheduleExpression ? { ScheduleExpression: spec.scheduleExpression } : {}),
    State: spec.state,
    ...(spec.description ? { Description: spec.description } : {}),
    EventBusName: rule.bus.spec.name,
  };
}

function requireBus(ctx: ApiContext, nameOrArn: unknown, region: string): Bus {
  const name = optionalString(nameOrArn);
  const bus = ctx.registry.resolve(name, region);
  if (!bus) throw new EventBridgeServiceError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
  return bus;
}

function requireRule(ctx: ApiContext, name: unknown, busName: unknown, region: string): CompiledRule {
  const bus = requireBus(ctx, busName, region);
  const rule = listedRules(bus).find((r) => r.spec.name === name);
  if (!rule) throw new EventBridgeServiceError('ResourceNotFoundException', `Rule ${String(name)} does not exist on EventBus ${bus.spec.name}.`);
  return rule;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Offset tokens: the lists are fixed for the twin's lifetime, so an index is a stable cursor. */
function paginate<T>(items: T[], input: Record<string, unknown>): { items: T[]; next: { NextToken?: string } } {
  const limit = typeof input.Limit === 'number' && input.Limit > 0 ? Math.min(input.Limit, 100) : 100;
  let start = 0;
  if (typeof input.NextToken === 'string') {
    start = Number(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw new EventBridgeServiceError('ValidationException', 'The NextToken is not valid.');
  }
  const page = items.slice(start, start + limit);
  const end = start + page.length;
  return { items: page, next: end < items.length ? { NextToken: Buffer.from(String(end), 'utf8').toString('base64url') } : {} };
}
