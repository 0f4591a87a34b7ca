// Measure lifecycle: proposed -> active -> completed | stopped, owner only, result required.
import { describe, expect, it } from 'vitest';
import { InvalidTransition, NotAllowed, ValidationFailed } from '@cter/domain';
import {
  addProgressNote,
  canTransitionMeasure,
  MEASURE_STATUSES,
  MEASURE_TRANSITIONS,
  MeasureCommand,
  ProgressNoteRequest,
  transitionMeasure,
} from '../src/index';
import { parseInput } from '../src/validation';
import { activeMentoringMeasure, adoptedPlan, completeMeasure, ctx, draftPlan, measureOf, MENTORING, startMeasure, stopMeasure, YOUTH_CARE } from './fixtures';

const owner = ctx(MENTORING.organisationId, '2026-03-01T10:00:00Z');

describe('measure lifecycle: happy path', () => {
  it('starts an assigned measure and emits measure.started with ids only', () => {
    const proposed = measureOf(adoptedPlan(), 'm-mentor');
    const { measure, event } = startMeasure(proposed, '2026-02-15', owner);
    expect(measure.status).toBe('active');
    expect(measure.startedOn).toBe('2026-02-15');
    expect(measure.statusHistory).toEqual([{ from: 'proposed', to: 'active', at: '2026-03-01T10:00:00Z', by: 'one-on-one' }]);
    expect(event).toEqual({
      eventId: `${measure.caseId}/m-mentor/measure.started`,
      type: 'measure.started',
      occurredAt: '2026-03-01T10:00:00Z',
      regionId: 'kennemerland',
      caseId: measure.caseId,
      measureId: 'm-mentor',
      ownerOrganisationId: 'one-on-one',
      confidentiality: 'confidential',
    });
  });

  it('completes with a result and emits measure.ended without the outcome', () => {
    const { measure, event } = completeMeasure(activeMentoringMeasure(), { endedOn: '2027-01-10', outcome: 'goal-achieved', explanation: 'Stable at school' }, owner);
    expect(measure.status).toBe('completed');
    expect(measure.result).toEqual({ outcome: 'goal-achieved', explanation: 'Stable at school' });
    expect(event.type).toBe('measure.ended');
    expect(JSON.stringify(event)).not.toMatch(/goal-achieved|Stable/);
  });

  it('stops a running measure as stopped early', () => {
    const { measure } = stopMeasure(activeMentoringMeasure(), { endedOn: '2026-05-01' }, owner);
    expect(measure.status).toBe('stopped');
    expect(measure.result).toEqual({ outcome: 'stopped-early' });
  });
});

describe('measure lifecycle: refusals', () => {
  it('has exactly the documented transitions', () => {
    const legal = MEASURE_STATUSES.flatMap((from) => MEASURE_STATUSES.filter((to) => canTransitionMeasure(from, to)).map((to) => `${from}->${to}`));
    expect(legal).toEqual(['proposed->active', 'active->completed', 'active->stopped']);
    expect(MEASURE_TRANSITIONS.completed).toEqual([]);
  });

  it('refuses to complete or stop a measure that never started', () => {
    const proposed = measureOf(adoptedPlan(), 'm-mentor');
    expect(() => completeMeasure(proposed, { endedOn: '2026-03-01', outcome: 'goal-achieved' }, owner)).toThrow(InvalidTransition);
    expect(() => stopMeasure(proposed, { endedOn: '2026-03-01' }, owner)).toThrow(InvalidTransition);
  });

  it('refuses to start twice, or to restart or reopen an ended measure', () => {
    const active = activeMentoringMeasure();
    expect(() => startMeasure(active, '2026-03-01', owner)).toThrow(InvalidTransition);
    const ended = completeMeasure(active, { endedOn: '2026-12-01', outcome: 'partly-achieved' }, owner).measure;
    expect(() => startMeasure(ended, '2026-12-02', owner)).toThrow(InvalidTransition);
    expect(() => stopMeasure(ended, { endedOn: '2026-12-02' }, owner)).toThrow(InvalidTransition);
    expect(() => completeMeasure(ended, { endedOn: '2026-12-02', outcome: 'goal-achieved' }, owner)).toThrow(InvalidTransition);
  });

  it('refuses to start a measure of a plan that is not adopted', () => {
    const proposed = measureOf(draftPlan(), 'm-mentor');
    expect(() => startMeasure(proposed, '2026-02-15', owner)).toThrow(/not assigned yet/);
  });

  it('requires a result when ending, and a consistent one (the command as the route parses it)', () => {
    const command = (input: unknown) => parseInput(MeasureCommand, input, 'measure command');
    expect(() => command({ action: 'complete', endedOn: '2026-06-01' })).toThrow(ValidationFailed);
    expect(() => command({ action: 'complete', endedOn: '2026-06-01', outcome: 'stopped-early' })).toThrow(ValidationFailed);
    expect(() => command({ action: 'stop', endedOn: '2026-06-01', outcome: 'goal-achieved' })).toThrow(ValidationFailed);
    // A stop is always stopped early.
    expect(transitionMeasure(activeMentoringMeasure(), command({ action: 'stop', endedOn: '2026-06-01' }), owner).measure.result).toEqual({ outcome: 'stopped-early' });
  });

  it('refuses an end date before the start', () => {
    expect(() => completeMeasure(activeMentoringMeasure(), { endedOn: '2026-01-01', outcome: 'not-achieved' }, owner)).toThrow(/cannot end before it started/);
  });

  it('lets only the owner move a measure', () => {
    const proposed = measureOf(adoptedPlan(), 'm-mentor');
    expect(() => startMeasure(proposed, '2026-02-15', ctx(YOUTH_CARE.organisationId))).toThrow(NotAllowed);
  });
});

describe('progress notes', () => {
  it('are written by the owner organisation', () => {
    const measure = addProgressNote(activeMentoringMeasure(), { noteId: 'n-1', text: 'Good first meeting' }, owner);
    expect(measure.notes).toEqual([{ noteId: 'n-1', writtenAt: '2026-03-01T10:00:00Z', authorOrganisationId: 'one-on-one', text: 'Good first meeting' }]);
  });

  it('are refused from any other organisation', () => {
    expect(() => addProgressNote(activeMentoringMeasure(), { noteId: 'n-1', text: 'x' }, ctx('politie'))).toThrow(NotAllowed);
  });

  it('are closed once the measure ended, and refuse empty text (the note as the route parses it)', () => {
    const ended = stopMeasure(activeMentoringMeasure(), { endedOn: '2026-04-01' }, owner).measure;
    expect(() => addProgressNote(ended, { noteId: 'n-2', text: 'late' }, owner)).toThrow(/notes are closed/);
    expect(() => parseInput(ProgressNoteRequest, { text: '  ' }, 'progress note')).toThrow(ValidationFailed);
    expect(parseInput(ProgressNoteRequest, { text: '  Good  ' }, 'progress note')).toEqual({ text: 'Good' });
  });
});
