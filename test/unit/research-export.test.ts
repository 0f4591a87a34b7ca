// The ONE-on-ONE research export's rules as pure logic: consent, per-export pseudonyms, small groups,
// no dates; and docs/measures-research-export.md lists exactly the dictionary every export carries.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildResearchExport, DATA_DICTIONARY, type TrajectorySource } from '@cter/measures-domain/research-export';

const scores = (n: number) => ({ 'working-relationship': n, 'self-reliance': n, 'social-connection': n, 'future-perspective': n, resilience: n });
const source = (i: number, overrides: Partial<TrajectorySource> = {}): TrajectorySource => ({
  measureId: `measure-${i}`,
  targetGroup: 'young-adults',
  status: 'completed',
  startedOn: '2026-02-02',
  endedOn: '2026-05-04',
  outcome: 'goal-achieved',
  sessions: [
    { date: '2026-02-16', durationMinutes: 60, themes: ['family'], progress: scores(2) },
    { date: '2026-02-02', durationMinutes: 45, themes: ['leisure', 'family'], progress: scores(1) },
  ],
  researchConsent: true,
  ...overrides,
});
const build = (sources: TrajectorySource[], key: Uint8Array = randomBytes(32)) => buildResearchExport({ region: 'kennemerland', from: '2026-01-01', to: '2026-12-31', sources, key });

describe('the ONE-on-ONE research export', () => {
  it('publishes consented trajectories with sessions by week, durations, scores and outcomes', () => {
    const out = build([...Array.from({ length: 5 }, (_, i) => source(i)), source(9, { researchConsent: false })]);
    expect(out.counts).toEqual({ trajectories: 6, withoutResearchConsent: 1 });
    expect(out.trajectories).toHaveLength(5);
    expect(out.trajectories[0]).toMatchObject({ targetGroup: 'young-adults', startQuarter: '2026-Q1', status: 'completed', outcome: 'goal-achieved', durationWeeks: 13, sessionCount: 2 });
    expect(out.trajectories[0]!.sessions).toEqual([
      { number: 1, week: 0, durationMinutes: 45, themes: ['family', 'leisure'], progress: scores(1) },
      { number: 2, week: 2, durationMinutes: 60, themes: ['family'], progress: scores(2) },
    ]);
    expect(out.summary).toEqual([{ targetGroup: 'young-adults', trajectories: 5, sessionsMean: 2, firstSessionMean: scores(1), lastSessionMean: scores(2) }]);
    expect(JSON.stringify(out.trajectories)).not.toMatch(/measure-\d|2026-\d\d-\d\d/);
  });

  it('draws pseudonyms per export: the same key gives the same names, another key other ones', () => {
    const sources = Array.from({ length: 5 }, (_, i) => source(i));
    const key = randomBytes(32);
    const names = (k: Uint8Array) => build(sources, k).trajectories.map((t) => t.trajectory);
    expect(names(key)).toEqual(names(key));
    expect(names(randomBytes(32)).filter((n) => names(key).includes(n))).toEqual([]);
  });

  it('suppresses small groups: nothing under 5 consented trajectories; target group and quarter only in groups of 5', () => {
    expect(build(Array.from({ length: 4 }, (_, i) => source(i)))).toMatchObject({ counts: { trajectories: null, withoutResearchConsent: null }, trajectories: [], summary: [] });
    const mixed = build([...Array.from({ length: 5 }, (_, i) => source(i)), source(7, { targetGroup: 'minors' })]);
    const minors = mixed.trajectories.filter((t) => t.targetGroup === null);
    expect(minors).toHaveLength(1);
    expect(minors[0]).toMatchObject({ startQuarter: null });
    expect(mixed.summary.map((s) => s.targetGroup)).toEqual(['young-adults']);
    // Outside the period: not counted at all.
    expect(build([...Array.from({ length: 5 }, (_, i) => source(i)), source(8, { startedOn: '2025-12-31' })]).counts.trajectories).toBe(5);
  });

  it('has its data dictionary in docs/measures-research-export.md, field by field', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/measures-research-export.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(DATA_DICTIONARY));
  });
});
