// A case (casus) in the integral approach: the person it is about, the signal that opened it,
// its state and version. Pure logic: no AWS here.
import { WORKFLOW_SETTINGS } from '@cter/config';
import { canTransition, FINAL_STATES, InvalidTransition, NotAllowed, ValidationFailed, type CaseState, type RegisterSignalRequest, type Subject, type UpdateSubjectRequest } from '@cter/domain';
import type { CaseViewLevel } from '@cter/access';
import type { CaseAdvice } from './case-advice';

export interface Participant {
  organisationId: string;
  role: string;
  since: string;
  until?: string;
}

export interface CaseRecord {
  caseId: string;
  caseNumber: string;
  regionId: string;
  state: CaseState;
  version: number;
  municipality: string;
  createdAt: string;
  updatedAt: string;
  subject: Subject;
  signal: {
    reason: string;
    reporter: { name: string; phone: string };
    reportingOrganisation: string;
    receivedAt: string;
  };
  participants: Participant[];
  /**
   * The admission to the integral approach: recorded when the case first enters consultation (the
   * authority triangle admitted it) and kept for good, also once the case is closed or transferred.
   * The ZVH and invited partners see the case only once it is there (@cter/access caseViewLevel).
   */
  admission?: { at: string; version: number };
  /** An outgoing transfer to another region, while it is offered; `handover` is the disclosure of the hand-over set. */
  transfer?: { toRegion: string; toMunicipality: string; fromState: CaseState; requestedAt: string; handover?: { disclosureId: string; disclosedAt: string } };
  /** An incoming transfer: where the case comes from, and how to answer the offer. */
  transferIn?: { fromRegion: string; originCaseId: string; originCaseNumber: string; answerToken: string; receivedAt: string };
  /**
   * Known detention: the safe re-integration track prepares the release. `from` is the state the case
   * was detained in (monitoring, aftercare); absent when detained at registration (then weighing follows).
   */
  detention?: { releaseDate: string; from?: CaseState; since?: string; releasedAt?: string };
  /** After a release during monitoring: supervision, a monitoring phase with its own evaluation interval. */
  supervision?: { since: string; until: string };
  /**
   * The executions of the work process, in order (each evaluation cycle is its own), the state
   * machine version each runs (by execution ARN; a deploy does not move a running execution), and trouble.
   */
  workflow?: { executions: string[]; versions?: Record<string, string>; needsAttention?: { at: string; error: string; stateName?: string } };
  /** The anonymous advice request the signal came from, with its thread (signal data: full view only). */
  advice?: CaseAdvice;
  /** Set when the case reaches a final state: when its personal data is destroyed, and under which covenant rule. */
  retention?: { rule: string; from: string; deleteAfter: string; covenantVersion: string; article: string };
}

/** A disclosure as a recipient sees it in its case view: who disclosed which items, when and why. */
export interface ReceivedDisclosure {
  disclosureId: string;
  sender: string;
  disclosedAt: string;
  purpose: string;
  covenantVersion: string;
  items: ReadonlyArray<{ category: string; label: string; content: string }>;
}

export interface HistoryEvent {
  version: number;
  type: string;
  at: string;
  organisationId: string;
  fromState?: CaseState;
  toState: CaseState;
  reasoning?: string;
  /** Names of the fields a change touched (never their values). */
  fields?: string[];
}

/** `KEN-2026-000123`: region prefix, year of registration, sequence within region and year. */
export function formatCaseNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function openCase(input: {
  caseId: string;
  caseNumber: string;
  regionId: string;
  signal: RegisterSignalRequest;
  reportingOrganisation: string;
  at: string;
  /** The advice request converted into this signal: the case keeps its thread. */
  advice?: CaseAdvice;
}): { record: CaseRecord; event: HistoryEvent } {
  const { signal, at } = input;
  const record: CaseRecord = {
    caseId: input.caseId,
    caseNumber: input.caseNumber,
    regionId: input.regionId,
    state: 'signal-received',
    version: 1,
    municipality: signal.subject.municipality,
    createdAt: at,
    updatedAt: at,
    subject: signal.subject,
    signal: { reason: signal.reason, reporter: signal.reporter, reportingOrganisation: input.reportingOrganisation, receivedAt: at },
    participants: [],
    ...(signal.detention ? { detention: signal.detention } : {}),
    ...(input.advice ? { advice: input.advice } : {}),
  };
  const event: HistoryEvent = {
    version: 1,
    type: 'signal.received',
    at,
    organisationId: input.reportingOrganisation,
    toState: 'signal-received',
    ...(input.advice ? { fields: [`adviceRequest:${input.advice.adviceRequestId}`] } : {}),
  };
  return { record, event };
}

