// The detention track's next step (services/workflow/domain/release.ts): the MAR before the
// release, a bounded turn per execution, a moved date met within the recheck, and where a
// released person goes.
import { describe, expect, it } from 'vitest';
import { WORKFLOW_SETTINGS } from '@cter/config';
import { releaseStep } from '../../services/workflow/domain/release';

const DAY = 86_400_000;
const T0 = Date.parse('2027-01-01T09:00:00Z');
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

describe('releaseStep', () => {
  it('waits at most the recheck interval, then holds the MAR at its lead time before the release', () => {
    const detention = { releaseDate: at(100), from: 'monitoring' };
    expect(releaseStep(detention, false, T0 + 90 * DAY, T0)).toEqual({ next: 'wait', waitSeconds: WORKFLOW_SETTINGS.releaseRecheckHours * 3600 });
    const marAt = 100 - WORKFLOW_SETTINGS.resocialisationConsultationDaysBeforeRelease;
    expect(releaseStep(detention, false, T0 + 90 * DAY, T0 + marAt * DAY)).toEqual({ next: 'mar' });
    expect(releaseStep(detention, true, T0 + 90 * DAY, T0 + marAt * DAY)).toMatchObject({ next: 'wait' });
  });

  it('hands over to the next turn once a turn has waited its bound, never later', () => {
    const detention = { releaseDate: at(1000) };
    const bound = WORKFLOW_SETTINGS.detentionExecutionMaxDays;
    expect(bound).toBeLessThan(365);
    expect(releaseStep(detention, false, T0 + bound * DAY, T0 + (bound - 1) * DAY + 23 * 3_600_000)).toEqual({ next: 'wait', waitSeconds: 3600 });
    expect(releaseStep(detention, false, T0 + bound * DAY, T0 + bound * DAY)).toEqual({ next: 'chain' });
  });

  it('releases a person detained at registration into weighing, one detained during monitoring into supervision', () => {
    expect(releaseStep({ releaseDate: at(10) }, true, T0 + 90 * DAY, T0 + 10 * DAY)).toEqual({ next: 'released', then: 'weighing' });
    expect(releaseStep({ releaseDate: at(10), from: 'aftercare' }, true, T0 + 90 * DAY, T0 + 11 * DAY)).toEqual({ next: 'released', then: 'monitoring' });
  });
});
