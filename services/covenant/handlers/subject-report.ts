// POST /subjects/report: subject access (inzage, art. 15 GDPR) for the privacy officer only. The BSN
// travels in the body, never in a URL (paths end up in access logs). Returns everything the region
// stores about the person: each case with its history, the disclosures made and to whom, consents,
// informing, and who accessed the data. Found through the subject lookup, never by scanning.
import { assertRouteAllowed } from '@cter/access';
import { SubjectReportRequest } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { PseudonymKey } from '@cter/store';
import { AuditTrail } from '../adapters/audit-trail';
import { ConsentRepository } from '../adapters/consent-repository';
import { DisclosureRepository } from '../adapters/disclosure-repository';
import { tables } from '../adapters/environment';
import { InformingRepository } from '../adapters/informing-repository';
import { caseIdsOfSubject } from '../adapters/subject-index';
import { currentInforming } from '../domain/informing';
import { reportedAccess, reportedCase, reportedConsent, reportedDisclosure, reportedHistoryEvent, reportedInforming } from '../domain/subject-report';
import { covenantVersionAt } from '../domain/versions';
import { auditEntry, cases } from './case-access';

const disclosures = new DisclosureRepository(tables);
const consents = new ConsentRepository(tables);
const informing = new InformingRepository(tables);
const trail = new AuditTrail(tables);
/** The region's HMAC key: the lookup key of the BSN (one GenerateMac per report). */
const keys = PseudonymKey.fromEnvironment();

/** The audit record of a search that found nothing: the search itself is evidenced, under no case. */
const NO_CASE = 'none';

export const handler = httpRoute({
  route: 'POST /subjects/report',
  body: SubjectReportRequest,
  handle: async (request) => {
    const { caller, body } = request;
    assertRouteAllowed(caller, request.route);
    const now = new Date();
    const caseIds = await caseIdsOfSubject(tables.cases, await keys.subjectKeyOf(body.bsn));
    const reports = [];
    for (const caseId of caseIds) {
      const record = await cases.get(caseId);
      if (!record) continue;
      const [history, made, given, informed, accessed] = await Promise.all([
        cases.history(caseId),
        disclosures.list(caseId),
        consents.list(caseId),
        informing.list(caseId),
        trail.allForCase(caseId),
      ]);
      const current = currentInforming(informed);
      // Each record type through its allowlist (domain/subject-report.ts): no tokens, no workflow internals.
      reports.push({
        case: reportedCase(record),
        history: history.map(reportedHistoryEvent),
        disclosures: made.map(reportedDisclosure),
        consents: given.map(reportedConsent),
        informing: { current: current ? reportedInforming(current) : null, records: informed.map(reportedInforming) },
        access: accessed.map(reportedAccess),
      });
      const categories = ['identity', 'signal', ...new Set(made.flatMap((d) => d.categories))];
      await trail.recordRead(auditEntry(caller, request, caseId, 'read', [...new Set(categories)], 'subject-access', now));
    }
    if (reports.length === 0) await trail.recordRead(auditEntry(caller, request, NO_CASE, 'read', ['identity'], 'subject-access', now));
    return {
      status: 200,
      body: {
        generatedAt: now.toISOString(),
        regionId: caller.regionId,
        covenantVersion: covenantVersionAt(now).id,
        // Deferred informing is listed per case: the privacy officer weighs it before handing the report over.
        cases: reports,
      },
    };
  },
});
