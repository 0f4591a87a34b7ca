// GET /exports/one-on-one: the ONE-on-ONE research export for the Hogeschool van Amsterdam (domain/
// research-export.ts): trajectories with sessions, durations, progress scores and outcomes, only of
// persons who consented to research use, pseudonymised with a key drawn for this export and then
// discarded, small groups suppressed, with the data dictionary. Every case whose trajectory leaves is
// audited (purpose `research`), so the person's subject report shows it.
import { randomBytes } from 'node:crypto';
import { auditEntry } from '@cter/case-store';
import { httpRoute, logger } from '@cter/http';
import * as routes from '@cter/routes/measures';
import { casesTable, region } from '../adapters/environment';
import * as measures from '../adapters/measures-repository';
import { oneOnOneTrajectories } from '../adapters/research-trajectories';
import { buildResearchExport } from '@cter/measures-domain/research-export';

/** The audit record of an export that released no trajectory: the export itself is evidenced. */
const NO_CASE = 'none';

export const handler = httpRoute(routes.oneOnOneResearchExport, {
  handle: async (request) => {
    const { caller, query } = request;
    const now = new Date();
    const { sources, caseOf } = await oneOnOneTrajectories(casesTable, query);
    const data = buildResearchExport({ region: region.id, from: query.from, to: query.to, sources, key: randomBytes(32) });
    // The cases whose data left: consented trajectories in the period, when any was published.
    const released = data.trajectories.length ? [...new Set(sources.filter((s) => s.researchConsent && s.startedOn >= query.from && s.startedOn <= query.to).map((s) => caseOf.get(s.measureId)!))] : [];
    for (const caseId of released.length ? released : [NO_CASE]) await measures.recordRead(auditEntry(caller, request, caseId, 'read', ['measure-progress'], 'research', now));
    logger.info('one-on-one research export', { trajectories: data.trajectories.length, cases: released.length });
    return { status: 200, body: data };
  },
});
