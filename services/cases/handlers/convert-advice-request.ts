// POST /advice-requests/{adviceRequestId}/conversion: the asker named the person; the advice request
// becomes a signal through the one signal path (signal-registration.ts): the case, its history event,
// its audit record and lookup item, and the converted request (conditional on the version read, so
// it converts once) with its summaries, facts and audit record, all in one transaction. The case keeps
// the thread; the request keeps the case id. Who converts: domain/advice-request.ts assertMayConvert.
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { adviceRequests } from '../adapters/environment';
import { assertMayConvert, caseAdviceOf, convertAdviceRequest } from '../domain/advice-request';
import { adviceAudit, deleteAfterFrom, loadVisibleAdvice } from './advice-access';
import { assertServedMunicipality, registerSignal } from './signal-registration';

export const handler = httpRoute(routes.convertAdviceRequest, {
  handle: async (request) => {
    const { caller, path, body } = request;
    const advice = await loadVisibleAdvice(caller, path.adviceRequestId);
    assertMayConvert(advice, caller);
    assertServedMunicipality(body.subject.municipality);
    const now = new Date();
    const at = now.toISOString();
    const { answer } = await registerSignal({
      caller,
      request,
      // The reporter is the professional who asked.
      signal: { subject: body.subject, reason: body.reason, reporter: advice.contact },
      now,
      advice: caseAdviceOf(advice, caller, at),
      alsoWrite: (record) => {
        const converted = convertAdviceRequest(advice, caller, record.caseId, at, deleteAfterFrom(now));
        return {
          items: adviceRequests.writeItems(converted, advice, ['converted'], adviceAudit(caller, request, converted, 'write', 'advice-conversion', now)),
          conflict: 'the advice request changed or was converted meanwhile; read it again',
        };
      },
    });
    return { ...answer, body: { adviceRequestId: advice.adviceRequestId, ...(answer.body as Record<string, unknown>) } };
  },
});
