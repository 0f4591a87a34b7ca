// The lifecycle of a measure: proposed -> active -> completed | stopped. Only the owner moves it,
// a result is required when it ends, and each step yields the event other systems listen for.
import { InvalidTransition, NotAllowed, ValidationFailed } from '@cter/domain';
import type { ActionContext } from './action-context';
import type { MeasureCommand } from './contract/measure-command';
import { measureEnded, measureStarted, type MeasureEvent } from './events';
import type { Measure, MeasureStatus } from './measure';

export const MEASURE_TRANSITIONS: Readonly<Record<MeasureStatus, readonly MeasureStatus[]>> = {
  // A proposed measure that will not run is taken out by a plan revision, not "stopped": it never
  // ran, so counting it as stopped early would distort the evaluation figures.
  proposed: ['active'],
  active: ['completed', 'stopped'],
  completed: [],
  stopped: [],
};

export function canTransitionMeasure(from: MeasureStatus, to: MeasureStatus): boolean {
  return MEASURE_TRANSITIONS[from].includes(to);
}

const TARGET: Record<MeasureCommand['action'], MeasureStatus> = { start: 'active', complete: 'completed', stop: 'stopped' };

export interface MeasureTransition {
  measure: Measure;
  event: MeasureEvent;
}

export function assertOwner(measure: Measure, organisationId: string, what: string): void {
  if (measure.owner.organisationId !== organisationId) throw new NotAllowed(`only the owner of measure ${measure.measureId} may ${what}`);
}

/**
 * Moves the measure as the command says. The command is the parsed request (the route validated it
 * with MeasureCommand), the context the verified caller and the clock: typed, not parsed again.
 */
export function transitionMeasure(measure: Measure, cmd: MeasureCommand, context: ActionContext): MeasureTransition {
  const { actor, at } = context;
  assertOwner(measure, actor.organisationId, `${cmd.action} it`);
  const to = TARGET[cmd.action];
  if (!canTransitionMeasure(measure.status, to)) {
    throw new InvalidTransition(`measure ${measure.measureId} is ${measure.status} and cannot become ${to}`);
  }
  const statusHistory = [...measure.statusHistory, { from: measure.status, to, at, by: actor.organisationId }];

  if (cmd.action === 'start') {
    if (!measure.assignedAt) {
      throw new InvalidTransition(`measure ${measure.measureId} is not assigned yet: the plan that proposes it has not been adopted`);
    }
    if (cmd.startedOn < measure.assignedAt.slice(0, 10)) {
      throw new ValidationFailed('a measure cannot start before it was assigned', [{ path: 'startedOn', message: 'before the adoption of the plan' }]);
    }
    const started: Measure = { ...measure, status: to, startedOn: cmd.startedOn, statusHistory };
    return { measure: started, event: measureStarted(started, at) };
  }

  if (cmd.endedOn < measure.startedOn!) {
    throw new ValidationFailed('a measure cannot end before it started', [{ path: 'endedOn', message: 'before the start date' }]);
  }
  const result = cmd.explanation === undefined ? { outcome: cmd.outcome } : { outcome: cmd.outcome, explanation: cmd.explanation };
  const ended: Measure = { ...measure, status: to, endedOn: cmd.endedOn, result, statusHistory };
  return { measure: ended, event: measureEnded(ended, at) };
}