/** Fields of the person each view level can read (caseView), and so may correct. */
const READABLE_SUBJECT_FIELDS: Record<CaseViewLevel, ReadonlySet<string>> = {
  full: new Set(['name', 'bsn', 'birthDate', 'municipality', 'address']),
  process: new Set(['name', 'birthDate', 'municipality']),
  invited: new Set(),
};

/** Refuses a correction of fields the caller's view of the case does not show (it cannot know their value). */
export function assertRectifiable(change: UpdateSubjectRequest['subject'], level: CaseViewLevel): void {
  const unreadable = Object.keys(change).filter((field) => !READABLE_SUBJECT_FIELDS[level].has(field));
  if (unreadable.length) {
    throw new NotAllowed(
      'you may only correct data your view of the case shows',
      unreadable.map((field) => ({ path: `subject.${field}`, message: `not part of the ${level} view of the case` })),
    );
  }
}

/** Applies a rectification of the person's data; returns the new record and its history event. */
export function rectifySubject(record: CaseRecord, change: UpdateSubjectRequest, organisationId: string, at: string): { record: CaseRecord; event: HistoryEvent } {
  const version = record.version + 1;
  const next: CaseRecord = { ...record, version, updatedAt: at, subject: { ...record.subject, ...change.subject } };
  const event: HistoryEvent = {
    version,
    type: 'subject.rectified',
    at,
    organisationId,
    fromState: record.state,
    toState: record.state,
    reasoning: change.reasoning,
    fields: Object.keys(change.subject).map((f) => `subject.${f}`),
  };
  return { record: next, event };
}

/**
 * The longest an invitation may run: the longest evaluation interval (aftercare), so every
 * invitation ends by the next periodic evaluation at the latest and is renewed there only if the
 * measure still needs the partner (covenant art. 9(2): the invitation ends by itself; art. 11).
 */
export const MAX_INVITATION_DAYS = Math.max(WORKFLOW_SETTINGS.evaluationIntervalDays, WORKFLOW_SETTINGS.aftercareEvaluationIntervalDays);
const DAY_MS = 86_400_000;

/** Invites (or re-invites) a partner into an admitted, running case; the invitation ends by itself at `until`. */
export function inviteParticipant(
  record: CaseRecord,
  invitation: { organisationId: string; role: string; until: string; reasoning: string },
  invitedBy: string,
  at: string,
): { record: CaseRecord; event: HistoryEvent } {
  if (!record.admission) throw new InvalidTransition(`partners are invited into admitted cases only; this case was not admitted (it is in ${record.state})`);
  if (FINAL_STATES.has(record.state)) throw new InvalidTransition(`the case has ended (${record.state}); no partner is invited any more`);
  if (invitation.until <= at) throw new ValidationFailed('the invitation must end in the future', [{ path: 'until', message: 'must lie after now' }]);
  const latest = new Date(Date.parse(at) + MAX_INVITATION_DAYS * DAY_MS);
  if (Date.parse(invitation.until) > latest.getTime()) {
    throw new ValidationFailed('the invitation runs too long', [{ path: 'until', message: `at most ${MAX_INVITATION_DAYS} days from now (until ${latest.toISOString()}); renew it at the next evaluation` }]);
  }
  const version = record.version + 1;
  const participant: Participant = { organisationId: invitation.organisationId, role: invitation.role, since: at, until: invitation.until };
  const participants = [...record.participants.filter((p) => p.organisationId !== invitation.organisationId), participant];
  return {
    record: { ...record, participants, version, updatedAt: at },
    event: { version, type: 'participant.invited', at, organisationId: invitedBy, fromState: record.state, toState: record.state, reasoning: invitation.reasoning, fields: [`participants.${invitation.organisationId}`] },
  };
}

/**
 * Ends an invitation now. Undefined when the organisation takes no part (any more): revoking twice
 * changes nothing. An expired invitation is removed all the same.
 */
export function revokeParticipant(record: CaseRecord, organisationId: string, revokedBy: string, at: string): { record: CaseRecord; event: HistoryEvent } | undefined {
  if (!record.participants.some((p) => p.organisationId === organisationId)) return undefined;
  const version = record.version + 1;
  return {
    record: { ...record, participants: record.participants.filter((p) => p.organisationId !== organisationId), version, updatedAt: at },
    event: { version, type: 'participant.revoked', at, organisationId: revokedBy, fromState: record.state, toState: record.state, fields: [`participants.${organisationId}`] },
  };
}

