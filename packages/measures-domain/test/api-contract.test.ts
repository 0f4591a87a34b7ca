// The measures API's request shapes and the rules that keep infra and catalogue in step: every
// organisation type a catalogue lets own a measure may call the owner routes, and nothing else may.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEASURE_OWNERS } from '@cter/config';
import { routeEntry } from '@cter/routes';
import { CATALOGUES, ONE_ON_ONE_MEASURE_ID } from '../catalogue/index';
import { DraftPlanRequest, EvaluationExportQuery, quartersOf, SessionRequest } from '../src/api-contract';

describe('capability matrix and catalogue', () => {
  const ownerTypes = new Set(CATALOGUES.flatMap((c) => c.measures.flatMap((m) => m.ownerTypes)));

  it('lets exactly the owner types of every catalogue version move measures and write notes', () => {
    expect(new Set(MEASURE_OWNERS)).toEqual(ownerTypes);
    for (const route of ['POST /cases/{caseId}/measures/{measureId}/transitions', 'POST /cases/{caseId}/measures/{measureId}/notes']) {
      expect(new Set(routeEntry(route)?.allowed)).toEqual(ownerTypes);
    }
  });

  it('leaves sessions and matching to the organisation types that own ONE-on-ONE', () => {
    const mentoring = new Set(CATALOGUES.flatMap((c) => c.measures.filter((m) => m.id === ONE_ON_ONE_MEASURE_ID).flatMap((m) => m.ownerTypes)));
    for (const route of ['POST /cases/{caseId}/measures/{measureId}/sessions', 'POST /cases/{caseId}/measures/{measureId}/mentor', 'PUT /measures/mentors/{mentorId}']) {
      expect(new Set(routeEntry(route)?.allowed)).toEqual(mentoring);
    }
  });
});

describe('request shapes', () => {
  const plan = {
    targetGroups: ['minors'],
    goals: [{ goalId: 'g-1', lifeDomain: 'family', statement: 'Eet drie keer per week samen met het gezin' }],
  };

  it('refuses fields the server decides: the plan id, case, region and author', () => {
    for (const field of ['planId', 'caseId', 'regionId', 'createdBy', 'organisationId']) {
      const result = DraftPlanRequest.safeParse({ ...plan, [field]: 'x' });
      expect(result.success, field).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: [field] });
    }
    expect(DraftPlanRequest.safeParse(plan).success).toBe(true);
    expect(DraftPlanRequest.safeParse({ ...plan, basedOnVersion: 0 }).success).toBe(false);
  });

  it('takes no mentor on a session (the mentor is the signed role session) and needs scores on every dimension', () => {
    const session = { date: '2026-03-01', durationMinutes: 45, themes: ['identity'], progress: { 'working-relationship': 3, 'self-reliance': 3, 'social-connection': 3, 'future-perspective': 3, resilience: 3 } };
    expect(SessionRequest.safeParse(session).success).toBe(true);
    expect(SessionRequest.safeParse({ ...session, mentorId: 'mentor-1' }).success).toBe(false);
    expect(SessionRequest.safeParse({ ...session, progress: { resilience: 3 } }).success).toBe(false);
  });

  it('exports JSON unless CSV is asked for', () => {
    expect(EvaluationExportQuery.parse({ period: '2026' })).toEqual({ format: 'json', period: '2026' });
    expect(EvaluationExportQuery.safeParse({ period: '2026', format: 'xlsx' }).success).toBe(false);
  });
});

describe('export periods', () => {
  it('names quarters, years and ranges of at most twelve quarters', () => {
    expect(quartersOf('2026-Q2')).toEqual(['2026-Q2']);
    expect(quartersOf('2025')).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(quartersOf('2025-Q4..2026-Q2')).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
    for (const invalid of ['2026-Q0', '2026-Q2..2026-Q1', '2026..2027-Q1', '2020-Q1..2023-Q1', '26-Q1', '2026-Q1..']) expect(quartersOf(invalid), invalid).toBeUndefined();
  });

  it('never yields more than twelve quarters, in order, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const quarters = quartersOf(text);
        if (quarters === undefined) return;
        expect(quarters.length).toBeGreaterThan(0);
        expect(quarters.length).toBeLessThanOrEqual(12);
        expect([...quarters].sort()).toEqual(quarters);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 15 }), (year, quarter, span) => {
        const end = year * 4 + quarter - 1 + span;
        const period = `${year}-Q${quarter}..${Math.floor(end / 4)}-Q${(end % 4) + 1}`;
        const quarters = quartersOf(period);
        if (span + 1 > 12) expect(quarters).toBeUndefined();
        else expect(quarters).toHaveLength(span + 1);
      }),
    );
  });
});
