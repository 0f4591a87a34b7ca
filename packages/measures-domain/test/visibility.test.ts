// What each participant sees of a measure: the owner everything, other participants status and
// dates, organisations the owner disclosed to the content, a mentor only their own mentee's measure.
import { describe, expect, it } from 'vitest';
import { NotAllowed } from '@cter/domain';
import { addProgressNote, measureView, type Measure } from '../src/index';
import { activeMentoringMeasure, completeMeasure, ctx, MENTORING } from './fixtures';

const owner = ctx(MENTORING.organisationId, '2026-03-01T10:00:00Z');

// No route sets a disclosure yet (the covenant service records disclosures); the view honours `disclosedTo`.
const disclosedTo = (measure: Measure, organisations: string[]): Measure => ({ ...measure, disclosedTo: organisations });

function endedMeasureWithNotes() {
  const noted = addProgressNote(activeMentoringMeasure('mentor-7'), { noteId: 'n-1', text: 'Talked about his brother in Syria' }, owner);
  return completeMeasure(noted, { endedOn: '2026-12-01', outcome: 'partly-achieved', explanation: 'School yes, network not yet' }, owner).measure;
}

describe('measure visibility', () => {
  it('shows the owner everything, including to whom it disclosed', () => {
    const view = measureView(disclosedTo(endedMeasureWithNotes(), ['ggz']), { organisationId: 'one-on-one' });
    expect(view).toMatchObject({
      access: 'owner',
      status: 'completed',
      result: { outcome: 'partly-achieved', explanation: 'School yes, network not yet' },
      disclosedTo: ['ggz'],
      mentorId: 'mentor-7',
    });
    expect(view.access !== 'status' && view.notes).toHaveLength(1);
  });

  it('shows another participant status, dates and outcome category only', () => {
    const view = measureView(endedMeasureWithNotes(), { organisationId: 'politie' });
    expect(view).toEqual({
      access: 'status',
      measureId: 'm-mentor',
      catalogueId: 'one-on-one-mentoring',
      owner: MENTORING,
      status: 'completed',
      start: '2026-02-15',
      plannedEnd: '2027-02-15',
      startedOn: '2026-02-15',
      endedOn: '2026-12-01',
      outcome: 'partly-achieved',
    });
    expect(JSON.stringify(view)).not.toMatch(/Syria|network not yet|mentor-7/);
  });

  it('shows the content to an organisation the owner disclosed it to, and stops when withdrawn', () => {
    const disclosed = disclosedTo(endedMeasureWithNotes(), ['ggz']);
    const view = measureView(disclosed, { organisationId: 'ggz' });
    expect(view.access).toBe('disclosed');
    expect(JSON.stringify(view)).toMatch(/Syria/);
    expect(JSON.stringify(view)).not.toMatch(/mentor-7|disclosedTo/);
    const withdrawn = disclosedTo(disclosed, []);
    expect(measureView(withdrawn, { organisationId: 'ggz' }).access).toBe('status');
  });

  it('shows a mentor their own mentee\'s measure and refuses any other', () => {
    const measure = endedMeasureWithNotes();
    expect(measureView(measure, { organisationId: 'one-on-one', mentorId: 'mentor-7' }).access).toBe('mentor');
    expect(() => measureView(measure, { organisationId: 'one-on-one', mentorId: 'mentor-8' })).toThrow(NotAllowed);
    expect(() => measureView(measure, { organisationId: 'politie', mentorId: 'mentor-7' })).toThrow(NotAllowed);
  });
});
