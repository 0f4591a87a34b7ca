// The process evaluation (procesevaluatie) of one region: lead times per phase, outcomes, overdue
// steps, escalations and anonymous advice requests per quarter and per year, computed from the
// cases' own history events and tasks and the advice requests' facts. Input carries no ids (a case is its position in the list), output no ids and no free text;
// small cells are suppressed with the rules of the measures export (@cter/domain disclosure-control).
import { amsterdamDate, isBelowThreshold, mean, median, MIN_CELL_PERSONS, protectDistribution, protectTotal, reportRangeProblem, roundTo } from '@cter/domain';

/** What the report reads of one case: its state changes and its human steps, nothing of the person. */
export interface ProcessCase {
  events: ReadonlyArray<{ type: string; at: string; fromState?: string; toState: string }>;
  tasks: ReadonlyArray<{ kind: string; status: string; createdAt: string; dueAt: string; expiredBecause?: string }>;
}

export const PHASES = [
  { id: 'signal-to-weighing-decision', name: 'Signal to weighing decision', from: 'signal received', to: 'the weighing decides: no action, referral or admission proposed' },
  { id: 'weighing-decision-to-consultation', name: 'Weighing decision to consultation', from: 'admission proposed', to: 'the triangle admits: the case enters consultation' },
  { id: 'consultation-to-plan', name: 'Consultation to adopted plan', from: 'the case enters consultation', to: 'the plan of action is adopted: monitoring starts' },
  { id: 'monitoring', name: 'Monitoring (to closure)', from: 'monitoring starts', to: 'the case is closed' },
  { id: 'signal-to-closure', name: 'Signal to closure', from: 'signal received', to: 'the case is closed' },
] as const;
export type PhaseId = (typeof PHASES)[number]['id'];

