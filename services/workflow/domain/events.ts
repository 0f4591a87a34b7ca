// Domain events other systems want, as CloudEvents 1.0 envelopes that carry ids, type, region and
// confidentiality only: receivers fetch details through the API under their own access rights.
// Each event is published from the stream record of the item that records its fact (a history
// event of the case, a task, a measures outbox item, a covenant record), never from a diff of case
// states, and its id is the fact's own: a redelivered stream record publishes the same id again.
// Pure: no AWS here.

/** The catalogue (shared docs, domain.md "Events other systems want"): every type this platform publishes. */
export const EVENT_CATALOGUE = [
  'signal.received',
  'weighing.decided',
  'case.admitted',
  'case.rejected',
  'case.referred',
  'consultation.scheduled',
  'plan.adopted',
  'measure.assigned',
  'measure.started',
  'measure.ended',
  'evaluation.due',
  'evaluation.overdue',
  'evaluation.completed',
  'case.scaled_down',
  'case.transferred',
  'case.closed',
  'disclosure.made',
  'subject.informed',
  'subject.inform_deferred',
  'retention.expired',
  'destruction.done',
  'covenant.version_published',
] as const;
export type CatalogueEventType = (typeof EVENT_CATALOGUE)[number];

type Confidentiality = 'special-category-personal-data' | 'public';

export interface CaseEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: `nl.cter.${CatalogueEventType}`;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  /** Ids only: the case, and the id of the record the event is about (task, disclosure, measure, ...). */
  data: { region: string; caseId?: string; confidentiality: Confidentiality } & Record<string, string>;
}

/**
 * History events of a case whose fact is in the catalogue, and what each publishes. The work
 * process writes them (record-state: weighing outcomes, admission, rejection, plan adoption, scale
 * down, transfer, closure), the cases service the signal, the consultation record its schedule.
 * A re-consultation (`evaluation.escalated`), a withdrawn or refused transfer
 * (`case.transfer_withdrawn`, `transfer.refused`) publish nothing: they admit no case, adopt no plan.
 */
const HISTORY_EVENTS: Readonly<Record<string, readonly CatalogueEventType[]>> = {
  'signal.received': ['signal.received'],
  'weighing.decided': ['weighing.decided'],
  'weighing.more-information': ['weighing.decided'],
  // A referral is the weighing's decision too.
  'case.referred': ['weighing.decided', 'case.referred'],
  'case.admitted': ['case.admitted'],
  'case.rejected': ['case.rejected'],
  'consultation.scheduled': ['consultation.scheduled'],
  'plan.adopted': ['plan.adopted'],
  'case.scaled_down': ['case.scaled_down'],
  'case.transferred': ['case.transferred'],
  'case.closed': ['case.closed'],
};

/** Evaluation tasks: the evaluation itself, or its escalation to the process director. */
const isEvaluation = (task: Image) => task.kind === 'evaluation' || (task.kind === 'escalation' && task.topic === 'evaluation');

type Image = Record<string, unknown>;

/** One change of the cases table as the stream delivers it. */
export interface TableChange {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE' | undefined;
  image: Image;
  old: Image | undefined;
  /** When the change was written (the stream record's approximate creation time). */
  time: string;
}

function envelope(region: string, service: string, type: CatalogueEventType, id: string, time: string, subject: string, data: Record<string, string>, confidentiality: Confidentiality = 'special-category-personal-data'): CaseEvent {
  return {
    specversion: '1.0',
    id,
    source: `urn:cter:${region}:${service}`,
    type: `nl.cter.${type}`,
    time,
    subject,
    datacontenttype: 'application/json',
    data: { ...data, region, confidentiality },
  };
}

/** The catalogue events a change of the cases table publishes (usually none). */
export function eventsOfChange(change: TableChange, region: string): CaseEvent[] {
  const { eventName, image, old, time } = change;
  const caseId = String(image.caseId ?? old?.caseId);
  const onCase = (service: string, type: CatalogueEventType, id: string, ids: Record<string, string> = {}, at = time) => envelope(region, service, type, id, at, caseId, { caseId, ...ids });

  if (eventName === 'INSERT') {
    switch (image.entity) {
      case 'history': {
        const at = String(image.at ?? time);
        return (HISTORY_EVENTS[String(image.type)] ?? []).map((type) => onCase('cases', type, `${caseId}/v${String(image.version)}/${type}`, {}, at));
      }
      case 'task':
        return image.kind === 'evaluation' ? [onCase('cases', 'evaluation.due', `${caseId}/task/${String(image.taskId)}/evaluation.due`, { taskId: String(image.taskId) }, String(image.createdAt ?? time))] : [];
      case 'event': {
        // The measures service's outbox (measure.assigned | started | ended), written with the change it reports.
        const type = String(image.type) as CatalogueEventType;
        if (!EVENT_CATALOGUE.includes(type)) return [];
        const measureId = String(image.measureId);
        return [{ ...onCase('measures', type, String(image.eventId), { measureId }, String(image.occurredAt)), subject: `${caseId}/measures/${measureId}` }];
      }
      case 'disclosure':
        return [onCase('covenant', 'disclosure.made', `${caseId}/disclosure/${String(image.disclosureId)}`, { disclosureId: String(image.disclosureId) }, String(image.disclosedAt ?? time))];
      case 'informing': {
        const type = image.kind === 'deferred' ? 'subject.inform_deferred' : 'subject.informed';
        return [onCase('covenant', type, `${caseId}/informing/${String(image.informingId)}`, { informingId: String(image.informingId) }, String(image.recordedAt ?? time))];
      }
      case 'covenant-version': {
        const version = String(image.covenantVersion);
        return [envelope(region, 'covenant', 'covenant.version_published', `covenant/${version}/${region}`, String(image.inForceSince ?? time), `covenant/${version}`, { covenantVersion: version, effectiveFrom: String(image.effectiveFrom) }, 'public')];
      }
      default:
        return [];
    }
  }
  if (eventName === 'MODIFY' && image.entity === 'task' && old?.status === 'open' && isEvaluation(image)) {
    const taskId = String(image.taskId);
    if (image.status === 'done') return [onCase('cases', 'evaluation.completed', `${caseId}/task/${taskId}/evaluation.completed`, { taskId }, String(image.decidedAt ?? time))];
    // Only the deadline passing: a task expired because the case left the region is not overdue.
    if (image.status === 'expired' && image.expiredBecause === 'overdue' && image.kind === 'evaluation') return [onCase('cases', 'evaluation.overdue', `${caseId}/task/${taskId}/evaluation.overdue`, { taskId })];
    return [];
  }
  // The retention queue item of a case: claimed by the daily run once its deadline passed, deleted
  // in the transaction that writes the destruction record.
  if (eventName === 'MODIFY' && image.entity === 'retention-deadline' && !old?.claimedBy && image.claimedBy) {
    return [onCase('covenant', 'retention.expired', `${caseId}/retention/${String(image.deleteAfter)}/retention.expired`, { caseNumber: String(image.caseNumber) })];
  }
  if (eventName === 'REMOVE' && old?.entity === 'retention-deadline' && old.claimedBy) {
    return [onCase('covenant', 'destruction.done', `${caseId}/retention/${String(old.deleteAfter)}/destruction.done`, { caseNumber: String(old.caseNumber) })];
  }
  return [];
}
