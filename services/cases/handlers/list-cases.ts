// GET /cases: case summaries of the region, newest first, narrowed to what the caller may see.
// Summaries carry no personal data; the list is a query on an index, never a scan.
import { assertRouteAllowed, listScope } from '@cter/access';
import { ListCasesQuery } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { repository } from '../adapters/environment';

export const handler = httpRoute({
  route: 'GET /cases',
  query: ListCasesQuery,
  handle: async (request) => {
    const { caller, query } = request;
    assertRouteAllowed(caller, request.route);
    const page = await repository.list(listScope(caller), query, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
    return { status: 200, body: page };
  },
});
