// The ONE-on-ONE research export for the Hogeschool van Amsterdam: one row per mentoring trajectory
// (sessions, durations, progress scores, outcome), pseudonymised per export, only for persons who
// consented to research use, with quasi-identifiers coarsened and small groups suppressed. Pure: the
// handler reads the trajectories, this decides what leaves the platform (the data dictionary too).
import { createHmac } from 'node:crypto';
import { byCodeUnits, MIN_CELL_PERSONS, mean, roundTo } from '@cter/domain';
import type { TargetGroup } from '../catalogue/vocabulary';
import { daysBetween, quarterOf } from './dates';
import { MEASURE_OUTCOMES, type MeasureOutcome, type MeasureStatus } from './measure';
import { PROGRESS_DIMENSIONS, SESSION_THEMES } from './sessions';

type Dimension = (typeof PROGRESS_DIMENSIONS)[number];

/** One trajectory as read from its case, before anything is removed. Never leaves the function. */
export interface TrajectorySource {
  /** The measure id: only ever the input of the per-export pseudonym. */
  measureId: string;
  targetGroup: TargetGroup;
  status: MeasureStatus;
  startedOn: string;
  endedOn?: string;
  outcome?: MeasureOutcome;
  sessions: ReadonlyArray<{ date: string; durationMinutes: number; themes: readonly string[]; progress: Readonly<Record<Dimension, number>> }>;
  /** An active consent of the person covers the purpose `research`. */
  researchConsent: boolean;
}

export interface ExportedSession {
  /** 1, 2, ... in date order. */
  number: number;
  /** Whole weeks since the trajectory started (not the date). */
  week: number;
  durationMinutes: number;
  themes: string[];
  progress: Record<Dimension, number>;
}

export interface ExportedTrajectory {
  /** Random per export: the same trajectory has another pseudonym in the next export. */
  trajectory: string;
  /** Null where fewer than MIN_CELL_PERSONS trajectories share target group and start quarter. */
  targetGroup: TargetGroup | null;
  startQuarter: string | null;
  status: MeasureStatus;
  outcome: MeasureOutcome | null;
  durationWeeks: number | null;
  sessionCount: number;
  sessions: ExportedSession[];
}

export interface ResearchExport {
  dataset: 'cter-one-on-one-research';
  region: string;
  from: string;
  to: string;
  minCellPersons: number;
  /** How many trajectories the period has, how many consented and left out. Null below the threshold. */
  counts: { trajectories: number | null; withoutResearchConsent: number | null };
  suppression: string;
  trajectories: ExportedTrajectory[];
  summary: Array<{ targetGroup: TargetGroup; trajectories: number; sessionsMean: number; firstSessionMean: Record<Dimension, number> | null; lastSessionMean: Record<Dimension, number> | null }>;
  dictionary: typeof DATA_DICTIONARY;
}

export const RESEARCH_SUPPRESSION =
  `Only trajectories whose person consented to research use. Fewer than ${MIN_CELL_PERSONS} such trajectories in the period: none is published. ` +
  `Target group and start quarter are published only where at least ${MIN_CELL_PERSONS} trajectories share them (else null); ` +
  `summaries only for target groups with at least ${MIN_CELL_PERSONS} trajectories. Dates are weeks since the start; no ids, names or free text.`;

/** The data dictionary (also in docs/measures-research-export.md): every field that leaves, and what it means. */
export const DATA_DICTIONARY = {
  trajectory: 'Pseudonym of one ONE-on-ONE trajectory, random per export (keyed hash with a key drawn for this export and discarded): not linkable to a case, a person or another export.',
  targetGroup: 'Target group (doelgroep) the plan of action names first: minors, young-adults, ... Null when fewer than 5 trajectories share target group and start quarter.',
  startQuarter: 'Calendar quarter in which the mentoring started (YYYY-Qn). Null under the same rule.',
  status: 'Measure status at export: active (running), completed or stopped.',
  outcome: `For an ended trajectory, as the owner recorded it: ${MEASURE_OUTCOMES.join(', ')}; null while running.`,
  durationWeeks: 'Weeks from start to end, one decimal; null while running.',
  sessionCount: 'Number of logged mentoring sessions.',
  'sessions[].number': 'Order of the session within the trajectory (1 = first).',
  'sessions[].week': 'Whole weeks between the start of the trajectory and the session.',
  'sessions[].durationMinutes': 'Length of the session in minutes (10-480).',
  'sessions[].themes': `Themes discussed (gespreksthema), from a fixed list: ${SESSION_THEMES.join(', ')}.`,
  'sessions[].progress': `Progress scores 1 (low) to 5 (high) the mentor gives every session on fixed dimensions: ${PROGRESS_DIMENSIONS.join(', ')}.`,
  'summary[]': 'Per target group with at least 5 trajectories: trajectories, mean sessions, mean score per dimension at the first and at the last session.',
  'counts.trajectories': 'Trajectories that started in the period (with or without consent); null below 5.',
  'counts.withoutResearchConsent': 'Of those, left out for lack of an active research consent; null below 5 (0 is published).',
} as const;

