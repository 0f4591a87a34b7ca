// Which covenant version decides: by effective date (00:00 Europe/Amsterdam), and the same
// request decided differently just before and on the 2023 revision's effective date.
import { describe, expect, it } from 'vitest';
import { allCovenants, covenantInForce, decideSharing, effectiveInstant, loadCovenant, NoCovenantInForce, UnknownCovenantVersion } from '../src/index';
import { request } from './requests';

// The specialist R&E interprets ideology at the weighing: cter-2023 art. 7(4) lets it receive
// special-category data there, cter-2018 did not.
const religionToSpecialistAtWeighing = request({ from: 'police', to: 'specialist-re', category: 'special-religion', purpose: 'weighing', stage: 'weighing' });

describe('covenant versions', () => {
  it('ships cter-2018 and cter-2023, oldest first', () => {
    expect(allCovenants().map((c) => [c.id, c.effectiveFrom])).toEqual([
      ['cter-2018', '2018-03-01'],
      ['cter-2023', '2023-10-01'],
    ]);
  });

  it('takes effect at midnight in the Netherlands, not in UTC', () => {
    expect(effectiveInstant('2023-10-01').toISOString()).toBe('2023-09-30T22:00:00.000Z'); // CEST
    expect(effectiveInstant('2018-03-01').toISOString()).toBe('2018-02-28T23:00:00.000Z'); // CET
    expect(effectiveInstant('2024-03-31').toISOString()).toBe('2024-03-30T23:00:00.000Z'); // DST starts at 02:00 that day
  });

  it('switches to cter-2023 on its effective date', () => {
    const versions = allCovenants();
    const before = covenantInForce(new Date('2023-09-30T21:59:59.999Z'), versions);
    const on = covenantInForce(new Date('2023-09-30T22:00:00.000Z'), versions);
    expect(before.id).toBe('cter-2018');
    expect(on.id).toBe('cter-2023');

    const justBefore = decideSharing(before, religionToSpecialistAtWeighing);
    const onTheDay = decideSharing(on, religionToSpecialistAtWeighing);
    expect(justBefore).toMatchObject({ decision: 'deny', covenantVersion: 'cter-2018' });
    expect(justBefore.outcomes[0]?.articles).toEqual(['7(4)']);
    expect(justBefore.outcomes[0]?.reason).toContain('only to municipality, police and OM');
    expect(onTheDay).toMatchObject({ decision: 'allow', covenantVersion: 'cter-2023' });
  });

  it('uses the newest version that has taken effect, in any order given', () => {
    const versions = [...allCovenants()].reverse();
    expect(covenantInForce(new Date('2020-06-01T12:00:00Z'), versions).id).toBe('cter-2018');
    expect(covenantInForce(new Date('2030-01-01T00:00:00Z'), versions).id).toBe('cter-2023');
  });

  it('refuses a moment before the first covenant', () => {
    const at = new Date('2018-02-28T22:59:59Z');
    expect(() => covenantInForce(at, allCovenants())).toThrow(NoCovenantInForce);
    expect(() => covenantInForce(at, allCovenants())).toThrow(/first one takes effect on 2018-03-01/);
    expect(() => covenantInForce(new Date(), [])).toThrow(/no covenant version is published/);
  });

  it('refuses an unknown version id', () => {
    expect(() => loadCovenant('cter-2031')).toThrow(UnknownCovenantVersion);
  });

  it('documents what changed in 2023 by article', () => {
    const changes = loadCovenant('cter-2023').document.changes.map((c) => c.article);
    expect(changes).toEqual(['7(4)', '2', '10(2)']);
    const parties2018 = loadCovenant('cter-2018').document.parties.map((p) => p.type);
    const parties2023 = loadCovenant('cter-2023').document.parties.map((p) => p.type);
    expect(parties2023.filter((t) => !parties2018.includes(t))).toEqual(['youth-care']);
  });
});
