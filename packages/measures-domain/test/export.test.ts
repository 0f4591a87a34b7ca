// The evaluation export: small groups suppressed, outcome distributions withheld whole, no totals,
// no identifiers or exact dates, and CSV that follows RFC 4180.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '@cter/domain';
import {
  buildEvaluationExport,
  Catalogue,
  csvField,
  EXPORT_CSV_HEADER,
  type EvaluationRecord,
  evaluationRecordOf,
  MIN_CELL_PERSONS,
  renderExportCsv,
  toCsv,
} from '../src/index';
import { SHIPPED_CATALOGUES } from '../catalogue/index';

const CATALOGUE_2026 = SHIPPED_CATALOGUES[0]!;
import { activeMentoringMeasure, ctx, stopMeasure } from './fixtures';

const BSN_LIKE = ['111222333', '123456782', '999999990'];

function records(
  count: number,
  cell: Pick<EvaluationRecord, 'measureType' | 'targetGroup' | 'regionId'>,
  outcomes: EvaluationRecord['outcome'][],
  endedOn = '2026-02-20',
): EvaluationRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    personKey: i < BSN_LIKE.length ? `bsn-${BSN_LIKE[i]}` : `person-${randomUUID()}`,
    ...cell,
    startedOn: '2025-09-01',
    endedOn,
    outcome: outcomes[i % outcomes.length]!,
  }));
}

const mentoringMinorsKen = { measureType: 'one-on-one-mentoring', targetGroup: 'minors', regionId: 'kennemerland' } as const;
const mentoringMinorsZwl = { measureType: 'one-on-one-mentoring', targetGroup: 'minors', regionId: 'zaanstreek-waterland' } as const;
const mentoringYoungKen = { measureType: 'one-on-one-mentoring', targetGroup: 'young-adults', regionId: 'kennemerland' } as const;

/** A seeded data set: one large cell, one small cell, one cell with a small outcome, one current quarter. */
function seeded(): EvaluationRecord[] {
  const young = records(10, mentoringYoungKen, ['goal-achieved', 'partly-achieved']);
  return [
    ...records(7, mentoringMinorsKen, ['goal-achieved', 'goal-achieved', 'goal-achieved', 'partly-achieved']),
    ...records(3, mentoringMinorsZwl, ['not-achieved']),
    ...young,
    // The same person again in the same cell: counted once (the latest record).
    { ...young[0]!, startedOn: '2025-10-01', endedOn: '2026-01-15', outcome: 'partly-achieved' },
    // Ends in the current quarter (2026-Q2): not published until the quarter is over.
    ...records(6, mentoringMinorsKen, ['goal-achieved'], '2026-04-02'),
  ];
}