/** Final states a case reaches in the region: its outcome. */
export const CASE_OUTCOMES = ['no-action', 'referred', 'rejected', 'transferred', 'closed'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export interface LeadTimeCell {
  /** Cases whose phase ended in the period; null when suppressed. */
  cases: number | null;
  medianDays: number | null;
  meanDays: number | null;
  suppressed: boolean;
}

export interface ProcessRow {
  /** `2026-Q1` or `2026`. */
  period: string;
  granularity: 'quarter' | 'year';
  /** The days of the period the row covers (the period clipped to the request). */
  from: string;
  to: string;
  /** False while the period has not ended: its figures can still grow. */
  complete: boolean;
  /** Cases opened by a signal in the period. */
  signals: number | null;
  leadTimes: Record<PhaseId, LeadTimeCell>;
  outcomes: Record<CaseOutcome, number> | null;
  outcomesSuppressed: boolean;
  /** Human steps whose deadline passed undecided. */
  overdueSteps: number | null;
  /** Escalation tasks opened (to the process director, then the municipality). */
  escalations: number | null;
  /** Anonymous advice requests (adviesvraag) opened in the period. */
  adviceRequests: number | null;
  /** Advice requests converted into a signal in the period. */
  adviceRequestsConverted: number | null;
}

export interface ProcessReport {
  dataset: 'cter-process-evaluation';
  region: string;
  from: string;
  to: string;
  asOf: string;
  minCellCases: number;
  suppression: string;
  phases: ReadonlyArray<{ id: PhaseId; name: string; from: string; to: string }>;
  rows: ProcessRow[];
}

export const PROCESS_SUPPRESSION_NOTE =
  `Figures about fewer than ${MIN_CELL_PERSONS} cases are suppressed (null). An outcome distribution with any count from 1 to ` +
  `${MIN_CELL_PERSONS - 1} is withheld whole. A year is published beside its quarters only where subtracting the published quarters ` +
  `leaves none or at least ${MIN_CELL_PERSONS} cases. Lead times in days; each counts in the period in which its phase ended.`;

/** The calendar day in the Netherlands of an instant: periods are Dutch quarters and years. */
export const dayOf = (instant: string): string => amsterdamDate(new Date(instant));

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

interface Period {
  period: string;
  granularity: 'quarter' | 'year';
  from: string;
  to: string;
  end: string;
}

/** The quarters and years the range touches, each clipped to it, oldest first (a year after its quarters). */
export function periodsOf(from: string, to: string): { quarters: Period[]; years: Period[] } {
  const quarters: Period[] = [];
  const years: Period[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    const clip = (start: string, end: string): Period | undefined => (end < from || start > to ? undefined : { period: '', granularity: 'quarter', from: start < from ? from : start, to: end > to ? to : end, end });
    for (let q = 1; q <= 4; q++) {
      const startMonth = String(q * 3 - 2).padStart(2, '0');
      const endMonth = String(q * 3).padStart(2, '0');
      const endDay = q === 1 || q === 4 ? '31' : '30';
      const p = clip(`${year}-${startMonth}-01`, `${year}-${endMonth}-${endDay}`);
      if (p) quarters.push({ ...p, period: `${year}-Q${q}` });
    }
    const y = clip(`${year}-01-01`, `${year}-12-31`);
    if (y) years.push({ ...y, period: String(year), granularity: 'year' });
  }
  return { quarters, years };
}

/** One fact of one case on one day: what the cells count. */
interface Fact {
  caseIndex: number;
  day: string;
  /** Lead time in days, for a phase's fact. */
  days?: number;
}

interface Facts {
  signals: Fact[];
  phases: Record<PhaseId, Fact[]>;
  outcomes: Record<CaseOutcome, Fact[]>;
  overdue: Fact[];
  escalations: Fact[];
  adviceOpened: Fact[];
  adviceConverted: Fact[];
}

/** A countable fact of an anonymous advice request (packages/store advice-items): its kind and moment, no id. */
export interface AdviceFact {
  kind: string;
  at: string;
}

const firstAt = (c: ProcessCase, match: (e: ProcessCase['events'][number]) => boolean) => c.events.find(match)?.at;

function factsOf(cases: readonly ProcessCase[], advice: readonly AdviceFact[]): Facts {
  const facts: Facts = {
    // Each advice fact is one request of its own (after the cases, so the units never mix).
    adviceOpened: [],
    adviceConverted: [],
    signals: [],
    phases: Object.fromEntries(PHASES.map((p) => [p.id, []])) as unknown as Record<PhaseId, Fact[]>,
    outcomes: Object.fromEntries(CASE_OUTCOMES.map((o) => [o, []])) as unknown as Record<CaseOutcome, Fact[]>,
    overdue: [],
    escalations: [],
  };
  cases.forEach((c, caseIndex) => {
    const phase = (id: PhaseId, start: string | undefined, end: string | undefined) => {
      if (start && end && end >= start) facts.phases[id].push({ caseIndex, day: dayOf(end), days: daysBetween(start, end) });
    };
    const signal = firstAt(c, (e) => e.type === 'signal.received');
    const weighed = firstAt(c, (e) => e.fromState === 'weighing' && ['no-action', 'referred', 'admission-proposed'].includes(e.toState));
    const proposed = firstAt(c, (e) => e.toState === 'admission-proposed');
    const consultation = firstAt(c, (e) => e.toState === 'consultation' && e.fromState === 'admission-proposed');
    const plan = firstAt(c, (e) => e.toState === 'monitoring' && e.fromState === 'consultation');
    const closed = firstAt(c, (e) => e.toState === 'closed');
    if (signal) facts.signals.push({ caseIndex, day: dayOf(signal) });
    phase('signal-to-weighing-decision', signal, weighed);
    phase('weighing-decision-to-consultation', proposed, consultation);
    phase('consultation-to-plan', consultation, plan);
    phase('monitoring', plan, closed);
    phase('signal-to-closure', signal, closed);
    const outcome = c.events.find((e) => e.fromState !== e.toState && (CASE_OUTCOMES as readonly string[]).includes(e.toState));
    if (outcome) facts.outcomes[outcome.toState as CaseOutcome].push({ caseIndex, day: dayOf(outcome.at) });
    for (const task of c.tasks) {
      if (task.status === 'expired' && task.expiredBecause === 'overdue') facts.overdue.push({ caseIndex, day: dayOf(task.dueAt) });
      if (task.kind === 'escalation') facts.escalations.push({ caseIndex, day: dayOf(task.createdAt) });
    }
  });
  advice.forEach((fact, i) => {
    const unit = { caseIndex: cases.length + i, day: dayOf(fact.at) };
    if (fact.kind === 'opened') facts.adviceOpened.push(unit);
    if (fact.kind === 'converted') facts.adviceConverted.push(unit);
  });
  return facts;
}

const within = (facts: readonly Fact[], p: Period) => facts.filter((f) => f.day >= p.from && f.day <= p.to);
const casesOf = (facts: readonly Fact[]) => new Set(facts.map((f) => f.caseIndex)).size;

/** A count whose unit is cases (`facts` may hold several per case): null when 1 to 4 cases are behind it. */
function countCell(facts: readonly Fact[]): number | null {
  return isBelowThreshold(casesOf(facts)) ? null : facts.length;
}

function leadTimeCell(facts: readonly Fact[], publishable = true): LeadTimeCell {
  const days = facts.map((f) => f.days!);
  if (days.length === 0) return { cases: 0, medianDays: null, meanDays: null, suppressed: false };
  if (!publishable || days.length < MIN_CELL_PERSONS) return { cases: null, medianDays: null, meanDays: null, suppressed: true };
  return { cases: days.length, medianDays: roundTo(median(days), 1), meanDays: roundTo(mean(days), 1), suppressed: false };
}

function outcomeCounts(facts: Facts, p: Period): Record<CaseOutcome, number> {
  return Object.fromEntries(CASE_OUTCOMES.map((o) => [o, within(facts.outcomes[o], p).length])) as Record<CaseOutcome, number>;
}

/** What names a row: its period, the days it covers, whether the period has ended. */
const rowHead = (p: Period, asOf: string) => ({ period: p.period, granularity: p.granularity, from: p.from, to: p.to, complete: p.end < asOf });

function quarterRow(facts: Facts, p: Period, asOf: string): ProcessRow {
  const outcomes = protectDistribution(outcomeCounts(facts, p));
  return {
    ...rowHead(p, asOf),
    signals: countCell(within(facts.signals, p)),
    leadTimes: Object.fromEntries(PHASES.map((ph) => [ph.id, leadTimeCell(within(facts.phases[ph.id], p))])) as Record<PhaseId, LeadTimeCell>,
    outcomes,
    outcomesSuppressed: outcomes === null,
    overdueSteps: countCell(within(facts.overdue, p)),
    escalations: countCell(within(facts.escalations, p)),
    adviceRequests: countCell(within(facts.adviceOpened, p)),
    adviceRequestsConverted: countCell(within(facts.adviceConverted, p)),
  };
}

/**
 * A year beside its published quarters: each figure also passes protectTotal, on the cases behind
 * it, against the cases behind the quarters that were published.
 */
function yearRow(facts: Facts, p: Period, asOf: string, quarters: readonly ProcessRow[]): ProcessRow {
  const inYear = quarters.filter((q) => q.period.startsWith(`${p.period}-`));
  const periodOf = (q: ProcessRow): Period => ({ period: q.period, granularity: 'quarter', from: q.from, to: q.to, end: q.to });
  const publishedCases = (all: readonly Fact[], published: (q: ProcessRow) => boolean) => inYear.filter(published).map((q) => casesOf(within(all, periodOf(q))));
  const total = (all: readonly Fact[], published: (q: ProcessRow) => boolean): number | null => {
    const year = within(all, p);
    return protectTotal(casesOf(year), publishedCases(all, published)) === null ? null : year.length;
  };
  const leadTimes = Object.fromEntries(
    PHASES.map((ph) => {
      const year = within(facts.phases[ph.id], p);
      const published = publishedCases(facts.phases[ph.id], (q) => !q.leadTimes[ph.id].suppressed);
      return [ph.id, leadTimeCell(year, protectTotal(year.length, published) !== null)];
    }),
  ) as Record<PhaseId, LeadTimeCell>;
  const counts = outcomeCounts(facts, p);
  const outcomesSafe = CASE_OUTCOMES.every((o) => protectTotal(counts[o], inYear.filter((q) => q.outcomes).map((q) => q.outcomes![o])) !== null);
  const outcomes = outcomesSafe ? protectDistribution(counts) : null;
  return {
    ...rowHead(p, asOf),
    signals: total(facts.signals, (q) => q.signals !== null),
    leadTimes,
    outcomes,
    outcomesSuppressed: outcomes === null,
    overdueSteps: total(facts.overdue, (q) => q.overdueSteps !== null),
    escalations: total(facts.escalations, (q) => q.escalations !== null),
    adviceRequests: total(facts.adviceOpened, (q) => q.adviceRequests !== null),
    adviceRequestsConverted: total(facts.adviceConverted, (q) => q.adviceRequestsConverted !== null),
  };
}

/** The report of one region over [from, to] (YYYY-MM-DD, both included) as of the day `asOf`. */
export function buildProcessReport(input: { region: string; from: string; to: string; asOf: string; cases: readonly ProcessCase[]; advice?: readonly AdviceFact[] }): ProcessReport {
  const problem = reportRangeProblem(input.from, input.to);
  if (problem) throw new RangeError(`${problem.path} ${problem.message}`);
  const facts = factsOf(input.cases, input.advice ?? []);
  const { quarters, years } = periodsOf(input.from, input.to);
  const quarterRows = quarters.map((p) => quarterRow(facts, p, input.asOf));
  const rows = years.flatMap((y) => [...quarterRows.filter((q) => q.period.startsWith(`${y.period}-`)), yearRow(facts, y, input.asOf, quarterRows)]);
  return {
    dataset: 'cter-process-evaluation',
    region: input.region,
    from: input.from,
    to: input.to,
    asOf: input.asOf,
    minCellCases: MIN_CELL_PERSONS,
    suppression: PROCESS_SUPPRESSION_NOTE,
    phases: PHASES,
    rows,
  };
}
