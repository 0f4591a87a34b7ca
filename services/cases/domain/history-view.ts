// The history of a case as the caller may see it. An allowlist per view level: which event types
// are shown and which properties of each; anything not listed (a new event type, a new property)
// stays hidden from the limited views until it is added here on purpose.
import type { CaseViewLevel } from '@cter/access';
import type { HistoryEvent } from '@cter/case-store';

type Shown = Partial<HistoryEvent>;

/** What every limited view sees of a state change: the change itself, not who caused it or why. */
const stateChange = ({ version, type, at, fromState, toState }: HistoryEvent): Shown => ({ version, type, at, ...(fromState ? { fromState } : {}), toState });

/** State changes before the admission: the signal and the weighing (no decision, no organisation). */
const EARLY_STATE_CHANGES: ReadonlySet<string> = new Set([
  'signal.received',
  'transfer.received',
  'weighing.started',
  'weighing.more-information',
  'weighing.decided',
  'detention.started',
  'case.transfer_requested',
  'case.transfer_withdrawn',
]);

/** State changes of the process from the admission on, shown to every limited view. */
const PROCESS_STATE_CHANGES: ReadonlySet<string> = new Set([
  'case.admitted',
  'plan.adopted',
  'evaluation.completed',
  'evaluation.escalated',
  'case.scaled_down',
  'case.closed',
  'case.transfer_requested',
  'case.transfer_withdrawn',
  'case.transferred',
  'detention.recorded',
  'detention.released',
]);

/** Subject fields each limited view can read (its case view shows them), so may see named as changed. */
const READABLE_SUBJECT_FIELDS: ReadonlySet<string> = new Set(['subject.name', 'subject.birthDate', 'subject.municipality']);

/** Decisions of the consultation the process director takes part in (not the weighing's). */
const PROCESS_DECISIONS: ReadonlySet<string> = new Set(['decision.plan-adoption', 'decision.evaluation', 'decision.closure-decision', 'decision.escalation', 'decision.transfer-acceptance']);

/** The consultation's own events (the process director runs it): the id of the consultation only. */
const CONSULTATION_EVENTS: ReadonlySet<string> = new Set(['consultation.scheduled', 'consultation.held']);

const withFields = (event: HistoryEvent, shown: Shown, keep: (field: string) => boolean): Shown | undefined => {
  const fields = (event.fields ?? []).filter(keep);
  return fields.length ? { ...shown, fields } : undefined;
};

/** The process view (ZVH): what happened, by whom, from the admission on; before it, the state changes only. */
function processEvent(event: HistoryEvent, admitted: boolean): Shown | undefined {
  if (!admitted) return EARLY_STATE_CHANGES.has(event.type) ? stateChange(event) : undefined;
  const shown = { ...stateChange(event), organisationId: event.organisationId };
  // A scale-down names the invitations that lapsed with it.
  if (PROCESS_STATE_CHANGES.has(event.type)) return withFields(event, shown, (f) => f.startsWith('participants.')) ?? shown;
  if (event.type === 'participant.invited' || event.type === 'participant.revoked') return withFields(event, shown, (f) => f.startsWith('participants.'));
  if (CONSULTATION_EVENTS.has(event.type)) return withFields(event, shown, (f) => f.startsWith('consultation:'));
  if (event.type === 'subject.rectified') return withFields(event, shown, (f) => READABLE_SUBJECT_FIELDS.has(f));
  if (PROCESS_DECISIONS.has(event.type)) return withFields(event, shown, (f) => f.startsWith('outcome:'));
  return undefined;
}

/** The invited view: state changes, its own invitation and corrections of what it can read; never who or why. */
function invitedEvent(event: HistoryEvent, admitted: boolean, organisationId: string): Shown | undefined {
  const shown = stateChange(event);
  if (!admitted) return EARLY_STATE_CHANGES.has(event.type) ? shown : undefined;
  if (PROCESS_STATE_CHANGES.has(event.type)) return shown;
  if (event.type === 'participant.invited' || event.type === 'participant.revoked') return withFields(event, shown, (f) => f === `participants.${organisationId}`);
  if (event.type === 'subject.rectified') return withFields(event, shown, (f) => READABLE_SUBJECT_FIELDS.has(f));
  return undefined;
}

/**
 * Shapes the events of a case (in version order) for the caller's view level. `admission` is the
 * case's recorded admission: events before it belong to the signal and the weighing.
 */
export function historyView(events: readonly HistoryEvent[], level: CaseViewLevel, organisationId: string, admission: { version: number } | undefined): Shown[] {
  if (level === 'full') return [...events];
  const shaped: Shown[] = [];
  for (const event of events) {
    const admitted = admission !== undefined && event.version >= admission.version;
    const shown = level === 'process' ? processEvent(event, admitted) : invitedEvent(event, admitted, organisationId);
    if (shown) shaped.push(shown);
  }
  return shaped;
}
