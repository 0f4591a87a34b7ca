// GET /cases: case summaries of the region, newest first, narrowed to what the caller may see.
// Summaries carry no personal data; the list is a query on an index, never a scan.
import { listScope } from '@cter/access';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { repository } from '../adapters/environment';

export const handler = httpRoute(routes.listCases, {
  handle: async (request) => {
    const { caller, query } = request;
    const page = await repository.list(listScope(caller), query, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
    return { status: 200, body: page };
  },
});