const pseudonym = (key: Uint8Array, measureId: string) => createHmac('sha256', key).update(`one-on-one-trajectory\0${measureId}`).digest('hex').slice(0, 20);
const weeksBetween = (from: string, to: string) => Math.floor(daysBetween(from, to) / 7);
const suppressedCount = (n: number) => (n > 0 && n < MIN_CELL_PERSONS ? null : n);

function meanScores(rows: ReadonlyArray<Readonly<Record<Dimension, number>>>): Record<Dimension, number> {
  return Object.fromEntries(PROGRESS_DIMENSIONS.map((d) => [d, roundTo(mean(rows.map((r) => r[d])), 2)])) as Record<Dimension, number>;
}

/** The export of the trajectories that started in [from, to]; `key` is the export's pseudonym key (random, never stored). */
export function buildResearchExport(input: { region: string; from: string; to: string; sources: readonly TrajectorySource[]; key: Uint8Array }): ResearchExport {
  const inPeriod = input.sources.filter((s) => s.startedOn >= input.from && s.startedOn <= input.to);
  const consented = inPeriod.filter((s) => s.researchConsent);
  const base = {
    dataset: 'cter-one-on-one-research' as const,
    region: input.region,
    from: input.from,
    to: input.to,
    minCellPersons: MIN_CELL_PERSONS,
    counts: { trajectories: suppressedCount(inPeriod.length), withoutResearchConsent: inPeriod.length < MIN_CELL_PERSONS ? null : inPeriod.length - consented.length },
    suppression: RESEARCH_SUPPRESSION,
    dictionary: DATA_DICTIONARY,
  };
  if (consented.length < MIN_CELL_PERSONS) return { ...base, trajectories: [], summary: [] };

  const cellOf = (s: TrajectorySource) => `${s.targetGroup}|${quarterOf(s.startedOn)}`;
  const cellSizes = new Map<string, number>();
  for (const s of consented) cellSizes.set(cellOf(s), (cellSizes.get(cellOf(s)) ?? 0) + 1);
  const trajectories = consented
    .map((s): ExportedTrajectory => {
      const open = (cellSizes.get(cellOf(s)) ?? 0) >= MIN_CELL_PERSONS;
      const sessions = [...s.sessions].sort((a, b) => byCodeUnits(a.date, b.date));
      return {
        trajectory: pseudonym(input.key, s.measureId),
        targetGroup: open ? s.targetGroup : null,
        startQuarter: open ? quarterOf(s.startedOn) : null,
        status: s.status,
        outcome: s.outcome ?? null,
        durationWeeks: s.endedOn ? roundTo(daysBetween(s.startedOn, s.endedOn) / 7, 1) : null,
        sessionCount: sessions.length,
        sessions: sessions.map((x, i) => ({ number: i + 1, week: weeksBetween(s.startedOn, x.date), durationMinutes: x.durationMinutes, themes: [...x.themes].sort(), progress: { ...x.progress } })),
      };
    })
    // Ordered by pseudonym: the order tells nothing about when cases were opened.
    .sort((a, b) => byCodeUnits(a.trajectory, b.trajectory));

  const groups = new Map<TargetGroup, TrajectorySource[]>();
  for (const s of consented) groups.set(s.targetGroup, [...(groups.get(s.targetGroup) ?? []), s]);
  const summary = [...groups]
    .filter(([, members]) => members.length >= MIN_CELL_PERSONS)
    .map(([targetGroup, members]) => {
      const withSessions = members.map((m) => [...m.sessions].sort((a, b) => byCodeUnits(a.date, b.date))).filter((s) => s.length > 0);
      if (withSessions.length === 0) return { targetGroup, trajectories: members.length, sessionsMean: 0, firstSessionMean: null, lastSessionMean: null };
      return {
        targetGroup,
        trajectories: members.length,
        sessionsMean: roundTo(mean(members.map((m) => m.sessions.length)), 1),
        firstSessionMean: meanScores(withSessions.map((s) => s[0]!.progress)),
        lastSessionMean: meanScores(withSessions.map((s) => s.at(-1)!.progress)),
      };
    })
    .sort((a, b) => byCodeUnits(a.targetGroup, b.targetGroup));
  return { ...base, trajectories, summary };
}