describe('evaluation export', () => {
  const exported = buildEvaluationExport({ records: seeded(), asOf: '2026-04-15' });

  it('publishes a cell of at least five persons with durations and, where safe, outcomes', () => {
    const young = exported.rows.find((r) => r.targetGroup === 'young-adults')!;
    expect(young).toEqual({
      measureType: 'one-on-one-mentoring',
      measureName: 'ONE-on-ONE mentoring trajectory (ONE-on-ONE mentortraject)',
      targetGroup: 'young-adults',
      region: 'kennemerland',
      period: '2026-Q1',
      persons: 10,
      suppressed: false,
      durationWeeksMedian: 24.6, // 172 days
      durationWeeksMean: 24.6,
      outcomes: { 'goal-achieved': 5, 'partly-achieved': 5, 'not-achieved': 0, 'stopped-early': 0 },
      outcomesSuppressed: false,
    });
  });

  it('suppresses the small group entirely', () => {
    const small = exported.rows.find((r) => r.region === 'zaanstreek-waterland')!;
    expect(small).toMatchObject({ persons: null, suppressed: true, durationWeeksMedian: null, durationWeeksMean: null, outcomes: null, outcomesSuppressed: true });
  });

  it('withholds an outcome distribution whole when one outcome has fewer than five persons', () => {
    // 5 goal-achieved and 2 partly-achieved: publishing the 5 next to the count of 7 would reveal the 2.
    const minors = exported.rows.find((r) => r.region === 'kennemerland' && r.targetGroup === 'minors')!;
    expect(minors).toMatchObject({ persons: 7, suppressed: false, outcomes: null, outcomesSuppressed: true });
  });

  it('never publishes a figure below the threshold, nor a total to subtract from', () => {
    for (const row of exported.rows) {
      if (row.persons !== null) expect(row.persons).toBeGreaterThanOrEqual(MIN_CELL_PERSONS);
      if (row.outcomes) {
        for (const count of Object.values(row.outcomes)) expect(count === 0 || count >= MIN_CELL_PERSONS).toBe(true);
        expect(Object.values(row.outcomes).reduce((a, b) => a + b, 0)).toBe(row.persons);
      }
    }
    expect(Object.keys(exported)).not.toContain('totals');
    expect(exported.rows.map((r) => [r.measureType, r.targetGroup, r.region])).not.toContainEqual(expect.arrayContaining(['all']));
  });

  it('publishes only ended quarters', () => {
    expect(exported.rows.map((r) => r.period)).toEqual(['2026-Q1', '2026-Q1', '2026-Q1']);
    const later = buildEvaluationExport({ records: seeded(), asOf: '2026-07-01' });
    expect(later.rows.find((r) => r.period === '2026-Q2')).toMatchObject({ persons: 6, outcomes: { 'goal-achieved': 6 } });
  });

  it('contains no identifiers and no exact dates, in JSON or CSV', () => {
    for (const text of [JSON.stringify(exported, null, 2), renderExportCsv(exported)]) {
      for (const bsn of BSN_LIKE) expect(text).not.toContain(bsn);
      expect(text).not.toMatch(/person-|bsn-|personKey|caseId/);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it('refuses records that carry names or other extra fields', () => {
    const [record] = seeded();
    expect(() => buildEvaluationExport({ records: [{ ...record!, name: 'Jan Jansen' } as EvaluationRecord], asOf: '2026-04-15' })).toThrow(ValidationFailed);
  });

  it('derives records from ended measures only', () => {
    const active = activeMentoringMeasure();
    expect(evaluationRecordOf(active, 'pseudonym-1', 'minors')).toBeUndefined();
    const ended = stopMeasure(active, { endedOn: '2026-03-01' }, ctx('one-on-one')).measure;
    expect(evaluationRecordOf(ended, 'pseudonym-1', 'minors')).toEqual({
      personKey: 'pseudonym-1',
      measureType: 'one-on-one-mentoring',
      targetGroup: 'minors',
      regionId: 'kennemerland',
      startedOn: '2026-02-15',
      endedOn: '2026-03-01',
      outcome: 'stopped-early',
    });
  });
});

describe('CSV rendering', () => {
  it('writes a header line and CRLF-terminated records, with empty fields for suppressed figures', () => {
    const csv = renderExportCsv(buildEvaluationExport({ records: seeded(), asOf: '2026-04-15' }));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(EXPORT_CSV_HEADER.join(','));
    expect(lines[0]).toBe(
      'measure_type,measure_name,target_group,region,period,persons,suppressed,duration_weeks_median,duration_weeks_mean,' +
        'outcome_goal_achieved,outcome_partly_achieved,outcome_not_achieved,outcome_stopped_early,outcomes_suppressed',
    );
    expect(lines.at(-1)).toBe('');
    expect(lines).toContain('one-on-one-mentoring,ONE-on-ONE mentoring trajectory (ONE-on-ONE mentortraject),minors,zaanstreek-waterland,2026-Q1,,true,,,,,,,true');
  });

  it('quotes fields with commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
    expect(toCsv(['a', 'b'], [['x,y', 'z']])).toBe('a,b\r\n"x,y",z\r\n');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('quotes a catalogue name that needs it in the export', () => {
    const catalogue = Catalogue.parse({
      ...CATALOGUE_2026,
      measures: CATALOGUE_2026.measures.map((m) => (m.id === 'one-on-one-mentoring' ? { ...m, name: 'Mentoring, "ONE-on-ONE" style' } : m)),
    });
    const csv = renderExportCsv(buildEvaluationExport({ records: seeded(), asOf: '2026-04-15' }, catalogue));
    expect(csv).toContain(',"Mentoring, ""ONE-on-ONE"" style (ONE-on-ONE mentortraject)",');
  });
});
