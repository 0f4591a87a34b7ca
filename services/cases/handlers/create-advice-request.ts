// POST /advice-requests: a professional asks the region's specialist R&E for advice about a worry
// without naming the person (adviesvraag). The asking organisation is the caller; the id the server's.
import { randomUUID } from 'node:crypto';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { adviceRequests } from '../adapters/environment';
import { openAdviceRequest } from '../domain/advice-request';
import { adviceAudit, deleteAfterFrom } from './advice-access';

export const handler = httpRoute(routes.createAdviceRequest, {
  handle: async (request) => {
    const { caller, body } = request;
    const now = new Date();
    const at = now.toISOString();
    const record = openAdviceRequest({ adviceRequestId: randomUUID(), caller, request: body, at, deleteAfter: deleteAfterFrom(now) });
    await adviceRequests.write(adviceRequests.writeItems(record, undefined, ['opened'], adviceAudit(caller, request, record, 'write', 'advice', now)), undefined);
    return {
      status: 201,
      body: { adviceRequestId: record.adviceRequestId, status: record.status, createdAt: record.createdAt },
      headers: { location: `/advice-requests/${record.adviceRequestId}` },
    };
  },
});
