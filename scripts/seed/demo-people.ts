// The fictional people of the demo data: one per demo case, fixed, so every run of the seed means
// the same persons (and finds their cases again). Names say "(demo)"; BSNs come from a test range.
import { bsnCheckDigit, isValidBsn, type RegisterSignalRequest } from '@cter/domain';

export type Scenario = 'signal' | 'consultation' | 'plan' | 'covenant' | 'monitoring' | 'transfer';

export interface DemoPerson {
  scenario: Scenario;
  region: string;
  municipality: string;
  /** Who registers the signal (an organisation id of the region). */
  reportedBy: string;
  signal: RegisterSignalRequest;
}

/**
 * Demo BSNs start with 9999: the numbers the Dutch test environments (the BRP test persons of the
 * RvIG, DigiD's pre-production) use for fictitious people; the codebase documents no test range of
 * its own. Eight digits of `9999` + serial, then the check digit of the 11-test; serials whose check
 * digit would be 10 are skipped, so the n-th demo BSN is always the same number.
 */
export function demoBsn(index: number): string {
  let found = -1;
  for (let serial = 1; serial <= 9999; serial++) {
    const base = `9999${String(serial).padStart(4, '0')}`;
    const check = bsnCheckDigit(base);
    if (check === undefined) continue;
    found += 1;
    if (found === index) {
      const bsn = `${base}${check}`;
      if (!isValidBsn(bsn)) throw new Error(`demo BSN ${bsn} fails the 11-test`);
      return bsn;
    }
  }
  throw new Error(`no demo BSN number ${index}`);
}

const REPORTER = { name: 'Melder Demo (fictief)', phone: '+31 20 000 0000' };

interface PersonSketch {
  first: string;
  last: string;
  /** Fixed, so a signal sent again is the same request (its Idempotency-Key replays it). */
  birthDate: string;
  reason: string;
}

// Young adults (18 up to 23) for the ONE-on-ONE trajectory stay young adults until 2029 at least.
const SKETCHES: Record<Scenario, PersonSketch> = {
  signal: { first: 'Sem', last: 'Voorbeeld', birthDate: '1999-05-12', reason: 'Demo: de school meldt zorgen over uitingen in de klas en over een nieuwe online vriendengroep.' },
  consultation: { first: 'Noor', last: 'Fictief', birthDate: '2001-09-23', reason: 'Demo: het buurtteam ziet snelle veranderingen in gedrag en contacten na een verblijf in het buitenland.' },
  plan: { first: 'Milan', last: 'Proefhuis', birthDate: '2007-03-01', reason: 'Demo: de mentor van de opleiding meldt dat de student zich terugtrekt en extremistische filmpjes deelt.' },
  covenant: { first: 'Lotte', last: 'Testman', birthDate: '2004-11-17', reason: 'Demo: de GGZ-behandelaar en de wijkagent maken zich samen zorgen over dreigende uitspraken.' },
  monitoring: { first: 'Ruben', last: 'Demostra', birthDate: '1988-06-30', reason: 'Demo: de woningcorporatie meldt dreigementen aan buren en extremistische affiches in het portiek.' },
  transfer: { first: 'Yara', last: 'Verzonnen', birthDate: '2000-01-08', reason: 'Demo: de jongerenwerker meldt zorgen over contacten met een extremistisch netwerk; de betrokkene verhuist binnenkort.' },
};

/** Municipality and reporter per region and scenario; the transfer starts in Kennemerland only. */
const PLACES: Record<string, Partial<Record<Scenario, [municipality: string, reportedBy: string]>>> = {
  'noord-holland-noord': { signal: ['alkmaar', 'gemeente-alkmaar'], consultation: ['hoorn', 'politie'], plan: ['den-helder', 'politie'], covenant: ['alkmaar', 'politie'], monitoring: ['hoorn', 'politie'] },
  'zaanstreek-waterland': { signal: ['zaanstad', 'gemeente-zaanstad'], consultation: ['purmerend', 'politie'], plan: ['zaanstad', 'politie'], covenant: ['purmerend', 'politie'], monitoring: ['edam-volendam', 'politie'] },
  kennemerland: { signal: ['haarlem', 'gemeente-haarlem'], consultation: ['velsen', 'politie'], plan: ['haarlem', 'politie'], covenant: ['haarlemmermeer', 'politie'], monitoring: ['heemskerk', 'politie'], transfer: ['haarlem', 'politie'] },
};

/** Where the demo transfer goes: a person of Haarlem moves to Zaanstad. */
export const DEMO_TRANSFER = { from: 'kennemerland', toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad' } as const;

export const DEMO_REGIONS = Object.keys(PLACES);

/** The demo people of a region, in the order their signals are registered (so case numbers follow it). */
export function demoPeople(region: string): DemoPerson[] {
  const places = PLACES[region];
  if (!places) throw new Error(`no demo people for region ${region}`);
  const regionIndex = DEMO_REGIONS.indexOf(region);
  const scenarios = Object.keys(SKETCHES) as Scenario[];
  return scenarios.flatMap((scenario, scenarioIndex) => {
    const place = places[scenario];
    if (!place) return [];
    const [municipality, reportedBy] = place;
    const sketch = SKETCHES[scenario];
    const subject = { name: `${sketch.first} ${sketch.last} (demo)`, bsn: demoBsn(regionIndex * 10 + scenarioIndex), birthDate: sketch.birthDate, municipality };
    return [{ scenario, region, municipality, reportedBy, signal: { subject, reason: sketch.reason, reporter: REPORTER } }];
  });
}
