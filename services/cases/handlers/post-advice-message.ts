// POST /advice-requests/{adviceRequestId}/messages: the specialist R&E answers or asks back, the asker
// replies. The request's next version, its summaries, its moved retention deadline, the first-answer
// fact and the audit record go in one transaction.
import { randomUUID } from 'node:crypto';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { adviceRequests } from '../adapters/environment';
import { addAdviceMessage } from '../domain/advice-request';
import { retryingStale } from './case-access';
import { adviceAudit, deleteAfterFrom, loadVisibleAdvice } from './advice-access';

export const handler = httpRoute(routes.postAdviceMessage, {
  handle: async (request) => {
    const { caller, path, body } = request;
    const messageId = randomUUID();
    return retryingStale(async () => {
      const record = await loadVisibleAdvice(caller, path.adviceRequestId);
      const now = new Date();
      const at = now.toISOString();
      const { record: next, firstAnswer } = addAdviceMessage(record, caller, body, messageId, at, deleteAfterFrom(now));
      await adviceRequests.write(adviceRequests.writeItems(next, record, firstAnswer ? ['answered'] : [], adviceAudit(caller, request, next, 'write', 'advice', now)), record);
      return { status: 201, body: { adviceRequestId: next.adviceRequestId, messageId, status: next.status, at } };
    });
  },
});
