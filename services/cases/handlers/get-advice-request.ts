// GET /advice-requests/{adviceRequestId}: the request with its thread, for the asking organisation and
// the region's specialist R&E (anyone else: 404). Every read of the text is audited.
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { repository } from '../adapters/environment';
import { adviceRequestView } from '../domain/advice-request';
import { adviceAudit, loadVisibleAdvice } from './advice-access';

export const handler = httpRoute(routes.getAdviceRequest, {
  handle: async (request) => {
    const { caller, path } = request;
    const record = await loadVisibleAdvice(caller, path.adviceRequestId);
    await repository.recordRead(adviceAudit(caller, request, record, 'read', 'advice'));
    return { status: 200, body: adviceRequestView(record), headers: { etag: `"${record.version}"` } };
  },
});
