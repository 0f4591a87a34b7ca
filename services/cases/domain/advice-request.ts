// An anonymous advice request (adviesvraag): a professional of a partner organisation or a school
// asks the region's specialist R&E about a worry without naming the person; the specialist answers
// or asks back, the asker replies; once the asker names the person it is converted into a signal.
// Pure logic: no AWS here.
import type { OrganisationType } from '@cter/config';
import { registerSignal } from '@cter/routes/cases';
import {
  Conflict,
  MAX_ADVICE_MESSAGES,
  NotAllowed,
  NotFound,
  type AdviceMessageRequest,
  type AdviceStatus,
  type CreateAdviceRequest,
} from '@cter/domain';
import type { Caller } from '@cter/access';
import type { AdviceMessageRecord, CaseAdvice } from '@cter/case-store';

export interface AdviceRequestRecord {
  adviceRequestId: string;
  regionId: string;
  askedBy: string;
  askerType: OrganisationType;
  status: AdviceStatus;
  concern: string;
  contact: CreateAdviceRequest['contact'];
  messages: AdviceMessageRecord[];
  version: number;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string;
  firstAnsweredAt?: string;
  convertedAt?: string;
  convertedBy?: string;
  caseId?: string;
  /** From this moment the retention run destroys the request (covenant `adviceRequestMonths`). */
  deleteAfter: string;
}

const SPECIALIST: OrganisationType = 'specialist-re';
const isSpecialist = (caller: Caller) => caller.organisation.type === SPECIALIST;

export function openAdviceRequest(input: { adviceRequestId: string; caller: Caller; request: CreateAdviceRequest; at: string; deleteAfter: string }): AdviceRequestRecord {
  if (isSpecialist(input.caller)) throw new NotAllowed('the specialist R&E answers advice requests; it does not ask them');
  return {
    adviceRequestId: input.adviceRequestId,
    regionId: input.caller.regionId,
    askedBy: input.caller.organisation.id,
    askerType: input.caller.organisation.type,
    status: 'open',
    concern: input.request.concern,
    contact: input.request.contact,
    messages: [],
    version: 1,
    createdAt: input.at,
    updatedAt: input.at,
    lastMessageAt: input.at,
    deleteAfter: input.deleteAfter,
  };
}

/**
 * The one visibility rule: the asking organisation sees its own requests, the region's specialist
 * R&E every request of the region; anyone else gets the same 404 as for an unknown id.
 */
export function visibleAdviceRequest(caller: Caller, adviceRequestId: string, record: AdviceRequestRecord | undefined): AdviceRequestRecord {
  if (!record || record.regionId !== caller.regionId || !(isSpecialist(caller) || record.askedBy === caller.organisation.id)) {
    throw new NotFound(`advice request ${adviceRequestId} not found`);
  }
  return record;
}

const STATUS_AFTER: Record<AdviceMessageRequest['kind'], AdviceStatus> = { answer: 'answered', question: 'asked-back', reply: 'open' };

/** Adds a message: answer and question are the specialist's, reply the asker's; nothing after conversion. */
export function addAdviceMessage(
  record: AdviceRequestRecord,
  caller: Caller,
  message: AdviceMessageRequest,
  messageId: string,
  at: string,
  deleteAfter: string,
): { record: AdviceRequestRecord; firstAnswer: boolean } {
  if (record.status === 'converted') throw new Conflict('the advice request was converted into a signal; the conversation continues in the case');
  const fromSpecialist = isSpecialist(caller);
  if (fromSpecialist && message.kind === 'reply') throw new NotAllowed('the specialist R&E answers or asks back; a reply is the asker’s');
  if (!fromSpecialist && message.kind !== 'reply') throw new NotAllowed('the asker replies; answers and questions back are the specialist R&E’s');
  if (record.messages.length >= MAX_ADVICE_MESSAGES) throw new Conflict(`the thread holds at most ${MAX_ADVICE_MESSAGES} messages; convert the request or ask a new one`);
  const firstAnswer = fromSpecialist && !record.firstAnsweredAt;
  const next: AdviceRequestRecord = {
    ...record,
    status: STATUS_AFTER[message.kind],
    messages: [...record.messages, { messageId, kind: message.kind, from: caller.organisation.id, at, text: message.text }],
    version: record.version + 1,
    updatedAt: at,
    lastMessageAt: at,
    deleteAfter,
    ...(firstAnswer ? { firstAnsweredAt: at } : {}),
  };
  return { record: next, firstAnswer };
}

/** True when the organisation type may report a signal itself (the route registry's `POST /signals`). */
export function maySignal(type: OrganisationType): boolean {
  return registerSignal.allowed.includes(type);
}

/**
 * Who converts (docs/decisions.md): the asking organisation when it may report signals itself (it
 * is the reporter, and knows the person); the specialist R&E only on behalf of an asker that may not
 * (a school), after the asker named the person to it. Nobody else, and only once.
 */
export function assertMayConvert(record: AdviceRequestRecord, caller: Caller): void {
  if (record.status === 'converted') throw new Conflict(`the advice request was already converted into case ${record.caseId}`);
  const askerMaySignal = maySignal(record.askerType);
  if (isSpecialist(caller)) {
    if (askerMaySignal) throw new NotAllowed(`the asker (${record.askedBy}) may report signals and converts its own advice request`);
    return;
  }
  if (record.askedBy !== caller.organisation.id) throw new NotFound(`advice request ${record.adviceRequestId} not found`);
  if (!askerMaySignal) throw new NotAllowed('your organisation may not report signals; the specialist R&E converts on your behalf');
}

/** The thread as the case keeps it: signal data of the case from the conversion on. */
export function caseAdviceOf(record: AdviceRequestRecord, caller: Caller, at: string): CaseAdvice {
  return { adviceRequestId: record.adviceRequestId, askedBy: record.askedBy, askedAt: record.createdAt, concern: record.concern, messages: record.messages, convertedBy: caller.organisation.id, convertedAt: at };
}

/** The request once converted: it records the case and takes no more messages. */
export function convertAdviceRequest(record: AdviceRequestRecord, caller: Caller, caseId: string, at: string, deleteAfter: string): AdviceRequestRecord {
  return { ...record, status: 'converted', caseId, convertedAt: at, convertedBy: caller.organisation.id, version: record.version + 1, updatedAt: at, deleteAfter };
}

/** What the API shows of a request (everything but the asker's organisation type). */
export function adviceRequestView(record: AdviceRequestRecord) {
  const { askerType: _type, ...view } = record;
  return view;
}
