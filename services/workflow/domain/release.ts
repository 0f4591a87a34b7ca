// The detention track's next step, from the release date in the case: pure, so the rule is tested
// without a clock of its own. Answers numbers and words only (never the date).
import { WORKFLOW_SETTINGS } from '@cter/config';

const DAY_MS = 86_400_000;

export type ReleaseStep = { next: 'wait'; waitSeconds: number } | { next: 'mar' | 'chain' } | { next: 'released'; then: 'monitoring' | 'weighing' };

/** The detention track's next step at `now` (ms), for a turn (execution) that must hand over at `turnEnds` (ms). */
export function releaseStep(detention: { releaseDate: string; from?: string } | undefined, marHeld: boolean, turnEnds: number, now: number): ReleaseStep {
  const release = detention ? Date.parse(detention.releaseDate) : now;
  if (now >= release) return { next: 'released', then: detention?.from === 'monitoring' || detention?.from === 'aftercare' ? 'monitoring' : 'weighing' };
  const marAt = release - WORKFLOW_SETTINGS.resocialisationConsultationDaysBeforeRelease * DAY_MS;
  if (!marHeld && now >= marAt) return { next: 'mar' };
  if (now >= turnEnds) return { next: 'chain' };
  const until = Math.min(marHeld ? release : marAt, turnEnds, now + WORKFLOW_SETTINGS.releaseRecheckHours * 3_600_000);
  return { next: 'wait', waitSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
}
