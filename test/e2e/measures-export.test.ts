// The evaluation export through signed HTTP on the twin: a seeded data set of ended measures in a
// past quarter, with one group too small to publish. The small group is suppressed, an outcome
// distribution with a small count is withheld whole, no identifier leaves, CSV and JSON agree, and
// only the ZVH and the privacy officer may export.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationRecord } from '@cter/measures-domain/evaluation-export';
import { call } from '../support/signed-client';
import { twinNow } from '../support/covenant';
import { seedEvaluationRecords } from '../support/measures';

const REGION = 'kennemerland';
// A quarter long past, that no other test writes in.
const QUARTER = '2019-Q2';

function records(count: number, measureType: string, targetGroup: EvaluationRecord['targetGroup'], outcome: (i: number) => EvaluationRecord['outcome']): EvaluationRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    personKey: randomUUID(),
    measureType,
    targetGroup,
    regionId: REGION,
    startedOn: '2018-06-01',
    endedOn: `2019-0${4 + (i % 3)}-1${i % 10}`,
    outcome: outcome(i),
  }));
}

const seeded = {
  // Six young adults ended ONE-on-ONE: published, but one stopped early, so the outcomes are withheld whole.
  oneOnOne: records(6, 'one-on-one-mentoring', 'young-adults', (i) => (i === 0 ? 'stopped-early' : 'goal-achieved')),
  // Three adults ended an exit programme: below five persons, the whole cell is suppressed.
  exit: records(3, 'exit-programme', 'adults', () => 'goal-achieved'),
  // Five minors ended ONE-on-ONE, all achieving their goal: published with outcomes.
  minors: records(5, 'one-on-one-mentoring', 'minors', () => 'goal-achieved'),
};

beforeAll(async () => {
  // One person with two ended trajectories in the cell counts once.
  const twice = { ...seeded.minors[0]!, endedOn: '2019-04-02', outcome: 'not-achieved' as const };
  await seedEvaluationRecords(REGION, [...seeded.oneOnOne, ...seeded.exit, ...seeded.minors, twice], QUARTER);
});

describe('GET /measures/evaluation-export', () => {
  it('suppresses the small group and withholds a distribution with a small count (JSON)', async () => {
    const reply = await call(`${REGION}.privacy-officer`, 'GET', `/measures/evaluation-export?format=json&period=${QUARTER}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toMatchObject({ dataset: 'cter-measures-evaluation', minCellPersons: 5, period: QUARTER, quarters: [QUARTER] });
    const rows = reply.body.rows as any[];
    const cell = (measureType: string, targetGroup: string) => rows.find((r) => r.measureType === measureType && r.targetGroup === targetGroup);

    expect(cell('exit-programme', 'adults')).toEqual({
      measureType: 'exit-programme',
      measureName: 'Exit programme (exitprogramma (begeleiding bij uittreden))',
      targetGroup: 'adults',
      region: REGION,
      period: QUARTER,
      persons: null,
      suppressed: true,
      durationWeeksMedian: null,
      durationWeeksMean: null,
      outcomes: null,
      outcomesSuppressed: true,
    });
    expect(cell('one-on-one-mentoring', 'young-adults')).toMatchObject({ persons: 6, suppressed: false, outcomes: null, outcomesSuppressed: true, durationWeeksMedian: expect.any(Number) });
    expect(cell('one-on-one-mentoring', 'minors')).toMatchObject({
      persons: 5,
      suppressed: false,
      outcomes: { 'goal-achieved': 5, 'partly-achieved': 0, 'not-achieved': 0, 'stopped-early': 0 },
      outcomesSuppressed: false,
    });
    // No totals, and no identifier of any kind.
    expect(rows).toHaveLength(3);
    const text = JSON.stringify(reply.body);
    for (const r of [...seeded.oneOnOne, ...seeded.exit, ...seeded.minors]) expect(text).not.toContain(r.personKey);
    expect(text).not.toMatch(/personKey|caseId|CASE#|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('gives the same figures as CSV, suppressed figures as empty fields beside their flag', async () => {
    const reply = await call(`${REGION}.zvh`, 'GET', `/measures/evaluation-export?format=csv&period=2019`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(reply.headers.get('content-disposition')).toBe('attachment; filename="cter-measures-evaluation-2019.csv"');
    const lines = String(reply.body).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'measure_type,measure_name,target_group,region,period,persons,suppressed,duration_weeks_median,duration_weeks_mean,outcome_goal_achieved,outcome_partly_achieved,outcome_not_achieved,outcome_stopped_early,outcomes_suppressed',
    );
    expect(lines).toContain('exit-programme,Exit programme (exitprogramma (begeleiding bij uittreden)),adults,kennemerland,2019-Q2,,true,,,,,,,true');
    expect(lines.find((l) => l.startsWith('one-on-one-mentoring,') && l.includes(',minors,'))).toMatch(/,5,false,[\d.]+,[\d.]+,5,0,0,0,false$/);
  });

  it('publishes ended quarters only', async () => {
    // The functions' "today" is the twin's clock, which may run ahead of real time.
    const now = await twinNow();
    const current = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    const reply = await call(`${REGION}.zvh`, 'GET', `/measures/evaluation-export?period=${current}`);
    expect(reply.status).toBe(200);
    expect(reply.body.rows).toEqual([]);
  });

  it('refuses periods it cannot publish and callers that may not export', async () => {
    for (const period of ['2019-Q5', '2019-Q3..2019-Q1', '2016-Q1..2019-Q4', '2019..2020-Q1']) {
      const reply = await call(`${REGION}.zvh`, 'GET', `/measures/evaluation-export?period=${period}`);
      expect(reply.status, period).toBe(422);
      expect(reply.body.error.details[0].path).toBe('period');
    }
    for (const profile of ['gemeente-haarlem', 'politie', 'one-on-one', 'ggz']) {
      const reply = await call(`${REGION}.${profile}`, 'GET', `/measures/evaluation-export?period=${QUARTER}`);
      expect(reply.status, profile).toBe(403);
    }
  });
});