/** Offers the case to another region; the work process waits for the receiving ZVH's answer. */
export function requestTransfer(record: CaseRecord, request: { toRegion: string; toMunicipality: string; reasoning: string }, organisationId: string, at: string): { record: CaseRecord; event: HistoryEvent } {
  if (request.toRegion === record.regionId) throw new ValidationFailed('a transfer goes to another region', [{ path: 'toRegion', message: `the case is already in ${record.regionId}` }]);
  const moved = transition(record, 'transfer-requested', 'case.transfer_requested', organisationId, at, request.reasoning);
  return { record: { ...moved.record, transfer: { toRegion: request.toRegion, toMunicipality: request.toMunicipality, fromState: record.state, requestedAt: at } }, event: { ...moved.event, fields: [`toRegion:${request.toRegion}`] } };
}

/**
 * Records a detention (the person is detained during monitoring or aftercare: the case moves to
 * `detention`, the work process stops the running cycle and starts the re-integration track) or a
 * new release date of a detained person. The release date must lie in the future.
 */
export function recordDetention(record: CaseRecord, request: { releaseDate: string; reasoning: string }, organisationId: string, at: string): { record: CaseRecord; event: HistoryEvent; entered: boolean } {
  if (Date.parse(request.releaseDate) <= Date.parse(at)) throw new ValidationFailed('the release date must lie in the future', [{ path: 'releaseDate', message: 'must lie after now' }]);
  if (record.state === 'detention' && record.detention) {
    const version = record.version + 1;
    return {
      record: { ...record, version, updatedAt: at, detention: { ...record.detention, releaseDate: request.releaseDate } },
      event: { version, type: 'detention.release_date_changed', at, organisationId, fromState: record.state, toState: record.state, reasoning: request.reasoning, fields: ['detention.releaseDate'] },
      entered: false,
    };
  }
  if (record.state !== 'monitoring' && record.state !== 'aftercare') throw new InvalidTransition(`a detention is recorded on a case in monitoring or aftercare (or moved while detained); this case is in ${record.state}`);
  const moved = transition(record, 'detention', 'detention.recorded', organisationId, at, request.reasoning);
  const { supervision: _ended, ...rest } = moved.record;
  return { record: { ...rest, detention: { releaseDate: request.releaseDate, from: record.state, since: at } }, event: { ...moved.event, fields: ['detention.releaseDate'] }, entered: true };
}

/** The release from a detention entered during monitoring: back to monitoring, under supervision for a set time. */
export function releaseToSupervision(record: CaseRecord, at: string): { record: CaseRecord; event: HistoryEvent } {
  const moved = transition(record, 'monitoring', 'detention.released', 'workflow', at);
  const until = new Date(Date.parse(at) + WORKFLOW_SETTINGS.supervisionDays * DAY_MS).toISOString();
  return { record: { ...moved.record, ...(record.detention ? { detention: { ...record.detention, releasedAt: at } } : {}), supervision: { since: at, until } }, event: moved.event };
}

/** Moves a case to another state when the lifecycle allows it. */
export function transition(record: CaseRecord, to: CaseState, type: string, organisationId: string, at: string, reasoning?: string): { record: CaseRecord; event: HistoryEvent } {
  if (!canTransition(record.state, to)) throw new InvalidTransition(`a case in state ${record.state} cannot move to ${to}`);
  const version = record.version + 1;
  // Consultation is entered first through the triangle's admission (admission-proposed -> consultation);
  // later entries (an escalated evaluation, a withdrawn transfer) keep the first admission.
  const admission = record.admission ?? (to === 'consultation' ? { at, version } : undefined);
  // Scaling down ends every invitation (covenant art. 11(2)): aftercare is light monitoring by the
  // core partners; a partner needed again is invited again. The event names whose invitation lapsed.
  // (A refused transfer returning to aftercare is no scale-down.)
  const scalesDown = to === 'aftercare' && record.state !== 'aftercare' && record.state !== 'transfer-requested';
  const lapsed = scalesDown ? record.participants.map((p) => `participants.${p.organisationId}`) : [];
  return {
    record: { ...record, state: to, version, updatedAt: at, ...(admission ? { admission } : {}), ...(lapsed.length ? { participants: [] } : {}) },
    event: { version, type, at, organisationId, fromState: record.state, toState: to, ...(reasoning ? { reasoning } : {}), ...(lapsed.length ? { fields: lapsed } : {}) },
  };
}

