// GET /advice-requests: summaries (no text), newest first: the caller organisation's own requests, or
// every request of the region for the specialist R&E. A Query on one partition, never a scan.
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { adviceRequests } from '../adapters/environment';

export const handler = httpRoute(routes.listAdviceRequests, {
  handle: async (request) => {
    const { caller, query } = request;
    const scope = caller.organisation.type === 'specialist-re' ? {} : { askedBy: caller.organisation.id };
    const page = await adviceRequests.list(scope, query.status ? { status: query.status } : {}, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
    return { status: 200, body: page };
  },
});
