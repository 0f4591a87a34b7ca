// The rules of an anonymous advice request: who sees it, who writes which message, who converts.
import { describe, expect, it } from 'vitest';
import type { Caller } from '@cter/access';
import { findOrganisation } from '@cter/config';
import { Conflict, NotAllowed, NotFound } from '@cter/domain';
import { CreateAdviceRequest } from '@cter/domain/schemas';
import { addAdviceMessage, assertMayConvert, convertAdviceRequest, maySignal, openAdviceRequest, visibleAdviceRequest } from '../../services/cases/domain/advice-request';
import { safeParse } from 'zod/mini';

const callerOf = (id: string, regionId = 'kennemerland'): Caller => ({ regionId, organisation: findOrganisation(regionId, id)!, principalArn: 'arn:aws:sts::000000000000:assumed-role/x/y' });
const AT = '2026-06-01T12:00:00.000Z';
const request = { concern: 'Zorgen over een leerling', contact: { name: 'M. de Leerkracht', phone: '+31 23 555 0199' } };
const askedBy = (id: string) => openAdviceRequest({ adviceRequestId: '00000000-0000-4000-8000-00000000000a', caller: callerOf(id), request, at: AT, deleteAfter: '2027-06-01T12:00:00.000Z' });

describe('advice request', () => {
  it('is refused with a BSN in the concern, and takes no id from the client', () => {
    expect(safeParse(CreateAdviceRequest, request).success).toBe(true);
    const named = safeParse(CreateAdviceRequest, { ...request, concern: 'Het gaat om 111 222 333' });
    expect(named.success).toBe(false);
    expect(named.error?.issues[0]?.path).toEqual(['concern']);
    expect(safeParse(CreateAdviceRequest, { ...request, adviceRequestId: '00000000-0000-4000-8000-00000000000b' }).success).toBe(false);
  });

  it('is seen by the asking organisation and the specialist R&E of the region only', () => {
    const record = askedBy('onderwijs');
    expect(visibleAdviceRequest(callerOf('onderwijs'), record.adviceRequestId, record)).toBe(record);
    expect(visibleAdviceRequest(callerOf('specialist-re'), record.adviceRequestId, record)).toBe(record);
    for (const other of ['politie', 'ggz', 'zvh', 'gemeente-haarlem']) expect(() => visibleAdviceRequest(callerOf(other), record.adviceRequestId, record)).toThrow(NotFound);
    expect(() => visibleAdviceRequest(callerOf('specialist-re', 'zaanstreek-waterland'), record.adviceRequestId, record)).toThrow(NotFound);
    expect(() => openAdviceRequest({ adviceRequestId: record.adviceRequestId, caller: callerOf('specialist-re'), request, at: AT, deleteAfter: AT })).toThrow(NotAllowed);
  });

  it('takes answers and questions from the specialist, replies from the asker; the first answer is dated once', () => {
    let record = askedBy('onderwijs');
    expect(() => addAdviceMessage(record, callerOf('onderwijs'), { kind: 'answer', text: 'x' }, 'm0', AT, AT)).toThrow(NotAllowed);
    expect(() => addAdviceMessage(record, callerOf('specialist-re'), { kind: 'reply', text: 'x' }, 'm0', AT, AT)).toThrow(NotAllowed);
    const first = addAdviceMessage(record, callerOf('specialist-re'), { kind: 'question', text: 'Waar?' }, 'm1', '2026-06-02T00:00:00.000Z', '2027-06-02T00:00:00.000Z');
    expect(first).toMatchObject({ firstAnswer: true, record: { status: 'asked-back', firstAnsweredAt: '2026-06-02T00:00:00.000Z', version: 2, deleteAfter: '2027-06-02T00:00:00.000Z' } });
    record = addAdviceMessage(first.record, callerOf('onderwijs'), { kind: 'reply', text: 'Op school' }, 'm2', '2026-06-03T00:00:00.000Z', AT).record;
    expect(record.status).toBe('open');
    const answered = addAdviceMessage(record, callerOf('specialist-re'), { kind: 'answer', text: 'Meld het' }, 'm3', '2026-06-04T00:00:00.000Z', AT);
    expect(answered).toMatchObject({ firstAnswer: false, record: { status: 'answered', firstAnsweredAt: '2026-06-02T00:00:00.000Z' } });
  });

  it('is converted by an asker that may report signals, by the specialist for one that may not, once', () => {
    expect(maySignal('school')).toBe(false);
    expect(maySignal('youth-care')).toBe(true);
    const school = askedBy('onderwijs');
    expect(() => assertMayConvert(school, callerOf('specialist-re'))).not.toThrow();
    expect(() => assertMayConvert(school, callerOf('onderwijs'))).toThrow(NotAllowed);
    const youthCare = askedBy('jeugdzorg');
    expect(() => assertMayConvert(youthCare, callerOf('jeugdzorg'))).not.toThrow();
    expect(() => assertMayConvert(youthCare, callerOf('specialist-re'))).toThrow(NotAllowed);
    expect(() => assertMayConvert(youthCare, callerOf('politie'))).toThrow(NotFound);
    const converted = convertAdviceRequest(youthCare, callerOf('jeugdzorg'), '00000000-0000-4000-8000-0000000000cc', AT, AT);
    expect(converted).toMatchObject({ status: 'converted', caseId: '00000000-0000-4000-8000-0000000000cc', convertedBy: 'jeugdzorg' });
    expect(() => assertMayConvert(converted, callerOf('jeugdzorg'))).toThrow(Conflict);
    expect(() => addAdviceMessage(converted, callerOf('jeugdzorg'), { kind: 'reply', text: 'x' }, 'm9', AT, AT)).toThrow(Conflict);
  });
});