/** Records an execution of the work process in the case's chain, with the state machine version it runs (idempotent). */
export function withExecution(record: CaseRecord, executionArn: string | undefined, versionArn?: string): CaseRecord {
  if (!executionArn) return record;
  const executions = record.workflow?.executions ?? [];
  if (executions.includes(executionArn)) return record;
  const versions = versionArn ? { versions: { ...record.workflow?.versions, [executionArn]: versionArn } } : {};
  return { ...record, workflow: { ...record.workflow, executions: [...executions, executionArn], ...versions } };
}

/** True when the execution is not yet in the case's chain (its version is then still to be recorded). */
export function isNewExecution(record: CaseRecord, executionArn: string): boolean {
  return !(record.workflow?.executions ?? []).includes(executionArn);
}

/** Flags the case as needing attention: a step of the work process failed after its retries. */
export function markNeedsAttention(record: CaseRecord, failure: { error: string; stateName?: string }, at: string): { record: CaseRecord; event: HistoryEvent } {
  const version = record.version + 1;
  const needsAttention = { at, error: failure.error, ...(failure.stateName ? { stateName: failure.stateName } : {}) };
  return {
    record: { ...record, version, updatedAt: at, workflow: { ...record.workflow, executions: record.workflow?.executions ?? [], needsAttention } },
    event: { version, type: 'workflow.needs-attention', at, organisationId: 'workflow', fromState: record.state, toState: record.state, fields: [failure.error] },
  };
}

/** Records a decision on a task of the work process in the case's history. */
export function recordDecision(record: CaseRecord, decision: { kind: string; outcome: string; reasoning: string; taskId: string }, organisationId: string, at: string): { record: CaseRecord; event: HistoryEvent } {
  const version = record.version + 1;
  return {
    record: { ...record, version, updatedAt: at },
    event: { version, type: `decision.${decision.kind}`, at, organisationId, fromState: record.state, toState: record.state, reasoning: decision.reasoning, fields: [`outcome:${decision.outcome}`, `task:${decision.taskId}`] },
  };
}

/** A decision that reached the work process too late (its step had timed out) had no effect. */
export function voidDecision(record: CaseRecord, taskId: string, at: string): { record: CaseRecord; event: HistoryEvent } {
  const version = record.version + 1;
  return {
    record: { ...record, version, updatedAt: at },
    event: { version, type: 'decision.void', at, organisationId: 'workflow', fromState: record.state, toState: record.state, fields: [`task:${taskId}`] },
  };
}

/**
 * The case as the caller may see it: every field is shaped by its view level. `received` are the
 * disclosures made to the caller: an invited partner sees those items and nothing more of the file.
 */
export function caseView(record: CaseRecord, level: CaseViewLevel, received: readonly ReceivedDisclosure[] = []) {
  const disclosures = received.map((d) => ({ disclosureId: d.disclosureId, sender: d.sender, disclosedAt: d.disclosedAt, purpose: d.purpose, covenantVersion: d.covenantVersion, items: d.items }));
  const base = {
    caseId: record.caseId,
    caseNumber: record.caseNumber,
    regionId: record.regionId,
    state: record.state,
    version: record.version,
    municipality: record.municipality,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    disclosures,
  };
  if (level === 'invited') {
    // Invited partners see who the person is, not the signal, the BSN or the police's information.
    return { ...base, subject: { name: record.subject.name, birthDate: record.subject.birthDate, municipality: record.subject.municipality } };
  }
  if (level === 'process') {
    return {
      ...base,
      subject: { name: record.subject.name, birthDate: record.subject.birthDate, municipality: record.subject.municipality },
      participants: record.participants,
    };
  }
  return {
    ...base,
    subject: record.subject,
    signal: record.signal,
    ...(record.advice ? { advice: record.advice } : {}),
    participants: record.participants,
    ...(record.detention ? { detention: record.detention } : {}),
    ...(record.supervision ? { supervision: record.supervision } : {}),
    ...(record.transfer ? { transfer: record.transfer } : {}),
    ...(record.transferIn ? { transferIn: { fromRegion: record.transferIn.fromRegion, originCaseNumber: record.transferIn.originCaseNumber, originCaseId: record.transferIn.originCaseId, receivedAt: record.transferIn.receivedAt } } : {}),
    ...(record.workflow ? { workflow: record.workflow } : {}),
    ...(record.retention ? { retention: record.retention } : {}),
  };
}

/** Data categories a view level (and the disclosures shown with it) exposes, recorded in the audit trail. */
export function viewCategories(level: CaseViewLevel, received: readonly ReceivedDisclosure[] = []): string[] {
  const categories = level === 'full' ? ['identity', 'signal'] : ['identity'];
  for (const item of received.flatMap((d) => d.items)) if (!categories.includes(item.category)) categories.push(item.category);
  return categories;
}
