// GET /measures/catalogue: the measures catalogue in force today, or a published version by number.
// Reference data, no personal data: every partner may read it.
import { amsterdamDate, NotFound } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { CATALOGUES, catalogueInForce } from '@cter/measures-domain/catalogue/published';
import * as routes from '@cter/routes/measures';

export const handler = httpRoute(routes.getCatalogue, {
  handle: async (request) => {
    const { caller, query } = request;
    const catalogue = query.version === undefined ? catalogueInForce(amsterdamDate(new Date())) : CATALOGUES.find((c) => c.version === query.version);
    if (!catalogue) throw new NotFound(`no measures catalogue version ${query.version}`);
    return {
      status: 200,
      body: { versions: CATALOGUES.map((c) => ({ version: c.version, effectiveFrom: c.effectiveFrom })), catalogue },
      headers: { 'cache-control': 'private, max-age=300' },
    };
  },
});
