// The twin's buses and rules, checked and compiled once: buses keyed by ARN across all regions
// (a rule may forward to another region's bus), names resolved in the caller's region as AWS does.
import { LOCAL_ACCOUNT } from '../cfn-resolver';
import { compileEventPattern, type EventPredicate } from './pattern';
import { parseSchedule, type Schedule } from './schedule';
import { eventBusArn } from './template';
import type { EventBusSpec, RuleSpec } from './types';

export interface Bus {
  spec: EventBusSpec;
  region: string;
  account: string;
  rules: CompiledRule[];
}

export interface CompiledRule {
  spec: RuleSpec;
  bus: Bus;
  region: string;
  matches?: EventPredicate;
  schedule?: Schedule;
}

const ARN = /^arn:[^:]+:([^:]+):([^:]*):([^:]*):(.+)$/;

export function parseArn(arn: string): { service: string; region: string; account: string; resource: string } | undefined {
  const m = ARN.exec(arn);
  return m ? { service: m[1]!, region: m[2]!, account: m[3]!, resource: m[4]! } : undefined;
}

export class BusRegistry {
  private readonly byArn = new Map<string, Bus>();

  constructor(buses: EventBusSpec[], rules: RuleSpec[], readonly defaultRegion: string, readonly accountId = LOCAL_ACCOUNT) {
    for (const spec of buses) this.addBus(spec);
    // Every region has a default bus in AWS; so does every region the twin knows.
    for (const region of new Set([defaultRegion, ...this.buses.map((b) => b.region)])) this.resolve('default', region);
    for (const spec of rules) this.addRule(spec);
  }

  /** The default bus first, then by name (the order the twin starts their schedules in). */
  get buses(): Bus[] {
    return [...this.byArn.values()].sort((a, b) => (a.spec.name === 'default' ? 0 : 1) - (b.spec.name === 'default' ? 0 : 1) || a.spec.name.localeCompare(b.spec.name) || a.spec.arn.localeCompare(b.spec.arn));
  }

  byArnOrUndefined(arn: string): Bus | undefined {
    return this.byArn.get(arn);
  }

  /** A bus by ARN, or by name in `region` (default: the region of the twin); `default` always exists. */
  resolve(nameOrArn: string | undefined, region = this.defaultRegion): Bus | undefined {
    const wanted = nameOrArn === undefined || nameOrArn === '' ? 'default' : nameOrArn;
    if (wanted.startsWith('arn:')) return this.byArn.get(wanted);
    const bus = [...this.byArn.values()].find((b) => b.region === region && b.spec.name === wanted);
    if (bus || wanted !== 'default') return bus;
    const stage = [...this.byArn.values()].find((b) => b.region === region)?.spec.regionId ?? region;
    return this.addBus({ name: 'default', arn: eventBusArn(region, 'default', this.accountId), regionId: stage });
  }

  private addBus(spec: EventBusSpec): Bus {
    // Two stacks' `default` buses in one region and account are the same bus, as in AWS.
    const existing = this.byArn.get(spec.arn);
    if (existing) return existing;
    const arn = parseArn(spec.arn);
    if (!arn || arn.service !== 'events' || !arn.resource.startsWith('event-bus/')) throw new Error(`event bus ${spec.name}: ${spec.arn} is not an event bus ARN`);
    const bus: Bus = { spec, region: arn.region, account: arn.account, rules: [] };
    this.byArn.set(spec.arn, bus);
    return bus;
  }

  private addRule(spec: RuleSpec): void {
    const arn = parseArn(spec.arn);
    const region = arn?.region || this.defaultRegion;
    const bus = spec.busName.startsWith('arn:') ? this.byArn.get(spec.busName) : this.resolve(spec.busName, region);
    // A rule on a bus that does not exist fails to deploy; fail the twin's start the same way.
    if (!bus) throw new Error(`rule ${spec.name}: event bus ${spec.busName} does not exist in ${region}`);
    if (!spec.eventPattern && !spec.scheduleExpression) throw new Error(`rule ${spec.name}: needs an EventPattern or a ScheduleExpression`);
    const rule: CompiledRule = { spec, bus, region };
    try {
      if (spec.eventPattern) rule.matches = compileEventPattern(spec.eventPattern);
      if (spec.scheduleExpression) rule.schedule = parseSchedule(spec.scheduleExpression, spec.scheduleTimezone);
    } catch (error) {
      throw new Error(`rule ${spec.name}: ${(error as Error).message}`);
    }
    bus.rules.push(rule);
  }
}
