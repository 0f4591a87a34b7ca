// What the subject report (art. 15 GDPR) carries of each record type: an allowlist, so a field added
// to a record later stays out of the report until someone decides it belongs to the person. Never
// in it: task tokens (a transfer's answer token would let its holder answer the transfer), execution
// ARNs, request ids, digests and other workflow or integrity internals.
//
// The report reads the whole partition of each case (@cter/store readCasePartition) and says of every
// kind of item it holds either in which section it shows it or why it withholds it (REPORTED_KINDS,
// typed over the partition's kinds, so a new kind does not compile until it is placed here).
import type { CaseRecord, HistoryEvent } from '@cter/case-store';
import type { CasePartitionKind } from '@cter/store';
import type { AuditRecord } from '../adapters/audit-trail';
import type { ConsentRecord } from '@cter/covenant-domain/consent';
import type { DisclosureRecord } from '@cter/covenant-domain/disclosure';
import { currentInforming, type InformingRecord } from './informing';

/** The listed fields of `record` that are set, in the listed order. */
function pick<T extends object, K extends keyof T>(record: T, names: readonly K[]): Pick<T, K> {
  return Object.fromEntries(names.filter((f) => record[f] !== undefined).map((f) => [f, record[f]])) as Pick<T, K>;
}

const CASE_FIELDS = ['caseId', 'caseNumber', 'regionId', 'state', 'municipality', 'createdAt', 'updatedAt', 'subject', 'signal', 'participants', 'admission', 'detention', 'supervision'] as const;

export function reportedCase(record: CaseRecord) {
  return {
    ...pick(record, CASE_FIELDS),
    ...(record.transfer ? { transfer: pick(record.transfer, ['toRegion', 'toMunicipality', 'requestedAt'] as const) } : {}),
    // Where the data came from (art. 15(1)(g)); the answer token stays out.
    ...(record.transferIn ? { transferIn: pick(record.transferIn, ['fromRegion', 'originCaseId', 'originCaseNumber', 'receivedAt'] as const) } : {}),
    // How long it is kept (art. 15(1)(d)).
    ...(record.retention ? { retention: pick(record.retention, ['rule', 'article', 'covenantVersion', 'from', 'deleteAfter'] as const) } : {}),
  };
}

export const reportedHistoryEvent = (event: HistoryEvent) => pick(event, ['version', 'type', 'at', 'organisationId', 'fromState', 'toState', 'reasoning', 'fields'] as const);

export const reportedDisclosure = (d: DisclosureRecord) => ({
  ...pick(d, ['disclosureId', 'disclosedAt', 'sender', 'categories', 'items', 'purpose', 'stage', 'basis', 'legalBasis', 'proportionality', 'subsidiarity', 'covenantVersion', 'articles'] as const),
  recipients: d.recipientIds,
});

export const reportedConsent = (c: ConsentRecord) =>
  pick(c, ['consentId', 'holder', 'recipients', 'categories', 'purposes', 'givenAt', 'form', 'reference', 'state', 'recordedAt', 'recordedBy', 'covenantVersion', 'withdrawnAt', 'withdrawalRecordedAt', 'withdrawalRecordedBy', 'withdrawalNote'] as const);

export const reportedInforming = (i: InformingRecord) => pick(i, ['informingId', 'kind', 'informedAt', 'channel', 'note', 'ground', 'reason', 'reviewAt', 'recordedAt', 'recordedBy', 'covenantVersion'] as const);

/** Who processed the person's data: the recipients of art. 15(1)(c) GDPR and more. */
export const reportedAccess = (a: AuditRecord) => pick(a, ['at', 'organisationId', 'action', 'route', 'categories', 'purpose', 'covenantVersion'] as const);

type Item = Record<string, unknown>;
/** The listed fields of a stored item that are set (an item read from the partition, keys and all). */
const fields = (names: readonly string[]) => (item: Item): Item => pick(item, names);

