// The process evaluation's arithmetic on known case histories: lead times per phase, outcomes,
// overdue steps and escalations per quarter and year, and the small-cell rules.
import { describe, expect, it } from 'vitest';
import { reportRangeProblem as rangeProblem } from '@cter/domain';
import { buildProcessReport, periodsOf, type ProcessCase } from '../../services/workflow/domain/process-report';
import { PROCESS_CSV_HEADER, renderProcessCsv } from '../../services/workflow/domain/process-report-csv';

const DAY = 86_400_000;
const at = (day: string, plusDays = 0) => new Date(Date.parse(`${day}T10:00:00Z`) + plusDays * DAY).toISOString();

/** A case signalled on `day`, weighed after 3 days, admitted after 10, plan after 30, closed after 200. */
function admittedAndClosed(day: string, overdue = false): ProcessCase {
  return {
    events: [
      { type: 'signal.received', at: at(day), toState: 'signal-received' },
      { type: 'weighing.started', at: at(day), fromState: 'signal-received', toState: 'weighing' },
      { type: 'decision.weighing-decision', at: at(day, 3), fromState: 'weighing', toState: 'weighing' },
      { type: 'admission.proposed', at: at(day, 3), fromState: 'weighing', toState: 'admission-proposed' },
      { type: 'case.admitted', at: at(day, 10), fromState: 'admission-proposed', toState: 'consultation' },
      { type: 'plan.adopted', at: at(day, 30), fromState: 'consultation', toState: 'monitoring' },
      { type: 'case.closed', at: at(day, 200), fromState: 'monitoring', toState: 'closed' },
    ],
    tasks: overdue
      ? [
          { kind: 'weighing-decision', status: 'expired', expiredBecause: 'overdue', createdAt: at(day, 1), dueAt: at(day, 2) },
          { kind: 'escalation', status: 'done', createdAt: at(day, 2), dueAt: at(day, 7) },
        ]
      : [{ kind: 'weighing-decision', status: 'done', createdAt: at(day, 1), dueAt: at(day, 11) }],
  };
}

function noAction(day: string, afterDays: number): ProcessCase {
  return {
    events: [
      { type: 'signal.received', at: at(day), toState: 'signal-received' },
      { type: 'weighing.started', at: at(day), fromState: 'signal-received', toState: 'weighing' },
      { type: 'case.no-action', at: at(day, afterDays), fromState: 'weighing', toState: 'no-action' },
    ],
    tasks: [],
  };
}

const report = (cases: ProcessCase[], from = '2026-01-01', to = '2026-12-31') => buildProcessReport({ region: 'kennemerland', from, to, asOf: '2027-01-10', cases });

