// The states a case passes through in the integral approach and the transitions between them.
// The workflow (Step Functions) drives the transitions; the repository refuses any other.

export const CASE_STATES = [
  'signal-received', // melding geregistreerd
  'weighing', // weging (i2o)
  'more-information', // meer informatie nodig
  'admission-proposed', // voorstel tot opname aan de driehoek
  'consultation', // casusoverleg (ICO)
  'monitoring', // plan van aanpak vastgesteld, maatregelen lopen, evaluatiecycli
  'aftercare', // afgeschaald: nazorg
  'detention', // detentie en veilige re-integratie
  'transfer-requested', // warme overdracht aangevraagd
  'no-action', // geen actie (eindstand van de weging)
  'referred', // doorverwezen naar zorg of strafrecht
  'rejected', // niet opgenomen door de driehoek
  'transferred', // overgedragen aan een andere regio
  'closed', // afgesloten
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** States in which the case is over; personal data then runs on retention deadlines. */
export const FINAL_STATES: ReadonlySet<CaseState> = new Set(['no-action', 'referred', 'rejected', 'transferred', 'closed']);

/** Signal and weighing data: visible to core partners and the specialist R&E only. */
export const EARLY_STATES: ReadonlySet<CaseState> = new Set(['signal-received', 'weighing', 'more-information', 'admission-proposed']);

const TRANSITIONS: Record<CaseState, readonly CaseState[]> = {
  'signal-received': ['weighing', 'detention', 'transfer-requested'],
  weighing: ['no-action', 'more-information', 'referred', 'admission-proposed', 'transfer-requested'],
  'more-information': ['weighing'],
  'admission-proposed': ['consultation', 'rejected'],
  consultation: ['monitoring', 'transfer-requested', 'closed'],
  monitoring: ['monitoring', 'consultation', 'aftercare', 'closed', 'transfer-requested', 'detention'],
  aftercare: ['aftercare', 'monitoring', 'consultation', 'closed', 'transfer-requested', 'detention'],
  // Released: a case detained at registration enters weighing; one detained during monitoring returns to it (supervision).
  detention: ['weighing', 'monitoring', 'transfer-requested'],
  // A transfer either completes, returns to where the case was, or (received and refused) ends.
  'transfer-requested': ['transferred', 'rejected', 'signal-received', 'weighing', 'consultation', 'monitoring', 'aftercare', 'detention'],
  'no-action': [],
  referred: [],
  rejected: [],
  transferred: [],
  closed: [],
};

export function canTransition(from: CaseState, to: CaseState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function allowedTransitions(from: CaseState): readonly CaseState[] {
  return TRANSITIONS[from];
}