/** A human step: what was asked of whom, by when, and what was decided; never its token or execution. */
export const reportedTask = fields(['taskId', 'kind', 'title', 'topic', 'assignees', 'allowedOutcomes', 'status', 'createdAt', 'dueAt', 'outcome', 'decidedBy', 'decidedAt', 'expiredBecause']);
export const reportedConsultation = fields(['consultationId', 'status', 'scheduledAt', 'attendees', 'agenda', 'scheduledBy', 'createdAt', 'outcome']);
const MEASURE_FIELDS = ['measureId', 'catalogueId', 'catalogueVersion', 'owner', 'goalIds', 'start', 'plannedEnd', 'status', 'assignedAt', 'startedOn', 'endedOn', 'result', 'disclosedTo', 'mentorId', 'statusHistory'];
/** The plan as it stands (the plan item's `plan`; its lock revision and evaluation pseudonym stay out). */
export function reportedPlan(item: Item): Item {
  const plan = (item.plan ?? {}) as Item;
  const picked = pick(plan, ['planId', 'version', 'status', 'targetGroups', 'goals', 'riskFactors', 'protectiveFactors', 'createdAt', 'createdBy', 'adoption', 'inForceVersion', 'reopened', 'changes']);
  return { ...picked, measures: ((plan.measures ?? []) as Item[]).map(fields(MEASURE_FIELDS)) };
}
export const reportedPlanVersion = fields(['content', 'draftedAt', 'draftedBy', 'status', 'adoption']);
export const reportedNote = fields(['measureId', 'noteId', 'writtenAt', 'authorOrganisationId', 'text']);
export const reportedSession = fields(['measureId', 'sessionId', 'date', 'durationMinutes', 'themes', 'progress', 'mentorId', 'authorOrganisationId']);

type Placement = { section: string } | { withheld: string };
/** Where the report shows each kind of the case's partition, or why it does not. */
export const REPORTED_KINDS: Record<CasePartitionKind, Placement> = {
  case: { section: 'case' },
  history: { section: 'history' },
  consultation: { section: 'consultations' },
  task: { section: 'tasks' },
  disclosure: { section: 'disclosures' },
  consent: { section: 'consents' },
  informing: { section: 'informing' },
  plan: { section: 'plan' },
  'plan-version': { section: 'planVersions' },
  note: { section: 'progressNotes' },
  session: { section: 'sessions' },
  reference: { withheld: 'bookkeeping: the key of an idempotency record, which holds ids and a status only' },
  event: { withheld: 'bookkeeping: an outbox copy of a measure event with ids and type only; the facts are in the plan' },
};

/**
 * One case of the report from every item of its partition (grouped by kind) and the audit trail.
 * `contents` counts what was read per kind; `sections` and `withheld` say where each kind went; a kind
 * this module does not know is counted in `unclassified` and not shown (allowlist: nobody decided it belongs).
 */
export function reportedCaseFile(partition: ReadonlyMap<string, Item[]>, accessed: readonly AuditRecord[]) {
  const of = (kind: CasePartitionKind) => partition.get(kind) ?? [];
  const informed = of('informing') as unknown as InformingRecord[];
  const current = currentInforming(informed);
  const contents: Record<string, number> = {};
  const sections: Record<string, string> = {};
  const withheld: Record<string, string> = {};
  const unclassified: Record<string, number> = {};
  for (const [kind, items] of partition) {
    contents[kind] = items.length;
    const placement = (REPORTED_KINDS as Record<string, Placement | undefined>)[kind];
    if (!placement) unclassified[kind] = items.length;
    else if ('section' in placement) sections[kind] = placement.section;
    else withheld[kind] = placement.withheld;
  }
  const plan = of('plan')[0];
  return {
    case: reportedCase(of('case')[0] as unknown as CaseRecord),
    history: (of('history') as unknown as HistoryEvent[]).map(reportedHistoryEvent),
    consultations: of('consultation').map(reportedConsultation),
    tasks: of('task').map(reportedTask),
    disclosures: (of('disclosure') as unknown as DisclosureRecord[]).map(reportedDisclosure),
    consents: (of('consent') as unknown as ConsentRecord[]).map(reportedConsent),
    informing: { current: current ? reportedInforming(current) : null, records: informed.map(reportedInforming) },
    plan: plan ? reportedPlan(plan) : null,
    planVersions: of('plan-version').map(reportedPlanVersion),
    progressNotes: of('note').map(reportedNote),
    sessions: of('session').map(reportedSession),
    access: accessed.map(reportedAccess),
    contents,
    sections,
    withheld,
    unclassified,
  };
}