describe('process evaluation', () => {
  it('computes lead times per phase in the quarter each phase ended, and suppresses cells under five cases', () => {
    const cases = [...['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'].map((d) => admittedAndClosed(d)), admittedAndClosed('2026-01-12', true)];
    const r = report(cases);
    const q1 = r.rows.find((row) => row.period === '2026-Q1')!;
    expect(q1.signals).toBe(6);
    expect(q1.leadTimes['signal-to-weighing-decision']).toEqual({ cases: 6, medianDays: 3, meanDays: 3, suppressed: false });
    expect(q1.leadTimes['weighing-decision-to-consultation']).toEqual({ cases: 6, medianDays: 7, meanDays: 7, suppressed: false });
    expect(q1.leadTimes['consultation-to-plan']).toEqual({ cases: 6, medianDays: 20, meanDays: 20, suppressed: false });
    // Closed after 200 days: in Q3 (late July).
    const q3 = r.rows.find((row) => row.period === '2026-Q3')!;
    expect(q3.leadTimes.monitoring).toEqual({ cases: 6, medianDays: 170, meanDays: 170, suppressed: false });
    expect(q3.leadTimes['signal-to-closure']).toEqual({ cases: 6, medianDays: 200, meanDays: 200, suppressed: false });
    expect(q3.outcomes).toEqual({ 'no-action': 0, referred: 0, rejected: 0, transferred: 0, closed: 6 });
    // One case with an overdue step and an escalation: a cell of one case, suppressed; zero is published.
    expect(q1.overdueSteps).toBeNull();
    expect(q1.escalations).toBeNull();
    expect(r.rows.find((row) => row.period === '2026-Q2')!.overdueSteps).toBe(0);
    expect(r.rows.map((row) => row.period)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2026']);
  });

  it('withholds an outcome distribution with any count of one to four, and a year total that would reveal a suppressed quarter', () => {
    const cases = [
      ...['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'].map((d) => noAction(d, 2)),
      ...['2026-04-06', '2026-04-07'].map((d) => noAction(d, 2)),
      ...['2026-01-05', '2026-01-06'].map((d) => admittedAndClosed(d)),
    ];
    const r = report(cases);
    const q1 = r.rows.find((row) => row.period === '2026-Q1')!;
    const q2 = r.rows.find((row) => row.period === '2026-Q2')!;
    const year = r.rows.find((row) => row.period === '2026')!;
    expect(q1.leadTimes['signal-to-weighing-decision'].cases).toBe(7);
    expect(q1.outcomes).toEqual({ 'no-action': 5, referred: 0, rejected: 0, transferred: 0, closed: 0 });
    expect(q2.leadTimes['signal-to-weighing-decision'].suppressed).toBe(true);
    expect(q2.outcomes).toBeNull();
    expect(q2.outcomesSuppressed).toBe(true);
    // 9 in the year minus the 7 of Q1 leaves the 2 of Q2: the year is withheld too.
    expect(year.leadTimes['signal-to-weighing-decision']).toEqual({ cases: null, medianDays: null, meanDays: null, suppressed: true });
    expect(year.signals).toBeNull();
    expect(year.outcomes).toBeNull();
  });

  it('publishes a year whose suppressed quarters add up to five or more', () => {
    const cases = [
      ...['2026-01-05', '2026-01-06', '2026-01-07'].map((d) => noAction(d, 1)),
      ...['2026-04-06', '2026-04-07', '2026-04-08'].map((d) => noAction(d, 3)),
    ];
    const year = report(cases).rows.find((row) => row.period === '2026')!;
    expect(year.leadTimes['signal-to-weighing-decision']).toEqual({ cases: 6, medianDays: 2, meanDays: 2, suppressed: false });
    expect(year.outcomes).toEqual({ 'no-action': 6, referred: 0, rejected: 0, transferred: 0, closed: 0 });
  });

  it('counts anonymous advice requests opened and converted, suppressed under five like the cases', () => {
    const opened = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-02-01', '2026-03-01', '2026-04-01'].map((d) => ({ kind: 'opened', at: at(d) }));
    const other = [{ kind: 'answered', at: at('2026-01-08') }, { kind: 'converted', at: at('2026-01-09') }];
    const r = buildProcessReport({ region: 'kennemerland', from: '2026-01-01', to: '2026-12-31', asOf: '2027-01-10', cases: [], advice: [...opened, ...other] });
    const q1 = r.rows.find((row) => row.period === '2026-Q1')!;
    expect([q1.adviceRequests, q1.adviceRequestsConverted]).toEqual([5, null]);
    expect(r.rows.find((row) => row.period === '2026-Q2')!.adviceRequests).toBeNull();
    // 6 in the year minus the 5 of Q1 leaves the 1 of Q2: withheld.
    expect(r.rows.find((row) => row.period === '2026')!.adviceRequests).toBeNull();
  });

  it('clips periods to the range and refuses reversed or over-long ranges', () => {
    expect(periodsOf('2026-02-15', '2026-05-01').quarters.map((q) => [q.period, q.from, q.to])).toEqual([
      ['2026-Q1', '2026-02-15', '2026-03-31'],
      ['2026-Q2', '2026-04-01', '2026-05-01'],
    ]);
    expect(rangeProblem('2026-05-01', '2026-04-30')).toEqual({ path: 'to', message: 'must not lie before from' });
    expect(rangeProblem('2021-01-01', '2025-12-31')).toBeUndefined();
    expect(rangeProblem('2021-01-01', '2026-01-01')?.message).toMatch(/at most 5 years/);
  });

  it('renders CSV with one line per period and empty fields for suppressed figures', () => {
    const csv = renderProcessCsv(report([noAction('2026-01-05', 1)]));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(PROCESS_CSV_HEADER.join(','));
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(/^kennemerland,2026-Q1,quarter,2026-01-01,2026-03-31,true,,,,,true,/);
  });
});
