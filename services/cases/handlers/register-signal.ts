// POST /signals: a partner registers a signal about a person; a case opens in `signal-received`.
import { RegisterSignalRequest } from '@cter/domain';
import { httpRoute, idempotencyKeyOf, type HttpRequest, type HttpResult } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { idempotent, type IdempotencyClaim } from '@cter/store';
import { tables } from '../adapters/environment';
import { assertServedMunicipality, registerSignal } from './signal-registration';

export const handler = httpRoute(routes.registerSignal, {
  handle: async (request): Promise<HttpResult> => {
    const { body, caller, headers } = request;
    assertServedMunicipality(body.subject.municipality);
    // The same key rules as every write's, and the same mechanism: the key is claimed with one
    // conditional PutItem before anything is written, so copies of the request sent at the same
    // moment wait for the first and answer its case; the case's own transaction completes the claim.
    const key = idempotencyKeyOf(headers);
    if (!key) return register(request);
    const reply = await idempotent(
      { table: tables.cases, organisationId: caller.organisation.id, key, route: request.route, request: body, remember: (outcome) => outcome.body as Record<string, unknown> },
      (claim) => register(request, claim),
      // The receipt only (ids, number, state, time): nothing of the person.
      async (stored) => ({ status: stored.status, body: stored.ids, headers: { ...stored.headers, 'idempotent-replayed': 'true' } }),
    );
    const { replayed: _replayed, ...answer } = reply;
    return answer;
  },
});

async function register(request: HttpRequest<RegisterSignalRequest, unknown, unknown>, claim?: IdempotencyClaim): Promise<HttpResult> {
  const { answer } = await registerSignal({ caller: request.caller, request, signal: request.body, now: new Date(), ...(claim ? { claim } : {}) });
  return answer;
}
